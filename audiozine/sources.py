"""The `sources` stage: read essay collections (.txt, .md, .html) into `Essay` values.

Reading rules (what a writer can rely on):

* **Files and folders.** `read_sources` takes files and folders. A folder is read
  recursively; hidden files and folders (name starting with ".") and
  ``node_modules`` are skipped, as are a folder's README, LICENSE, CHANGELOG,
  CONTRIBUTING and NOTICE files (they describe the collection; name such a file
  explicitly to read it). A static site's drafts, templates and generated pages
  (``_drafts``, ``_layouts``, ``_includes``, ``_site``...) are skipped with a
  notice wherever they are (another folder starting with "_" is read). The root
  of a Jekyll site (``_config.yml`` and ``_posts``) or a Hugo site (``hugo.toml``,
  or ``config.toml`` beside ``layouts``, ``themes`` or ``archetypes``, and
  ``content``) is read for its posts only: every ``_posts`` folder and the
  collections ``_config.yml`` declares, or ``content`` without Hugo's
  ``_index.md`` section pages. A Markdown file with front matter and no text (a
  site's ``index.md`` with ``layout: home``) is skipped with a notice. Only
  ``.txt .text .md .markdown .html .htm`` files are read. Inside a folder,
  files with a date come first, oldest first; then files without a date. Ties,
  and undated files, are in file-name order, compared folder by folder,
  case-insensitively, with runs of digits compared as numbers
  (``2.md`` before ``10.md``). The paths given are read in the order given.
* **Decoding.** UTF-8 (with or without BOM) and UTF-16 with a BOM are read as is.
  Other text is decoded as Windows-1252 with a warning when that is safe; when it
  is not (undefined bytes, broken UTF-8, text that is not Latin script) the file is
  refused with an error naming the byte offset and line. Binary files are refused.
* **Cleaning.** CRLF and CR line ends, tabs, non-breaking and other wide spaces
  become plain newlines and spaces; control characters, zero-width and other
  invisible format characters and unpaired surrogates are removed; the visible
  text (emoji, right-to-left scripts...) is kept.
* **Plain text.** An essay starts with a title line followed by its body. A title
  is a short line (at most 150 characters and 25 words) that starts a paragraph
  (after a blank line or at the start of the file, in files that separate
  paragraphs with blank lines), does not end like a sentence (``.`` ``,`` ``;``
  ``:`` ``…``), has no sentence break inside, and is followed by body text that
  does not start in lower case. A title may end with ``?`` or ``!`` or sit in
  quotes, but such a line is not a title when it is three words or fewer, follows
  a paragraph ending in ``:``, or is a common sign-off ("Thanks for reading!").
  A title-like line followed by another title-like line or by the end of the file
  is a sign-off that stays in the essay before it. Paragraphs are separated by
  blank lines, or by single newlines when every line is a paragraph; hard-wrapped
  text is joined back into paragraphs. Text before the first title is reported and
  not narrated; a file without any title is one essay named after the file.
  A title taken from a file name leaves out a leading Jekyll date
  (``2024-03-10-my-post.md``: "My post") or post id (Substack's
  ``139012345.the-quiet-office.html``: "The quiet office").
* **Datelines.** In plain text, Markdown and HTML, a line (a paragraph) right under
  an essay's title that is only a date ("March 3, 2021", "3 March 2021",
  "2021-03-03", maybe after "Posted on" or a weekday) is the essay's date and is not
  read, when nothing else dates the essay (or it repeats that date) and text follows
  it. So is such a line right above the title of a file's first essay (the line
  after it is the title), and then above each next essay's title. A title with a
  year or a number in it ("1984 Revisited", "2020: A Year in Review") stays a title,
  and a date with only body text under it is its essay's title (a diary's entry).
* **Markdown.** Optional YAML front matter (``title``, ``date``, ``description``,
  ``author``, ``tags``; Obsidian's ``created`` dates an essay that has no other
  date); the backticks of inline code in its values are dropped, as in the text.
  A Markdown or HTML file named like a Jekyll post (``2024-03-10-slug.md``)
  without a front-matter date has the file name's date. With a front-matter title
  the file is one essay and every heading is a section (a first ``#`` heading
  repeating the title is dropped).
  Without one, each ``#`` heading starts an essay. ``##`` and deeper headings start
  sections. Emphasis is dropped, list items and block-quote paragraphs become
  paragraphs, link text is read and the link kept for show notes; code blocks and
  images are not narrated. Jekyll's Liquid (``{% ... %}``, ``{{ ... }}``; a
  ``highlight`` or ``raw`` block is skipped like code) and kramdown's attribute
  lists (``{: .lead}``, ``{:toc}`` with its list), abbreviation definitions,
  task-list boxes, emoji codes (``:smile:``) and ``$$`` display math are not read.
* **HTML.** ``h1`` headings are essay titles, deeper headings start sections, also
  when the title is directly followed by an ``h2``. A single ``h1`` followed by
  ``h2`` essays each in an ``article`` of its own (a blog's front page) is the
  collection's title, and the ``h2`` are the essays' titles. A page without an
  ``h1`` is one essay titled by its ``<title>``, or by a lone heading opening it,
  or else by the file name. Paragraphs, list items, block quotes and loose text
  are read; scripts, styles, navigation, forms, images, footers,
  sidebars, the page header (outside the ``article``) and the byline and dates in
  an article's ``header`` (only its headings are read) are not, nor are share,
  subscribe and comment buttons, "read more" blocks, a linked picture, or an
  embedded tweet's byline (its text is read). A figure caption is read as a
  paragraph of its own, without its photo credit ("Photo: Jane Doe / Reuters",
  "(Photo by X on Unsplash)", "Credit: ...", a ``credit`` element); a "Photo:"
  label before a description ("Photo: the harbour at dawn") is dropped and the
  description read. A post is dated
  by its ``article:published_time`` (or similar) meta tag, Blogger's ``abbr``
  of class ``published``, its first ``time``, or its dateline. A
  subtitle (Substack's, Medium's) is the first paragraph and the description, and
  a heading repeating the one before it is dropped. The ``main``
  element, or the page's only ``article``, is read when there is one.
* **Links.** Bare URLs are not read aloud: they are replaced by their host name
  ("example.com") and kept as links.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import urlparse

from . import layout
from .errors import SourceError
from .models import Essay, Link, Notice, Section, plural

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
SOURCE_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES


@dataclass(frozen=True)
class SourceResult:
    """Everything read from the sources: the essays in order, and warnings."""

    essays: tuple[Essay, ...]
    notices: tuple[Notice, ...]


# ------------------------------------------------------------------ decoding

# Bytes that Windows-1252 leaves undefined: text containing them is not cp1252.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _refuse(path: Path, data: bytes, offset: int, why: str) -> SourceError:
    return SourceError(
        f"not UTF-8 text: {why} (byte 0x{data[offset]:02X} at offset {offset}); "
        "save the file as UTF-8", path=path, line=_line_at(data, offset))


def decode_bytes(data: bytes, path: Path) -> tuple[str, list[Notice]]:
    """Decode a source file's bytes; see `read_text_file`."""
    if not data.strip():
        raise SourceError("the file is empty", path=path)
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom) and not data.startswith(codecs.BOM_UTF8):
            try:
                return data.decode(codec), []
            except UnicodeDecodeError as exc:
                raise SourceError(f"invalid {codec.upper()} text at byte {exc.start}",
                                  path=path) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SourceError(f"binary file, not text (NUL byte at offset {nul})", path=path,
                          line=_line_at(data, nul))
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        bad = exc.start
    # A charset declared by an HTML page is trusted when it decodes cleanly.
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            if codecs.lookup(name).name not in ("utf-8", "utf-8-sig"):
                return data.decode(name), []
        except (LookupError, UnicodeDecodeError):
            pass
    undefined = next((i for i, b in enumerate(data) if b in _CP1252_UNDEFINED), None)
    if undefined is not None:
        raise _refuse(path, data, bad, "undecodable byte, and not Windows-1252 either")
    utf8_runs = len(_UTF8_SEQUENCE.findall(data))
    high = sum(1 for b in data if b >= 0x80)
    if utf8_runs >= 2 and utf8_runs * 2 >= high - utf8_runs * 2:
        raise _refuse(path, data, bad, "mostly UTF-8 with an invalid byte")
    text = data.decode("cp1252")
    letters = [c for c in text if c.isalpha()]
    non_ascii = sum(1 for c in letters if ord(c) >= 0x80)
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\r\n\t\f")
    if not letters or non_ascii > 0.3 * len(letters) or controls > 0.01 * len(text):
        raise _refuse(path, data, bad, "the text does not look like Windows-1252 either")
    notice = Notice(f"not UTF-8: decoded as Windows-1252 (first non-UTF-8 byte at offset "
                    f"{bad}); save the file as UTF-8 to silence this warning",
                    path=path, line=_line_at(data, bad))
    return text, [notice]


def read_text_file(path: Path) -> tuple[str, list[Notice]]:
    """Read a source file as text.

    UTF-8 (BOM optional) and UTF-16/32 with a BOM are decoded silently; other text
    is decoded as Windows-1252 with a warning if it decodes cleanly and looks like
    text. Raises `SourceError` (naming the byte offset and line) otherwise, and for
    missing, unreadable, empty or binary files. The BOM is removed; the text is
    otherwise as in the file.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("no such file", path=path) from None
    except IsADirectoryError:
        raise SourceError("is a folder, not a file", path=path) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=path) from None
    text, notices = decode_bytes(data, path)
    return text.lstrip("\ufeff"), notices


# ------------------------------------------------------------------ cleaning

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000110bd\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]")


def clean_text(text: str) -> str:
    """Normalize line ends and spaces; drop control and invisible characters."""
    text = _NEWLINES.sub("\n", text)
    text = _SPACES.sub(" ", text)
    return _INVISIBLE.sub("", text)


def _squash(text: str) -> str:
    return " ".join(clean_text(text).split())


_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"“”‘’]+", re.I)


def _host(url: str) -> str:
    parsed = urlparse(url if "://" in url else "http://" + url)
    host = (parsed.hostname or url).lower()
    return host[4:] if host.startswith("www.") else host


def _unlink_urls(text: str, links: list[Link]) -> str:
    """Replace bare URLs by their host name, recording them as links."""
    def replace(match: re.Match) -> str:
        url = match.group(0)
        trail = ""
        while url and url[-1] in ".,;:!?)]}'":
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            trail = url[-1] + trail
            url = url[:-1]
        host = _host(url)
        links.append(Link(text=host, url=url if "://" in url else "http://" + url))
        return host + trail
    return _URL.sub(replace, text)


def _looks_like_url(text: str) -> bool:
    return bool(re.fullmatch(r"(?:https?://|www\.|mailto:)\S+", text.strip(), re.I))


# ------------------------------------------------------- events -> essays

@dataclass
class _Event:
    """A heading or a paragraph found in a file, before essays are formed."""

    kind: str  # "heading" or "paragraph"
    text: str
    line: int
    level: int = 0
    links: list[Link] = field(default_factory=list)
    article: int = 0
    """HTML: which of the page's <article> elements holds the event (1, 2...; 0: none)."""
    subtitle: bool = False
    """HTML: the paragraph is the page's subtitle (a dateline may come under it)."""


@dataclass
class _Meta:
    title: str | None = None
    date: dt.date | None = None
    created: dt.date | None = None
    """Obsidian's "created:", the essay's date when nothing else dates it."""
    description: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    notices: tuple[Notice, ...] = ()


