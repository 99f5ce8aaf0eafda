"""`audiozine check`: validate a built show (a folder) or a served one (a feed URL).

Each rule of `standards.md` that can be checked from the files (or over HTTP) is a
small function that reports `Problem`s; a fresh build reports none.

Not checked here: A2 loudness and A6 silence/clipping (they need decoded audio,
which the master stage measures), and I4/I5 stability across rebuilds (one build
cannot show it).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .categories import is_valid_category
from .manifest import load_feed_urls
from .models import with_zone

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ATOM_NS = "http://www.w3.org/2005/Atom"
NS = {"itunes": ITUNES_NS, "content": CONTENT_NS, "podcast": PODCAST_NS, "atom": ATOM_NS}
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

MAX_DESCRIPTION_BYTES = 4000
MAX_COVER_BYTES = 512 * 1024
MAX_APIC_BYTES = 300_000
ALLOWED_HTML_TAGS = frozenset({"p", "ol", "ul", "li", "a"})
TRANSCRIPT_TYPES = frozenset({"text/vtt", "application/x-subrip", "application/json",
                              "text/html", "text/plain"})
MEDIUMS = frozenset({"podcast", "music", "video", "film", "audiobook", "newsletter", "blog",
                     "publisher", "course", "mixed"})
#: Expected Content-Type (without parameters) by the kind of URL checked over HTTP.
HTTP_TYPES = {
    "feed": ("application/rss+xml", "application/xml", "text/xml"),
    "audio": ("audio/mpeg",),
    "image": ("image/jpeg", "image/png"),
    "chapters": ("application/json+chapters", "application/json"),
    "text/vtt": ("text/vtt",),
    "application/x-subrip": ("application/x-subrip", "text/plain"),
    "application/json": ("application/json",),
    "text/html": ("text/html",),
    "text/plain": ("text/plain",),
}
#: How many items (newest first) get the HTTP checks, to keep a check quick.
HTTP_ITEMS = 5
HTTP_TIMEOUT_S = 20

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_RFC2822 = re.compile(
    r"^(?P<wd>Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|GMT|UT|[ECMP][SD]T)$")
_URL_PATH_CHARS = re.compile(r"^[A-Za-z0-9\-._/]*$")
_NUMBERED_TITLE = re.compile(r"(?i)^\s*(?:episode|ep\.?|#|no\.)\s*\d+|^\s*\d+\s*[.:)\-\u2013\u2014]\s")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
_HTML_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9:-]*)")


@dataclass(frozen=True)
class Problem:
    """One way a show fails the published requirements."""

    rule: str
    """The standards.md rule, e.g. "I2"."""

    item: str
    """Where: "channel", an episode's title, or a file."""

    message: str
    """What is wrong."""

    fix: str
    """What to do about it."""

    def __str__(self) -> str:
        return f"[{self.rule}] {self.item}: {self.message} (fix: {self.fix})"


def check_show(target: str | Path) -> list[Problem]:
    """Every problem found in a built show folder, or in a show served at a feed URL.

    `target` is a folder (with feed.xml), a feed.xml file, or an http(s) URL of a
    feed (or of the folder it is in). An empty list means the show passes.
    """
    text = str(target)
    if re.match(r"(?i)^https?://", text):
        return _RemoteCheck(text).run()
    path = Path(target)
    if path.is_file():
        path = path.parent
    return _LocalCheck(path).run()


# ------------------------------------------------------------------- the feed


