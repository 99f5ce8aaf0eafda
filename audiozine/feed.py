"""The RSS feed: RSS 2.0 with iTunes and Podcasting 2.0 tags (standards F, I, P).

Built with feedgen. Its podcast extension gives the iTunes tags; what it lacks
(``itunes:explicit`` true/false and the ``podcast:`` namespace) comes from the
two extension classes below, registered through feedgen's own
``register_extension``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Sequence

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem
from lxml.etree import CDATA

from . import layout
from .definitions import Show
from .models import PublishedEpisode

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"

MAX_DESCRIPTION_BYTES = 4000
MAX_PERSON_CHARS = 128

#: Files beside each episode's MP3: suffix -> (podcast:transcript type, rel).
TRANSCRIPT_FILES: tuple[tuple[str, str, str | None], ...] = (
    (".vtt", "text/vtt", "captions"),
    (".srt", "application/x-subrip", None),
    (".json", "application/json", None),
)
CHAPTERS_SUFFIX = ".chapters.json"
CHAPTERS_TYPE = "application/json+chapters"

# Characters XML 1.0 cannot carry at all.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed_url(base_url: str) -> str:
    """The feed's URL under a show's base URL (which ends with "/")."""
    return _with_slash(base_url) + layout.FEED


def episode_url(base_url: str, stem: str, suffix: str = ".mp3") -> str:
    """URL of one of an episode's files, e.g. suffix ".vtt" or ".chapters.json"."""
    return _with_slash(base_url) + layout.episode_name(stem, suffix)


def render_feed(show: Show, episodes: Sequence[PublishedEpisode], *, base_url: str,
                cover_url: str | None = None) -> bytes:
    """The show's feed.xml as UTF-8 bytes; items newest first, the latest
    `show.feed_episodes` of them when the show sets it.

    `base_url` is where the show folder is reachable (ends with "/"); every URL in
    the feed is made from it.
    """
    base_url = _with_slash(base_url)
    cover_url = cover_url or base_url + layout.COVER
    site_url = show.link or base_url
    ordered = sorted(episodes, key=lambda e: (_aware(e.pub_date), e.number), reverse=True)

    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("podcastindex", _PodcastChannel, _PodcastItem)

    fg.title(_text(show.title))
    # feedgen's RSS <link> is the last link given: the self link goes first.
    fg.link(href=feed_url(base_url), rel="self", type="application/rss+xml")
    fg.link(href=site_url, rel="alternate")
    fg.description(_truncate_bytes(_text(show.description) or _text(show.title)))
    fg.language(show.language)
    fg.generator("audiozine")
    fg.image(url=cover_url, title=_text(show.title), link=site_url)
    if show.license:
        fg.copyright(_text(show.license))
    # feedgen defaults lastBuildDate to "now"; a rebuild must give the same bytes.
    last = max((_aware(e.pub_date) for e in ordered), default=None) or \
        dt.datetime.combine(show.start_date or dt.date(2000, 1, 1), dt.time(), dt.timezone.utc)
    fg.lastBuildDate(last)

    fg.podcast.itunes_author(_text(show.author))
    fg.podcast.itunes_image(cover_url)
    if show.subcategory:
        fg.podcast.itunes_category(cat=show.category, sub=show.subcategory)
    else:
        fg.podcast.itunes_category(cat=show.category)
    fg.podcast.itunes_type(show.show_type)
    fg.podcast.itunes_summary(_truncate_bytes(_text(show.description)))
    if show.owner_email:
        fg.podcast.itunes_owner(name=_text(show.author), email=show.owner_email)

    channel = fg.podcastindex
    channel.explicit = show.explicit
    channel.guid = show.podcast_guid
    channel.locked = show.locked
    channel.owner = show.owner_email
    channel.license = show.license
    channel.persons = [_text(show.author)[:MAX_PERSON_CHARS]] if show.author.strip() else []

    # The latest `feed_episodes` (all by default): a feed of an archive stays small.
    for episode in ordered[:show.feed_episodes] if show.feed_episodes else ordered:
        _add_item(fg, show, episode, base_url)
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def _add_item(fg: FeedGenerator, show: Show, episode: PublishedEpisode, base_url: str) -> None:
    fe = fg.add_entry(order="append")
    fe.title(_text(episode.title))
    fe.guid(episode.guid, permalink=False)
    fe.pubDate(_aware(episode.pub_date))
    fe.enclosure(episode_url(base_url, episode.stem), str(episode.size_bytes), "audio/mpeg")
    description = _truncate_bytes(_text(episode.description) or _text(episode.title))
    fe.description(description)
    fe.content(show_notes(episode), type="CDATA")
    fe.podcast.itunes_duration(duration_seconds(episode.duration_ms))
    fe.podcast.itunes_episode(episode.number)
    if episode.season:
        fe.podcast.itunes_season(episode.season)
    fe.podcast.itunes_episode_type("full")
    if episode.author and episode.author.strip() != show.author.strip():
        fe.podcast.itunes_author(_text(episode.author))

    item = fe.podcastindex
    item.explicit = show.explicit
    item.number = episode.number
    item.season = episode.season
    item.transcripts = [
        (episode_url(base_url, episode.stem, suffix), mime, rel)
        for suffix, mime, rel in TRANSCRIPT_FILES
    ]
    item.language = show.language
    item.chapters_url = episode_url(base_url, episode.stem, CHAPTERS_SUFFIX) \
        if episode.chapters else None
    item.persons = [_text(episode.author)[:MAX_PERSON_CHARS]] \
        if episode.author and episode.author.strip() != show.author.strip() else []