# A Jekyll post's date ("2024-03-10-my-post.md") and a Substack export's post id
# ("139012345.the-quiet-office.html") start the file name but are not the title.
_NAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(?=.)")
_NAME_PREFIX = re.compile(r"^(?:\d{4}-\d{2}-\d{2}-|\d{6,}\.)(?=.)")  # not "3.5-reasons"
NAMED_AFTER_FILE = "no title found; the essay is named after the file"


def _date_from_path(path: Path) -> dt.date | None:
    """The date of a Jekyll post named "2024-03-10-slug.md", if it is a real date."""
    match = _NAME_DATE.match(path.stem)
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:  # 2024-13-45-x.md: not a date
        return None


def title_from_file_name(path: Path) -> str:
    """"2024-03-10-my-post.md" -> "My post": a file's name as a title, without a
    leading post date or export id."""
    stem = re.sub(r"[_\-]+", " ", _NAME_PREFIX.sub("", path.stem)).strip()
    return stem[:1].upper() + stem[1:] if stem else "Untitled"


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


#: WordPress shortcodes ("[caption id=... align=...]Text[/caption]", "[gallery ids=...]"):
#: the tags go, the text inside stays. Known names, or any tag with attributes.
_SHORTCODE = re.compile(
    r"\[/?(?:caption|wp_caption|gallery|embed|video|audio|playlist|contact-form(?:-7)?|"
    r"vc_\w+|et_pb_\w+|fusion_\w+)\b[^\]]*\]"
    r"|\[[a-z][\w-]*(?:\s+[\w-]+\s*=\s*(?:\"[^\"\]]*\"|“[^”\]]*”|″[^″\]]*″|'[^'\]]*'|[^\s\]]+))+"
    r"\s*/?\]")
#: A paragraph that is only a blog's or a newsletter's widgets, as their text: buttons and
#: links ("Subscribe now", "Jump to Recipe"), "Posted by ...", a copyright line.
_WIDGET_PIECE = re.compile(
    r"subscribe(?: now| for free)?|subscribe to:? post comments(?: \(atom\))?|post comments"
    r"(?: \(atom\))?|unsubscribe|view (?:this (?:email|post) )?(?:in|on) (?:your |the )?"
    r"(?:browser|web)|(?:jump to|print|pin|save|rate this) recipe|back to (?:the )?top|"
    r"share(?: this(?: post)?)?|leave a comment|this post is for (?:paid )?subscribers(?: only)?|"
    r"click to expand|continue reading|read more|sign up|log ?in|"
    r"posted (?:by|on) [^,;]*\d[^;]{0,40}|posted in [A-Z][\w ]{0,30}|"  # with a date or time
    r"(?:©|copyright (?:©|\(c\)|\d{4})).{0,100}|all rights reserved", re.I)


#: English month names, written out: calendar's follow the process's locale.
_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for name in names}
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MONTH_NAME = r"(?P<month>[a-z]{3,9})\.?"
_YEAR = r"(?P<year>\d{4})"
#: How a date is written on a line of its own under a title.
_DATELINE_FORMS = (
    rf"{_MONTH_NAME} {_DAY},? {_YEAR}",               # March 3, 2021; Mar. 3rd 2021
    rf"{_DAY} (?:of )?{_MONTH_NAME},? {_YEAR}",       # 3 March 2021
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})",  # 2021-03-03
)
#: What may come before it: "Posted on", "Published:", "Date:", a weekday.
_DATELINE_LEAD = (r"(?:(?:posted|published|written)(?: on)?:? |date: )?"
                  r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,? )?")
_DATELINES = tuple(re.compile(_DATELINE_LEAD + form + r"\.?", re.I) for form in _DATELINE_FORMS)


def _dateline_date(text: str) -> dt.date | None:
    """The date a line is, when the date is the whole line ("March 3, 2021", "Posted
    on 2021-03-03", "Wednesday, 3 March 2021"); None for any other text, or a date
    that does not exist (February 30)."""
    line = " ".join(text.split()).strip(" ()[]—–-")
    for form in _DATELINES:
        found = form.fullmatch(line)
        if found:
            month = found.group("month").lower()
            try:
                return dt.date(int(found.group("year")),
                               int(month) if month.isdigit() else _MONTHS[month],
                               int(found.group("day")))
            except (KeyError, ValueError):  # "Chapter 3, 2021"; 2021-02-30
                return None
    return None


def _is_widget_text(text: str) -> bool:
    pieces = [p.strip(" ,:-–—·•|") for p in re.split(r"[.!|·•]+\s*|\s{2,}", text)]
    pieces = [p for p in pieces if p]
    return bool(pieces) and all(_WIDGET_PIECE.fullmatch(p) for p in pieces)


def _without_widgets(events: list[_Event], *, datelines: bool = False) -> list[_Event]:
    """Events with shortcodes taken out and widget-only paragraphs and headings dropped.
    With `datelines`, a widget-like date right under or above a heading ("Posted on
    March 3, 2021") is kept, to date its essay (`_essays_from_events` drops it
    otherwise)."""
    kept = []
    for n, event in enumerate(events):
        text = _squash(_SHORTCODE.sub(" ", event.text)) if "[" in event.text else event.text
        by_heading = (n > 0 and events[n - 1].kind == "heading") or \
            (n + 1 < len(events) and events[n + 1].kind == "heading")
        if text and (not _is_widget_text(text)
                     or (datelines and by_heading and _dateline_date(text))):
            kept.append(event if text == event.text else dataclasses.replace(event, text=text))
    return kept


def _essays_from_events(events: list[_Event], path: Path, meta: _Meta, *,
                        essay_level: int = 1, datelines: bool = False
                        ) -> tuple[list[Essay], list[Notice]]:
    """Group headings and paragraphs into essays and sections.

    With a front-matter title the whole file is one essay. Otherwise headings of
    `essay_level` or higher start essays; deeper headings start sections. With
    `datelines`, a paragraph that is only a date right under an essay's title dates
    the essay and is not read, when nothing else (`meta.date`) dates it, or it is
    that date, and the essay has text after it. So does one right above the title
    of the file's first essay, and then above each essay's title (the file's layout).
    """
    events = _without_widgets(events, datelines=datelines)
    notices: list[Notice] = []
    essays: list[dict] = []

    def start(title: str, line: int) -> None:
        essays.append({"title": title, "line": line, "sections": [[None, [], line]],
                       "links": [], "date": None})

    def starts_essay(event: _Event) -> bool:
        return event.kind == "heading" and event.level <= essay_level and not meta.title

    def text_follows(n: int) -> bool:
        """Whether the essay has a paragraph after events[n]."""
        for later in events[n + 1:]:
            if starts_essay(later):
                return False
            if later.kind == "paragraph":
                return True
        return False

    def is_essay_date(date: dt.date) -> bool:
        return meta.date is None or date == meta.date  # (the page's <time>, shown)

    def above_title(n: int) -> bool:
        """Whether events[n] sits right above an essay's title with text: at the start
        of the file, or after an essay with text in a file whose first essay's date
        is above its title."""
        if n + 1 >= len(events) or not starts_essay(events[n + 1]) or not text_follows(n + 1):
            return False
        if not essays:
            return n == 0
        return dated_above and any(ps for _, ps, _ in essays[-1]["sections"])

    titled = False  # the last event was the essay's title: a dateline may follow
    dated_above = False  # the first essay's date is above its title: the file's layout
    date_above: dt.date | None = None  # for the essay whose title comes next
    if meta.title:
        start(meta.title, 1)
        titled = True
        if events and events[0].kind == "heading" and _norm(events[0].text) == _norm(meta.title):
            events = events[1:]
    elif not any(e.kind == "heading" and e.level <= essay_level for e in events):
        first = events[0] if events else None
        if first is not None and first.kind == "heading":
            start(first.text, first.line)
            titled = True
            events = events[1:]
        elif any(e.kind == "paragraph" for e in events):
            start(title_from_file_name(path), first.line if first else 1)
            notices.append(Notice(NAMED_AFTER_FILE, path=path,
                                  line=first.line if first else None))
    unplaced: list[_Event] = []
    for n, event in enumerate(events):
        under_title, titled = titled, False
        if event.kind == "paragraph" and datelines:
            date = _dateline_date(event.text)
            if date and under_title and is_essay_date(date) and text_follows(n):
                essays[-1]["date"] = date
                continue
            if date and is_essay_date(date) and above_title(n):
                dated_above = dated_above or not essays
                date_above = date
                continue
            if date and _is_widget_text(event.text):
                continue  # "Posted on March 3, 2021" that dates nothing: not read
        if starts_essay(event):
            start(event.text, event.line)
            essays[-1]["date"], date_above = date_above, None
            titled = True
        elif not essays:
            unplaced.append(event)
        elif event.kind == "heading":
            essays[-1]["sections"].append([event.text, [], event.line])
        else:
            essays[-1]["sections"][-1][1].append(event.text)
            essays[-1]["links"].extend(event.links)
            titled = under_title and event.subtitle  # the dateline may be under the subtitle
    if unplaced:
        words = sum(len(e.text.split()) for e in unplaced)
        notices.append(Notice(
            f"{len(unplaced)} paragraph(s) ({words} words) before the first title belong to "
            "no essay and will not be narrated", path=path, line=unplaced[0].line))
    result = []
    for raw in essays:
        sections = tuple(Section(title=t, paragraphs=tuple(ps))
                         for t, ps, _ in raw["sections"] if ps)
        if not sections:
            raise SourceError(f"the essay '{raw['title']}' has a title but no text",
                              path=path, line=raw["line"])
        links = tuple(dict.fromkeys(raw["links"]))
        result.append(Essay(
            title=raw["title"], sections=sections, source_path=path, source_line=raw["line"],
            date=meta.date or raw["date"],
            description=meta.description if len(essays) == 1 else None,
            author=meta.author, tags=meta.tags, links=links))
    return result, notices


# ------------------------------------------------------------------ plain text

_TERMINAL = ".!?…:;\"”’)]»"
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_DECORATION = re.compile(r"[\s\-=*_~#.•·+]{3,}")
_LIST_MARKER = re.compile(r"(?:[-*•+>|]|\d+[.)]|[a-zA-Z][.)])\s")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "vs", "prof", "jr", "sr", "no", "vol",
                  "etc", "inc", "ltd", "co", "mt", "ft", "e.g", "i.e", "u.s", "u.k", "a.m",
                  "p.m", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                  "oct", "nov", "dec"}
_SENTENCE_BREAK = re.compile(r"(\S+)[.!?…][\"”’)\]]*\s+[\"“‘(\[]*[A-Z0-9]")
_SIGN_OFF = re.compile(
    r"(thanks|thank you|many thanks|cheers|best|best wishes|best regards|kind regards|"
    r"warm regards|regards|warmly|sincerely|yours|yours truly|love|xo+|x+o+x+o+|peace|"
    r"peace out|ciao|bye|bye for now|later|onward|onwards|stay safe|stay tuned|stay well|"
    r"stay curious|take care|talk soon|see you|see ya|until next time|till next time|"
    r"more soon|more next week|the end|end|fin|signing off|over and out|that'?s all|"
    r"that'?s it|happy \w+|enjoy|enjoy the \w+|have a (great|good|nice) \w+)"
    r"( so much| all| again| everyone| folks| friends)?"
    r"( for (reading|listening|your time|stopping by|following along|being here|"
    r"subscribing|the read)( everyone| folks| friends)?)?"
    r"( (soon|next (time|week|month)|later|around|tomorrow))?")