class _Check:
    """Feed rules shared by the folder and URL checks; subclasses find the files."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.feed_url: str | None = None

    # subclasses -------------------------------------------------------------
    def feed_bytes(self) -> bytes | None:
        raise NotImplementedError

    def local_file(self, url: str) -> Path | None:
        """The file a feed URL points to, when it can be read locally."""
        return None

    def check_item_files(self, item: etree._Element, name: str) -> None:
        pass

    def check_channel_files(self, channel: etree._Element) -> None:
        pass

    def earlier_feed_urls(self) -> tuple[str, ...]:
        """Public feed URLs the show was built for before, when they are known."""
        return ()

    # ------------------------------------------------------------------------
    def add(self, rule: str, item: str, message: str, fix: str) -> None:
        self.problems.append(Problem(rule, item, message, fix))

    def run(self) -> list[Problem]:
        data = self.feed_bytes()
        if data is None:
            return self.problems
        root = self.parse(data)
        if root is None:
            return self.problems
        channel = root.find("channel")
        if channel is None:
            self.add("F1", "channel", "the feed has no <channel>", "rebuild the show")
            return self.problems
        self.feed_url = _first_attr(channel, "atom:link[@rel='self']", "href") or self.feed_url
        self.check_channel(channel)
        self.check_channel_files(channel)
        items = channel.findall("item")
        if not items:
            self.add("F6", "channel", "the feed has no items",
                     "add at least one essay and rebuild")
        self.check_items(channel, items)
        for item in items:
            name = _item_name(item)
            self.check_item(channel, item, name)
            self.check_item_files(item, name)
        return self.problems

    def parse(self, data: bytes) -> etree._Element | None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.add("F1", "feed.xml", f"not UTF-8 (byte {exc.start})", "write the feed as UTF-8")
            return None
        declared = re.match(rb"<\?xml[^>]*encoding=['\"]([A-Za-z0-9._-]+)['\"]", data)
        if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
            self.add("F1", "feed.xml", f"declares encoding {declared.group(1).decode()}",
                     "declare encoding='UTF-8'")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, strip_cdata=False,
                                 huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            self.add("F1", "feed.xml", f"not well-formed XML: {exc}", "rebuild the show")
            return None
        if root.tag != "rss" or root.get("version") != "2.0":
            self.add("F1", "feed.xml", 'the root element is not <rss version="2.0">',
                     "rebuild the show")
        for prefix in ("itunes", "content", "podcast"):
            found = root.nsmap.get(prefix)
            if found != NS[prefix]:
                self.add("F1", "feed.xml",
                         f"namespace {prefix} is {found!r}, expected {NS[prefix]!r}",
                         f'declare xmlns:{prefix}="{NS[prefix]}" on <rss>')
        return root

    # channel ----------------------------------------------------------------
    def check_channel(self, channel: etree._Element) -> None:
        add = self.add
        if not _text(channel, "title"):
            add("F2", "channel", "the channel has no title", "set title in the show file")
        description = channel.find("description")
        if description is None or not (description.text or "").strip():
            add("F2", "channel", "the channel has no description",
                "set description in the show file")
        elif len(description.text.encode("utf-8")) > MAX_DESCRIPTION_BYTES:
            add("F2", "channel", "the channel description is over 4000 bytes",
                "shorten description in the show file")
        language = _text(channel, "language")
        if not _LANGUAGE.match(language):
            add("F2", "channel", f"language {language!r} is not a language code such as en-us",
                "set language in the show file")
        explicit = _texts(channel, "itunes:explicit")
        if explicit != ["true"] and explicit != ["false"]:
            add("F2", "channel", f"itunes:explicit is {explicit or 'missing'}, "
                "expected one 'true' or 'false'", "rebuild with audiozine (not yes/no/clean)")
        if not _first_attr(channel, "itunes:image", "href"):
            add("F2", "channel", "no itunes:image href", "rebuild so the feed names cover.jpg")
        self.check_categories(channel)
        link = _text(channel, "link")
        if not re.match(r"^https?://[^\s/]+", link):
            add("F2", "channel", f"link {link!r} is not an absolute URL",
                "set link or base_url in the show file")
        if not _text(channel, "itunes:author"):
            add("F2", "channel", "no itunes:author", "set author in the show file")
        show_type = _text(channel, "itunes:type")
        if show_type not in ("episodic", "serial"):
            add("F3", "channel", f"itunes:type is {show_type!r}", "use episodic or serial")
        elif show_type == "serial":
            for item in channel.findall("item"):
                if item.find("itunes:episode", NS) is None:
                    add("F3", _item_name(item), "a serial show's item has no itunes:episode",
                        "rebuild the show")
        self.check_text_values(channel)
        self.check_podcast_channel(channel)
        self.check_https(channel)

    def check_categories(self, channel: etree._Element) -> None:
        categories = channel.findall("itunes:category", NS)
        if not categories:
            self.add("F2", "channel", "no itunes:category", "set category in the show file")
        for category in categories:
            name = category.get("text", "")
            subs = [sub.get("text", "") for sub in category.findall("itunes:category", NS)] \
                or [None]
            for sub in subs:
                if not is_valid_category(name, sub):
                    shown = f"{name} / {sub}" if sub else name
                    self.add("F2", "channel", f"{shown!r} is not an Apple Podcasts category",
                             "use a category spelled exactly as Apple lists it")

    def check_text_values(self, channel: etree._Element) -> None:
        """F4: no surrounding whitespace; HTML only in CDATA and only p/ol/ul/li/a."""
        for element in channel.iter():
            if not isinstance(element.tag, str) or len(element):
                continue
            text = element.text or ""
            local = etree.QName(element).localname
            where = _item_name(element.getparent()) if element.getparent() is not None \
                and element.getparent().tag == "item" else "channel"
            if text and text != text.strip():
                self.add("F4", where, f"<{local}> has leading or trailing whitespace",
                         "rebuild the show (values are trimmed)")
            if local in ("description", "encoded", "summary"):
                tags = {t.lower() for t in _HTML_TAG.findall(text)}
                if not tags:
                    continue
                if b"<![CDATA[" not in etree.tostring(element):
                    self.add("F4", where, f"<{local}> holds HTML outside CDATA",
                             "put HTML show notes inside CDATA")
                bad = sorted(tags - ALLOWED_HTML_TAGS)
                if bad:
                    self.add("F4", where, f"<{local}> uses HTML tags {', '.join(bad)}",
                             "use only p, ol, ul, li and a")

    def check_podcast_channel(self, channel: etree._Element) -> None:
        add = self.add
        guids = _texts(channel, "podcast:guid")
        if len(guids) != 1:
            add("P1", "channel", f"{len(guids)} podcast:guid elements, expected 1",
                "rebuild the show")
        else:
            try:
                value = uuid.UUID(guids[0])
                if value.version != 5 or str(value) != guids[0]:
                    raise ValueError
            except ValueError:
                add("P1", "channel", f"podcast:guid {guids[0]!r} is not a lowercase UUIDv5",
                    "rebuild the show")
            else:
                expected = _podcast_guid(self.feed_url) if self.feed_url else None
                # A moved feed keeps the GUID of the URL it was first published at.
                earlier = {_podcast_guid(url) for url in self.earlier_feed_urls()}
                if expected and _is_public(self.feed_url) and \
                        guids[0] not in {expected} | earlier:
                    add("P1", "channel", f"podcast:guid {guids[0]} is not uuid5 of the feed "
                        f"URL {self.feed_url} ({expected})",
                        "rebuild with the show's base_url set to where it is published (a "
                        "feed that moved keeps its GUID: check the built folder, which "
                        "records its earlier URLs)")
        locked = _texts(channel, "podcast:locked")
        if len(locked) != 1 or locked[0] not in ("yes", "no"):
            add("P2", "channel", f"podcast:locked is {locked or 'missing'}, expected one yes|no",
                "rebuild the show")
        mediums = _texts(channel, "podcast:medium")
        if len(mediums) > 1 or (mediums and mediums[0] not in MEDIUMS):
            add("P5", "channel", f"podcast:medium is {mediums}", "use podcast:medium podcast")
        for person in channel.findall("podcast:person", NS):
            self.check_person(person, "channel")

    def check_person(self, person: etree._Element, where: str) -> None:
        name = (person.text or "").strip()
        if not name or len(name) > 128:
            self.add("P5", where, "podcast:person name is empty or over 128 characters",
                     "set a shorter author name")

    def check_https(self, channel: etree._Element) -> None:
        urls = [self.feed_url or ""] + [e.get("url", "") for e in channel.iterfind(".//enclosure")]
        for url in urls:
            if url.startswith("http://") and _is_public(url):
                self.add("H5", "channel", f"{url} is not https",
                         "publish under an https base_url")
                return

    # items ------------------------------------------------------------------
    def check_items(self, channel: etree._Element, items: list[etree._Element]) -> None:
        seen_guids: dict[str, str] = {}
        seen_urls: dict[str, str] = {}
        for item in items:
            name = _item_name(item)
            guid = _text(item, "guid")
            if guid and guid in seen_guids:
                self.add("I4", name, f"guid {guid!r} is also used by {seen_guids[guid]!r}",
                         "give every episode its own guid (never reuse one)")
            seen_guids.setdefault(guid, name)
            for enclosure in item.findall("enclosure"):
                url = enclosure.get("url", "")
                if url and url in seen_urls:
                    self.add("I3", name, f"enclosure URL {url} is also used by "
                             f"{seen_urls[url]!r}", "give every episode its own file")
                seen_urls.setdefault(url, name)

    def check_item(self, channel: etree._Element, item: etree._Element, name: str) -> None:
        add = self.add
        title = _text(item, "title")
        if not title:
            add("I1", name, "the item has no title", "give the essay a title")
        elif _NUMBERED_TITLE.match(title):
            add("I1", name, "the title starts with an episode number",
                "remove the number from the title (itunes:episode carries it)")
        enclosures = item.findall("enclosure")
        if len(enclosures) != 1:
            add("I2", name, f"{len(enclosures)} enclosures, expected exactly 1",
                "rebuild the show")
        for enclosure in enclosures:
            url, length, kind = (enclosure.get(k) for k in ("url", "length", "type"))
            if not url or not length or not kind:
                add("I2", name, "the enclosure lacks url, length or type", "rebuild the show")
            if url and url.lower().endswith(".mp3") and kind != "audio/mpeg":
                add("I2", name, f"enclosure type is {kind!r} for an MP3", "use audio/mpeg")
            if length is not None and not re.fullmatch(r"[0-9]+", length):
                add("I2", name, f"enclosure length {length!r} is not a byte count",
                    "rebuild the show")
            if url:
                parsed = urllib.parse.urlparse(url)
                if parsed.scheme not in ("http", "https") or not parsed.netloc:
                    add("I3", name, f"enclosure URL {url!r} is not absolute http(s)",
                        "set base_url")
                elif not _URL_PATH_CHARS.match(parsed.path) or parsed.query or not url.isascii():
                    add("I3", name, f"enclosure URL {url!r} has characters outside "
                        "[A-Za-z0-9-._/]", "use ASCII slugs for episode files")
        guids = item.findall("guid")
        if len(guids) != 1 or not (guids[0].text or "").strip():
            add("I4", name, "the item needs exactly one non-empty guid", "rebuild the show")
        elif guids[0].get("isPermaLink") != "false":
            add("I4", name, 'guid is not isPermaLink="false"', "rebuild the show")
        pub_date = _text(item, "pubDate")
        problem = _rfc2822_problem(pub_date)
        if problem:
            add("I5", name, f"pubDate {pub_date!r} {problem}",
                "write dates as e.g. 'Mon, 01 Jan 2024 00:00:00 +0000'")
        elif with_zone(email.utils.parsedate_to_datetime(pub_date)) > \
                dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1):
            add("I5", name, f"pubDate {pub_date!r} is in the future: apps hide the episode "
                "until then", "give its essay a date (undated essays are dated by the "
                "show's start_date and cadence_days, or when first built)")
        duration = _text(item, "itunes:duration")
        if not re.fullmatch(r"[0-9]+", duration) or int(duration) == 0:
            add("I6", name, f"itunes:duration {duration!r} is not a positive number of seconds",
                "rebuild the show")
        numbers = {}
        for key in ("episode", "season"):
            value = _text(item, f"itunes:{key}")
            if value:
                if not re.fullmatch(r"[0-9]+", value) or int(value) < 1:
                    add("I7", name, f"itunes:{key} {value!r} is not an integer >= 1",
                        "use whole numbers from 1")
                else:
                    numbers[key] = value
            p_value = _text(item, f"podcast:{key}")
            if (p_value or value) and p_value != value:
                add("P5", name, f"podcast:{key} {p_value!r} differs from itunes:{key} {value!r}",
                    "rebuild the show")
        episode_type = _text(item, "itunes:episodeType")
        if episode_type and episode_type not in ("full", "trailer", "bonus"):
            add("I7", name, f"itunes:episodeType {episode_type!r}", "use full, trailer or bonus")
        explicit = _texts(item, "itunes:explicit")
        if explicit and explicit[0] not in ("true", "false"):
            add("I7", name, f"itunes:explicit {explicit[0]!r}", "use true or false")
        description = item.find("description")
        if description is not None and len((description.text or "").encode("utf-8")) > \
                MAX_DESCRIPTION_BYTES:
            add("I8", name, "description is over 4000 bytes", "shorten the description")
        for transcript in item.findall("podcast:transcript", NS):
            url, kind, rel = (transcript.get(k) for k in ("url", "type", "rel"))
            if not url or kind not in TRANSCRIPT_TYPES:
                add("P3", name, f"podcast:transcript url={url!r} type={kind!r} is invalid",
                    "rebuild the show")
            if rel is not None and rel != "captions":
                add("P3", name, f"podcast:transcript rel={rel!r}", "use rel=\"captions\" or none")
        chapters = item.findall("podcast:chapters", NS)
        if len(chapters) > 1:
            add("P4", name, "more than one podcast:chapters", "rebuild the show")
        for element in chapters:
            if not element.get("url") or element.get("type") != "application/json+chapters":
                add("P4", name, "podcast:chapters needs url and type=\"application/json+chapters\"",
                    "rebuild the show")
        for person in item.findall("podcast:person", NS):
            self.check_person(person, name)

    # files (both modes) -----------------------------------------------------
    def check_chapters_json(self, data: bytes, name: str, duration_s: float | None
                            ) -> list[tuple[float, str]] | None:
        """P4 on a chapters file's bytes; returns (start seconds, title) pairs."""
        try:
            doc = json.loads(data.decode("utf-8"))
            chapters = doc["chapters"]
            if not isinstance(doc.get("version"), str) or not isinstance(chapters, list):
                raise ValueError
            pairs = [(float(c["startTime"]), str(c["title"])) for c in chapters]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            self.add("P4", name, "the chapters file is not valid JSON chapters 1.2.0",
                     "rebuild the show")
            return None
        starts = [start for start, _ in pairs]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            self.add("P4", name, "chapter startTimes are not ascending", "rebuild the show")
        if pairs and duration_s is not None and starts[-1] >= duration_s:
            self.add("P4", name, f"the last chapter starts at {starts[-1]} s, not before the "
                     f"end ({duration_s:.1f} s)", "rebuild the show")
        return pairs

    def check_transcript(self, data: bytes, kind: str, name: str) -> None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add("P3", name, f"the {kind} transcript is not UTF-8", "rebuild the show")
            return
        if kind == "text/vtt":
            if not text.startswith("WEBVTT"):
                self.add("P3", name, "the VTT transcript does not start with WEBVTT",
                         "rebuild the show")
            for block in _blocks(text)[1:]:
                lines = block.splitlines()
                cue = lines[1:] if lines and "-->" not in lines[0] else lines
                # What a player shows: cue text is markup ("&amp;" is one character).
                long = [line for line in cue[1:] if len(html.unescape(line)) > 65]
                if long:
                    self.add("P3", name, f"VTT cue line over 65 characters: {long[0][:40]!r}...",
                             "rebuild the show")
                    break
        elif kind == "application/x-subrip":
            for block in _blocks(text):
                lines = block.splitlines()
                if len(lines) < 3 or "-->" not in lines[1]:
                    self.add("P3", name, "an SRT card is malformed", "rebuild the show")
                    break
                if len(lines) > 4:
                    self.add("P3", name, "an SRT card has more than 2 lines", "rebuild the show")
                    break
        elif kind == "application/json":
            try:
                doc = json.loads(text)
                segments = doc["segments"]
                for segment in segments:
                    float(segment["startTime"]), float(segment["endTime"]), str(segment["body"])
                if not isinstance(doc.get("version"), str):
                    raise ValueError
            except (ValueError, KeyError, TypeError):
                self.add("P3", name, "the JSON transcript is not valid (version, segments "
                         "with startTime, endTime, body)", "rebuild the show")


