"""Start-up of a build (issue 27): the voice's workers started before planning on a
first build, never on a rebuild; batches that shrink toward the end; the voice
model prepared once when several workers want it."""

from __future__ import annotations

import dataclasses
import os
import threading
from pathlib import Path

import pytest

from audiozine import narrate
from audiozine.build import BuildOptions, build_show
from audiozine.cache import SentenceCache
from audiozine.config import default_show, find_voice
from audiozine.errors import AudiozineError
from audiozine.narrate import VoicePool, _batches, early_pool


def children() -> set[int]:
    """Live (not zombie) child processes of this process, from /proc; not
    multiprocessing's resource tracker, one per test session, not per build."""
    found = set()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            rest = Path(f"/proc/{entry.name}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(rest[1]) == os.getpid() and rest[0] != "Z":
            try:
                command = Path(f"/proc/{entry.name}/cmdline").read_bytes()
            except OSError:
                continue
            if b"resource_tracker" not in command:
                found.add(int(entry.name))
    return found


@pytest.fixture
def started_pools(monkeypatch) -> list[VoicePool]:
    """Every VoicePool started early (by `early_pool`) while the test runs."""
    pools: list[VoicePool] = []
    start = VoicePool.start

    def recording(self: VoicePool) -> VoicePool:
        pools.append(self)
        return start(self)

    monkeypatch.setattr(VoicePool, "start", recording)
    return pools


# ------------------------------------------------------------ pure logic


def test_batches_keep_the_order_and_shrink_toward_the_end() -> None:
    missing = {f"k{n:02d}": "x" * 60 for n in range(40)}  # 2,400 characters
    batches = _batches(missing, jobs=2)
    assert [key for batch in batches for key, _text in batch] == list(missing)
    sizes = [sum(len(text) for _key, text in batch) for batch in batches]
    # A quarter of a worker's share at first (2,400 / 8), then a quarter of what is
    # left, down to the smallest unit worth sending (80 characters: here 2 sentences).
    assert sizes == [300, 300, 300, 300, 300, 240, 180, 120, 120, 120, 120]
    # The batch of 600 characters the old rule sent last is gone: one worker could
    # be left with 2 s of synthesis while the other idled.
    assert _batches(missing, jobs=1)[-1] == [("k38", "x" * 60), ("k39", "x" * 60)]


def test_no_early_pool_for_one_worker_or_a_small_text(joe, tmp_path: Path) -> None:
    cache = SentenceCache(tmp_path / "cache")
    before = children()
    assert early_pool(joe, cache, jobs=1, text_chars=100_000) is None
    assert early_pool(joe, cache, jobs=2, text_chars=narrate._SMALL_JOB_CHARS - 1) is None
    missing_voice = dataclasses.replace(joe, model=tmp_path / "no-such-voice.onnx")
    assert early_pool(missing_voice, cache, jobs=2, text_chars=100_000) is None
    assert children() == before


def test_a_started_pool_loads_its_models_and_leaves_no_process(joe, tmp_path: Path) -> None:
    before = children()
    with VoicePool(joe, SentenceCache(tmp_path / "cache"), 2).start() as pool:
        assert len(children() - before) == 2  # both workers started at once
        pool.release()
    assert children() == before
    # The model was saved for the next load (one file whether one worker prepared it or
    # both: that only one does is test_engines' test of two engines loading at once).
    assert len(list((tmp_path / "cache" / "engines").glob("piper-*.onnx"))) == 1


# ------------------------------------------------------------ builds


def essays_folder(tmp_path: Path) -> Path:
    sentences = [f"On day {n} we walked to the river at 6:40 p.m. and back." for n in (1, 2, 3)]
    essays = tmp_path / "essays"
    essays.mkdir()
    (essays / "1-walk.txt").write_text("The Same Walk\n\n" + " ".join(sentences) + "\n",
                                       "utf-8")
    (essays / "2-rest.txt").write_text("A Rest\n\nWe sat down by the water.\n", "utf-8")
    return essays


def test_a_build_that_fails_at_planning_leaves_no_worker_behind(
        tmp_path: Path, monkeypatch, started_pools) -> None:
    monkeypatch.setattr(narrate, "_SMALL_JOB_CHARS", 50)
    out = tmp_path / "show"
    show = default_show((essays_folder(tmp_path),), out)
    bad = dataclasses.replace(show, lexicon={"river": 42})  # refused by the lexicon, at planning
    before = children()
    with pytest.raises(AudiozineError, match="river"):
        build_show(bad, out, BuildOptions(cache=SentenceCache(tmp_path / "cache"), jobs=2))
    assert len(started_pools) == 1  # the voice had been started, before planning
    assert children() == before
    assert not (out / "feed.xml").exists()


@pytest.mark.slow
def test_first_builds_start_the_voice_early_and_rebuilds_never(
        tmp_path: Path, monkeypatch, started_pools) -> None:
    monkeypatch.setattr(narrate, "_SMALL_JOB_CHARS", 50)  # the short text goes to workers
    essays = essays_folder(tmp_path)
    cache = SentenceCache(tmp_path / "cache")
    options = BuildOptions(cache=cache, jobs=2)
    assert find_voice("joe").noise_scale > 0

    before, threads = children(), threading.active_count()

    def build(out: Path) -> dict[str, bytes]:
        report = build_show(default_show((essays,), out), out, options)
        assert children() == before  # every worker has ended, and the pools' threads
        assert threading.active_count() == threads
        assert len(report.made) + len(report.unchanged) == 2
        return {p.name: p.read_bytes() for p in (out / "episodes").glob("*.mp3")}

    first = build(tmp_path / "first")
    assert len(started_pools) == 1
    # Nothing changed: no worker is started.
    assert build(tmp_path / "first") == first
    assert len(started_pools) == 1
    # A first build into another folder, all of its sentences cached: the pool started
    # early goes unused and ends with the build.
    entries = sorted(cache.root.glob("??/*.pcm"))
    assert build(tmp_path / "second") == first
    assert len(started_pools) == 2 and sorted(cache.root.glob("??/*.pcm")) == entries
    # And the same bytes as a build with one process and no pool.
    serial = BuildOptions(cache=SentenceCache(tmp_path / "serial-cache"), jobs=1)
    out = tmp_path / "serial"
    build_show(default_show((essays,), out), out, serial)
    assert {p.name: p.read_bytes() for p in (out / "episodes").glob("*.mp3")} == first
