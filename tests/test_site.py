"""site.py: the show page, parsed back as HTML."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import lxml.html

from audiozine.models import Link, PublishedEpisode, TimedChapter
from audiozine.site import render_index

from .fixtures import build_fake_show, fake_show_definition

FEED = "http://localhost:8000/feed.xml"
UTC = dt.timezone.utc


def episode(number: int, **changes) -> PublishedEpisode:
    value = PublishedEpisode(
        number=number, guid=f"g{number}", slug=f"essay-{number}", title=f"Essay {number}",
        pub_date=dt.datetime(2024, 1, number, tzinfo=UTC), identity=str(number),
        description=f"About essay {number}.", duration_ms=125_000, size_bytes=1000,
        chapters=(TimedChapter("Intro", 0, 4000), TimedChapter("Body", 4000, 125_000)),
        links=(Link("source", "https://example.org/a?b=1&c=2"),))
    return replace(value, **changes)


def page(show=None, episodes=None, transcripts=None) -> lxml.html.HtmlElement:
    html = render_index(show or fake_show_definition(),
                        episodes if episodes is not None else [episode(1), episode(2)],
                        feed_url=FEED, transcripts=transcripts or {})
    return lxml.html.document_fromstring(html)


def test_show_header_cover_and_subscribe_box():
    doc = page()
    assert doc.findtext(".//title") == "Quiet Notes"
    assert doc.findtext(".//h1") == "Quiet Notes"
    assert doc.xpath("//img/@src") == ["cover.jpg"]
    assert FEED in doc.xpath("//a/@href")
    assert doc.xpath("//input[@id='feed-url']/@value") == [FEED]
    assert doc.xpath("//link[@rel='alternate']/@type") == ["application/rss+xml"]


def test_episodes_newest_first_with_audio_and_captions():
    doc = page()
    articles = doc.xpath("//article")
    assert [a.findtext("h2") for a in articles] == ["Essay 2", "Essay 1"]
    audio = articles[0].find(".//audio")
    assert audio.get("src") == "episodes/002-essay-2.mp3"
    assert audio.get("preload") == "none" and audio.get("controls") is not None
    track = audio.find("track")
    assert track.get("kind") == "captions"
    assert track.get("src") == "episodes/002-essay-2.vtt"
    assert track.get("srclang") == "en-us"
    assert audio.get("aria-label") == "Essay 2"  # several players: each says whose it is


def test_the_page_rounds_a_duration_as_the_feed_does():
    doc = page(episodes=[episode(1, duration_ms=39_600)])
    assert "0:40" in doc.xpath("//article")[0].text_content()  # itunes:duration 40


def test_chapters_seek_the_audio():
    doc = page()
    links = doc.xpath("//article[@id='001-essay-1']//ol[@class='chapters']//a")
    assert [link.get("data-seek") for link in links] == ["0", "4"]
    assert all(link.get("data-audio") == "audio-001-essay-1" for link in links)
    assert doc.xpath("//audio[@id='audio-001-essay-1']")
    assert "data-seek" in doc.findtext(".//script")
    assert links[1].text_content() == "0:04Body"


def test_transcript_is_readable_text():
    doc = page(transcripts={"001-essay-1": "First paragraph.\n\nSecond\nparagraph."})
    details = doc.xpath("//article[@id='001-essay-1']//details")[0]
    assert [p.text for p in details.findall("p")] == ["First paragraph.", "Second paragraph."]
    assert not doc.xpath("//article[@id='002-essay-2']//details")


def test_script_in_titles_is_escaped():
    nasty = '<script>alert("x")</script>'
    show = fake_show_definition(title=f"Show {nasty}", description=nasty, author=nasty)
    chapters = (TimedChapter(nasty, 0, 1000),)
    links = (Link(nasty, "javascript:alert(1)"), Link("ok", 'https://e.org/"><script>'))
    html = render_index(show, [episode(1, title=nasty, description=nasty, chapters=chapters,
                                       links=links)],
                        feed_url=FEED + '"><script>', transcripts={"001-essay-1": nasty})
    assert "<script>alert" not in html
    assert html.count("<script>") == 1  # only the page's own inline script
    assert "javascript:" not in html
    doc = lxml.html.document_fromstring(html)
    assert doc.findtext(".//h1") == f"Show {nasty}"
    assert doc.findtext(".//article/h2") == nasty


def test_no_external_resources():
    html = render_index(fake_show_definition(), [episode(1)], feed_url=FEED, transcripts={})
    doc = lxml.html.document_fromstring(html)
    sources = doc.xpath("//@src") + doc.xpath("//link[@rel='stylesheet']/@href")
    assert sources and all(not re.match(r"(?i)^(https?:)?//", s) for s in sources)
    assert "@import" not in html and "url(" not in html


def test_empty_show():
    doc = page(episodes=[])
    assert "No episodes yet." in doc.text_content()


def test_index_of_a_built_show(tmp_path):
    built = build_fake_show(tmp_path)
    doc = lxml.html.document_fromstring((tmp_path / "index.html").read_text(encoding="utf-8"))
    for published in built.episodes:
        src = doc.xpath(f"//article[@id='{published.stem}']//audio/@src")[0]
        assert (tmp_path / src).is_file()
        vtt = doc.xpath(f"//article[@id='{published.stem}']//track/@src")[0]
        assert (tmp_path / vtt).is_file()