# ------------------------------------------------------------- a built folder


class _LocalCheck(_Check):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def earlier_feed_urls(self) -> tuple[str, ...]:
        return load_feed_urls(self.folder)

    def feed_bytes(self) -> bytes | None:
        path = self.folder / "feed.xml"
        if not self.folder.is_dir():
            self.add("F1", str(self.folder), "no such folder", "build the show first")
            return None
        try:
            return path.read_bytes()
        except OSError:
            self.add("F1", str(path), "feed.xml is missing", "build the show (the feed is "
                     "written last, so a failed build leaves none)")
            return None

    def local_file(self, url: str) -> Path | None:
        base = self.feed_url.rsplit("/", 1)[0] + "/" if self.feed_url else None
        if base and url.startswith(base):
            relative = url[len(base):]
        else:
            path = urllib.parse.urlparse(url).path
            match = re.search(r"(episodes/[^/]+|[^/]+)$", path)
            relative = match.group(1) if match else ""
        relative = urllib.parse.unquote(relative)
        if not relative or ".." in relative.split("/") or relative.startswith("/"):
            return None
        return self.folder / relative

    def check_channel_files(self, channel: etree._Element) -> None:
        href = _first_attr(channel, "itunes:image", "href")
        if not href:
            return
        path = self.local_file(href)
        if path is None or not path.is_file():
            self.add("F5", "channel", f"the cover image {href} is missing "
                     f"({path or 'not in the show folder'})", "rebuild the show")
            return
        for problem in cover_problems(path.read_bytes(), path.name):
            self.add("F5", str(path.name), problem, "rebuild the show or fix the image file")

    def check_item_files(self, item: etree._Element, name: str) -> None:
        enclosure = item.find("enclosure")
        if enclosure is None or not enclosure.get("url"):
            return
        mp3 = self.local_file(enclosure.get("url", ""))
        if mp3 is None or not mp3.is_file():
            self.add("I2", name, f"the enclosure file is missing ({mp3})", "rebuild the show")
            return
        size = mp3.stat().st_size
        if enclosure.get("length") != str(size):
            self.add("I2", name, f"enclosure length {enclosure.get('length')} but "
                     f"{mp3.name} has {size} bytes",
                     "rebuild (the length must be taken after the last tag write)")
        audio = _audio_facts(mp3, self, name)
        duration_s = audio.get("length_s")
        feed_duration = _text(item, "itunes:duration")
        if duration_s is not None and feed_duration.isdigit() and \
                abs(int(feed_duration) - duration_s) > 1.0:
            self.add("I6", name, f"itunes:duration {feed_duration} s but the file lasts "
                     f"{duration_s:.1f} s", "rebuild the show")
        for transcript in item.findall("podcast:transcript", NS):
            path = self.local_file(transcript.get("url", ""))
            if path is None or not path.is_file():
                self.add("P3", name, f"transcript {transcript.get('url')} is missing",
                         "rebuild the show")
                continue
            self.check_transcript(path.read_bytes(), transcript.get("type", ""), path.name)
        element = item.find("podcast:chapters", NS)
        if element is not None:
            path = self.local_file(element.get("url", ""))
            if path is None or not path.is_file():
                self.add("P4", name, f"chapters file {element.get('url')} is missing",
                         "rebuild the show")
            else:
                pairs = self.check_chapters_json(path.read_bytes(), path.name, duration_s)
                frames = audio.get("chapters")
                if pairs is not None and frames is not None:
                    same = len(pairs) == len(frames) and all(
                        title == f_title and abs(start * 1000 - f_start) <= 5
                        for (start, title), (f_start, f_title) in zip(pairs, frames))
                    if not same:
                        self.add("P4", name, f"{path.name} differs from the ID3 CHAP frames",
                                 "rebuild the show (chapters come from one timeline)")