def _strip_wrapping(text: str) -> str:
    return text.strip().strip(_OPENERS + _CLOSERS + " ")


def _is_sign_off(text: str) -> bool:
    core = re.sub(r"[^\w' ]+", " ", text.casefold().replace("’", "'"))
    return bool(_SIGN_OFF.fullmatch(" ".join(core.split())))


def _title_strength(text: str) -> int:
    """2: looks like a title; 1: could be a title (ends with ? or !); 0: body text."""
    if not text or len(text) > 150 or len(text.split()) > 25:
        return 0
    if not any(c.isalpha() for c in text) or _LIST_MARKER.match(text):
        return 0
    first = text.lstrip(_OPENERS)[:1]
    if not first or first.islower() or first in "-–—*#/\\,.;:":
        return 0
    for match in _SENTENCE_BREAK.finditer(text):
        if match.group(1).strip(_OPENERS).casefold() not in _ABBREVIATIONS \
                and len(match.group(1).strip(_OPENERS)) > 1:
            return 0
    end = text.rstrip(_CLOSERS + " ")[-1:]
    if end in ".,;:…-–—":
        return 0
    return 1 if end in "?!" else 2


@dataclass
class _Paragraph:
    text: str
    line: int
    block_start: bool


def _text_paragraphs(text: str) -> list[_Paragraph]:
    lines = [line.strip() for line in clean_text(text).split("\n")]
    lines = ["" if _DECORATION.fullmatch(line) else line for line in lines]
    nonblank = [line for line in lines if line]
    internal = [a for a, b in zip(lines, lines[1:]) if a and b]
    lengths = sorted(len(line) for line in nonblank)
    width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    ending = sum(1 for line in internal if line[-1] in _TERMINAL)
    wrapped = len(internal) >= 3 and ending < 0.4 * len(internal) and width <= 120

    paragraphs: list[_Paragraph] = []
    current: list[str] = []
    start_line = 0
    block_start = True
    for number, line in enumerate(lines + [""], 1):
        if not line:
            if current:
                paragraphs.append(_Paragraph(" ".join(current), start_line, block_start))
                current = []
            block_start = True
            continue
        if current:
            previous = current[-1]
            continues = line[:1].islower() and previous[-1] not in _TERMINAL
            if wrapped:
                continues = continues or len(previous) >= 0.6 * width
            if not continues:
                paragraphs.append(_Paragraph(" ".join(current), start_line, block_start))
                current = []
                block_start = False
        if not current:
            start_line = number
        current.append(line)
    for p in paragraphs:
        p.text = " ".join(p.text.split())
    return paragraphs


def _under_date_line(paragraphs: list[_Paragraph], i: int) -> bool:
    """Whether paragraphs[i] is the line after a date line opening its block ("March 3,
    2021" then "The commute"): a title under its date starts the block as much as the
    date does. Not when the date is itself a dateline under a title-like line."""
    if i == 0 or not paragraphs[i - 1].block_start or not _dateline_date(paragraphs[i - 1].text):
        return False
    return i == 1 or not _title_strength(paragraphs[i - 2].text)


def _text_events(text: str) -> list[_Event]:
    """Classify plain-text paragraphs into titles and body (see the module docstring)."""
    paragraphs = _text_paragraphs(text)
    blank_line_style = sum(p.block_start for p in paragraphs) >= 0.5 * len(paragraphs)
    BODY, TITLE, SIGN_OFF = 0, 1, 2
    kinds = []
    for i, p in enumerate(paragraphs):
        strength = _title_strength(p.text)
        kind = TITLE if strength else BODY
        if strength and _is_sign_off(p.text):
            kind = SIGN_OFF
        elif strength:
            previous = paragraphs[i - 1].text if i else ""
            following = paragraphs[i + 1].text if i + 1 < len(paragraphs) else ""
            if blank_line_style and not p.block_start and not _under_date_line(paragraphs, i):
                kind = BODY
            elif previous.endswith(":") or following.lstrip(_OPENERS)[:1].islower():
                kind = BODY
            elif strength == 1 and i and len(_strip_wrapping(p.text).split()) <= 3:
                kind = BODY
        kinds.append(kind)
    # "March 3, 2021" under a title (with text after it) is its dateline, not a second
    # title-like line that the title could be mistaken for; above a title, it is not
    # the title (`_essays_from_events` decides whether it dates the essay).
    for i in range(1, len(paragraphs) - 1):
        if kinds[i - 1] == TITLE and kinds[i] != BODY and _dateline_date(paragraphs[i].text):
            kinds[i] = BODY
    for i in range(len(paragraphs) - 2):
        if kinds[i] != BODY and kinds[i + 1] == TITLE and kinds[i + 2] == BODY \
                and _dateline_date(paragraphs[i].text):
            kinds[i] = BODY

    events: list[_Event] = []

    def body(p: _Paragraph) -> None:
        links: list[Link] = []
        events.append(_Event("paragraph", _unlink_urls(p.text, links), p.line, links=links))

    def title(p: _Paragraph) -> None:
        events.append(_Event("heading", _unlink_urls(p.text, []), p.line, level=1))

    have_essay = False
    i = 0
    while i < len(paragraphs):
        if kinds[i] == BODY:
            body(paragraphs[i])
            i += 1
            continue
        j = i
        while j < len(paragraphs) and kinds[j] != BODY:
            j += 1
        run = list(range(i, j))
        titles = [k for k in run if kinds[k] == TITLE]
        if not titles:
            chosen = None
        elif not have_essay:
            chosen = titles[0]
        elif j == len(paragraphs):
            chosen = None  # title-like lines at the end of the file are sign-offs
        else:
            chosen = titles[-1]
        for k in run:
            if k == chosen:
                title(paragraphs[k])
                have_essay = True
            else:
                body(paragraphs[k])
        i = j
    return events


# ------------------------------------------------------------------ markdown

_FRONT_MATTER_KEYS = ("title", "date", "created", "description", "excerpt", "summary",
                      "subtitle", "author", "tags")
"""The front-matter keys audiozine reads (below, in `_front_matter`)."""
_OTHER_FRONT_MATTER_KEYS = ("draft", "published", "layout", "permalink", "categories",
                            "category", "slug", "lang", "weight", "image", "cover", "series")
"""Keys of static site generators, which audiozine leaves alone without a word."""
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.S)  # Hugo
DRAFT_NOTICE = "a draft (draft: true or published: false in its front matter): not narrated"
PAGE_NOTICE = ("only front matter, no text (a site's page made by its layout, such as an "
               "index.md with layout: home): not narrated")


def _as_date(value: object) -> dt.date | None:
    """A front-matter value as a date (a YAML date, "2024-03-01", "2024-03-01T10:00Z"),
    or None when it is none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            pass
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    return None


def _parse_date(value: object, path: Path, line: int | None) -> dt.date | None:
    if value is None or value == "":
        return None
    date = _as_date(value)
    if date is not None:
        return date
    raise SourceError(f"expected a date such as 2024-03-01, got {value!r}", path=path,
                      line=line, field="date")


def _created_date(value: object) -> dt.date | None:
    """Obsidian's "created:" as a date: 2023-04-05, "2023-04-05 10:22", or a link to
    the day's note ("[[2023-04-05]]", which YAML reads as a list in a list). Unlike
    "date:", another tool's key: a value that is no date is not an error."""
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, str):
        value = value.strip().removeprefix("[[").removesuffix("]]")
    return _as_date(value)


def _load_front_matter(raw: str, toml: bool, path: Path) -> object:
    """The front matter's data: YAML between --- lines, or TOML between +++ (Hugo)."""
    if toml:
        import tomllib

        try:
            return tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"\(at line (\d+)", str(exc))
            raise SourceError(f"front matter: {str(exc).split(' (at line')[0]}", path=path,
                              line=int(found.group(1)) + 1 if found else 1) from None
    import yaml

    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        rows = raw.split("\n")
        if problem.startswith("mapping values are not allowed"):
            # "title: Bikes: what they cost": the second colon
            pair = re.match(r"\s*([\w-]+)\s*:\s*(.+?)\s*$", rows[line - 2] if 2 <= line <= len(rows) + 1 else "")
            example = f"{pair.group(1)}: \"{pair.group(2)}\"" if pair else 'title: "Bikes: a cost"'
            problem += f"; a value with a colon in it needs quotes: {example}"
        elif "end of stream" in problem or "while scanning a quoted scalar" in str(exc):
            opened = next((n for n, text in enumerate(rows, 2)
                           if re.match(r"\s*[\w-]+\s*:\s*(['\"])", text)
                           and text.count(re.match(r"\s*[\w-]+\s*:\s*(['\"])", text).group(1)) % 2),
                          None)
            if opened is not None:
                line = opened
                problem = "a quoted value is never closed (a quote is missing at the end)"
        raise SourceError(f"front matter: {problem}", path=path, line=line) from None
    except ValueError as exc:  # a date YAML recognizes but cannot make: 2024-13-45
        row, key = _impossible_date_at(raw)
        raise SourceError(f"front matter: not a valid date ({exc})", path=path, line=row,
                          field=key) from None


def _impossible_date_at(raw: str) -> tuple[int, str]:
    """(line, key) of the YAML date that YAML cannot make (2023-13-45), which may be
    "created:" as well as "date:": each dated row is loaded alone to find the one."""
    import yaml

    for number, text in enumerate(raw.split("\n"), 2):
        found = re.match(r"\s*([\w-]+)\s*:\s*\d{4}-\d", text)
        if found:
            try:
                yaml.safe_load(text.strip())
            except ValueError:
                return number, found.group(1).lower()
            except yaml.YAMLError:  # the row is no YAML alone: not this one
                continue
    return 1, "date"


#: A code span ("`git rebase`", "``a ` b``"): a run of backticks closed by an equal run.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def _without_code_marks(text: str) -> str:
    """"Why `git rebase` scares people" -> "Why git rebase scares people": a front-matter
    value's code spans read as Markdown reads them in the text (a lone ` stays)."""
    def content(match: re.Match[str]) -> str:
        inner = match.group(2)
        both = inner.startswith(" ") and inner.endswith(" ") and inner.strip()
        return inner[1:-1] if both else inner  # "`` `x` ``" is "`x`", as in CommonMark
    return _CODE_SPAN.sub(content, text)


def _people(value: object) -> str:
    """An author list ("[Ana, Bob]", or Quarto's "- name: Ana") as "Ana and Bob"."""
    names = [str(v.get("name", "")) if isinstance(v, dict) else str(v) for v in value]
    names = [_squash(n) for n in names if _squash(n)]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def _fits_key(key: str, value: str) -> bool:
    """Whether `value` looks like a front-matter value of `key`, not a sentence."""
    value = value.strip().strip("'\"")
    if key in ("date", "created"):
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[ T].*)?", value) is not None
    return 0 < len(value.split()) <= 12 and not re.search(r"[.!?]$", value)


