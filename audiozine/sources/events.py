"""Headings and paragraphs found in a file (`_Event`) grouped into essays and
sections; datelines, widgets, shortcodes, tables and file-name titles, shared by
the readers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError
from ..models import CODE_MARKER, Essay, Link, Notice, Section
from .clean import _ended, _norm, _squash
from .credits import _CREDIT_WORDS, _PHOTO_CREDIT_AT_END


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
    rf"{_MONTH_NAME},? {_YEAR}",                       # April 2003 (the 1st, then)
)
#: What may come before it: "Posted on", "Published:", "Date:", a weekday.
_DATELINE_LEAD = (r"(?:(?:posted|published|written)(?: on)?:? |date: )?"
                  r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,? )?")
#: What may follow it: a revision ("April 2001, rev. April 2003"), dating nothing.
_DATELINE_TAIL = (r"(?:,? \(?(?:rev(?:ised)?\.?|updated:?|last updated:?) [\w ,.]{3,30}\)?)?"
                  # and a place: "19 May 2009 - San Francisco"
                  r"(?: ?[-–—·|,] ?(?-i:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}))?")
_DATELINES = tuple(re.compile(_DATELINE_LEAD + form + r"\.?" + _DATELINE_TAIL, re.I)
                   for form in _DATELINE_FORMS)


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
                               int(found.groupdict().get("day") or 1))
            except (KeyError, ValueError):  # "Chapter 3, 2021"; 2021-02-30
                return None
    return None


def _is_widget_text(text: str) -> bool:
    pieces = [p.strip(" ,:-–—·•|") for p in re.split(r"[.!|·•]+\s*|\s{2,}", text)]
    pieces = [p for p in pieces if p]
    return bool(pieces) and all(_WIDGET_PIECE.fullmatch(p) for p in pieces)


#: A paragraph that is only a link to elsewhere that a listener cannot follow: to a
#: translation ("Japanese Translation", "Traduction française"), to the rest of the
#: post ("Continue reading The Quiet Office →", "Read the rest").
_LINK_FURNITURE = re.compile(
    r"(?:(?:[\w-]+ ){1,3}translation|translations?|traduction(?: [\w-]+)?|translated (?:in)?to "
    r"[\w ]{2,30}|(?:continue|keep) reading\b.{0,120}|read (?:the )?(?:rest|more|full "
    r"(?:post|article|story|essay))\b.{0,120})\W*", re.I | re.S)
#: A paragraph that is only a picture's credit or a licence, outside any caption.
_LICENCE = re.compile(
    r"(?:this (?:work|post|article|essay|blog|site|page|image|photo) is )?licen[cs]ed under "
    r".{0,160}"
    r"|(?:licen[cs]e[ds]?:?\W*)?(?:cc[ -]by(?:-(?:sa|nc|nd))*|cc0)(?: \d\.\d)?"
    r"(?: international| unported)?(?: licen[cs]e)?\W*"
    r"|.{0,60}\bcreative commons\b.{0,80}\blicen[cs]e\b.{0,60}", re.I | re.S)


#: What a list of notes at the end is labelled: "Notes", "Footnotes", "Endnotes".
_NOTES_LABEL = re.compile(r"(?:foot|end)?notes?\W*", re.I)
_NOTE_START = re.compile(r"\[(\d{1,3})\]\s*(?=\S)")
_NOTE_MARK = re.compile(r"\s?\[(\d{1,3})\](?=[\s.,;:!?)\"”’]|$)")


def _labelled_notes(events: list[_Event]) -> list[_Event]:
    """Notes written as "[1] Text" under a "Notes" label at the end are read
    "Footnote 1: Text", and their markers ("rapidly.[1] But") are not read in the text
    before. Without such a label, "[1]" is left as written."""
    label = next((n for n in range(len(events) - 1, -1, -1)
                  if _NOTES_LABEL.fullmatch(events[n].text)), None)
    if label is None:
        return events
    numbers = {m.group(1) for e in events[label + 1:] if (m := _NOTE_START.match(e.text))}
    if not numbers:
        return events

    def unmarked(m: re.Match[str]) -> str:
        return "" if m.group(1) in numbers else m.group(0)
    out = [dataclasses.replace(e, text=_NOTE_MARK.sub(unmarked, e.text))
           if "[" in e.text else e for e in events[:label + 1]]
    out += [dataclasses.replace(e, text=_NOTE_START.sub(r"Footnote \1: ", e.text, count=1))
            if e.kind == "paragraph" else e for e in events[label + 1:]]
    return out


_LINK_LIST_SEPARATOR = re.compile(r"\s*[,|·•/]\s*|\s+and\s+")


def _is_link_furniture(event: _Event, text: str) -> bool:
    """A paragraph that is only links, to a translation or to the rest of the post."""
    if not event.links:
        return False
    rest = text.casefold()
    for link in sorted(event.links, key=lambda link: -len(link.text)):
        rest = rest.replace(_squash(link.text).casefold(), " ")
    if _LINK_LIST_SEPARATOR.sub("", rest).strip(" .→»…()[]"):
        return False  # not only links ("Read more about it in my book")
    pieces = [p for p in _LINK_LIST_SEPARATOR.split(text.strip(" .→»…()[]")) if p]
    furniture = [bool(_LINK_FURNITURE.fullmatch(piece)) for piece in pieces]
    # "Chapter 1, Chinese Translation": a list of links, with a translation in it.
    return all(f or len(piece.split()) <= 3 for f, piece in zip(furniture, pieces)) \
        and any(furniture)


def _is_credit_or_licence(text: str) -> bool:
    """"Photo by Jane Doe on Unsplash", "Image: NASA, CC BY 2.0", "This work is licensed
    under a Creative Commons Attribution 4.0 License": short, and nothing but that."""
    if len(text.split()) > 30:
        return False
    if _LICENCE.fullmatch(text):
        return True
    credit = _PHOTO_CREDIT_AT_END.match(text)
    return credit is not None and credit.start() == 0 and _CREDIT_WORDS.search(text) is not None


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
        if event.kind == "paragraph" and (_is_link_furniture(event, text)
                                          or _is_credit_or_licence(text)):
            continue
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
        if under_title and datelines and _is_banner_above_dateline(events, n) \
                and text_follows(n + 1):
            notices.append(Notice(f"'{event.text}' between the title and the dateline is "
                                  "not read (a banner of the page)", path=path,
                                  line=event.line))
            titled = True  # the dateline below still dates the essay
            continue
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
            if event.text != CODE_MARKER:  # code before any title: only its notice
                unplaced.append(event)
        elif event.kind == "heading":
            essays[-1]["sections"].append([event.text, [], event.line])
        else:
            essays[-1]["sections"][-1][1].append(event.text)
            essays[-1]["links"].extend(event.links)
            titled = under_title and event.subtitle  # the dateline may be under the subtitle
    if unplaced:
        notices.append(_unplaced_notice(unplaced, path))
    return _built_essays(essays, path, meta), notices