def cover_problems(data: bytes, name: str, *, max_bytes: int = MAX_COVER_BYTES,
                   min_px: int = 1400, max_px: int = 3000) -> list[str]:
    """F5 for artwork bytes named `name`; [] when the image is fine."""
    from PIL import Image, UnidentifiedImageError

    problems = []
    suffix = name.lower().rsplit(".", 1)[-1]
    magic = "jpg" if data[:3] == b"\xff\xd8\xff" else "png" if data[:8] == b"\x89PNG\r\n\x1a\n" \
        else None
    if suffix in ("jpeg",):
        suffix = "jpg"
    if suffix not in ("jpg", "png"):
        problems.append(f"{name} is not .jpg or .png")
    elif magic != suffix:
        problems.append(f"{name}'s bytes are {magic or 'not an image'}, not {suffix}")
    if len(data) > max_bytes:
        problems.append(f"{name} is {len(data)} bytes, over {max_bytes}")
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            mode = image.mode
    except (UnidentifiedImageError, OSError):
        problems.append(f"{name} cannot be read as an image")
        return problems
    if mode != "RGB":
        problems.append(f"{name} is {mode}, not RGB")
    if width != height:
        problems.append(f"{name} is {width}x{height}, not square")
    if not min_px <= width <= max_px:
        problems.append(f"{name} is {width} px wide, not {min_px}..{max_px}")
    return problems


