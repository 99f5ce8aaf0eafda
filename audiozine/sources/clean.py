"""Cleaning text: line ends, spaces, invisible characters, bare URLs, a paragraph's
lines joined; shared by every reader."""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

from ..models import Link


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


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


_TERMINAL = ".!?…:;\"”’)]»"


def _ended(text: str) -> str:
    """`text` ending as a sentence does (a label read before its body): "Sick days
    (total)" gets its period, "Why?" and "(Yes.)" have theirs."""
    return text if re.search(r"[.!?…:;][\"”’)\]»]*$", text) else text + "."


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


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def without_markup(text: str) -> str:
    """"Darwin&#39;s <i>Window</i>" -> "Darwin's Window": a title or front-matter value
    as text, its tags dropped and its entities decoded (also entities escaped twice,
    "&amp;#39;", as a blog's export or a page's <title> often has them)."""
    if "<" in text:
        text = _TAG.sub("", text)
    for _ in range(2):
        if "&" not in text:
            break
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text
