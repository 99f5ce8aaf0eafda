"""What every rule of `check` reads: the feed's namespaces and limits, the
contexts a rule is given, and small XML and URL helpers."""

from __future__ import annotations

import email.utils
import ipaddress
import re
import urllib.parse
import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import Iterator, NamedTuple

from lxml import etree

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ATOM_NS = "http://www.w3.org/2005/Atom"
NS = {"itunes": ITUNES_NS, "content": CONTENT_NS, "podcast": PODCAST_NS, "atom": ATOM_NS}
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
"""As standards P1 gives it; `check` does not take it from the code it checks."""

MAX_DESCRIPTION_BYTES = 4000
MAX_COVER_BYTES = 512 * 1024
MAX_APIC_BYTES = 300_000
ALLOWED_HTML_TAGS = frozenset({"p", "ol", "ul", "li", "a"})
TRANSCRIPT_TYPES = frozenset({"text/vtt", "application/x-subrip", "application/json",
                              "text/html", "text/plain"})
MEDIUMS = frozenset({"podcast", "music", "video", "film", "audiobook", "newsletter", "blog",
                     "publisher", "course", "mixed"})

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_RFC2822 = re.compile(
    r"^(?P<wd>Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|GMT|UT|[ECMP][SD]T)$")


class Finding(NamedTuple):
    """What a rule reports; the table adds the rule's id to make a `Problem`."""

    item: str
    """Where: "channel", an episode's title, or a file."""

    message: str
    fix: str


Findings = Iterator[Finding]


class Source:
    """Where the feed and its files are read from: a built folder or a URL."""

    mode: str
    """ "folder" or "url": which rules of the table apply."""

    feed_url: str | None = None
    """The feed's URL as far as it is known before the feed is read."""

    def feed_data(self) -> bytes | None:
        raise NotImplementedError

    def earlier_feed_urls(self) -> tuple[str, ...]:
        """Public feed URLs the show was built for before, when they are known."""
        return ()


class Document:
    """The feed's bytes, parsed once for every rule."""

    def __init__(self, source: Source, data: bytes) -> None:
        self.source = source
        self.data = data

    @cached_property
    def encoding_error(self) -> UnicodeDecodeError | None:
        try:
            self.data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return exc
        return None

    @cached_property
    def syntax_error(self) -> etree.XMLSyntaxError | None:
        return self._parsed[1]

    @cached_property
    def root(self) -> etree._Element | None:
        """The parsed feed; None when it is not UTF-8 or not well-formed XML."""
        return self._parsed[0]

    @cached_property
    def _parsed(self) -> tuple[etree._Element | None, etree.XMLSyntaxError | None]:
        if self.encoding_error is not None:
            return None, None
        parser = etree.XMLParser(resolve_entities=False, no_network=True, strip_cdata=False,
                                 huge_tree=False)
        try:
            return etree.fromstring(self.data, parser), None
        except etree.XMLSyntaxError as exc:
            return None, exc

    @cached_property
    def channel(self) -> etree._Element | None:
        return self.root.find("channel") if self.root is not None else None


@dataclass(frozen=True)
class Item:
    element: etree._Element
    name: str
    """How problems name it: its title, else its enclosure URL."""

    index: int
    """Its place in the feed, from 0 (the newest)."""


class Feed:
    """A parsed feed with a channel: what the channel and item rules read."""

    def __init__(self, source: Source, document: Document) -> None:
        self.source = source
        self.document = document
        self.channel: etree._Element = document.channel
        self.feed_url: str | None = (first_attr(self.channel, "atom:link[@rel='self']", "href")
                                     or source.feed_url)
        self.items = [Item(element, item_name(element), index)
                      for index, element in enumerate(self.channel.findall("item"))]


# -------------------------------------------------------------------- helpers


def text(parent: etree._Element, path: str) -> str:
    element = parent.find(path, NS)
    return (element.text or "").strip() if element is not None else ""


def texts(parent: etree._Element, path: str) -> list[str]:
    return [(e.text or "").strip() for e in parent.findall(path, NS)]


def first_attr(parent: etree._Element, path: str, attribute: str) -> str | None:
    element = parent.find(path, NS)
    return element.get(attribute) if element is not None else None


def item_name(item: etree._Element) -> str:
    title = text(item, "title")
    if title:
        return title
    enclosure = item.find("enclosure")
    return (enclosure.get("url", "") if enclosure is not None else "") or "an untitled item"


def blocks(value: str) -> list[str]:
    return [b.strip("\n") for b in re.split(r"\n\s*\n", value.replace("\r\n", "\n"))
            if b.strip()]


def rfc2822_problem(value: str) -> str | None:
    match = _RFC2822.match(value)
    if not match:
        return "is not RFC 2822 ('Mon, 01 Jan 2024 00:00:00 +0000')"
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return "is not a valid date"
    if _WEEKDAYS[parsed.weekday()] != match.group("wd"):
        return f"has the wrong weekday (that date is a {_WEEKDAYS[parsed.weekday()]})"
    return None


def podcast_guid(feed_url: str) -> str:
    without_scheme = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, without_scheme))


def is_public(url: str) -> bool:
    """True unless the URL's host is local (localhost, loopback, private LAN, .local)."""
    host = (urllib.parse.urlparse(url).hostname or "").lower()
    if not host or host == "localhost" or host.endswith((".local", ".localhost", ".lan")):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." in host
    return not (address.is_private or address.is_loopback or address.is_link_local)