def _front_matter(text: str, path: Path) -> tuple[_Meta, str, int]:
    """Split front matter off; returns the metadata, the body and its line offset."""
    match = _FRONT_MATTER.match(text) or _TOML_FRONT_MATTER.match(text)
    if not match:
        # An opening --- (or +++) followed by keys: front matter someone forgot to
        # end, which would otherwise be read aloud ("layout: post title: ..."). A key
        # is one audiozine reads, in any case, or a lowercase name as Jekyll and Hugo
        # use (layout, permalink). It takes two lines of them, or one of audiozine's
        # keys with a value that fits it: "---" then "Edit: I rewrote the ending." or
        # "Date: a Tuesday in March" is a rule and prose.
        key = rf"(?:(?i:{'|'.join(_FRONT_MATTER_KEYS)})|[a-z_][a-z0-9_-]*)[ \t]*"
        ours = re.match(rf"\A(?:---|\+\+\+)[ \t]*\n((?i:{'|'.join(_FRONT_MATTER_KEYS)}))"
                        r"[ \t]*[:=][ \t]*(.*)\n", text)
        if re.match(rf"\A(?:---[ \t]*\n{key}:.*\n{key}:|\+\+\+[ \t]*\n{key}=.*\n{key}=)",
                    text) or (ours and _fits_key(ours.group(1).lower(), ours.group(2))):
            raise SourceError(f"front matter starting at line 1 is never closed with "
                              f"{text[:3]}", path=path, line=1)
        return _Meta(), text, 0
    raw = match.group(1) or ""
    data = _load_front_matter(raw, text.startswith("+"), path) or {}
    if not isinstance(data, dict):
        raise SourceError("front matter must be a mapping of keys to values", path=path,
                          line=1)

    # "Title:" as "title:" (a lowercase key wins when both are given).
    data = {str(key).lower(): value for key, value in
            sorted(data.items(), key=lambda item: str(item[0]).islower())}

    def line_of(key: str) -> int | None:
        for number, row in enumerate(raw.split("\n"), 2):
            if re.match(rf"{re.escape(key)}\s*[:=]", row, re.I):  # top level, not "seo: title:"
                return number
        return None

    def as_written(key: str) -> str:
        """The value as typed: YAML makes "title: Yes" True and "title: 1984" a number."""
        number = line_of(key)
        row = raw.split("\n")[number - 2] if number else ""
        value = re.sub(r"\s+#.*$", "", re.sub(r"^[^:=]*[:=]\s*", "", row))  # "1984 # the novel"
        return value.strip().strip("'\"")

    def text_field(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if key == "author" and isinstance(value, list):
            return _people(value) or None
        if isinstance(value, (dict, list)):
            raise SourceError(f"expected text, got {type(value).__name__}", path=path,
                              line=line_of(key), field=key)
        if isinstance(value, (bool, int, float, dt.date)):
            value = as_written(key) or value
        value = _squash(_without_code_marks(str(value)))
        return value or None

    tags = data.get("tags") or ()
    if isinstance(tags, str):
        tags = [t for t in re.split(r"[,\s]+" if "," not in tags else r"\s*,\s*", tags) if t]
    elif not isinstance(tags, (list, tuple)):
        raise SourceError("expected a list of tags", path=path, line=line_of("tags"),
                          field="tags")
    # "titel:" is ignored like any key audiozine does not read: say so when it is
    # one letter or two from a key it does read.
    typos = []
    for key in data:
        if key not in _FRONT_MATTER_KEYS + _OTHER_FRONT_MATTER_KEYS:
            close = difflib.get_close_matches(key, _FRONT_MATTER_KEYS, n=1, cutoff=0.8)
            if close:
                typos.append(Notice(f"front matter key '{key}' is not read; did you mean "
                                    f"'{close[0]}'?", path=path, line=line_of(key)))
    created = _created_date(data.get("created"))
    unread = []
    if data.get("created") not in (None, "") and created is None:
        unread.append(Notice(f"front matter 'created' is not a date such as 2023-04-05 "
                             f"({data['created']!r}): not used", path=path,
                             line=line_of("created")))
    meta = _Meta(title=text_field("title"), date=_parse_date(data.get("date"), path,
                                                             line_of("date")),
                 created=created,
                 # Jekyll calls it excerpt, Hugo summary, Substack subtitle.
                 description=text_field("description") or text_field("excerpt")
                 or text_field("summary") or text_field("subtitle"),
                 author=text_field("author"),
                 tags=tuple(_squash(str(t)) for t in tags if _squash(str(t))),
                 draft=data.get("draft") is True or data.get("published") is False,
                 notices=tuple(typos + unread))
    body = text[match.end():]
    return meta, body, text[:match.end()].count("\n")


_SPACE_BEFORE_STOP = re.compile(r" ([.,])(?=\s|$)")


def _markdown_inline(token, links: list[Link]) -> str:
    """Plain text of an inline token: emphasis dropped, link text kept, images skipped."""
    out: list[str] = []
    link_stack: list[tuple[str, int]] = []
    struck = 0
    for child in token.children or ():
        kind = child.type
        if kind in ("s_open", "s_close"):
            struck += 1 if kind == "s_open" else -1
        elif struck > 0:
            continue  # ~~crossed out~~: the writer took it back
        elif kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append(_LINE_BREAK)
        elif kind == "link_open":
            link_stack.append((str(child.attrs.get("href", "")), len(out)))
        elif kind == "link_close" and link_stack:
            href, start = link_stack.pop()
            text = _squash("".join(out[start:]))
            if _looks_like_url(text) or not text:
                text = _host(href) if href and not href.startswith("mailto:") else text
                out[start:] = [text]
            if href and not href.startswith("#"):
                links.append(Link(text=text, url=href))
        elif kind == "html_inline":
            if re.fullmatch(r"<br\s*/?>", child.content.strip(), re.I):
                out.append(_LINE_BREAK)  # "the break.<br>Line three": two words, not one
            continue
    # A skipped image leaves a space before the punctuation after it: "and ![x](y)."
    return _unlink_urls(_SPACE_BEFORE_STOP.sub(r"\1", _squash(_joined_lines("".join(out)))),
                        links)


_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^( {0,3})\[\^([^\]\s]+)\]:[ \t]*")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


_OBSIDIAN_COMMENT = re.compile(r"%%[^\n]*?%%")
_OBSIDIAN_EMBED = re.compile(r"!\[\[[^\]\n]*\]\]")
_WIKI_LINK = re.compile(r"\[\[([^\]|#\n]*)(?:#([^\]|\n]*))?(?:\|([^\]\n]*))?\]\]")
_CALLOUT = re.compile(r"^(\s*(?:>\s*)+)\[![\w-]+\][+-]?\s*(?P<title>.*)$")


def _ended(text: str) -> str:
    """`text` ending as a sentence does (a label read before its body): "Sick days
    (total)" gets its period, "Why?" and "(Yes.)" have theirs."""
    return text if re.search(r"[.!?…:;][\"”’)\]»]*$", text) else text + "."


def _callout(m: re.Match[str]) -> str:
    """"> [!note] Status" -> "> Status.": the title is read, and ends before the body."""
    title = m.group("title").strip()
    return m.group(1) + (_ended(title) if title else title)


#: A bold label alone on its line ("> **Note**", "**Update:**"): it ends before the text.
_LABEL_LINE = re.compile(r"^(\s*(?:>\s*)*)(\*\*[^*\n]{1,40}?[^*\s:.!?]\*\*)[ \t]*$")
#: Tags at the end of a line ("... anything. #opinion #pkm"), Obsidian's and a blog's
#: metadata; one tag inside a sentence is read ("on #staff").
_TRAILING_TAGS = re.compile(r"(?:(?<=\s)|^)(?:#[A-Za-z][\w/-]*\s*){2,}$|^\s*#[A-Za-z][\w/-]*\s*$")


def _wiki_link(m: re.Match[str]) -> str:
    """[[Note|shown text]] -> shown text; [[Note#Heading]] -> Note, Heading."""
    target, heading, alias = (m.group(i) or "" for i in (1, 2, 3))
    return alias.strip() or ", ".join(part.strip() for part in (target, heading) if part.strip())


# Jekyll (Liquid) and kramdown markup, which a site's build turns into something
# else or nothing, and which is never meant to be read as written.
_LIQUID_BLOCK = re.compile(r"\s*\{%-?\s*(highlight|raw|comment)\b[^%]*%\}\s*")
_LIQUID_INLINE_BLOCK = re.compile(
    r"\{%-?\s*(highlight|raw|comment)\b.*?%\}.*?\{%-?\s*end\1\s*-?%\}")
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")  # tags and {{ output }}, Hugo's {{< >}} too
_KRAMDOWN_IAL = re.compile(r"\{:[^}\n]*\}")  # {: .lead}, {:toc}, {::options ... /}, {:/}
_KRAMDOWN_ABBREVIATION = re.compile(r"^ {0,3}\*\[[^\]\n]+\]:")
_TASK_MARKER = re.compile(r"^(\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+)\[([ xX])\]\s+")
_HIGHLIGHT = re.compile(r"==(?=\S)([^=\n]+?)(?<=\S)==")  # Obsidian's ==highlight==
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")
_EMOJI_CODE = re.compile(r"(?<![\w:/]):(?:[a-z][a-z0-9_+-]*|[+-]1|100):(?![\w:])")
_MATH = "$$"
_SKIPPED_BLOCKS = {"highlight": "code", "raw": "code", "comment": "comment"}


def _readable_markdown_text(piece: str) -> str:
    """A line's text outside `code`, without Liquid, kramdown attribute lists, emoji
    codes, trailing #tags and ==highlight== marks."""
    piece = _LIQUID.sub("", _LIQUID_INLINE_BLOCK.sub("", piece))
    piece = _EMOJI_CODE.sub("", _KRAMDOWN_IAL.sub("", piece))
    return _HIGHLIGHT.sub(r"\1", _TRAILING_TAGS.sub("", piece))


def _source_blocks(rows: list[str]) -> dict[int, tuple[int, str]]:
    """Blocks of rows that are not read: Obsidian %% comments, Liquid highlight, raw
    and comment blocks, $$ display math. Start row -> (end row, kind: "%%", "code",
    "comment" or "math"); an opening row that is never closed is no block."""
    blocks: dict[int, tuple[int, str]] = {}
    n = 0
    while n < len(rows):
        row = rows[n].strip()
        liquid = _LIQUID_BLOCK.fullmatch(rows[n])
        end = None
        if row == "%%":
            end = next((m for m in range(n + 1, len(rows)) if rows[m].strip() == "%%"), None)
            kind = "%%"
        elif liquid:
            closer = re.compile(rf"\s*\{{%-?\s*end{liquid.group(1)}\s*-?%\}}\s*")
            end = next((m for m in range(n + 1, len(rows)) if closer.fullmatch(rows[m])), None)
            kind = _SKIPPED_BLOCKS[liquid.group(1)]
        elif row.startswith(_MATH) and not row.startswith("$$$"):
            kind = "math"
            if len(row) > 4 and row.endswith(_MATH):
                end = n
            else:  # closed within the paragraph, or it was no formula ("$$ to spend")
                for m in range(n + 1, len(rows)):
                    if not rows[m].strip() or rows[m].strip().endswith(_MATH):
                        end = m if rows[m].strip() else None
                        break
        if end is not None:
            blocks[n] = (end, kind)
            n = end
        n += 1
    return blocks


