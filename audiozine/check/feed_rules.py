"""The rules read from the feed alone: its channel (F, P, H5) and its items (I, P)."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import urllib.parse
import uuid

from lxml import etree

from ..categories import is_valid_category
from ..layout import FEED
from ..models import with_zone
from .common import (
    ALLOWED_HTML_TAGS, MAX_DESCRIPTION_BYTES, MEDIUMS, NS, TRANSCRIPT_TYPES, Document, Feed,
    Finding, Findings, Item, first_attr, is_public, item_name, podcast_guid, rfc2822_problem,
    text, texts,
)

_URL_PATH_CHARS = re.compile(r"^[A-Za-z0-9\-._/]*$")
_NUMBERED_TITLE = re.compile(r"(?i)^\s*(?:episode|ep\.?|#|no\.)\s*\d+|^\s*\d+\s*[.:)\-\u2013\u2014]\s")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
_HTML_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9:-]*)")


# ------------------------------------------------------------------ document


def well_formed(document: Document) -> Findings:
    """F1: UTF-8, well-formed, <rss version="2.0"> with the three namespaces, a channel."""
    if document.encoding_error is not None:
        yield Finding(FEED, f"not UTF-8 (byte {document.encoding_error.start})",
                      "write the feed as UTF-8")
        return
    data = document.data
    declared = re.match(rb"<\?xml[^>]*encoding=['\"]([A-Za-z0-9._-]+)['\"]", data)
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        yield Finding(FEED, f"declares encoding {declared.group(1).decode()}",
                      "declare encoding='UTF-8'")
    root = document.root
    if root is None:
        yield Finding(FEED, f"not well-formed XML: {document.syntax_error}", "rebuild the show")
        return
    if root.tag != "rss" or root.get("version") != "2.0":
        yield Finding(FEED, 'the root element is not <rss version="2.0">', "rebuild the show")
    for prefix in ("itunes", "content", "podcast"):
        found = root.nsmap.get(prefix)
        if found != NS[prefix]:
            yield Finding(FEED, f"namespace {prefix} is {found!r}, expected {NS[prefix]!r}",
                          f'declare xmlns:{prefix}="{NS[prefix]}" on <rss>')
    if document.channel is None:
        yield Finding("channel", "the feed has no <channel>", "rebuild the show")


# ------------------------------------------------------------------- channel


def channel_fields(feed: Feed) -> Findings:
    """F2: the channel's required values."""
    channel = feed.channel
    if not text(channel, "title"):
        yield Finding("channel", "the channel has no title", "set title in the show file")
    description = channel.find("description")
    if description is None or not (description.text or "").strip():
        yield Finding("channel", "the channel has no description",
                      "set description in the show file")
    elif len(description.text.encode("utf-8")) > MAX_DESCRIPTION_BYTES:
        yield Finding("channel", "the channel description is over 4000 bytes",
                      "shorten description in the show file")
    language = text(channel, "language")
    if not _LANGUAGE.match(language):
        yield Finding("channel", f"language {language!r} is not a language code such as "
                      "en-us", "set language in the show file")
    explicit = texts(channel, "itunes:explicit")
    if explicit != ["true"] and explicit != ["false"]:
        yield Finding("channel", f"itunes:explicit is {explicit or 'missing'}, expected one "
                      "'true' or 'false'", "rebuild with audiozine (not yes/no/clean)")
    if not first_attr(channel, "itunes:image", "href"):
        yield Finding("channel", "no itunes:image href", "rebuild so the feed names cover.jpg")
    yield from _categories(channel)
    link = text(channel, "link")
    if not re.match(r"^https?://[^\s/]+", link):
        yield Finding("channel", f"link {link!r} is not an absolute URL",
                      "set link or base_url in the show file")
    if not text(channel, "itunes:author"):
        yield Finding("channel", "no itunes:author", "set author in the show file")


