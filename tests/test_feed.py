"""feed.py: the RSS read back by two podcast readers and queried with XPath.

Also home of `build_fake_show`, a tiny built show (real MP3s, tags, transcripts,
cover, feed, page) that test_serve, test_check and test_site reuse.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import feedparser
import lameenc
import numpy as np
import podcastparser
import pytest
from lxml import etree
from mutagen.id3 import (APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TPE1, TRCK, USLT,
                         CTOCFlags)
from mutagen.mp3 import MP3

from audiozine.config import Show
from audiozine.cover import cover_thumbnail, make_cover
from audiozine.feed import feed_url, render_feed, show_notes
from audiozine.models import Link, PublishedEpisode, TimedChapter
from audiozine.serve import write_base_url_record
from audiozine.site import render_index

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
      "content": "http://purl.org/rss/1.0/modules/content/",
      "podcast": "https://podcastindex.org/namespace/1.0",
      "atom": "http://www.w3.org/2005/Atom"}
BASE = "http://localhost:8000/"
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
    episodes_dir = folder / "episodes"
    episodes_dir.mkdir(parents=True, exist_ok=True)
    cover = make_cover(show)
    (folder / "cover.jpg").write_bytes(cover)
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
        path = episodes_dir / f"{episode.stem}.mp3"
        path.write_bytes(mp3)
        duration_ms = int(MP3(path).info.length * 1000)
        half = duration_ms // 2
        chapters = (TimedChapter("Intro", 0, half), TimedChapter(title, half, duration_ms))
        episode = replace(episode, chapters=chapters, duration_ms=duration_ms)
        text = f"{title}\n\nThis is the essay text.\n\nIt has two paragraphs."
        _tag(path, show, episode, text, thumbnail)
        episode = replace(episode, size_bytes=path.stat().st_size)
        stem = episode.stem
        (episodes_dir / f"{stem}.vtt").write_text(_vtt(chapters), encoding="utf-8")
        (episodes_dir / f"{stem}.srt").write_text(_srt(chapters), encoding="utf-8")
        (episodes_dir / f"{stem}.json").write_text(json.dumps({
            "version": "1.0.0",
            "segments": [{"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000,
                          "body": c.title} for c in chapters]}), encoding="utf-8")
        (episodes_dir / f"{stem}.chapters.json").write_text(json.dumps({
            "version": "1.2.0", "title": title,
            "chapters": [{"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000,
                          "title": c.title} for c in chapters]}), encoding="utf-8")
        transcripts[stem] = text
        published.append(episode)
    (folder / "index.html").write_text(
        render_index(show, published, feed_url=feed_url(base_url), transcripts=transcripts),
        encoding="utf-8")
    write_base_url_record(folder, base_url, public=show.base_url is not None)
    (folder / "feed.xml").write_bytes(render_feed(show, published, base_url=base_url))
    return FakeShow(folder, show, tuple(published), base_url)


# ------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> FakeShow:
    return build_fake_show(tmp_path_factory.mktemp("show"))


@pytest.fixture(scope="module")
def xml(built):
    return etree.fromstring((built.folder / "feed.xml").read_bytes())


def test_namespaces_and_root_are_exactly_the_standard(xml):
    assert xml.tag == "rss" and xml.get("version") == "2.0"
    for prefix in ("itunes", "content", "podcast"):
        assert xml.nsmap[prefix] == NS[prefix]


def test_channel_tags(built, xml):
    channel = xml.find("channel")
    assert channel.findtext("title") == "Quiet Notes"
    assert channel.findtext("language") == "en-us"
    assert channel.findtext("link") == BASE
    assert xml.xpath("//channel/itunes:explicit/text()", namespaces=NS) == ["false"]
    assert xml.xpath("//channel/itunes:image/@href", namespaces=NS) == [BASE + "cover.jpg"]
    assert xml.xpath("//channel/itunes:category/@text", namespaces=NS) == ["Society & Culture"]
    assert xml.xpath("//channel/itunes:category/itunes:category/@text", namespaces=NS) == \
        ["Philosophy"]
    assert xml.xpath("//channel/itunes:type/text()", namespaces=NS) == ["episodic"]
    assert xml.xpath("//channel/podcast:guid/text()", namespaces=NS) == [built.show.podcast_guid]
    assert xml.xpath("//channel/podcast:locked/text()", namespaces=NS) == ["yes"]
    assert xml.xpath("//channel/podcast:medium/text()", namespaces=NS) == ["podcast"]
    assert xml.xpath("//channel/podcast:person/text()", namespaces=NS) == ["Ann Example"]
    assert xml.xpath("//channel/atom:link[@rel='self']/@href", namespaces=NS) == \
        [BASE + "feed.xml"]


def test_explicit_true_is_written_as_true(tmp_path):
    show = fake_show_definition(explicit=True)
    data = render_feed(show, [_episode()], base_url=BASE)
    root = etree.fromstring(data)
    assert root.xpath("//itunes:explicit/text()", namespaces=NS) == ["true", "true"]
    assert b"<itunes:explicit>yes" not in data


def test_items_newest_first_with_enclosures_and_podcast_tags(built, xml):
    items = xml.findall("channel/item")
    assert [i.findtext("title") for i in items] == ["Second Wind", "First Light"]
    for item, episode in zip(items, reversed(built.episodes)):
        enclosure = item.find("enclosure")
        assert enclosure.get("url") == f"{BASE}episodes/{episode.stem}.mp3"
        assert enclosure.get("length") == str(episode.size_bytes)
        assert enclosure.get("type") == "audio/mpeg"
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.findtext("itunes:duration", namespaces=NS) == \
            str(round(episode.duration_ms / 1000))
        assert item.findtext("itunes:episode", namespaces=NS) == str(episode.number)
        assert item.findtext("podcast:episode", namespaces=NS) == str(episode.number)
        assert item.findtext("itunes:episodeType", namespaces=NS) == "full"
        transcripts = item.findall("podcast:transcript", namespaces=NS)
        assert [(t.get("type"), t.get("rel")) for t in transcripts] == [
            ("text/vtt", "captions"), ("application/x-subrip", None), ("application/json", None)]
        assert transcripts[0].get("url") == f"{BASE}episodes/{episode.stem}.vtt"
        chapters = item.find("podcast:chapters", namespaces=NS)
        assert chapters.get("url") == f"{BASE}episodes/{episode.stem}.chapters.json"
        assert chapters.get("type") == "application/json+chapters"
        date = email.utils.parsedate_to_datetime(item.findtext("pubDate"))
        assert date == episode.pub_date


def test_show_notes_are_cdata_with_only_allowed_tags(built):
    raw = (built.folder / "feed.xml").read_text(encoding="utf-8")
    assert "<content:encoded><![CDATA[<p>About" in raw
    notes = show_notes(built.episodes[0])
    assert "<li>00:00:00 Intro</li>" in notes
    assert '<a href="https://example.org/first-light?a=1&amp;b=2">the original</a>' in notes
    tags = {element.tag for element in etree.HTML(notes).find("body").iter()} - {"body"}
    assert tags <= {"p", "ol", "ul", "li", "a"}


def test_everything_is_escaped():
    nasty = "A <script>alert(1)</script> & ]]> title"
    show = fake_show_definition(title=nasty, description=f"{nasty} description")
    episode = _episode(title=nasty, description=nasty,
                       chapters=(TimedChapter("<img src=x onerror=alert(1)>", 0, 1000),),
                       links=(Link("<b>x</b>", "javascript:alert(1)"),
                              Link("ok", "https://e.org/\"><script>")))
    data = render_feed(show, [episode], base_url=BASE)
    root = etree.fromstring(data)  # well-formed despite "]]>" and markup
    assert root.findtext("channel/title") == nasty
    assert root.findtext("channel/item/title") == nasty
    notes = root.findtext("channel/item/content:encoded", namespaces=NS)
    assert "<script>" not in notes and "<img" not in notes and "javascript:" not in notes
    assert "&lt;script&gt;" in notes
    # A description that looks like HTML goes out escaped inside CDATA (standards F4).
    assert "<script>" not in root.findtext("channel/item/description")


def test_description_is_cut_to_4000_bytes():
    episode = _episode(description="ü " * 5000)
    root = etree.fromstring(render_feed(fake_show_definition(), [episode], base_url=BASE))
    description = root.findtext("channel/item/description")
    assert len(description.encode("utf-8")) <= 4000
    assert description.endswith("\u2026")


def test_render_is_deterministic():
    show = fake_show_definition()
    assert render_feed(show, [_episode()], base_url=BASE) == \
        render_feed(show, [_episode()], base_url=BASE)


def test_feedparser_reads_the_feed(built):
    parsed = feedparser.parse((built.folder / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Quiet Notes"
    assert [e.title for e in parsed.entries] == ["Second Wind", "First Light"]
    for entry, episode in zip(parsed.entries, reversed(built.episodes)):
        assert entry.id == episode.guid
        assert entry.enclosures[0].href.endswith(f"episodes/{episode.stem}.mp3")
        assert int(entry.enclosures[0].length) == episode.size_bytes
        assert entry.itunes_duration == str(round(episode.duration_ms / 1000))
        assert dt.datetime(*entry.published_parsed[:6], tzinfo=UTC) == episode.pub_date
        # feedparser keeps only the last podcast:transcript (standards "reader quirks").
        assert entry.get("podcast_transcript", {}).get("url", "").endswith(".json")
        assert entry.get("podcast_chapters", {}).get("url", "").endswith(".chapters.json")


def test_podcastparser_reads_the_feed(built):
    with open(built.folder / "feed.xml", "rb") as stream:
        parsed = podcastparser.parse(BASE + "feed.xml", stream)
    assert parsed["title"] == "Quiet Notes"
    assert parsed["cover_url"] == BASE + "cover.jpg"
    assert parsed["type"] == "episodic"
    episodes = sorted(parsed["episodes"], key=lambda e: e["number"])
    assert [e["title"] for e in episodes] == ["First Light", "Second Wind"]
    for parsed_episode, episode in zip(episodes, built.episodes):
        assert parsed_episode["guid"] == episode.guid
        assert parsed_episode["total_time"] == round(episode.duration_ms / 1000)
        assert parsed_episode["published"] == int(episode.pub_date.timestamp())
        enclosure = parsed_episode["enclosures"][0]
        assert enclosure["file_size"] == episode.size_bytes
        assert enclosure["mime_type"] == "audio/mpeg"
        # podcastparser knows Podcasting 2.0 only under its old GitHub namespace URL,
        # so it sees no transcripts or chapters here (standards "reader quirks").
        assert parsed_episode["explicit"] is False


def test_feed_url():
    assert feed_url("https://example.org/show/") == "https://example.org/show/feed.xml"
    assert feed_url("https://example.org/show") == "https://example.org/show/feed.xml"


def test_podcast_guid_matches_standard_example():
    show = fake_show_definition(base_url="https://podnews.net/")
    # standards P1: podnews.net/rss gives 9b024349-...; ours is uuid5 of ".../feed.xml".
    root = etree.fromstring(render_feed(show, [_episode()], base_url="https://podnews.net/"))
    expected = str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"),
                              "podnews.net/feed.xml"))
    assert root.xpath("//podcast:guid/text()", namespaces=NS) == [expected]
    assert str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "podnews.net/rss")) \
        == "9b024349-ccf0-5f69-a609-6b82873eab3c"


def test_serial_show_and_seasons():
    show = fake_show_definition(show_type="serial")
    root = etree.fromstring(render_feed(show, [_episode(season=2)], base_url=BASE))
    assert root.xpath("//itunes:type/text()", namespaces=NS) == ["serial"]
    assert root.xpath("//item/itunes:season/text()", namespaces=NS) == ["2"]
    assert root.xpath("//item/podcast:season/text()", namespaces=NS) == ["2"]


def _episode(**changes) -> PublishedEpisode:
    episode = PublishedEpisode(
        number=1, guid="guid-1", slug="one", title="One",
        pub_date=dt.datetime(2024, 2, 29, 12, 0, tzinfo=UTC), identity="x",
        description="The first.", duration_ms=61_500, size_bytes=12345,
        chapters=(TimedChapter("Intro", 0, 5000), TimedChapter("One", 5000, 61_500)))
    return replace(episode, **changes)