def _audio_facts(mp3: Path, check: _Check, name: str) -> dict:
    """A1, A3, A4, A5 on one MP3; returns its length and CHAP (start ms, title) list."""
    from mutagen import MutagenError
    from mutagen.id3 import ID3, CTOCFlags, ID3NoHeaderError
    from mutagen.mp3 import MP3, BitrateMode

    add = check.add
    facts: dict = {}
    data = mp3.read_bytes()
    try:
        info = MP3(mp3).info
    except MutagenError as exc:
        why = str(exc) or ("it is empty" if not data else "mutagen finds no MPEG audio frames")
        add("A1", name, f"{mp3.name} is not a readable MP3 ({why})", "rebuild the show")
        return facts
    facts["length_s"] = info.length
    if info.version != 1 or info.layer != 3:
        add("A1", name, f"MPEG-{info.version} Layer {info.layer}, not MPEG-1 Layer III",
            "rebuild the show")
    if info.sample_rate != 44100:
        add("A1", name, f"{info.sample_rate} Hz, not 44100 Hz", "rebuild the show")
    if info.channels != 1:
        add("A1", name, f"{info.channels} channels, not mono", "rebuild the show")
    bitrates = _frame_bitrates(data)
    if info.bitrate_mode in (BitrateMode.VBR, BitrateMode.ABR) or len(bitrates) > 1:
        add("A1", name, "the MP3 is not constant bitrate", "rebuild the show")
    if not 64_000 <= info.bitrate <= 128_000:
        add("A1", name, f"{info.bitrate // 1000} kbps, not 64..128", "set bitrate_kbps 64..128")

    if data[:3] != b"ID3" or data[3] != 3:
        add("A3", name, "the file does not start with an ID3v2.3 tag",
            "save tags with v2_version=3")
    if len(data) >= 128 and data[-128:-125] == b"TAG":
        add("A3", name, "the file has an ID3v1 tag", "save tags with v1=0")
    try:
        tags = ID3(mp3, translate=False)
    except ID3NoHeaderError:
        add("A4", name, "the file has no ID3 tags", "rebuild the show")
        return facts
    except MutagenError as exc:
        add("A4", name, f"the ID3 tag cannot be read ({exc})", "rebuild the show")
        return facts
    if tags.version[:2] == (2, 3) and tags.getall("TDRC"):
        add("A3", name, "TDRC in an ID3v2.3 tag", "call update_to_v23() before saving")
    for frame in ("TIT2", "TPE1", "TALB", "TRCK", "COMM", "USLT"):
        if not tags.getall(frame) or not any(str(f).strip() for f in tags.getall(frame)):
            add("A4", name, f"no {frame} frame", "rebuild the show")
    genres = [str(g) for f in tags.getall("TCON") for g in f.text]
    if "Podcast" not in genres:
        add("A4", name, f"TCON is {genres or 'missing'}, not Podcast", "rebuild the show")
    if not (tags.getall("TYER") or tags.getall("TDRC")):
        add("A4", name, "no date frame (TYER/TDRC)", "rebuild the show")
    covers = [f for f in tags.getall("APIC") if f.type == 3]
    if not covers:
        add("A4", name, "no APIC front cover", "rebuild the show")
    for cover in covers:
        if cover.mime not in ("image/jpeg", "image/jpg") or cover.data[:3] != b"\xff\xd8\xff":
            add("A4", name, f"APIC cover is {cover.mime}, not a JPEG", "rebuild the show")
        if len(cover.data) > MAX_APIC_BYTES:
            add("A4", name, f"APIC cover is {len(cover.data)} bytes, over 300 KB",
                "rebuild the show")

    chaps = tags.getall("CHAP")
    duration_ms = info.length * 1000
    ids = [c.element_id for c in chaps]
    if len(set(ids)) != len(ids):
        add("A5", name, "CHAP element ids are not unique", "rebuild the show")
    for chap in chaps:
        title = chap.sub_frames.getall("TIT2")
        if chap.start_time >= chap.end_time:
            add("A5", name, f"chapter {chap.element_id} does not start before it ends",
                "rebuild the show")
        # mutagen's length comes from the frame count; allow for encoder padding.
        if chap.end_time > duration_ms + 250:
            add("A5", name, f"chapter {chap.element_id} ends at {chap.end_time} ms, after "
                f"the audio ({duration_ms:.0f} ms)", "rebuild the show")
        if not title:
            add("A5", name, f"chapter {chap.element_id} has no TIT2", "rebuild the show")
    ordered = sorted(chaps, key=lambda c: c.start_time)
    if chaps:
        tops = [t for t in tags.getall("CTOC") if t.flags & CTOCFlags.TOP_LEVEL]
        if len(tops) != 1:
            add("A5", name, f"{len(tops)} top-level CTOC frames, expected 1", "rebuild the show")
        else:
            toc = tops[0]
            if not toc.flags & CTOCFlags.ORDERED:
                add("A5", name, "the CTOC is not flagged ORDERED", "rebuild the show")
            if list(toc.child_element_ids) != [c.element_id for c in ordered]:
                add("A5", name, "the CTOC does not list every chapter in order",
                    "rebuild the show")
    facts["chapters"] = [(c.start_time, str(c.sub_frames.getall("TIT2")[0])
                          if c.sub_frames.getall("TIT2") else "") for c in ordered]
    return facts


