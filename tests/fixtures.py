"""Shared test helpers (not fixtures): the repository's folders and seed titles, a
tiny built show written as the build would (`build_fake_show`), and a real server
on loopback (`serving`). The pytest fixtures are in conftest.py."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

import lameenc
import numpy as np
from mutagen.id3 import (APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TPE1, TRCK, USLT,
                         CTOCFlags)
from mutagen.mp3 import MP3
from werkzeug.serving import make_server

from audiozine.definitions import Show
from audiozine.cover import cover_thumbnail, make_cover
from audiozine.feed import feed_url, render_feed
from audiozine.layout import ShowLayout
from audiozine.models import Link, PublishedEpisode, TimedChapter
from audiozine.serve import write_base_url_record
from audiozine.site import render_index

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FEEDS = REPO / "feeds"

#: The essay titles of the seed collections, in order.
WORKING_LIFE_TITLES = [
    "Customer relationships: relationships for life",
    "A tragic plane crash and frustrating flight delays",
    "Conference time – not enough time to have real conversations",
    "“What dish would you make to impress me?”",
    "Workplace assholes",
    "Losing hair – the areas of concern for aging men and women",
    "The Malin SoHo co-working space",
    "No Stupid Questions Podcast: When do you become an adult?",
    "The tech layoffs cycle: a continuation of the “tech-polcalypse,” just closer to home "
    "this time",
    "Juggling working from home and childcare",
]
CUSTOMER_SUCCESS_TITLES = [
    "Recognize Small Victories",
    "The Power of Crowds vs the Power of Groups",
    "Recognizing Bias through Self Reflection",
]

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
      "content": "http://purl.org/rss/1.0/modules/content/",
      "podcast": "https://podcastindex.org/namespace/1.0",
      "atom": "http://www.w3.org/2005/Atom"}
"""The feed's namespaces by prefix, for XPath."""

BASE = "http://localhost:8000/"
"""The base URL `build_fake_show` publishes under unless told otherwise."""

UTC = dt.timezone.utc


# ------------------------------------------------------------ the fake show


@dataclass(frozen=True)
class FakeShow:
    folder: Path
    show: Show
    episodes: tuple[PublishedEpisode, ...]
    base_url: str


def fake_show_definition(**changes) -> Show:
    show = Show(name="quiet", title="Quiet Notes", author="Ann Example",
                description="Short essays about attention, read aloud.", sources=(),
                owner_email="ann@example.org", license="CC-BY-4.0",
                category="Society & Culture", subcategory="Philosophy")
    return replace(show, **changes)


def _encode_mp3(seconds: float, frequency_hz: float) -> bytes:
    rate = 44100
    t = np.arange(int(seconds * rate)) / rate
    rng = np.random.default_rng(int(frequency_hz))
    signal = 0.3 * np.sin(2 * np.pi * frequency_hz * t) + 0.02 * rng.standard_normal(t.size)
    pcm = (signal * 32767 * 0.5).astype("<i2").tobytes()
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(96)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(2)
    return bytes(encoder.encode(pcm) + encoder.flush())


def _tag(path: Path, show: Show, episode: PublishedEpisode, text: str, cover: bytes) -> None:
    tags = ID3()
    tags.add(TIT2(encoding=3, text=episode.title))
    tags.add(TPE1(encoding=3, text=show.author))
    tags.add(TALB(encoding=3, text=show.title))
    tags.add(TRCK(encoding=3, text=str(episode.number)))
    tags.add(TCON(encoding=3, text="Podcast"))
    tags.add(TDRC(encoding=3, text=episode.pub_date.strftime("%Y-%m-%d")))
    tags.add(COMM(encoding=3, lang="eng", desc="", text=episode.description))
    tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="Cover", data=cover))
    tags.add(USLT(encoding=3, lang="eng", desc="", text=text))
    ids = [f"chp{i}" for i in range(len(episode.chapters))]
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                  child_element_ids=ids, sub_frames=[TIT2(encoding=3, text="Chapters")]))
    for element_id, chapter in zip(ids, episode.chapters):
        tags.add(CHAP(element_id=element_id, start_time=chapter.start_ms,
                      end_time=chapter.end_ms, start_offset=0xFFFFFFFF, end_offset=0xFFFFFFFF,
                      sub_frames=[TIT2(encoding=3, text=chapter.title)]))
    tags.update_to_v23()
    tags.save(path, v2_version=3, v1=0)


