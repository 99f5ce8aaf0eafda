"""Plain text: titles found by their shape, paragraphs by blank lines or wrapping."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..models import Essay, Link, Notice
from .clean import clean_text, _TERMINAL, _unlink_urls
from .events import _dateline_date, _essays_from_events, _Event, _Meta


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


def _parse_text(text: str, path: Path) -> tuple[list[Essay], list[Notice]]:
    return _essays_from_events(_text_events(text), path, _Meta(), datelines=True)