_BITRATES_V1_L3 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0)
_RATES_V1 = (44100, 48000, 32000, 0)


def _frame_bitrates(data: bytes, max_frames: int = 100_000) -> set[int]:
    """The set of bitrates (kbps) of the MPEG-1 Layer III frames after the ID3v2 tag."""
    offset = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        offset = 10 + size + (10 if data[5] & 0x10 else 0)
    found: set[int] = set()
    frames = 0
    while offset + 4 <= len(data) and frames < max_frames:
        b1, b2 = data[offset + 1], data[offset + 2]
        if data[offset] != 0xFF or (b1 & 0xFE) != 0xFA:  # sync, MPEG-1, Layer III
            if frames == 0 and offset < len(data) - 4:
                offset += 1  # skip padding before the first frame
                continue
            break
        bitrate = _BITRATES_V1_L3[b2 >> 4]
        rate = _RATES_V1[(b2 >> 2) & 3]
        if not bitrate or not rate:
            break
        length = 144_000 * bitrate // rate + ((b2 >> 1) & 1)
        if frames or not _is_info_frame(data, offset):
            found.add(bitrate)
        frames += 1
        offset += length
    return found


def _is_info_frame(data: bytes, offset: int) -> bool:
    """A Xing/Info header frame (its bitrate may differ from the audio's)."""
    window = data[offset:offset + 64]
    return b"Xing" in window or b"Info" in window