def _vtt(chapters) -> str:
    def stamp(ms: int) -> str:
        return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"
    cues = [f"{stamp(c.start_ms)} --> {stamp(c.end_ms)}\n{c.title}" for c in chapters]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def _srt(chapters) -> str:
    def stamp(ms: int) -> str:
        return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"
    cards = [f"{i}\n{stamp(c.start_ms)} --> {stamp(c.end_ms)}\n{c.title}"
             for i, c in enumerate(chapters, 1)]
    return "\n\n".join(cards) + "\n"


def build_fake_show(folder: Path, *, show: Show | None = None, titles=None,
                    base_url: str = BASE) -> FakeShow:
    """Write a complete small built show into `folder` (as the build would)."""
    show = show or fake_show_definition()
    titles = titles or ("First Light", "Second Wind")
    layout = ShowLayout(folder)  # the paths of a built show, as the build writes them
    layout.episodes.mkdir(parents=True, exist_ok=True)
    cover = make_cover(show)
    layout.cover.write_bytes(cover)
    thumbnail = cover_thumbnail(cover)
    published = []
    transcripts = {}
    for number, title in enumerate(titles, 1):
        slug = "-".join(title.lower().replace("<", " ").replace(">", " ").split())
        slug = "".join(ch for ch in slug if ch.isalnum() or ch == "-") or "episode"
        mp3 = _encode_mp3(2.0 + number * 0.5, 300 + 100 * number)
        episode = PublishedEpisode(
            number=number, guid=f"quiet-{number:03d}-{uuid.uuid5(uuid.NAMESPACE_URL, title)}",
            slug=slug, title=title,
            pub_date=dt.datetime(2024, 1, 1 + 7 * (number - 1), 6, 0, tzinfo=UTC),
            identity=f"id-{number}", description=f"About {title}.",
            links=(Link("the original", f"https://example.org/{slug}?a=1&b=2"),),
            author=show.author)
        path = layout.episode(episode.stem, ".mp3")
        path.write_bytes(mp3)
        duration_ms = int(MP3(path).info.length * 1000)
        half = duration_ms // 2
        chapters = (TimedChapter("Intro", 0, half), TimedChapter(title, half, duration_ms))
        episode = replace(episode, chapters=chapters, duration_ms=duration_ms)
        text = f"{title}\n\nThis is the essay text.\n\nIt has two paragraphs."
        _tag(path, show, episode, text, thumbnail)
        episode = replace(episode, size_bytes=path.stat().st_size)
        stem = episode.stem
        layout.episode(stem, ".vtt").write_text(_vtt(chapters), encoding="utf-8")
        layout.episode(stem, ".srt").write_text(_srt(chapters), encoding="utf-8")
        layout.episode(stem, ".json").write_text(json.dumps({
            "version": "1.0.0",
            "segments": [{"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000,
                          "body": c.title} for c in chapters]}), encoding="utf-8")
        layout.episode(stem, ".chapters.json").write_text(json.dumps({
            "version": "1.2.0", "title": title,
            "chapters": [{"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000,
                          "title": c.title} for c in chapters]}), encoding="utf-8")
        transcripts[stem] = text
        published.append(episode)
    layout.page.write_text(
        render_index(show, published, feed_url=feed_url(base_url), transcripts=transcripts),
        encoding="utf-8")
    write_base_url_record(folder, base_url, public=show.base_url is not None)
    layout.feed.write_bytes(render_feed(show, published, base_url=base_url))
    return FakeShow(folder, show, tuple(published), base_url)


# ------------------------------------------------------------- a real server


@contextlib.contextmanager
def serving(app) -> Iterator[tuple[str, int]]:
    """Run a WSGI app on 127.0.0.1 on a free port in a thread; yields (host, port)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", server.server_port
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