def _markdown_source(body: str, skipped: list[tuple[str, int]] | None = None) -> str:
    """Markdown made readable before parsing, outside code fences.

    Footnotes: markers ("word[^1]") are dropped, a footnote ("[^1]: Text", at the
    end, where Markdown puts them) becomes "Footnote 1: Text", and its further
    paragraphs (indented) are read after it. Done on the source, because
    markdown-it reads "[^1]: https://..." as a link definition and the marker as
    its link. Obsidian: %%comments%% (private notes) and ![[embeds]] are dropped,
    [[links|shown text]] read as their text, a callout's "[!note]" marker dropped.
    Jekyll and kramdown: Liquid tags and output, attribute lists ({: .lead}, a
    {:toc} and its list), abbreviation definitions, task-list boxes and emoji
    codes (:smile:) are dropped; highlight and raw blocks, like code, and $$
    display math are not read, and each is listed in `skipped` with its row
    (0-based) as ("code", row) or ("math", row). Skipped rows stay as blank lines,
    so that line numbers stay right (Obsidian's are removed)."""
    rows = body.split("\n")
    blocks = _source_blocks(rows)
    lines: list[str] = []
    fenced, skip_until, kind, footnote, blank = False, -1, "", False, True
    # Footnotes are shown numbered in the order they are first referred to, whatever
    # their labels ("[^cost]", or a "[^2]" referred to third).
    numbers: dict[str, int] = {}
    for label in _FOOTNOTE_REF.findall("\n".join(r for r in rows if not _FOOTNOTE_DEF.match(r))):
        numbers.setdefault(label, len(numbers) + 1)
    for n, line in enumerate(rows):
        if n in blocks and not fenced:
            skip_until, kind = blocks[n]
            if kind in ("code", "math") and skipped is not None:
                skipped.append((kind, n))
        if n <= skip_until:
            if kind != "%%":  # (Obsidian comment rows go, joining the lines around them)
                lines.append("")
            continue
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            # %%inline%% comments, not inside `code`: "write `%%` for a percent sign".
            line = "".join(piece if piece.startswith("`") else _OBSIDIAN_COMMENT.sub("", piece)
                           for piece in re.split(r"(`[^`]*`)", line))
            # A footnote's next paragraphs are indented by four spaces, which would
            # make them code.
            if _FOOTNOTE_DEF.match(line):
                footnote = True
            elif footnote and line.startswith("    "):
                line = line[4:]
            elif footnote and line.strip() and blank:
                footnote = False
            blank = not line.strip()
            line = _FOOTNOTE_DEF.sub(lambda m: f"{m.group(1)}Footnote {numbers.get(m.group(2), '')}"
                                               .rstrip() + ": ", line)
            line = _FOOTNOTE_REF.sub("", line)
            line = _WIKI_LINK.sub(_wiki_link, _OBSIDIAN_EMBED.sub("", line))
            line = _CALLOUT.sub(_callout, line)
            line = _LABEL_LINE.sub(r"\1\2.", line)
            if line.strip() == "{:toc}" and lines and _LIST_ITEM.match(lines[-1]):
                lines[-1] = ""  # "* TOC" is where kramdown puts the table of contents
            if _KRAMDOWN_ABBREVIATION.match(line):
                line = ""
            # Not inside `code`: "in Handlebars you write `{{ user.name }}`".
            line = "".join(piece if piece.startswith("`") else _readable_markdown_text(piece)
                           for piece in re.split(r"(`[^`]*`)", line))
            line = _TASK_MARKER.sub(
                lambda m: m.group(1) + ("To do: " if m.group(2) == " " else "Done: "), line)
        lines.append(line)
    return "\n".join(lines)


def _markdown_events(body: str, offset: int, path: Path, notices: list[Notice],
                     code_lines: Sequence[int] = ()) -> list[_Event]:
    """Headings and paragraphs of a Markdown body; `code_lines` are the lines of code
    blocks taken out before parsing, counted in the notice with the others."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse(body)
    events: list[_Event] = []
    ordered: list[bool] = []
    row: list[str] = []
    header: list[str] = []
    in_head = False
    skipped = len(code_lines)
    skipped_line = min(code_lines, default=None)

    def line_of(token) -> int:
        return (token.map[0] if token.map else 0) + offset + 1

    pending_item: str | None = None
    contents = _markdown_contents_lists(tokens)
    for index, token in enumerate(tokens):
        kind = token.type
        if index in contents:
            if kind.endswith("_list_open"):
                _drop_contents_label(events)
            continue
        if kind == "heading_open":
            links: list[Link] = []
            text = _markdown_inline(tokens[index + 1], links)
            if text:
                events.append(_Event("heading", text, line_of(token), level=int(token.tag[1])))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered.pop()
        elif kind == "list_item_close":
            pending_item = None
        elif kind == "list_item_open":
            pending_item = f"{token.info}{token.markup} " if ordered and ordered[-1] \
                and token.info else ""
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
            links = []
            text = _markdown_inline(token, links)
            if pending_item is not None:
                text = (pending_item + text) if text else text
                pending_item = None
            if text:
                events.append(_Event("paragraph", text, line_of(token), links=links))
        elif kind == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            row.append(_markdown_inline(token, []))
        elif kind == "tr_close":
            # markdown-it writes a tbody only when the table has rows under its header
            if in_head and any(t.type == "tbody_open" for t in tokens[index + 1:index + 3]):
                header = row  # read with each value of the rows below
            else:
                text = _table_row(header, row)
                if text:
                    events.append(_Event("paragraph", text, line_of(token)))
            row = []
        elif kind in ("thead_open", "thead_close"):
            in_head = kind == "thead_open"
        elif kind == "table_open":
            header = []
        elif kind in ("fence", "code_block"):
            skipped += 1
            skipped_line = min(skipped_line or line_of(token), line_of(token))
        elif kind == "html_block":
            text = _squash(_soup(token.content, path, line_of(token)).get_text(" "))
            if text:
                events.append(_Event("paragraph", text, line_of(token)))
    if skipped:
        notices.append(Notice(f"{skipped} code block(s) will not be narrated", path=path,
                              line=skipped_line))
    return events


def _table_row(header: list[str], cells: list[str]) -> str:
    """A table row as a narrator reads it: each value with its column's name, the first
    cell naming the row ("Day 1. Flour: 50g. Notes: Mix, cover loosely."); a row
    without a full header (or a header without rows) as its cells joined by commas."""
    if len(header) != len(cells) or not all(header):
        return ", ".join(c for c in cells if c)
    parts = []
    first = cells[0]
    if first:  # a number or range is named by its column ("Day 1"), a label is itself
        parts.append(_ended(f"{header[0]} {first}" if re.fullmatch(r"[\d.,–-]+", first)
                            else first))
    parts += [_ended(f"{name}: {value}") for name, value in zip(header[1:], cells[1:])
              if value.strip(" —–-")]
    return " ".join(parts)


#: A label before a table of contents, dropped with it.
_CONTENTS_LABEL = re.compile(r"(?:table of contents|contents|in this (?:post|article|issue|guide)"
                             r"|on this page|jump to(?: a section)?)\W*", re.I)


def _drop_contents_label(events: list[_Event]) -> None:
    if events and _CONTENTS_LABEL.fullmatch(events[-1].text):
        events.pop()


def _markdown_contents_lists(tokens) -> set[int]:
    """Indexes of the tokens of in-page tables of contents: lists of two or more items
    that are each one link to an #anchor of the page (a listener cannot follow them,
    and the headings are read where they stand)."""
    found: set[int] = set()
    start = 0
    while start < len(tokens):
        if not tokens[start].type.endswith("_list_open"):
            start += 1
            continue
        depth, end = 0, start
        for end in range(start, len(tokens)):
            depth += tokens[end].type.endswith("_list_open") - tokens[end].type.endswith(
                "_list_close")
            if depth == 0:
                break
        items = [t for t in tokens[start:end + 1] if t.type == "inline"]
        if len(items) >= 2 and all(_only_an_anchor_link(item) for item in items):
            found.update(range(start, end + 1))
        start = end + 1
    return found


def _only_an_anchor_link(inline) -> bool:
    children = [c for c in inline.children or []
                if not (c.type == "text" and not c.content.strip())]
    return (len(children) >= 2 and children[0].type == "link_open"
            and str(children[0].attrGet("href") or "").startswith("#")
            and children[-1].type == "link_close"
            and sum(c.type == "link_open" for c in children) == 1)


def _parse_markdown(text: str, path: Path) -> tuple[list[Essay], list[Notice]]:
    text = clean_text(text)
    meta, body, offset = _front_matter(text, path)
    if meta.draft:
        return [], [Notice(DRAFT_NOTICE, path=path, line=1)]
    # The front matter's date wins, then a Jekyll post's file name, then Obsidian's created.
    meta.date = meta.date or _date_from_path(path) or meta.created
    notices: list[Notice] = list(meta.notices)
    skipped: list[tuple[str, int]] = []
    source = _markdown_source(body, skipped)
    code = [offset + row + 1 for kind, row in skipped if kind == "code"]
    events = _markdown_events(source, offset, path, notices, code)
    math = [offset + row + 1 for kind, row in skipped if kind == "math"]
    if math:
        notices.append(Notice(f"{len(math)} math formula(s) will not be narrated", path=path,
                              line=math[0]))
    if offset and not events:  # one file like this must not stop a site from being read
        return [], notices + [Notice(PAGE_NOTICE, path=path, line=1)]
    essays, more = _essays_from_events(events, path, meta, datelines=True)
    return essays, notices + more


# ---------------------------------------------------------------------- HTML

_HTML_SKIP = {"script", "style", "nav", "noscript", "template", "form", "button", "svg",
              "iframe", "img", "picture", "video", "audio", "canvas", "select", "head",
              "object", "embed", "map", "math", "input", "textarea",
              "del", "s", "strike"}  # crossed out: the writer took it back
_HTML_BLOCK = {"p", "div", "li", "blockquote", "section", "article", "main", "ul", "ol",
               "dl", "dt", "dd", "figure", "figcaption",
               "table", "tr", "td", "th", "thead", "tbody", "pre", "address", "details",
               "summary", "body", "html", "hr", "br", "caption", "center"}
_HTML_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


_HTML_CHROME = {"footer", "aside"}
_TWEET_PICTURE = re.compile(r"(?:https?://)?pic\.(?:twitter|x)\.com/", re.I)


_LINE_BREAK = "\n"


def _joined_lines(text: str) -> str:
    """A paragraph's lines ("<br>", a Markdown hard break) as one text. Verse (three
    or more short lines) pauses at every line end: a comma where the line has no
    punctuation of its own. Elsewhere a line that runs on into a lowercase word
    joins it with a space ("pack a<br>small bag"), and one followed by a capital (an
    address line) gets a comma."""
    lines = [line.strip() for line in text.split(_LINE_BREAK) if line.strip()]
    verse = len(lines) >= 3 and all(len(line) <= _VERSE_LINE_CHARS for line in lines[:-1])
    out = ""
    for line in lines:
        if out and not out.endswith(tuple(_TERMINAL + ",—–-")) and (verse or line[:1].isupper()):
            out += ","
        out += (" " if out else "") + line
    return out


_VERSE_LINE_CHARS = 50


def _is_page_chrome(tag, page_has_article: bool) -> bool:
    """Footers and sidebars, and a header outside any article: the site's, not the essay's.
    On a page with no article or main, the header holds the essay's own title."""
    if tag.name.lower() in _HTML_CHROME or tag.get("role") in ("contentinfo", "complementary",
                                                               "banner"):
        return True
    return (tag.name.lower() == "header" and page_has_article
            and tag.find_parent(["article", "main"]) is None)