def duration_seconds(duration_ms: int) -> int:
    """Whole seconds for itunes:duration, rounded half up."""
    return max(0, (int(duration_ms) + 500) // 1000)


def timestamp(ms: int) -> str:
    """"HH:MM:SS" for show notes."""
    seconds = max(0, int(ms)) // 1000
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def show_notes(episode: PublishedEpisode) -> str:
    """HTML show notes for content:encoded, using only p, ol, ul, li and a."""
    parts = []
    if episode.description.strip():
        parts.append(f"<p>{_esc(episode.description)}</p>")
    if episode.chapters:
        parts.append("<p>Chapters:</p>")
        items = "".join(f"<li>{timestamp(c.start_ms)} {_esc(c.title)}</li>"
                        for c in episode.chapters)
        parts.append(f"<ul>{items}</ul>")
    links = [link for link in episode.links if _safe_href(link.url)]
    if links:
        parts.append("<p>Links:</p>")
        items = "".join(
            f'<li><a href="{_esc(link.url)}">{_esc(link.text.strip() or link.url)}</a></li>'
            for link in links)
        parts.append(f"<ul>{items}</ul>")
    return "".join(parts) or f"<p>{_esc(episode.title)}</p>"


# ------------------------------------------------------------------ extensions


class _PodcastChannel(BaseExtension):
    """Channel tags feedgen lacks: itunes:explicit true/false and podcast:*."""

    def __init__(self) -> None:
        self.explicit: bool | None = None
        self.guid: str | None = None
        self.locked: bool | None = None
        self.owner: str | None = None
        self.license: str | None = None
        self.persons: list[str] = []

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS}

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        _html_safe(channel.find("description"))
        _html_safe(channel.find(f"{{{ITUNES_NS}}}summary"))
        if self.explicit is not None:
            xml_elem(f"{{{ITUNES_NS}}}explicit", channel).text = _bool(self.explicit)
        if self.guid:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self.guid
        if self.locked is not None:
            locked = xml_elem(f"{{{PODCAST_NS}}}locked", channel)
            locked.text = "yes" if self.locked else "no"
            if self.owner:
                locked.attrib["owner"] = self.owner
        xml_elem(f"{{{PODCAST_NS}}}medium", channel).text = "podcast"
        if self.license:
            xml_elem(f"{{{PODCAST_NS}}}license", channel).text = _text(self.license)
        for name in self.persons:
            person = xml_elem(f"{{{PODCAST_NS}}}person", channel, role="author", group="writing")
            person.text = name
        return rss_feed

    def extend_atom(self, atom_feed):
        return atom_feed


class _PodcastItem(BaseEntryExtension):
    """Item tags feedgen lacks: itunes:explicit true/false and podcast:*."""

    def __init__(self) -> None:
        self.explicit: bool | None = None
        self.number: int | None = None
        self.season: int | None = None
        self.transcripts: list[tuple[str, str, str | None]] = []
        self.language: str | None = None
        self.chapters_url: str | None = None
        self.persons: list[str] = []

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS}

    def extend_rss(self, entry):
        _html_safe(entry.find("description"))
        if self.explicit is not None:
            xml_elem(f"{{{ITUNES_NS}}}explicit", entry).text = _bool(self.explicit)
        if self.season:
            xml_elem(f"{{{PODCAST_NS}}}season", entry).text = str(self.season)
        if self.number:
            xml_elem(f"{{{PODCAST_NS}}}episode", entry).text = str(self.number)
        for url, mime, rel in self.transcripts:
            transcript = xml_elem(f"{{{PODCAST_NS}}}transcript", entry, url=url, type=mime)
            if self.language:
                transcript.attrib["language"] = self.language
            if rel:
                transcript.attrib["rel"] = rel
        if self.chapters_url:
            xml_elem(f"{{{PODCAST_NS}}}chapters", entry, url=self.chapters_url,
                     type=CHAPTERS_TYPE)
        for name in self.persons:
            person = xml_elem(f"{{{PODCAST_NS}}}person", entry, role="author", group="writing")
            person.text = name
        return entry

    def extend_atom(self, entry):
        return entry


# --------------------------------------------------------------------- helpers


def _html_safe(element) -> None:
    """Plain text that readers would take for HTML ("<b>") goes out escaped in CDATA.

    Apps render description as HTML; standards F4 allows HTML only inside CDATA.
    """
    if element is not None and element.text and "<" in element.text:
        element.text = CDATA(html.escape(element.text, quote=False))


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _aware(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _text(value: str | None) -> str:
    """Text safe for XML: no control characters, no surrounding whitespace (F4)."""
    return _XML_INVALID.sub("", value or "").strip()


def _esc(value: str) -> str:
    return html.escape(_text(value), quote=True)


def _safe_href(url: str) -> bool:
    return bool(re.match(r"(?i)^(https?://|mailto:)", url.strip()))


def _truncate_bytes(text: str, limit: int = MAX_DESCRIPTION_BYTES) -> str:
    """`text` cut at a word boundary so its UTF-8 form is at most `limit` bytes."""
    if len(text.encode("utf-8")) <= limit:
        return text
    ellipsis = "\u2026"
    budget = limit - len(ellipsis.encode("utf-8"))
    cut = text.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
    if " " in cut:
        cut = cut[:cut.rfind(" ")]
    return cut.rstrip() + ellipsis
