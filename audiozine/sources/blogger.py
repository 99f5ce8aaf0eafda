"""Blogger exports (Settings > Back up content): an Atom file of the blog's posts,
comments, settings and template. Only live posts are read: the 2008 format's
entries of kind ``#post`` without ``app:draft`` yes, and the newer format's
``blogger:type`` POST with ``blogger:status`` LIVE; drafts are left out with a notice.
Each essay keeps the entry's ``id`` and is dated by ``published``."""

from __future__ import annotations

import re
from pathlib import Path

from ..models import Essay, Notice
from ..errors import SourceError
from .posts import (ReadOptions, clean_title, in_date_order, left_out, parse_date, post_essay,
                    skipped_entry)
from .posts import _line_of
from .safety import parse_xml

ReadResult = tuple[list[Essay], list[Notice]]


def sniff(head: bytes) -> bool:
    return b"<feed" in head and bool(re.search(
        rb"schemas\.google\.com/blogger/2018|blogger/2008/kind#(?:settings|template|post)",
        head))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element, name: str):
    return next((c for c in element if _local(c.tag) == name), None)


def _kind(entry) -> tuple[str, bool]:
    """(post, comment, settings, template..., whether it is a draft)."""
    kind = _child(entry, "type")
    if kind is not None:  # the newer format
        status = (_child(entry, "status").text or "") if _child(entry, "status") is not None \
            else "LIVE"
        return (kind.text or "").strip().lower(), status.strip().upper() != "LIVE"
    term = next((c.get("term", "") for c in entry if _local(c.tag) == "category"
                 and c.get("scheme", "").endswith("#kind")), "")
    control = _child(entry, "control")
    draft = control is not None and any(_local(c.tag) == "draft" and
                                        (c.text or "").strip() == "yes" for c in control)
    return term.rsplit("#", 1)[-1], draft


def read(path: Path, data: bytes, options: ReadOptions = ReadOptions()) -> ReadResult:
    root, broken = parse_xml(data, path, entries=("entry",))
    text = data.decode("utf-8", "replace")
    essays: list[Essay] = []
    notices: list[Notice] = []
    drafts = index = 0
    for entry in root:
        if _local(entry.tag) != "entry":
            continue
        kind, draft = _kind(entry)
        if kind not in ("post", "page") or (kind == "page" and not options.pages):
            continue
        index += 1
        if draft:
            drafts += 1
            continue
        title_element, content = _child(entry, "title"), _child(entry, "content")
        title = clean_title(title_element.text if title_element is not None else "") or None
        ident = (_child(entry, "id").text or "").strip() if _child(entry, "id") is not None \
            else ""
        line = _line_of(text, ident) if ident else None
        published = _child(entry, "published")
        author = _child(entry, "author")
        name = _child(author, "name") if author is not None else None
        try:
            if not title:
                raise SourceError("no title")
            essay, more = post_essay(
                content.text or "" if content is not None else "", path=path, title=title,
                source_id=f"blogger:{ident or title}", line=line,
                date=parse_date(published.text if published is not None else None),
                author=clean_title(name.text if name is not None else None) or None,
                code_marker=options.code_marker)
        except SourceError as error:
            notices.append(skipped_entry(path, index, title, error, line))
            continue
        essays.append(essay)
        notices += more
    notices += left_out(drafts, "draft", "only published posts are read", path)
    return in_date_order(essays), notices + ([broken] if broken else [])


def names(path: Path, data: bytes) -> tuple[str | None, str | None]:
    root, _broken = parse_xml(data, path, entries=("entry",))
    title = _child(root, "title")
    author = _child(root, "author")
    name = _child(author, "name") if author is not None else None
    return (clean_title(title.text if title is not None else None) or None,
            clean_title(name.text if name is not None else None) or None)
