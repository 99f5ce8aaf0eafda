"""The sentence cache: keys, corruption, and narration that only does what changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pytest

from audiozine.cache import SentenceCache, cache_key
from audiozine.config import VoiceProfile
from audiozine.models import Episode, Pause, Script, Utterance
from audiozine.narrate import _batches, _by_script, narrate_scripts


def script_of(*sentences: str) -> Script:
    episode = Episode(number=1, title="T", slug="t", guid="g",
                      pub_date=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
                      chapters=(), essays=())
    return Script(episode, tuple(Utterance(s, s, Pause.SENTENCE, 0) for s in sentences),
                  ("Only",))


def test_identical_input_gives_the_same_key(joe: VoiceProfile) -> None:
    assert cache_key("piper 1", joe.settings(), "Hello.") == \
        cache_key("piper 1", joe.settings(), "Hello.")


def test_any_change_gives_a_different_key(joe: VoiceProfile) -> None:
    base = cache_key("piper 1", joe.settings(), "Hello.")
    assert cache_key("piper 1", joe.settings(), "Hello!") != base
    assert cache_key("piper 2", joe.settings(), "Hello.") != base
    for field in ("length_scale", "noise_scale", "noise_w_scale", "volume"):
        changed = replace(joe, **{field: getattr(joe, field) + 0.05})
        assert cache_key("piper 1", changed.settings(), "Hello.") != base, field
    another_take = replace(joe, noise_seed=1)
    assert cache_key("piper 1", another_take.settings(), "Hello.") != base


def test_the_default_take_keeps_keys_made_before_noise_seed_existed(joe: VoiceProfile) -> None:
    assert "noise_seed" not in joe.settings()
    assert replace(joe, noise_seed=2).settings()["noise_seed"] == 2


def test_round_trip_and_corruption(cache: SentenceCache) -> None:
    samples = (np.sin(np.arange(2000) / 5) * 10000).astype(np.int16)
    assert cache.keys() == set()
    path = cache.store("ab" * 32, samples, 22050)
    assert cache.keys() == {"ab" * 32}
    assert np.array_equal(cache.load("ab" * 32).samples, samples)
    raw = bytearray(path.read_bytes())
    raw[-10] ^= 0xFF  # one flipped byte
    path.write_bytes(bytes(raw))
    assert cache.load("ab" * 32) is None
    path.write_bytes(bytes(raw[:-100]))  # truncated
    assert cache.load("ab" * 32) is None
    assert cache.header("ab" * 32) is None


@pytest.mark.slow
def test_narration_synthesizes_only_what_is_missing(steady_joe: VoiceProfile,
                                                    cache: SentenceCache) -> None:
    first = narrate_scripts([script_of("One small sentence.", "Another one.")], steady_joe,
                            cache=cache, jobs=1)[0]
    before = {s.cache_path: s.cache_path.stat().st_mtime_ns for s in first.spoken}
    second = narrate_scripts([script_of("One small sentence.", "A new one.")], steady_joe,
                             cache=cache, jobs=1)[0]
    assert second.spoken[0].cache_path == first.spoken[0].cache_path
    assert second.spoken[0].cache_path.stat().st_mtime_ns == before[first.spoken[0].cache_path]
    assert second.spoken[1].cache_path not in before


@pytest.mark.slow
def test_corrupt_entry_is_synthesized_again(steady_joe: VoiceProfile,
                                            cache: SentenceCache) -> None:
    spoken = narrate_scripts([script_of("Corrupt me, please.")], steady_joe, cache=cache,
                             jobs=1)[0].spoken[0]
    good = spoken.cache_path.read_bytes()
    spoken.cache_path.write_bytes(good[: len(good) // 2])
    again = narrate_scripts([script_of("Corrupt me, please.")], steady_joe, cache=cache,
                            jobs=1)[0].spoken[0]
    assert again.cache_path.read_bytes() == good  # deterministic voice: same audio again
    assert cache.load(again.cache_path.stem) is not None


def test_work_goes_script_by_script_in_the_order_given() -> None:
    missing = {"a": "x" * 5, "b": "x" * 50, "c": "x" * 20, "d": "x" * 7}
    # A sentence two scripts share is made with the first; longest first within a script.
    assert list(_by_script(missing, [{"c", "d"}, {"a", "b", "c"}])) == ["c", "d", "b", "a"]
    batches = _batches({k: "x" * 60 for k in "pqrstu"}, jobs=1)  # at least 80 characters each
    assert [[key for key, _text in batch] for batch in batches] == [["p", "q"], ["r", "s"],
                                                                     ["t", "u"]]


@pytest.mark.slow
def test_each_script_is_handed_on_as_soon_as_its_audio_exists(steady_joe: VoiceProfile,
                                                              cache: SentenceCache) -> None:
    cached = script_of("Already in the cache.")
    narrate_scripts([cached], steady_joe, cache=cache, jobs=1)
    short = script_of("Short one.")
    long = script_of("A much longer script than the other one, with more to say.",
                     "And a second sentence of it.")
    handed_on = []

    def on_narrated(index, narration) -> None:
        assert all(cache.load(s.cache_path.stem) is not None for s in narration.spoken)
        handed_on.append((index, narration))

    result = narrate_scripts([short, cached, long], steady_joe, cache=cache, jobs=1,
                             on_narrated=on_narrated)
    # What is cached goes first, before any synthesis; then the longest script.
    assert [index for index, _n in handed_on] == [1, 2, 0]
    assert tuple(n for _i, n in sorted(handed_on, key=lambda item: item[0])) == result
    assert [n.script for n in result] == [short, cached, long]


@pytest.mark.slow
def test_parallel_and_serial_narration_are_identical(joe: VoiceProfile,
                                                     tmp_path) -> None:
    sentences = [f"This is sentence number {n}, spoken for the test, long enough that the "
                 f"work goes to the worker processes." for n in range(18)]
    from audiozine import narrate

    assert sum(map(len, sentences)) > narrate._SMALL_JOB_CHARS  # really parallel
    serial = narrate_scripts([script_of(*sentences)], joe,
                             cache=SentenceCache(tmp_path / "serial"), jobs=1)[0]
    parallel = narrate_scripts([script_of(*sentences)], joe,
                               cache=SentenceCache(tmp_path / "parallel"), jobs=2)[0]
    assert [s.cache_path.read_bytes() for s in serial.spoken] == \
        [s.cache_path.read_bytes() for s in parallel.spoken]


def test_leftovers_of_killed_builds_are_swept_when_synthesizing(steady_joe: VoiceProfile,
                                                                cache: SentenceCache) -> None:
    import os
    import time

    folder, engines = cache.root / "ab", cache.engine_dir
    for path in (folder, engines):
        path.mkdir(parents=True, exist_ok=True)
    stale, young = folder / ".abc.pcm.x1.tmp", folder / ".abd.pcm.x2.tmp"
    stale_model = engines / ".piper-0123.onnx.x3.tmp"
    for leftover in (stale, young, stale_model):
        leftover.write_bytes(b"half an entry")
    two_hours_ago = time.time() - 7200
    for old in (stale, stale_model):
        os.utime(old, (two_hours_ago, two_hours_ago))
    narrate_scripts([script_of("Sweep the cache, please.")], steady_joe, cache=cache, jobs=1)
    assert not stale.exists() and not stale_model.exists()
    assert young.exists()  # may belong to a build running beside this one