def _soup(markup: str, path: Path, line: int | None = None):
    """`markup` parsed by BeautifulSoup's html.parser; markup the parser gives up on
    (a broken `<![` section, say) is a SourceError naming the file."""
    import warnings

    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
    from bs4.exceptions import ParserRejectedMarkup

    try:
        with warnings.catch_warnings():
            # A short essay that looks like a file name or URL is still the text.
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            return BeautifulSoup(markup, "html.parser")
    except ParserRejectedMarkup as exc:
        reason = str(exc).strip().splitlines()[-1].strip()
        raise SourceError(f"the HTML cannot be parsed ({reason})", path=path, line=line) from exc


#: Parts of a class or id (split at - and _) that mark a blog's furniture rather than
#: the essay: WordPress, Substack and Ghost share buttons, comments, related posts,
#: subscribe widgets, entry meta ("Posted on ... by ..."), after Readability's list.
_CLUTTER_PARTS = frozenset("""
comment comments respond reply replies share sharing sharedaddy social related relatedposts
subscribe subscription newsletter signup widget sidebar meta byline breadcrumb breadcrumbs
pagination pager menu popup sponsor advert ad ads button btn cta footer
recommendations recommended
""".split())
_CLUTTER_NAMES = frozenset(("site-title", "site-description", "site-branding", "read-more",
                            "readmore", "kg-button-card", "wp-block-buttons",
                            "wp-block-button"))
#: How a photo credit starts in a caption ("Photo: Jane Doe / Reuters", "Photograph by",
#: "Image courtesy of NASA", "Credit: ...", "Courtesy of the author", "© Ann Lee").
_CREDIT_START = (r"(?:(?:photo(?:graph(?:y|er)?)?|image|picture|illustration|artwork)s?"
                 r"(?:\s+credits?)?\s*(?::|\bby\b|\bcourtesy\b|\bvia\b|©)"
                 r"|credits?\s*:|courtesy\s+of\b|©)")
#: Stock photo sites: a part of a caption naming one is its credit ("Jane Doe/Getty Images").
_STOCK_PHOTOS = r"(?:unsplash|getty\s*images|shutterstock|pexels|pixabay|istock|alamy)"
_PHOTO_CREDIT_IN_BRACKETS = re.compile(
    rf"\s*[(\[](?:\s*{_CREDIT_START}|[^()\[\]]*\b{_STOCK_PHOTOS}\b)[^()\[\]]*[)\]]", re.I)
#: A credit closes a caption: it starts the caption, a sentence, or a part after a dash,
#: a bar or a comma (or is a "©"), and runs to the end.
_PHOTO_CREDIT_AT_END = re.compile(
    rf"(?:^|(?<=[.!?…])\s+|\s+[|—–-]\s+|\s*[,;]\s*|\s+(?=©))"
    rf"(?:{_CREDIT_START}|[^.!?…|—–]*\b{_STOCK_PHOTOS}\b).*$", re.I | re.S)
#: Parts of a class name that mark the credit inside a caption (<span class="credit">).
_CREDIT_CLASS_PARTS = frozenset(("credit", "credits", "attribution", "copyright"))


#: A label opening a caption: "Photo: Jane Smith" (a credit) or "Photo: the harbour at
#: dawn" (a description, read without the label).
_PICTURE_LABEL = re.compile(r"(?:photo(?:graph)?|image|picture|illustration)s?\s*:\s*", re.I)
#: Words that make what follows a picture label a credit: who made the picture, or
#: whose it is ("the author", "staff photographer", "courtesy of", "CC BY", agencies).
_CREDIT_WORDS = re.compile(
    r"\b(?:via|courtesy|credits?|copyright|licen[cs]ed|cc|public domain|own work|"
    r"photographers?|staff|authors?|writer|artist|archives?|collection|library|museum|"
    rf"agency|wikimedia|flickr|associated press|reuters|bloomberg|xinhua|dpa|{_STOCK_PHOTOS})"
    r"\b|\b(?-i:by\s+[A-Z])|©|/", re.I)  # "by Jane Smith", not "by night"
_AGENCY_INITIALS = re.compile(r"\b(?:AP|AFP|EPA|PA|UPI|ANI|NASA|ESA)\b")
#: Small words inside names ("Museum of Modern Art", "Jane Smith for The Times").
_NAME_JOINERS = frozenset("of and for the de da di du del van von der den la le y".split())


def _is_picture_description(text: str) -> bool:
    """Whether `text`, after a "Photo:" label, describes the picture ("the harbour at
    dawn", "A crowded pier", "Fishing boats at dawn") rather than credits it ("Jane
    Smith", "Getty Images", "The Guardian", "A. Smith", "the author"). In doubt, a
    credit: a credit read aloud is worse than a description left out."""
    if _CREDIT_WORDS.search(text) or _AGENCY_INITIALS.search(text):
        return False
    words = re.findall(r"[^\W\d_][\w'’-]*\.?", text)
    if not words:
        return False
    if words[0].islower() or (words[0] in ("The", "A", "An") and len(words) > 1
                              and words[1].islower()):
        return True  # "the harbour", "The old mill"; not "The Guardian", "A. Smith"
    common = [w for w in words if w.islower() and w.rstrip(".") not in _NAME_JOINERS]
    return len(words) >= 3 and len(common) >= 2  # not "Jane Smith for the Times"


def _described_picture(caption: str) -> str | None:
    """"Photo: the harbour at dawn" -> "The harbour at dawn": a caption whose "Photo:"
    label opens a description, not a credit; None for any other caption."""
    label = _PICTURE_LABEL.match(caption)
    if not label:
        return None
    text = _PHOTO_CREDIT_AT_END.sub("", caption[label.end():]).strip().rstrip(",;:|—–-").strip()
    if not _is_picture_description(text):
        return None
    first = text.split(maxsplit=1)[0]
    return text[:1].upper() + text[1:] if first.islower() else text  # not "IPhone"


def _without_photo_credit(caption: str) -> str:
    """"A crowded harbour at dawn. Photo: Jane Doe / Reuters" -> "A crowded harbour at
    dawn.": the caption as read aloud, without its credit ("" when it is only one)."""
    caption = _PHOTO_CREDIT_IN_BRACKETS.sub("", caption)
    described = _described_picture(caption)
    if described:
        return described
    return _PHOTO_CREDIT_AT_END.sub("", caption).strip().rstrip(",;:|—–-").strip()


def _captions_without_credits(events: list[_Event]) -> list[_Event]:
    """A figure caption's paragraphs without their photo credits, and the credits'
    links (the photographer's page, Unsplash) with them."""
    kept = []
    for event in events:
        text = _without_photo_credit(event.text)
        if text:
            # (in any case: a described picture's first word gets a capital)
            links = [link for link in event.links if link.text.casefold() in text.casefold()]
            kept.append(dataclasses.replace(event, text=text, links=links))
    return kept


_ROW_BLOCKS = ["p", "br", "div", "table", "ul", "ol", "blockquote", "pre", *_HTML_HEADINGS]
"""A table row holding these is page layout (an essay in a table), not a data row."""
_CLUTTER_TAGS = frozenset(("div", "aside", "ul", "ol", "footer", "form", "span", "nav"))
#: A paragraph or link is chrome only by one of these exact names (Substack's
#: <p class="button-wrapper"><a class="button primary">): a link named "social-link"
#: or "related-post" is part of a sentence, and so is its text.
_CHROME_BLOCK_NAMES = frozenset(("button-wrapper", "subscribe-widget", "share-dialog",
                                 "comments-link", "post-meta", "byline"))
_CHROME_LINK_NAMES = frozenset(("button", "subscribe-btn", "share-button", "kg-btn",
                                "wp-block-button__link"))
#: A subtitle under the title (Substack's h3.subtitle, Medium's p-summary...): read as
#: the essay's first paragraph, not a section, and its description.
_SUBTITLE_NAMES = frozenset(("subtitle", "p-summary", "post-subtitle", "article-subtitle",
                             "standfirst", "dek", "graf--subtitle"))
#: Embedded posts (a tweet): only their text is read, not the byline, date and counts
#: around it. Class -> where the text is (a CSS selector).
_EMBED_TEXT = {"twitter-tweet": "p", "tweet": ".tweet-text"}
_CONTENT_PARTS = frozenset(("content", "body", "main", "article", "text", "story"))


def _class_parts(name: str) -> list[str]:
    """"jp-relatedposts" -> ["jp", "relatedposts"]; "photo_credit" -> ["photo", "credit"]."""
    return [part for part in re.split(r"[-_]+", name.lower()) if part]


def _clutter_name(name: str) -> bool:
    """"entry-meta", "sharedaddy", "jp-relatedposts", "comments": furniture; not
    "content-area", "has-sidebar" (a layout flag) or "meta-content"."""
    name = name.lower()
    if name in _CLUTTER_NAMES:
        return True
    parts = _class_parts(name)
    if not parts or parts[0] in ("has", "with", "no", "is") or \
            any(part in _CONTENT_PARTS for part in parts):
        return False
    return parts[0] in _CLUTTER_PARTS or parts[-1] in _CLUTTER_PARTS


def _is_clutter(tag) -> bool:
    """A share bar, comment list, subscribe box or a caption's credit (by its class)
    inside or around the essay. Only containers are judged by their names: headings
    and sections carry ids made from their own text ("related-work")."""
    name = tag.name.lower()
    if any(part in _CREDIT_CLASS_PARTS for c in tag.get("class") or []
           for part in _class_parts(str(c))) \
            and tag.find_parent("figcaption") is not None:
        return True
    classes = {str(c).lower() for c in tag.get("class") or []}
    if name == "p":
        return bool(classes & _CHROME_BLOCK_NAMES)
    if name == "a":  # a button alone in its block, not a link inside a sentence
        parent = tag.parent
        alone = parent is not None and parent.get_text(" ").strip() == tag.get_text(" ").strip()
        return alone and bool(classes & _CHROME_LINK_NAMES)
    if name not in _CLUTTER_TAGS:
        return False
    names = [*(tag.get("class") or []), str(tag.get("id") or "")]
    return any(_clutter_name(n) for n in names if n)


def _is_subtitle(tag) -> bool:
    return tag.get("data-field") == "subtitle" or \
        any(str(c).lower() in _SUBTITLE_NAMES for c in tag.get("class") or [])


def _is_footnote_mark(tag) -> bool:
    """A footnote reference ("<sup><a href="#fn1">1</a></sup>") or a back-link ("↩")."""
    link = tag if tag.name.lower() == "a" else None
    if tag.name.lower() == "sup":
        link = tag.find("a")
        if link is None:
            before = tag.previous_sibling
            before = str(before) if before is not None and before.name is None else ""  # text
            # "Monday.<sup>1</sup>" or "argued<sup>3</sup>"; not "m<sup>2</sup>", "mc<sup>2</sup>".
            exponent = re.search(r"(?:^|\W)\w{1,2}$|\d$", before) is not None
            return not exponent and bool(re.fullmatch(r"\s*\[?\d{1,3}\]?\s*", tag.get_text()))
    if link is None:
        return False
    text = link.get_text().strip()
    if text in ("↩", "↩︎", "↑"):
        return True
    href = str(link.get("href") or "")
    classes = " ".join(link.get("class") or [])
    marker = re.fullmatch(r"\[?\d{1,3}\]?|[*†‡]", text) is not None
    return marker and (bool(re.match(r"#(?:fn|footnote|note|cite)", href, re.I))
                       or "footnote" in classes)


