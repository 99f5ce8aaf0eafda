"""feed.py: the RSS read back by two podcast readers and queried with XPath, on the
tiny built show of tests/fixtures.py (`build_fake_show`)."""

from __future__ import annotations

import datetime as dt
import email.utils
import uuid
from dataclasses import replace

import feedparser
import podcastparser
import pytest
from lxml import etree

from audiozine.feed import feed_url, render_feed, show_notes
from audiozine.models import Link, PublishedEpisode, TimedChapter

from .fixtures import BASE, NS, UTC, FakeShow, build_fake_show, fake_show_definition


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
