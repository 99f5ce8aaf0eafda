"""The table of rules `check` applies, and the order it applies them in.

Each row is one check of one rule of the publishing standards (standards.md):
its id, the scope it reads, where it applies (a built folder, a served URL or
both), a summary, and the function that reports what breaks it. A rule checked
in more than one scope (I2 in the feed, in the folder and over HTTP) has a row
for each. Functions report `Finding`s; the table's id makes them `Problem`s.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Callable, Iterable

from . import feed_rules as feed
from . import file_rules as files
from . import http_rules as http
from .common import Finding


class Scope(enum.Enum):
    """What a rule's function is given, in the order the scopes are checked."""

    SOURCE = "source"
    """The folder or URL, before the feed is read: fn(source)."""

    DOCUMENT = "document"
    """The feed's bytes: fn(document)."""

    CHANNEL = "channel"
    """The parsed feed's channel: fn(feed)."""

    CHANNEL_FILES = "channel files"
    """The files the channel names (artwork): fn(feed)."""

    ITEMS = "items"
    """All the items together: fn(feed)."""

    ITEM = "item"
    """One item's elements: fn(feed, item)."""

    ITEM_FILES = "item files"
    """One item's files, in the folder or served: fn(files)."""


FOLDER, URL = frozenset({"folder"}), frozenset({"url"})
BOTH = FOLDER | URL


@dataclass(frozen=True)
class Rule:
    id: str
    """The standards.md rule, e.g. "I2"."""

    scope: Scope
    summary: str
    check: Callable[..., Iterable[Finding]]
    modes: frozenset[str] = BOTH
    """Where it applies: "folder", "url" or both."""


S, D, C, CF, IS, I, IF = (Scope.SOURCE, Scope.DOCUMENT, Scope.CHANNEL, Scope.CHANNEL_FILES,
                          Scope.ITEMS, Scope.ITEM, Scope.ITEM_FILES)

RULES: tuple[Rule, ...] = (
    Rule("F1", S, "the show folder holds its feed", files.feed_file, FOLDER),
    Rule("H1", S, "the feed can be fetched; HEAD answers 200, length, type",
         http.feed_served, URL),
    Rule("H3", S, "the feed sends validators; a conditional GET answers 304",
         http.feed_validators, URL),
    Rule("F1", D, "UTF-8, well-formed, rss 2.0 with the three namespaces, a channel",
         feed.well_formed),
    Rule("F2", C, "title, description, language, explicit, image, category, link, author",
         feed.channel_fields),
    Rule("F3", C, "itunes:type episodic or serial; a serial show numbers every item",
         feed.show_type),
    Rule("F4", C, "values trimmed; HTML only in CDATA, only p ol ul li a", feed.text_values),
    Rule("P1", C, "one podcast:guid, uuid5 of the feed URL", feed.podcast_guid_value),
    Rule("P2", C, "podcast:locked yes or no, once", feed.locked),
    Rule("P5", C, "podcast:medium known; podcast:person at most 128 characters",
         feed.channel_podcast_tags),
    Rule("H5", C, "a published feed and its enclosures use https", feed.https),
    Rule("F5", CF, "the artwork is a square RGB JPEG or PNG, 1400-3000 px, <= 512 KB",
         files.cover_file, FOLDER),
    Rule("H1", CF, "the artwork is served", http.cover_served, URL),
    Rule("F6", IS, "at least one item", feed.has_items),
    Rule("I4", IS, "no two items share a guid", feed.unique_guids),
    Rule("I3", IS, "no two items share an enclosure URL", feed.unique_enclosures),
    Rule("I1", I, "a title, without an episode number", feed.item_title),
    Rule("I2", I, "exactly one enclosure with url, length and type", feed.enclosure),
    Rule("I3", I, "an absolute enclosure URL of [A-Za-z0-9-._/]", feed.enclosure_url),
    Rule("I4", I, "exactly one guid, isPermaLink=\"false\"", feed.guid),
    Rule("I5", I, "pubDate RFC 2822 with the right weekday, not in the future",
         feed.pub_date),
    Rule("I6", I, "itunes:duration whole seconds", feed.duration),
    Rule("I7", I, "episode and season >= 1; episodeType and explicit values", feed.numbering),
    Rule("I8", I, "description at most 4000 bytes", feed.item_description),
    Rule("P3", I, "podcast:transcript url, type, rel", feed.transcript_tags),
    Rule("P4", I, "one podcast:chapters with url and the chapters type", feed.chapters_tag),
    Rule("P5", I, "podcast:season/episode equal the itunes values; podcast:person",
         feed.item_podcast_tags),
    Rule("I2", IF, "the enclosure file is there, of the length the feed gives",
         files.enclosure_file, FOLDER),
    Rule("A1", IF, "MPEG-1 Layer III, 44.1 kHz, mono, CBR 64-128 kbps", files.mpeg_audio,
         FOLDER),
    Rule("A3", IF, "an ID3v2.3 tag at the start, no ID3v1, no TDRC", files.id3_version,
         FOLDER),
    Rule("A4", IF, "TIT2 TPE1 TALB TRCK TCON COMM USLT, a date, a JPEG APIC <= 300 KB",
         files.id3_frames, FOLDER),
    Rule("A5", IF, "CHAP frames valid and within the audio; one ordered top-level CTOC",
         files.chapter_frames, FOLDER),
    Rule("I6", IF, "itunes:duration within 1 s of the file's", files.decoded_duration,
         FOLDER),
    Rule("P3", IF, "every transcript is there and valid", files.transcript_files, FOLDER),
    Rule("P4", IF, "the chapters file is valid and equals the CHAP frames",
         files.chapters_file, FOLDER),
    Rule("I2", IF, "the enclosure length is what the server sends", http.served_length, URL),
    Rule("H1", IF, "every episode file is served; HEAD answers 200, length, type",
         http.files_served, URL),
    Rule("H2", IF, "Range: bytes=0-1 on the audio answers 206 with two bytes",
         http.byte_ranges, URL),
    Rule("H3", IF, "the audio sends validators; a conditional GET answers 304",
         http.audio_validators, URL),
    Rule("H4", IF, "transcripts and chapters send Access-Control-Allow-Origin: *",
         http.cross_origin, URL),
    Rule("P3", IF, "every served transcript is valid", http.served_transcripts, URL),
    Rule("P4", IF, "the served chapters file is valid JSON chapters", http.served_chapters,
         URL),
)
"""In checking order: problems are reported scope by scope, and within a scope
(for each item) in the order of this table."""