#: At most this many words in a line between an essay's title and its dateline that
#: is taken for the page's banner ("Want to start a startup? Get funded by ...").
_BANNER_WORDS = 12


def _is_banner_above_dateline(events: list[_Event], n: int) -> bool:
    """Whether events[n], right under a title, is a short sentence (not the page's
    subtitle, not a title-like line) with a dateline right below it: a site's banner
    or call to action, which sits above the date on every page, not the essay's
    first words."""
    event = events[n]
    if event.kind != "paragraph" or event.subtitle or n + 1 >= len(events):
        return False
    below = events[n + 1]
    return (below.kind == "paragraph" and _dateline_date(below.text) is not None
            and _dateline_date(event.text) is None
            and len(event.text.split()) <= _BANNER_WORDS
            # A sentence, as calls to action are; a title-like line is the essay's own.
            and event.text.rstrip("\"'”’)").endswith((".", "!", "?")))


def _unplaced_notice(unplaced: list[_Event], path: Path) -> Notice:
    """The notice for paragraphs before a file's first title, which no essay holds."""
    words = sum(len(e.text.split()) for e in unplaced)
    return Notice(
        f"{len(unplaced)} paragraph(s) ({words} words) before the first title belong to "
        "no essay and will not be narrated", path=path, line=unplaced[0].line)


def _built_essays(essays: list[dict], path: Path, meta: _Meta) -> list[Essay]:
    """The essays grouped by `_essays_from_events`, each with its sections that have
    text; an essay with a title and no text is a SourceError at its title's line."""
    result = []
    for raw in essays:
        sections = tuple(Section(title=t, paragraphs=tuple(ps))
                         for t, ps, _ in raw["sections"] if ps)
        if all(p == CODE_MARKER for s in sections for p in s.paragraphs):  # (or none)
            raise SourceError(f"the essay '{raw['title']}' has a title but no text",
                              path=path, line=raw["line"])
        links = tuple(dict.fromkeys(raw["links"]))
        result.append(Essay(
            title=raw["title"], sections=sections, source_path=path, source_line=raw["line"],
            date=meta.date or raw["date"],
            description=meta.description if len(essays) == 1 else None,
            author=meta.author, tags=meta.tags, links=links))
    return result


def _table_row(header: list[str], cells: list[str]) -> str:
    """A table row as a narrator reads it: each value with its column's name, the first
    cell naming the row ("Day 1. Flour: 50g. Notes: Mix, cover loosely."); a row
    without a full header (or a header without rows) as its cells joined by commas."""
    if not cells:  # an empty row (<tr></tr>), which some sites use as a spacer
        return ""
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
