"""Ghost JSON exports (Settings > Labs > Export): ``db[0].data.posts``.

Published posts are read (``status`` published; ``type`` post, or the older
``page`` false), and pages with ``--pages``; drafts, scheduled and emailed-only
posts are left out with a notice. Members-only and paid posts are the writer's own
and are read, with a notice counting them. The body is ``html``, or when it is
missing the ``lexical`` or ``mobiledoc`` document rendered to HTML; ``__GHOST_URL__``
placeholders become site-relative links; Ghost's cards (``kg-card``) are read as the
HTML reader reads them (buttons, bookmarks and embeds not read). An essay keeps the
post's ``uuid`` (else ``id``) and is dated by ``published_at``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from ..errors import SourceError
from ..models import Essay, Notice, plural
from .posts import (ReadOptions, clean_title, in_date_order, left_out_unpublished,
                    parse_date, post_essay, skipped_entry)
from .posts import _line_of

ReadResult = tuple[list[Essay], list[Notice]]


def sniff(head: bytes) -> bool:
    return head.lstrip()[:1] == b"{" and (b'"db"' in head or (
        b'"meta"' in head and b'"data"' in head and b'"posts"' in head))


def _data(document: Any, path: Path) -> dict:
    db = document.get("db") if isinstance(document, dict) else None
    data = (db[0] if isinstance(db, list) and db and isinstance(db[0], dict) else
            document if isinstance(document, dict) else {}).get("data")
    if not isinstance(data, dict) or not isinstance(data.get("posts"), list):
        raise SourceError("a JSON file that is not a Ghost export (no db[0].data.posts)",
                          path=path)
    return data


# ------------------------------------------------------------------ lexical

_LEXICAL_BLOCKS = {"paragraph": "p", "quote": "blockquote", "listitem": "li",
                   "aside": "blockquote"}
_LEXICAL_FORMATS = ((1, "strong"), (2, "em"))


def _lexical(node: dict) -> str:
    kind = node.get("type")
    children = "".join(_lexical(c) for c in node.get("children") or () if isinstance(c, dict))
    if kind == "text" or kind == "extended-text":
        text = html.escape(str(node.get("text", "")))
        for bit, tag in _LEXICAL_FORMATS:
            if isinstance(node.get("format"), int) and node["format"] & bit:
                text = f"<{tag}>{text}</{tag}>"
        return text
    if kind == "linebreak":
        return "<br>"
    if kind == "link":
        return f'<a href="{html.escape(str(node.get("url", "")))}">{children}</a>'
    if kind in ("heading", "extended-heading"):
        tag = str(node.get("tag", "h2"))
        tag = tag if tag in ("h2", "h3", "h4", "h5", "h6") else "h2"
        return f"<{tag}>{children}</{tag}>"
    if kind == "list":
        tag = "ol" if node.get("listType") == "number" else "ul"
        return f"<{tag}>{children}</{tag}>"
    if kind == "markdown":
        return _markdown(str(node.get("markdown", "")))
    if kind == "html":
        return str(node.get("html", ""))
    if kind in _LEXICAL_BLOCKS or kind == "extended-quote":
        tag = _LEXICAL_BLOCKS.get(kind, "blockquote")
        return f"<{tag}>{children}</{tag}>"
    if kind == "root":
        return children
    return ""  # images, embeds, bookmarks, buttons, code...: not read


def _markdown(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(text)


# ---------------------------------------------------------------- mobiledoc

def _mobiledoc(doc: dict) -> str:
    markups = doc.get("markups") or []
    cards = doc.get("cards") or []
    out = []

    def markers(items) -> str:
        text, open_tags = [], []
        for marker in items or ():
            if not isinstance(marker, list) or len(marker) < 4:
                continue
            kind, opens, closes, value = marker[:4]
            for index in opens or ():
                markup = markups[index] if isinstance(index, int) and index < len(markups) \
                    else ["span"]
                tag = str(markup[0]) if markup else "span"
                attrs = dict(zip(markup[1][::2], markup[1][1::2])) \
                    if len(markup) > 1 and isinstance(markup[1], list) else {}
                href = f' href="{html.escape(str(attrs["href"]))}"' if "href" in attrs else ""
                text.append(f"<{tag}{href}>")
                open_tags.append(tag)
            text.append(html.escape(str(value)) if kind == 0 else "")
            for _ in range(closes if isinstance(closes, int) else 0):
                if open_tags:
                    text.append(f"</{open_tags.pop()}>")
        text.extend(f"</{tag}>" for tag in reversed(open_tags))
        return "".join(text)

    for section in doc.get("sections") or ():
        if not isinstance(section, list) or not section:
            continue
        kind = section[0]
        if kind == 1 and len(section) >= 3:
            tag = str(section[1]).lower()
            tag = tag if tag in ("p", "h2", "h3", "h4", "h5", "h6", "blockquote") else "p"
            out.append(f"<{tag}>{markers(section[2])}</{tag}>")
        elif kind == 3 and len(section) >= 3:
            tag = "ol" if str(section[1]).lower() == "ol" else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{markers(item)}</li>"
                                           for item in section[2] or ()) + f"</{tag}>")
        elif kind == 10 and len(section) >= 2 and isinstance(section[1], int) \
                and section[1] < len(cards):
            name, payload = (cards[section[1]] + [{}])[:2]
            payload = payload if isinstance(payload, dict) else {}
            if name in ("markdown", "card-markdown"):
                out.append(_markdown(str(payload.get("markdown", ""))))
            elif name == "html":
                out.append(str(payload.get("html", "")))
    return "\n".join(out)


def _body(post: dict) -> str:
    if isinstance(post.get("html"), str) and post["html"].strip():
        body = post["html"]
    elif isinstance(post.get("lexical"), str) and post["lexical"].strip():
        document = json.loads(post["lexical"])
        body = _lexical(document.get("root", {}) if isinstance(document, dict) else {})
    elif isinstance(post.get("mobiledoc"), str) and post["mobiledoc"].strip():
        document = json.loads(post["mobiledoc"])
        body = _mobiledoc(document if isinstance(document, dict) else {})
    else:
        body = ""
    return body.replace("__GHOST_URL__", "")


def _authors(data: dict) -> dict[str, str]:
    users = {u.get("id"): u.get("name") for u in data.get("users") or ()
             if isinstance(u, dict)}
    first: dict[str, str] = {}
    for link in sorted((l for l in data.get("posts_authors") or () if isinstance(l, dict)),
                       key=lambda l: l.get("sort_order") or 0):
        if link.get("post_id") not in first and users.get(link.get("author_id")):
            first[link.get("post_id")] = users[link.get("author_id")]
    return first


def read(path: Path, data: bytes, options: ReadOptions = ReadOptions()) -> ReadResult:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise SourceError(f"not readable JSON ({getattr(error, 'msg', error)})", path=path,
                          line=line) from None
    export = _data(document, path)
    authors = _authors(export)
    users = {u.get("id"): u.get("name") for u in export.get("users") or ()
             if isinstance(u, dict)}
    text = data.decode("utf-8", "replace")
    essays: list[Essay] = []
    notices: list[Notice] = []
    counts: dict[str, int] = {}
    members = 0
    for index, post in enumerate(export["posts"], 1):
        if not isinstance(post, dict):
            notices.append(skipped_entry(path, index, None, SourceError("not a post")))
            continue
        title = clean_title(str(post.get("title") or "")) or None
        ident = str(post.get("uuid") or post.get("id") or "")
        line = _line_of(text, f'"{post.get("id")}"') if post.get("id") else None
        page = post.get("type") == "page" or post.get("page") in (True, 1)
        status = str(post.get("status", "published"))
        if status != "published":
            what = {"draft": "draft", "scheduled": "scheduled post",
                    "sent": "email-only post"}.get(status, f"post with status '{status}'")
            counts[what] = counts.get(what, 0) + 1
            continue
        if page and not options.pages:
            counts["page"] = counts.get("page", 0) + 1
            continue
        if post.get("visibility") not in (None, "public"):
            members += 1
        try:
            if not title:
                raise SourceError("no title")
            essay, more = post_essay(
                _body(post), path=path, title=title, source_id=f"ghost:{ident or title}",
                line=line, date=parse_date(str(post.get("published_at") or "")),
                description=str(post.get("custom_excerpt") or "") or None,
                author=authors.get(post.get("id")) or users.get(post.get("author_id")),
                code_marker=options.code_marker)
        except (SourceError, ValueError, TypeError, AttributeError, IndexError) as error:
            notices.append(skipped_entry(path, index, title, error, line))
            continue
        essays.append(essay)
        notices += more
    notices += left_out_unpublished(counts, path)
    if members:
        notices.append(Notice(f"{plural(members, 'members-only or paid post')} read as well "
                              "(they are yours; the podcast feed is public)", path=path))
    return in_date_order(essays), notices


def names(path: Path, data: bytes) -> tuple[str | None, str | None]:
    """The site's title (its ``title`` setting) and its author, when it has one."""
    try:
        export = _data(json.loads(data.decode("utf-8-sig")), path)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, None
    title = next((s.get("value") for s in export.get("settings") or ()
                  if isinstance(s, dict) and s.get("key") == "title"), None)
    users = [u.get("name") for u in export.get("users") or () if isinstance(u, dict)]
    return (clean_title(str(title)) if title else None,
            clean_title(str(users[0])) if len(users) == 1 and users[0] else None)