# ------------------------------------------------------------ a served show


class _RemoteCheck(_Check):
    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url if not url.endswith("/") else url + "feed.xml"
        self.feed_url = self.url

    def feed_bytes(self) -> bytes | None:
        try:
            with _open(self.url) as response:
                data = response.read()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            self.add("H1", self.url, f"cannot fetch the feed: {exc}",
                     "check the URL and that the server is running")
            return None
        self.check_http(self.url, "feed", "feed.xml")
        return data

    def check_channel_files(self, channel: etree._Element) -> None:
        href = _first_attr(channel, "itunes:image", "href")
        if href:
            self.check_http(href, "image", "channel")

    def check_item_files(self, item: etree._Element, name: str) -> None:
        index = list(item.getparent().findall("item")).index(item)
        if index >= HTTP_ITEMS:
            return
        enclosure = item.find("enclosure")
        if enclosure is not None and enclosure.get("url"):
            url = enclosure.get("url")
            size = self.check_http(url, "audio", name, ranges=True)
            if size is not None and enclosure.get("length") != str(size):
                self.add("I2", name, f"enclosure length {enclosure.get('length')} but the "
                         f"server sends {size} bytes", "rebuild the show")
        for transcript in item.findall("podcast:transcript", NS):
            url, kind = transcript.get("url"), transcript.get("type", "")
            if url:
                data = self.fetch(url, name)
                self.check_http(url, kind, name, cors=True)
                if data is not None:
                    self.check_transcript(data, kind, name)
        element = item.find("podcast:chapters", NS)
        if element is not None and element.get("url"):
            self.check_http(element.get("url"), "chapters", name, cors=True)
            data = self.fetch(element.get("url"), name)
            duration = _text(item, "itunes:duration")
            if data is not None:
                self.check_chapters_json(data, name, float(duration) if duration.isdigit()
                                         else None)

    def fetch(self, url: str, name: str) -> bytes | None:
        try:
            with _open(url) as response:
                return response.read()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            self.add("H1", name, f"GET {url} failed: {exc}", "upload every file of the show")
            return None

    def check_http(self, url: str, kind: str, name: str, *, ranges: bool = False,
                   cors: bool = False) -> int | None:
        """H1 (and H2, H3, H4 as asked) for one URL; returns its Content-Length."""
        add = self.add
        try:
            with _open(url, method="HEAD") as response:
                status, headers = response.status, response.headers
        except urllib.error.HTTPError as exc:
            add("H1", name, f"HEAD {url} answered {exc.code}", "serve the file; allow HEAD")
            return None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            add("H1", name, f"HEAD {url} failed: {exc}", "check the server")
            return None
        length = headers.get("Content-Length")
        if status != 200 or length is None or not length.isdigit():
            add("H1", name, f"HEAD {url}: status {status}, Content-Length {length!r}",
                "answer HEAD with 200 and Content-Length")
        mime = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind in HTTP_TYPES and mime not in HTTP_TYPES[kind]:
            add("H1", name, f"{url} is served as {mime or 'no type'}, expected "
                f"{HTTP_TYPES[kind][0]}", "configure the server's content types")
        if cors and headers.get("Access-Control-Allow-Origin") != "*":
            add("H4", name, f"{url} lacks Access-Control-Allow-Origin: *",
                "send Access-Control-Allow-Origin: * for transcripts and chapters")
        etag, modified = headers.get("ETag"), headers.get("Last-Modified")
        if ranges or kind == "feed":
            if not etag and not modified:
                add("H3", name, f"{url} has neither ETag nor Last-Modified",
                    "let the server send validators")
            else:
                conditional = {"If-None-Match": etag} if etag else {"If-Modified-Since": modified}
                try:
                    with _open(url, headers=conditional) as response:
                        status = response.status
                except urllib.error.HTTPError as exc:
                    status = exc.code
                except (urllib.error.URLError, OSError) as exc:
                    status = str(exc)
                if status != 304:
                    add("H3", name, f"a conditional GET of {url} answered {status}, not 304",
                        "let the server answer If-None-Match / If-Modified-Since")
        if ranges:
            try:
                with _open(url, headers={"Range": "bytes=0-1"}) as response:
                    status, body = response.status, response.read()
                    content_range = response.headers.get("Content-Range", "")
            except (urllib.error.URLError, OSError) as exc:
                add("H2", name, f"a Range request to {url} failed: {exc}",
                    "serve byte ranges")
            else:
                expected = f"bytes 0-1/{length}"
                if status != 206 or len(body) != 2 or content_range != expected:
                    add("H2", name, f"Range bytes=0-1 gave {status}, {len(body)} bytes, "
                        f"Content-Range {content_range!r} (expected 206 and {expected!r})",
                        "serve byte ranges (Apple's player needs them)")
        return int(length) if length and length.isdigit() else None