def _categories(channel: etree._Element) -> Findings:
    categories = channel.findall("itunes:category", NS)
    if not categories:
        yield Finding("channel", "no itunes:category", "set category in the show file")
    for category in categories:
        name = category.get("text", "")
        subs = [sub.get("text", "") for sub in category.findall("itunes:category", NS)] \
            or [None]
        for sub in subs:
            if not is_valid_category(name, sub):
                shown = f"{name} / {sub}" if sub else name
                yield Finding("channel", f"{shown!r} is not an Apple Podcasts category",
                              "use a category spelled exactly as Apple lists it")


def show_type(feed: Feed) -> Findings:
    """F3: itunes:type episodic or serial; a serial show numbers every item."""
    value = text(feed.channel, "itunes:type")
    if value not in ("episodic", "serial"):
        yield Finding("channel", f"itunes:type is {value!r}", "use episodic or serial")
    elif value == "serial":
        for item in feed.channel.findall("item"):
            if item.find("itunes:episode", NS) is None:
                yield Finding(item_name(item), "a serial show's item has no itunes:episode",
                              "rebuild the show")


def text_values(feed: Feed) -> Findings:
    """F4: no surrounding whitespace; HTML only in CDATA and only p/ol/ul/li/a."""
    for element in feed.channel.iter():
        if not isinstance(element.tag, str) or len(element):
            continue
        value = element.text or ""
        local = etree.QName(element).localname
        parent = element.getparent()
        where = item_name(parent) if parent is not None and parent.tag == "item" \
            else "channel"
        if value and value != value.strip():
            yield Finding(where, f"<{local}> has leading or trailing whitespace",
                          "rebuild the show (values are trimmed)")
        if local in ("description", "encoded", "summary"):
            tags = {t.lower() for t in _HTML_TAG.findall(value)}
            if not tags:
                continue
            if b"<![CDATA[" not in etree.tostring(element):
                yield Finding(where, f"<{local}> holds HTML outside CDATA",
                              "put HTML show notes inside CDATA")
            bad = sorted(tags - ALLOWED_HTML_TAGS)
            if bad:
                yield Finding(where, f"<{local}> uses HTML tags {', '.join(bad)}",
                              "use only p, ol, ul, li and a")


def podcast_guid_value(feed: Feed) -> Findings:
    """P1: one podcast:guid, uuid5 of the feed URL (or of a URL the feed moved from)."""
    guids = texts(feed.channel, "podcast:guid")
    if len(guids) != 1:
        yield Finding("channel", f"{len(guids)} podcast:guid elements, expected 1",
                      "rebuild the show")
        return
    try:
        value = uuid.UUID(guids[0])
        if value.version != 5 or str(value) != guids[0]:
            raise ValueError
    except ValueError:
        yield Finding("channel", f"podcast:guid {guids[0]!r} is not a lowercase UUIDv5",
                      "rebuild the show")
        return
    expected = podcast_guid(feed.feed_url) if feed.feed_url else None
    # A moved feed keeps the GUID of the URL it was first published at.
    earlier = {podcast_guid(url) for url in feed.source.earlier_feed_urls()}
    if expected and is_public(feed.feed_url) and guids[0] not in {expected} | earlier:
        yield Finding("channel", f"podcast:guid {guids[0]} is not uuid5 of the feed "
                      f"URL {feed.feed_url} ({expected})",
                      "rebuild with the show's base_url set to where it is published (a "
                      "feed that moved keeps its GUID: check the built folder, which "
                      "records its earlier URLs)")


def locked(feed: Feed) -> Findings:
    """P2: podcast:locked yes or no, once."""
    values = texts(feed.channel, "podcast:locked")
    if len(values) != 1 or values[0] not in ("yes", "no"):
        yield Finding("channel", f"podcast:locked is {values or 'missing'}, expected one "
                      "yes|no", "rebuild the show")


def channel_podcast_tags(feed: Feed) -> Findings:
    """P5 on the channel: podcast:medium, podcast:person."""
    mediums = texts(feed.channel, "podcast:medium")
    if len(mediums) > 1 or (mediums and mediums[0] not in MEDIUMS):
        yield Finding("channel", f"podcast:medium is {mediums}", "use podcast:medium podcast")
    for person in feed.channel.findall("podcast:person", NS):
        yield from _person(person, "channel")