def _list_item_number(item) -> int:
    """The number a browser shows for an <li> of an <ol> (start, reversed, value)."""
    def number(value, default: int) -> int:
        try:
            return int(str(value).strip())
        except (TypeError, ValueError):
            return default

    listing = item.parent
    items = listing.find_all("li", recursive=False)
    step = -1 if listing.has_attr("reversed") else 1
    current = number(listing.get("start"), len(items) if step < 0 else 1)
    for sibling in items:
        if sibling.has_attr("value"):
            current = number(sibling.get("value"), current)
        if sibling is item:
            return current
        current += step
    return current


def _is_footnote_list(listing) -> bool:
    """The notes at a page's end: <ol> (or its <section>/<div>) of class "footnotes" or
    role "doc-endnotes", or items with ids like "fn1" (Markdown renderers, Pandoc)."""
    def marked(tag) -> bool:
        return tag is not None and (tag.get("role") == "doc-endnotes" or any(
            "footnote" in str(c).lower() or "endnote" in str(c).lower()
            for c in tag.get("class") or []))
    first = listing.find("li", recursive=False)
    return marked(listing) or marked(listing.parent) or (
        first is not None and re.match(r"(?:fn|footnote)[-:_]?\d", str(first.get("id") or ""))
        is not None)


def _is_header_row(row, table) -> bool:
    """A row of column names (in <thead>, or the first row, all <th>) with data rows
    below it."""
    if table is None:
        return False
    cells = row.find_all(["td", "th"], recursive=False)
    heading = row.find_parent("thead") is not None or (
        bool(cells) and all(c.name == "th" for c in cells)
        and row is table.find("tr"))
    return heading and any(r.find("td", recursive=False) for r in row.find_all_next("tr")
                           if r.find_parent("table") is table)


def _is_contents_list(listing) -> bool:
    """An in-page table of contents: two or more items, each one link to an #anchor
    (nested lists of them included)."""
    items = listing.find_all("li")
    if len(items) < 2:
        return False
    for item in items:
        own = "".join(str(t) for t in item.find_all(string=True)
                      if t.find_parent("li") is item)
        links = [a for a in item.find_all("a") if a.find_parent("li") is item]
        link_text = "".join(a.get_text() for a in links)
        if not links or not str(links[0].get("href") or "").startswith("#") \
                or _squash(own) != _squash(link_text):
            return False
    return True


def _in_toggle(tag) -> bool:
    """Inside a <summary> or a collapsible card (class "kg-toggle-card", "toggle")."""
    return tag.find_parent(lambda t: t.name.lower() == "summary" or any(
        "toggle" in str(c).lower() for c in t.get("class") or [])) is not None


def _html_events(text: str, path: Path, notices: list[Notice] | None = None
                 ) -> tuple[list[_Event], str | None, list[_Event]]:
    """The page's headings and paragraphs, its <title>, and its subtitle paragraphs."""
    from bs4 import Comment, NavigableString, Tag

    soup = _soup(text, path)
    page_title = _squash(soup.title.get_text(" ")) if soup.title else None
    articles = soup.find_all("article")
    article_numbers = {id(article): n for n, article in enumerate(articles, 1)}
    main = soup.find("main")
    page_has_article = main is not None or bool(articles)
    root = main or (articles[0] if len(articles) == 1 else None) or soup.body or soup
    events: list[_Event] = []
    buffer: list[str] = []
    links: list[Link] = []
    line = [1]
    code: list[int] = []
    subtitles: list[_Event] = []
    item_number: list[str] = []  # "5. " before a numbered list item's first words
    headers: dict[int, list[str]] = {}  # a table's column names, by id(table)

    def flush() -> None:
        content = _squash(_joined_lines("".join(buffer)))
        if content:
            found = list(links)
            events.append(_Event("paragraph", "".join(item_number)
                                 + _unlink_urls(content, found), line[0], links=found))
            item_number.clear()
        buffer.clear()
        links.clear()

    def inline_text(node) -> str:
        parts: list[str] = []
        for piece in node.descendants:
            if isinstance(piece, NavigableString) and not isinstance(piece, Comment):
                if not any(p.name in _HTML_SKIP for p in piece.parents if isinstance(p, Tag)):
                    parts.append(str(piece))
        return _squash("".join(parts))

    def article_of(tag) -> int:
        return article_numbers.get(id(tag.find_parent("article")), 0)

    def subtitle(node) -> None:
        flush()
        text = inline_text(node)
        # Medium repeats the subtitle (p-summary) as the body's first heading.
        if text and not any(_norm(text) == _norm(earlier.text) for earlier in subtitles):
            subtitles.append(_Event("paragraph", text, node.sourceline or line[0],
                                    subtitle=True))
            events.append(subtitles[-1])

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                if not buffer and str(child).strip():
                    line[0] = getattr(node, "sourceline", None) or line[0]
                buffer.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in _HTML_SKIP or child.get("role") == "navigation" \
                    or child.get("aria-hidden") == "true" or child.has_attr("hidden") \
                    or _is_page_chrome(child, page_has_article) \
                    or (name in ("sup", "a") and _is_footnote_mark(child)) \
                    or _is_clutter(child):
                continue
            if _is_subtitle(child):
                subtitle(child)
                continue
            embed = next((_EMBED_TEXT[c] for c in child.get("class") or [] if c in _EMBED_TEXT),
                         None)
            if embed and child.select(embed):  # else read it whole, as any quote
                flush()
                for part in child.select(embed):
                    line[0] = part.sourceline or line[0]
                    walk(part)
                    flush()
                continue
            if name == "tr" and not child.find(_ROW_BLOCKS):  # one line, as in Markdown
                flush()
                cells = [inline_text(cell) for cell in child.find_all(["td", "th"])
                         if not _is_clutter(cell)]
                table = child.find_parent("table")
                if _is_header_row(child, table):
                    headers[id(table)] = cells  # read with each value of the rows below
                    continue
                text = _table_row(headers.get(id(table), []), cells)
                if text:
                    events.append(_Event("paragraph", text, child.sourceline or line[0]))
                continue
            if name in ("ul", "ol") and _is_contents_list(child):
                flush()
                _drop_contents_label(events)
                continue
            if name == "pre":  # code, as in Markdown: not narrated
                flush()
                code.append(child.sourceline or line[0])
                continue
            if name in _HTML_HEADINGS and _in_toggle(child):
                # A collapsible card's heading (Ghost's toggle, <summary>) is its question
                # or label, read before its text, not a chapter.
                flush()
                title = inline_text(child)
                if title:
                    events.append(_Event("paragraph", _ended(title), child.sourceline or line[0]))
                continue
            if name in _HTML_HEADINGS:
                flush()
                title = inline_text(child)
                if title:
                    events.append(_Event("heading", title, child.sourceline or line[0],
                                         level=_HTML_HEADINGS[name], article=article_of(child)))
                continue
            if name == "a":
                label = inline_text(child)
                if not label and child.find(["img", "picture", "svg", "video"]):
                    continue  # a linked picture: not read as its host, "substackcdn.com"
                href = str(child.get("href") or "")
                if _TWEET_PICTURE.match(label):
                    continue  # a tweet's picture link, "pic.twitter.com/AbC123"
                if _looks_like_url(label) or (not label and href):
                    label = _host(href) if href else label
                if not buffer:
                    line[0] = child.sourceline or line[0]
                buffer.append(label)
                if href and not href.startswith(("#", "javascript:")) and label:
                    links.append(Link(text=label, url=href))
                continue
            if name == "header":
                # An article's own header: its title is read; the byline, date and
                # tags around it are page furniture.
                flush()
                for heading in child.find_all(lambda t: t.name.lower() in _HTML_HEADINGS
                                              or _is_subtitle(t)):
                    title = inline_text(heading)
                    if _is_subtitle(heading):
                        subtitle(heading)
                    elif title:
                        events.append(_Event("heading", title, heading.sourceline or line[0],
                                             level=_HTML_HEADINGS[heading.name.lower()],
                                             article=article_of(heading)))
                continue
            if name == "figcaption":
                # A caption is read as a paragraph of its own; its photo credit is not.
                flush()
                line[0] = child.sourceline or line[0]
                first = len(events)
                walk(child)
                flush()
                events[first:] = _captions_without_credits(events[first:])
                continue
            if name == "br":
                following = child.find_next_sibling()
                between = child.next_sibling
                doubled = following is not None and following.name == "br" and (
                    between is following or not str(between).strip())
                if doubled or not "".join(buffer).strip():
                    flush()  # "<br><br>": the old blogs' paragraph break
                else:
                    buffer.append(_LINE_BREAK)
                continue
            if name in _HTML_BLOCK:
                flush()
                line[0] = child.sourceline or line[0]
                if name == "li" and child.parent is not None and child.parent.name == "ol":
                    number = _list_item_number(child)
                    item_number[:] = [f"Footnote {number}: " if _is_footnote_list(child.parent)
                                      else f"{number}. "]  # as Markdown's "5." and "[^1]:"
                walk(child)
                flush()
                item_number.clear()
            else:
                walk(child)

    walk(root)
    flush()
    if code and notices is not None:
        notices.append(Notice(f"{len(code)} code block(s) will not be narrated", path=path,
                              line=code[0]))
    return events, page_title, subtitles


def _without_site_name(title: str | None) -> str | None:
    """"Why I Walk | My Blog" -> "Why I Walk"; "The Quiet Office - by Ann Lee" -> "The
    Quiet Office": a page's <title> often ends with the site or the author."""
    if not title:
        return title
    title = re.sub(r"\s+[-–—]\s+by\s+.+$", "", title)
    return re.split(r"\s+[|–—·]\s+", title)[0] or title


_HTML_DATE_META = re.compile(
    r"""<meta\b(?=[^>]*\b(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|"""
    r"""og:published_time|datePublished|date|dc\.date|dc\.date\.issued|pubdate|publish[-_]date)"""
    r"""["'])[^>]*\bcontent\s*=\s*["'](\d{4}-\d\d-\d\d)""", re.I)
_HTML_TIME = re.compile(r"""<time\b[^>]*\bdatetime\s*=\s*["'](\d{4}-\d\d-\d\d)""", re.I)
#: Blogger's (and hAtom's) <abbr class="published" title="2014-05-02T10:00:00-07:00">.
_HTML_ABBR_PUBLISHED = re.compile(
    r"""<abbr\b(?=[^>]*\bclass\s*=\s*["'][^"']*\bpublished\b)[^>]*\btitle\s*=\s*["']"""
    r"""(\d{4}-\d\d-\d\d)""", re.I)


def _html_date(text: str) -> dt.date | None:
    """A page's publication date: its article:published_time (or datePublished...)
    meta tag, else its <abbr class="published"> (Blogger), else its first <time
    datetime>: how blogs mark a post's date. The date is the one written, in the
    writer's time zone."""
    for pattern in (_HTML_DATE_META, _HTML_ABBR_PUBLISHED, _HTML_TIME):
        found = pattern.search(text)
        if found:
            try:
                return dt.date.fromisoformat(found.group(1))
            except ValueError:
                continue
    return None


def _is_collection_title(events: list[_Event], h1: int) -> bool:
    """Whether the page's only h1 (at `h1` in `events`) names a collection whose h2s are
    the essays: a blog's front page, where the h1 is followed directly by an h2 and
    the h2s sit in two or more <article> elements of their own. An essay whose
    title is followed straight by its first h2 section has its h2s beside its h1 (in
    its one article, or in none)."""
    following = events[h1 + 1] if h1 + 1 < len(events) else None
    if following is None or following.kind != "heading" or following.level != 2:
        return False
    h2_articles = {e.article for e in events if e.kind == "heading" and e.level == 2}
    return 0 not in h2_articles and len(h2_articles) >= 2 \
        and events[h1].article not in h2_articles


