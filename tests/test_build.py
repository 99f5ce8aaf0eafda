"""End to end: the seed shows built for real, read back by independent tools."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import feedparser
import podcastparser
import pytest
from mutagen.mp3 import MP3

from audiozine.build import BuildOptions, build_show
from audiozine.cache import SentenceCache
from audiozine.check import check_show
from audiozine.config import load_show

from .fixtures import CUSTOMER_SUCCESS_TITLES, SEEDS, WORKING_LIFE_TITLES

def feed_items(show_dir: Path) -> list[dict]:
    return feedparser.parse((show_dir / "feed.xml").read_bytes()).entries


def ffprobe_seconds(path: Path) -> float:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                          "-of", "json", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return float(json.loads(out)["format"]["duration"])


@pytest.mark.slow
@pytest.mark.parametrize("show, titles", [("working-life", WORKING_LIFE_TITLES),
                                          ("customer-success", CUSTOMER_SUCCESS_TITLES)])
def test_seeds_give_one_episode_per_essay(workspace: Path, show: str, titles) -> None:
    items = feed_items(workspace / "feeds" / show)
    assert sorted(items, key=lambda i: int(i.itunes_episode)) and \
        [i.title for i in sorted(items, key=lambda i: int(i.itunes_episode))] == titles


@pytest.mark.slow
def test_one_line_paragraphs_stay_in_their_essays(workspace: Path) -> None:
    lyrics = {}
    for mp3 in (workspace / "feeds" / "working-life" / "episodes").glob("*.mp3"):
        from mutagen.id3 import ID3

        lyrics[mp3.stem] = ID3(mp3).getall("USLT")[0].text
    hair = next(text for stem, text in lyrics.items() if stem.startswith("006-"))
    assert "Well, touche. He wins." in hair
    last = next(text for stem, text in lyrics.items() if stem.startswith("010-"))
    assert last.rstrip().endswith("Shame on us as a society and world.")


@pytest.mark.slow
@pytest.mark.parametrize("show", ["working-life", "customer-success"])
def test_enclosures_and_durations_match_the_files(workspace: Path, show: str) -> None:
    show_dir = workspace / "feeds" / show
    for item in feed_items(show_dir):
        enclosure = item.enclosures[0]
        path = show_dir / "episodes" / Path(enclosure.href).name
        assert int(enclosure.length) == path.stat().st_size
        decoded = ffprobe_seconds(path)
        assert abs(MP3(path).info.length - decoded) < 0.1, "mutagen and ffprobe disagree"
        assert abs(int(item.itunes_duration) - decoded) <= 1.0


@pytest.mark.slow
def test_podcastparser_reads_the_feed(workspace: Path) -> None:
    show_dir = workspace / "feeds" / "customer-success"
    with (show_dir / "feed.xml").open("rb") as handle:
        parsed = podcastparser.parse("https://podcasts.example.org/customer-success/feed.xml",
                                     handle)
    episodes = sorted(parsed["episodes"], key=lambda e: e["number"])
    assert [e["title"] for e in episodes] == CUSTOMER_SUCCESS_TITLES
    for episode in episodes:
        enclosure = episode["enclosures"][0]
        path = show_dir / "episodes" / Path(enclosure["url"]).name
        assert enclosure["file_size"] == path.stat().st_size
        assert abs(episode["total_time"] - MP3(path).info.length) <= 1


@pytest.mark.slow
@pytest.mark.parametrize("show", ["working-life", "customer-success"])
def test_a_fresh_build_passes_its_own_check(workspace: Path, show: str) -> None:
    assert check_show(workspace / "feeds" / show) == []


@pytest.mark.slow
def test_every_episode_has_its_transcripts_and_chapters(workspace: Path) -> None:
    episodes = workspace / "feeds" / "customer-success" / "episodes"
    for mp3 in episodes.glob("*.mp3"):
        for suffix in (".vtt", ".srt", ".json", ".chapters.json"):
            assert (episodes / f"{mp3.stem}{suffix}").stat().st_size > 0
        chapters = json.loads((episodes / f"{mp3.stem}.chapters.json").read_text())["chapters"]
        assert chapters[0]["title"] == "Intro" and chapters[-1]["title"] == "Outro"
        assert chapters[-1]["startTime"] < MP3(mp3).info.length


@pytest.mark.slow
def test_rebuild_without_changes_touches_nothing(workspace: Path) -> None:
    show_dir = workspace / "feeds" / "customer-success"
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in show_dir.rglob("*")
              if p.is_file() and ".audiozine" not in p.parts}
    show = load_show(workspace / "feeds" / "customer-success.toml")
    report = build_show(show, show_dir, BuildOptions(cache=SentenceCache(workspace / "cache")))
    assert report.made == ()
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in show_dir.rglob("*")
             if p.is_file() and ".audiozine" not in p.parts}
    assert after == before


@pytest.mark.slow
def test_editing_one_paragraph_remakes_only_its_episode(workspace: Path, tmp_path) -> None:
    show_dir = tmp_path / "show"
    shutil.copytree(workspace / "feeds" / "customer-success", show_dir)
    source = tmp_path / "essays.txt"
    text = (SEEDS / "customer-success-essays.txt").read_text("utf-8")
    source.write_text(text, "utf-8")
    show = load_show(workspace / "feeds" / "customer-success.toml")
    from dataclasses import replace

    show = replace(show, sources=(source,))
    options = BuildOptions(cache=SentenceCache(workspace / "cache"))
    first = build_show(show, show_dir, options)  # same text, new path: nothing to make
    assert first.made == ()
    before_feed = feedparser.parse((show_dir / "feed.xml").read_bytes())
    untouched = {p: p.stat().st_mtime_ns for p in (show_dir / "episodes").iterdir()
                 if not p.name.startswith("002-")}
    source.write_text(text.replace("Groups of individuals, on the other hand, can have a "
                                   "powerful influence.",
                                   "Groups of people, on the other hand, can matter a lot."),
                      "utf-8")
    second = build_show(show, show_dir, options)
    assert [stem[:3] for stem in second.made] == ["002"]
    assert {p: p.stat().st_mtime_ns for p in untouched} == untouched
    after_feed = feedparser.parse((show_dir / "feed.xml").read_bytes())
    identity = lambda feed: [(e.id, e.enclosures[0].href, e.published) for e in feed.entries]  # noqa: E731
    assert identity(after_feed) == identity(before_feed)


@pytest.mark.slow
def test_ffprobe_chapters_equal_the_chapter_files(workspace: Path) -> None:
    episodes = workspace / "feeds" / "working-life" / "episodes"
    for mp3 in sorted(episodes.glob("*.mp3"))[:4]:
        probe = json.loads(subprocess.run(
            ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json",
             str(mp3)], capture_output=True, text=True, check=True).stdout)
        duration = float(probe["format"]["duration"])
        # ffprobe lists CHAP frames in file order; the CTOC gives reading order.
        from_ffprobe = sorted((round(float(c["start_time"]), 3), c["tags"]["title"])
                              for c in probe["chapters"])
        from_json = [(round(c["startTime"], 3), c["title"]) for c in json.loads(
            (episodes / f"{mp3.stem}.chapters.json").read_text())["chapters"]]
        assert from_ffprobe == from_json
        assert all(0 <= start < duration for start, _title in from_json)
        assert all(float(c["end_time"]) <= duration + 0.001 for c in probe["chapters"])


@pytest.mark.slow
def test_moving_the_feed_keeps_every_identity(workspace: Path, tmp_path) -> None:
    from dataclasses import replace

    show_dir = tmp_path / "moved"
    shutil.copytree(workspace / "feeds" / "customer-success", show_dir)
    show = load_show(workspace / "feeds" / "customer-success.toml")
    before = feedparser.parse((show_dir / "feed.xml").read_bytes())
    moved = replace(show, base_url="https://cdn.example.net/notes/")
    build_show(moved, show_dir, BuildOptions(cache=SentenceCache(workspace / "cache")))
    after = feedparser.parse((show_dir / "feed.xml").read_bytes())
    xml_before = (workspace / "feeds" / "customer-success" / "feed.xml").read_text()
    xml_after = (show_dir / "feed.xml").read_text()
    guid = lambda xml: xml.split("<podcast:guid>")[1].split("<")[0]  # noqa: E731
    assert guid(xml_after) == guid(xml_before)
    assert [(e.id, e.published) for e in after.entries] == \
        [(e.id, e.published) for e in before.entries]
    assert all(e.enclosures[0].href.startswith("https://cdn.example.net/notes/episodes/")
               for e in after.entries)


@pytest.mark.slow
def test_published_files_are_readable_by_a_web_server(workspace: Path) -> None:
    show_dir = workspace / "feeds" / "customer-success"
    for path in [show_dir / "feed.xml", show_dir / "cover.jpg", show_dir / "index.html",
                 *(show_dir / "episodes").iterdir()]:
        assert path.stat().st_mode & 0o044 == 0o044, path


@pytest.mark.slow
def test_a_cold_rebuild_gives_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    """With the cache lost, the default voice (its sampling noise on) makes the
    same episode again, serially or spread over two workers, so a podcast app
    sees no new file and no new length."""
    from audiozine import narrate
    from audiozine.config import default_show, find_voice

    # A short text goes to the worker processes too, so the test stays quick.
    monkeypatch.setattr(narrate, "_SMALL_JOB_CHARS", 100)
    sentences = [f"On day {n} we walked to the river at 6:40 p.m. and back." for n in (1, 2, 3)]
    essays = tmp_path / "essays"
    essays.mkdir()
    (essays / "1-walk.txt").write_text("The Same Walk\n\n" + " ".join(sentences) + "\n",
                                       "utf-8")
    # A second episode: with two, they are mastered in workers beside the voice.
    (essays / "2-rest.txt").write_text("A Rest\n\nWe sat down by the water.\n", "utf-8")
    assert sum(map(len, sentences)) > narrate._SMALL_JOB_CHARS  # really parallel
    assert find_voice("joe").noise_scale > 0
    made = []
    for jobs in (1, 2):
        out = tmp_path / f"jobs-{jobs}" / "walks"
        options = BuildOptions(cache=SentenceCache(tmp_path / f"cache-{jobs}"), jobs=jobs)
        build_show(default_show((essays,), out), out, options)
        made.append({p.name: p.read_bytes() for p in (out / "episodes").iterdir()
                     if p.suffix == ".mp3"})
    assert len(made[0]) == 2 and made[0] == made[1]


def test_a_failed_episode_is_reported_while_the_voice_still_works() -> None:
    """Mastering runs beside synthesis; an episode that fails there must stop the
    build at the voice's next progress report, not after all synthesis."""
    import time

    from audiozine.episodes import EpisodeMaker

    with pytest.raises(AttributeError):
        with EpisodeMaker(2, 2) as maker:
            maker.submit((None,) * 6)  # no narration: fails in the mastering worker
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                maker.raise_if_failed()
                time.sleep(0.05)
            pytest.fail("the failed episode was never reported")