def _person(person: etree._Element, where: str) -> Findings:
    name = (person.text or "").strip()
    if not name or len(name) > 128:
        yield Finding(where, "podcast:person name is empty or over 128 characters",
                      "set a shorter author name")


def https(feed: Feed) -> Findings:
    """H5: a published feed and its enclosures use https."""
    urls = [feed.feed_url or ""] + [e.get("url", "")
                                    for e in feed.channel.iterfind(".//enclosure")]
    for url in urls:
        if url.startswith("http://") and is_public(url):
            yield Finding("channel", f"{url} is not https", "publish under an https base_url")
            return


# --------------------------------------------------------------------- items


def has_items(feed: Feed) -> Findings:
    """F6: at least one item."""
    if not feed.items:
        yield Finding("channel", "the feed has no items", "add at least one essay and rebuild")


def unique_guids(feed: Feed) -> Findings:
    """I4 across items: no two share a guid."""
    seen: dict[str, str] = {}
    for item in feed.items:
        guid = text(item.element, "guid")
        if guid and guid in seen:
            yield Finding(item.name, f"guid {guid!r} is also used by {seen[guid]!r}",
                          "give every episode its own guid (never reuse one)")
        seen.setdefault(guid, item.name)


def unique_enclosures(feed: Feed) -> Findings:
    """I3 across items: no two share an enclosure URL."""
    seen: dict[str, str] = {}
    for item in feed.items:
        for enclosure in item.element.findall("enclosure"):
            url = enclosure.get("url", "")
            if url and url in seen:
                yield Finding(item.name, f"enclosure URL {url} is also used by {seen[url]!r}",
                              "give every episode its own file")
            seen.setdefault(url, item.name)


# ---------------------------------------------------------------------- item


def item_title(feed: Feed, item: Item) -> Findings:
    """I1: a title without an episode number in it."""
    title = text(item.element, "title")
    if not title:
        yield Finding(item.name, "the item has no title", "give the essay a title")
    elif _NUMBERED_TITLE.match(title):
        yield Finding(item.name, "the title starts with an episode number",
                      "remove the number from the title (itunes:episode carries it)")


def enclosure(feed: Feed, item: Item) -> Findings:
    """I2: exactly one enclosure with url, length and type."""
    enclosures = item.element.findall("enclosure")
    if len(enclosures) != 1:
        yield Finding(item.name, f"{len(enclosures)} enclosures, expected exactly 1",
                      "rebuild the show")
    for element in enclosures:
        url, length, kind = (element.get(k) for k in ("url", "length", "type"))
        if not url or not length or not kind:
            yield Finding(item.name, "the enclosure lacks url, length or type",
                          "rebuild the show")
        if url and url.lower().endswith(".mp3") and kind != "audio/mpeg":
            yield Finding(item.name, f"enclosure type is {kind!r} for an MP3", "use audio/mpeg")
        if length is not None and not re.fullmatch(r"[0-9]+", length):
            yield Finding(item.name, f"enclosure length {length!r} is not a byte count",
                          "rebuild the show")


def enclosure_url(feed: Feed, item: Item) -> Findings:
    """I3: an absolute http(s) enclosure URL of the characters [A-Za-z0-9-._/]."""
    for element in item.element.findall("enclosure"):
        url = element.get("url")
        if not url:
            continue
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            yield Finding(item.name, f"enclosure URL {url!r} is not absolute http(s)",
                          "set base_url")
        elif not _URL_PATH_CHARS.match(parsed.path) or parsed.query or not url.isascii():
            yield Finding(item.name, f"enclosure URL {url!r} has characters outside "
                          "[A-Za-z0-9-._/]", "use ASCII slugs for episode files")


def guid(feed: Feed, item: Item) -> Findings:
    """I4: exactly one non-empty guid, isPermaLink="false"."""
    guids = item.element.findall("guid")
    if len(guids) != 1 or not (guids[0].text or "").strip():
        yield Finding(item.name, "the item needs exactly one non-empty guid", "rebuild the show")
    elif guids[0].get("isPermaLink") != "false":
        yield Finding(item.name, 'guid is not isPermaLink="false"', "rebuild the show")