def _parse_html(text: str, path: Path) -> tuple[list[Essay], list[Notice]]:
    notices: list[Notice] = []
    text = clean_text(text)
    front = _Meta()
    if text.startswith(("---", "+++")):  # a Jekyll or Hugo page written in HTML
        front, body, offset = _front_matter(text, path)
        if front.draft:
            return [], [Notice(DRAFT_NOTICE, path=path, line=1)]
        text = "\n" * offset + body  # the lines keep their numbers
        notices += front.notices
    events, page_title, subtitles = _html_events(text, path, notices)
    # A heading repeating the one before it (Medium repeats the title as the body's
    # first heading, after the subtitle) is not a section of its own.
    kept: list[_Event] = []
    for event in events:
        previous = next((e for e in reversed(kept) if all(e is not s for s in subtitles)),
                        None)
        if not (event.kind == "heading" and previous is not None and previous.kind == "heading"
                and _norm(previous.text) == _norm(event.text)):
            kept.append(event)
    events = kept
    headings = [e for e in events if e.kind == "heading"]
    levels = [e.level for e in headings]
    h1 = [i for i, e in enumerate(events) if e.kind == "heading" and e.level == 1]
    essay_level = 1
    meta = _Meta()
    if len(h1) == 1 and _is_collection_title(events, h1[0]):
        collection = events.pop(h1[0])
        notices.append(Notice(f"'{collection.text}' is read as the collection's title; "
                              "each h2 heading starts an essay", path=path,
                              line=collection.line))
        essay_level = 2
    elif not h1 and events:
        # No h1: one essay (a Substack export's posts/<id>.<slug>.html is the body
        # alone, its title kept elsewhere), whose h2s are sections. Its title is the
        # page's <title>, or a lone heading opening the page, or the file name.
        first = events[0]
        lone_heading = first.kind == "heading" and \
            not any(e.level <= first.level for e in headings[1:])
        if levels.count(2) >= 2:
            notices.append(Notice("no h1 heading: read as one essay, its h2 headings as "
                                  "sections (give each essay an h1 to make them episodes)",
                                  path=path, line=first.line))
        if front.title or page_title:
            meta = _Meta(title=front.title or _without_site_name(page_title))
        elif not lone_heading:
            meta = _Meta(title=title_from_file_name(path))
            notices.append(Notice(NAMED_AFTER_FILE, path=path, line=first.line))
    meta.date = front.date or _html_date(text) or _date_from_path(path) or front.created
    meta.description = front.description or (subtitles[0].text if subtitles else None)
    meta.author = front.author
    meta.tags = front.tags
    # Datelines as in plain text: a page often shows its date as a paragraph under
    # the title ("<p>March 3, 2021</p>"), outside any <header> or <time>.
    essays, more = _essays_from_events(events, path, meta, essay_level=essay_level,
                                       datelines=True)
    return essays, notices + more


# --------------------------------------------------------------- entry points

def _parse_text(text: str, path: Path) -> tuple[list[Essay], list[Notice]]:
    return _essays_from_events(_text_events(text), path, _Meta(), datelines=True)


def read_source_file(path: Path) -> tuple[list[Essay], list[Notice]]:
    """Read one source file into essays (in file order) and notices."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SOURCE_SUFFIXES:
        raise SourceError(f"unsupported file type '{path.suffix}' (expected "
                          f"{', '.join(SOURCE_SUFFIXES)})", path=path)
    text, notices = read_text_file(path)
    if suffix in MARKDOWN_SUFFIXES:
        essays, more = _parse_markdown(text, path)
    elif suffix in HTML_SUFFIXES:
        essays, more = _parse_html(text, path)
    else:
        essays, more = _parse_text(text, path)
    if not essays and not any(n.message in (DRAFT_NOTICE, PAGE_NOTICE) for n in more):
        raise SourceError("no essay found (the file has no readable text)", path=path)
    return essays, notices + more


def _natural_key(name: str) -> tuple:
    return tuple((0, int(chunk), chunk) if chunk.isdigit() else (1, 0, chunk.casefold())
                 for chunk in re.split(r"([0-9]+)", name) if chunk)


_NOT_ESSAYS = {"readme", "license", "licence", "changelog", "contributing", "notice"}


def _built_by_audiozine(path: Path, shows: set[Path]) -> bool:
    """A show's page or episode files, when a show was built inside the sources
    (`build . --out podcast`): read, they would become episodes of the next build."""
    return any((path.parent == show and path.name == layout.PAGE)
               or show / layout.EPISODES_DIR in path.parents for show in shows)


#: Folders that never hold essays. A static site's folders starting with "_" hold
#: its drafts, templates, data and generated pages (Jekyll's _drafts, _layouts,
#: _includes, _data, _sass, _site; Eleventy's _includes, _site); its posts are in
#: _posts, or in collections its _config.yml declares.
_NEVER_SOURCES = {"node_modules"}
_SITE_CONTENT = {"_posts"}
_SITE_FOLDERS = frozenset(("_drafts", "_layouts", "_includes", "_site", "_sass", "_data",
                           "_plugins", "_templates", "_partials"))
"""A site generator's folders, skipped wherever they are (an "_archive" is read)."""


def _site_content(folder: Path) -> set[str]:
    """The "_" folders that hold a Jekyll site's posts: _posts and declared collections."""
    import yaml

    try:
        config = yaml.safe_load((folder / "_config.yml").read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):  # no config, or not one Jekyll reads
        return _SITE_CONTENT
    collections = config.get("collections") if isinstance(config, dict) else None
    if not isinstance(collections, (dict, list)):
        return _SITE_CONTENT
    return _SITE_CONTENT | {f"_{name}" for name in collections if isinstance(name, str)}


#: Files that make a folder the root of a Hugo site, whose posts are under content/.
_HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
_HUGO_FOLDERS = ("archetypes", "layouts", "themes")


def _site_root(folder: Path, content: set[str]) -> tuple[str, tuple[str, ...]] | None:
    """(generator, its content folders) when `folder` is a static site's root: only
    those are read, not its pages, templates, themes or built site. `content` is
    what `_site_content` found."""
    if (folder / "_config.yml").is_file() and (folder / "_posts").is_dir():
        return "Jekyll", tuple(sorted(content))
    if (folder / "content").is_dir() and (
            any((folder / name).is_file() for name in _HUGO_CONFIGS)
            or ((folder / "config.toml").is_file()
                and any((folder / name).is_dir() for name in _HUGO_FOLDERS))):
        return "Hugo", ("content",)
    return None


def _folder_files(folder: Path, skipped: list[Notice]) -> list[Path]:
    """The source files in `folder`; the site folders left out are told in `skipped`."""
    found = []
    paths = list(folder.rglob("*"))  # one walk of the tree, for the shows and the files
    shows = {path.parent for path in paths if path.name == layout.STATE_DIR and path.is_dir()}
    content = _site_content(folder)
    site = _site_root(folder, content)
    if site is not None:
        generator, roots = site
        # Jekyll also reads category/_posts/; Hugo's _index.md section pages list posts.
        paths = [p for p in paths if p.name != "_index.md"
                 and (p.relative_to(folder).parts[0] in roots
                      or (generator == "Jekyll" and "_posts" in p.relative_to(folder).parts))]
        named = " and ".join([", ".join(roots[:-1]), roots[-1]] if len(roots) > 1 else roots)
        skipped.append(Notice(f"a {generator} site: only {named} "
                              f"{'are' if len(roots) > 1 else 'is'} read, not its pages, "
                              "drafts, templates or built site", path=folder))
    site_folders: dict[Path, int] = {}
    for path in paths:
        relative = path.relative_to(folder)
        if any(part.startswith(".") or part in _NEVER_SOURCES for part in relative.parts) \
                or _built_by_audiozine(path, shows):
            continue
        site = next((n for n, part in enumerate(relative.parts[:-1], 1)
                     if part in _SITE_FOLDERS and part not in content), None)
        if site is not None:
            if path.suffix.lower() in SOURCE_SUFFIXES and path.is_file():
                where = folder.joinpath(*relative.parts[:site])
                site_folders[where] = site_folders.get(where, 0) + 1
            continue
        if path.stem.casefold() in _NOT_ESSAYS:
            continue
        if path.suffix.lower() in SOURCE_SUFFIXES and path.is_file():
            found.append(path)
        elif path.suffix.lower() in SOURCE_SUFFIXES and path.is_symlink() and \
                not path.exists():
            raise SourceError("cannot read: a broken symbolic link or a symbolic link loop",
                              path=path)
    for where, count in sorted(site_folders.items()):
        skipped.append(Notice(
            f"{plural(count, 'file')} not read: a site's folders starting with _ hold its "
            "drafts, templates or generated pages, not its posts (name this folder as a "
            "source to read it)", path=where))
    return found


def _files_in_order(folder: Path, skipped: list[Notice]
                    ) -> Iterable[tuple[Path, list[Essay], list[Notice]]]:
    read = []
    for path in _folder_files(folder, skipped):
        essays, notices = read_source_file(path)
        read.append((path, essays, notices))
    undated = dt.date.max

    def key(item):
        path, essays, _ = item
        dates = [e.date for e in essays if e.date]
        relative = path.relative_to(folder)
        return (min(dates) if dates else undated,
                tuple(_natural_key(p) for p in relative.parts), str(relative))
    return sorted(read, key=key)


def read_sources(paths: Sequence[Path]) -> SourceResult:
    """Read files and folders into essays, in the documented order.

    Raises `SourceError` for a missing, empty, binary or undecodable source, a
    folder without source files, an essay with a title but no text, or when no
    essay is found at all.
    """
    if not paths:
        raise SourceError("no sources given")
    essays: list[Essay] = []
    notices: list[Notice] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            if path.is_symlink():
                raise SourceError("cannot read: a broken symbolic link or a symbolic link "
                                  "loop", path=path)
            raise SourceError("no such file or folder", path=path)
        if path.is_dir():
            skipped: list[Notice] = []
            batch = list(_files_in_order(path, skipped))
            if not batch:
                raise SourceError(f"no essay files ({', '.join(SOURCE_SUFFIXES)}) in this "
                                  "folder" + "".join(f"; {n.path.name}/: {n.message}"
                                                     for n in skipped), path=path)
            notices.extend(skipped)
        else:
            batch = [(path, *read_source_file(path))]
        for file, file_essays, file_notices in batch:
            try:
                resolved = file.resolve()
            except (OSError, RuntimeError):
                resolved = file.absolute()
            if resolved in seen:
                notices.append(Notice("read once only (given more than once)", path=file))
                continue
            seen.add(resolved)
            essays.extend(file_essays)
            notices.extend(file_notices)
    if not essays:
        drafts = sum(n.message == DRAFT_NOTICE for n in notices)
        pages = sum(n.message == PAGE_NOTICE for n in notices)
        why = [f"{drafts} draft(s) skipped: draft: true or published: false in the front "
               "matter" if drafts else "",
               f"{pages} file(s) with only front matter skipped" if pages else ""]
        why = "; ".join(w for w in why if w)
        raise SourceError("no essay found" + (f" ({why})" if why else ""),
                          path=Path(paths[0]))
    return SourceResult(essays=tuple(essays), notices=tuple(notices))