def _open(url: str, *, method: str = "GET", headers: dict | None = None):
    request = urllib.request.Request(url, method=method, headers={
        "User-Agent": "audiozine-check/1", **(headers or {})})
    return urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S)  # noqa: S310 (http(s) only)


# -------------------------------------------------------------------- helpers


def _text(parent: etree._Element, path: str) -> str:
    element = parent.find(path, NS)
    return (element.text or "").strip() if element is not None else ""


def _texts(parent: etree._Element, path: str) -> list[str]:
    return [(e.text or "").strip() for e in parent.findall(path, NS)]


def _first_attr(parent: etree._Element, path: str, attribute: str) -> str | None:
    element = parent.find(path, NS)
    return element.get(attribute) if element is not None else None


def _item_name(item: etree._Element) -> str:
    title = _text(item, "title")
    if title:
        return title
    enclosure = item.find("enclosure")
    return (enclosure.get("url", "") if enclosure is not None else "") or "an untitled item"


def _blocks(text: str) -> list[str]:
    return [b.strip("\n") for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]


def _rfc2822_problem(value: str) -> str | None:
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


def _podcast_guid(feed_url: str) -> str:
    without_scheme = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, without_scheme))


def _is_public(url: str) -> bool:
    """True unless the URL's host is local (localhost, loopback, private LAN, .local)."""
    host = (urllib.parse.urlparse(url).hostname or "").lower()
    if not host or host == "localhost" or host.endswith((".local", ".localhost", ".lan")):
        return False
    import ipaddress

    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." in host
    return not (address.is_private or address.is_loopback or address.is_link_local)