def pub_date(feed: Feed, item: Item) -> Findings:
    """I5: an RFC 2822 pubDate with the right weekday, not in the future."""
    value = text(item.element, "pubDate")
    problem = rfc2822_problem(value)
    if problem:
        yield Finding(item.name, f"pubDate {value!r} {problem}",
                      "write dates as e.g. 'Mon, 01 Jan 2024 00:00:00 +0000'")
    elif with_zone(email.utils.parsedate_to_datetime(value)) > \
            dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1):
        yield Finding(item.name, f"pubDate {value!r} is in the future: apps hide the episode "
                      "until then", "give its essay a date (undated essays are dated by the "
                      "show's start_date and cadence_days, or when first built)")


def duration(feed: Feed, item: Item) -> Findings:
    """I6 in the feed: itunes:duration a positive number of seconds."""
    value = text(item.element, "itunes:duration")
    if not re.fullmatch(r"[0-9]+", value) or int(value) == 0:
        yield Finding(item.name, f"itunes:duration {value!r} is not a positive number of "
                      "seconds", "rebuild the show")


def numbering(feed: Feed, item: Item) -> Findings:
    """I7: episode and season integers >= 1; episodeType and explicit values."""
    for key in ("episode", "season"):
        value = text(item.element, f"itunes:{key}")
        if value and (not re.fullmatch(r"[0-9]+", value) or int(value) < 1):
            yield Finding(item.name, f"itunes:{key} {value!r} is not an integer >= 1",
                          "use whole numbers from 1")
    episode_type = text(item.element, "itunes:episodeType")
    if episode_type and episode_type not in ("full", "trailer", "bonus"):
        yield Finding(item.name, f"itunes:episodeType {episode_type!r}",
                      "use full, trailer or bonus")
    explicit = texts(item.element, "itunes:explicit")
    if explicit and explicit[0] not in ("true", "false"):
        yield Finding(item.name, f"itunes:explicit {explicit[0]!r}", "use true or false")


def item_description(feed: Feed, item: Item) -> Findings:
    """I8: description at most 4000 bytes."""
    description = item.element.find("description")
    if description is not None and len((description.text or "").encode("utf-8")) > \
            MAX_DESCRIPTION_BYTES:
        yield Finding(item.name, "description is over 4000 bytes", "shorten the description")


def transcript_tags(feed: Feed, item: Item) -> Findings:
    """P3 in the feed: podcast:transcript url, a known type, rel captions or none."""
    for transcript in item.element.findall("podcast:transcript", NS):
        url, kind, rel = (transcript.get(k) for k in ("url", "type", "rel"))
        if not url or kind not in TRANSCRIPT_TYPES:
            yield Finding(item.name, f"podcast:transcript url={url!r} type={kind!r} is invalid",
                          "rebuild the show")
        if rel is not None and rel != "captions":
            yield Finding(item.name, f"podcast:transcript rel={rel!r}",
                          "use rel=\"captions\" or none")


def chapters_tag(feed: Feed, item: Item) -> Findings:
    """P4 in the feed: at most one podcast:chapters, with url and the chapters type."""
    chapters = item.element.findall("podcast:chapters", NS)
    if len(chapters) > 1:
        yield Finding(item.name, "more than one podcast:chapters", "rebuild the show")
    for element in chapters:
        if not element.get("url") or element.get("type") != "application/json+chapters":
            yield Finding(item.name, "podcast:chapters needs url and "
                          "type=\"application/json+chapters\"", "rebuild the show")


def item_podcast_tags(feed: Feed, item: Item) -> Findings:
    """P5 on an item: podcast:season/episode equal the itunes values; podcast:person."""
    for key in ("episode", "season"):
        value = text(item.element, f"itunes:{key}")
        p_value = text(item.element, f"podcast:{key}")
        if (p_value or value) and p_value != value:
            yield Finding(item.name, f"podcast:{key} {p_value!r} differs from itunes:{key} "
                          f"{value!r}", "rebuild the show")
    for person in item.element.findall("podcast:person", NS):
        yield from _person(person, item.name)
