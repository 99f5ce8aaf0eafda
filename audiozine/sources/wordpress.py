"""WordPress WXR exports (Tools > Export), with the ``http://`` or the ``https://``
``wordpress.org/export/1.x/`` namespace URIs real exports use.

Published posts are read (``wp:status`` publish, ``wp:post_type`` post), and pages
with ``--pages``; attachments, menu items, revisions, reusable blocks and comments
never are; drafts, pending, private, scheduled (future), trashed and
password-protected posts are left out with a notice counting each. An essay is
dated by ``wp:post_date_gmt`` (else ``wp:post_date``, else ``pubDate``), keeps the
item's guid (else its post id) as its identity, and is named by the author's
display name. The body is ``content:encoded``: classic-editor text (paragraphs
split by blank lines, without ``<p>``) is made into paragraphs; Gutenberg block
comments and ``<!--more-->`` are not read, nor are the insides of ``[embed]``,
``[video]``, ``[audio]`` and ``[gallery]``; other shortcodes' tags are dropped and
their text read (a ``[caption]`` is a figure caption); a URL alone on its line (an
embed) is not read; a verse block is read as lines of a poem. An untitled post is
named after its URL's slug, with a notice.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SourceError
from ..models import Essay, Notice
from .posts import (ReadOptions, clean_title, entry_where, in_date_order, left_out_unpublished,
                    parse_date, post_essay, skipped_entry)
from .posts import _line_of
from .safety import parse_xml

ReadResult = tuple[list[Essay], list[Notice]]

_WXR = re.compile(rb"https?://wordpress\.org/export/1\.\d+/")
_LEFT_OUT = {"draft": "draft", "pending": "draft", "auto-draft": "draft",
             "private": "private post", "future": "scheduled post",
             "trash": "trashed post", "inherit": None}
_DROPPED_SHORTCODES = re.compile(
    r"\[(embed|video|audio|playlist|gallery)\b[^\]]*\](?:.*?\[/\1\])?", re.S | re.I)
_CAPTION = re.compile(r"\[(?:wp_)?caption\b[^\]]*\](.*?)\[/(?:wp_)?caption\]", re.S | re.I)
_BLOCK_TAG = re.compile(r"^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|"
                        r"section|dl|address|form|!--)\b", re.I)


def sniff(head: bytes) -> bool:
    return bool(_WXR.search(head))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _fields(item) -> dict[str, str]:
    """An item's child elements by name: "wp:status", "content:encoded", "title"."""
    fields: dict[str, str] = {}
    for child in item:
        namespace = child.tag[1:].split("}", 1)[0] if child.tag.startswith("{") else ""
        prefix = ("wp:" if "wordpress.org/export" in namespace and "excerpt" not in namespace
                  else "excerpt:" if "excerpt" in namespace
                  else "content:" if "purl.org/rss/1.0/modules/content" in namespace
                  else "dc:" if "purl.org/dc/" in namespace else "")
        fields.setdefault(prefix + _local(child.tag), child.text or "")
    return fields


def _caption(match: re.Match) -> str:
    inner = match.group(1)
    picture = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.S)
    if picture:
        return f"<figure>{picture.group(1)}<figcaption>{picture.group(2)}</figcaption></figure>"
    return f"<figure><figcaption>{inner}</figcaption></figure>"


def _autop(body: str) -> str:
    """Classic-editor text made HTML: a blank line ends a paragraph (WordPress's wpautop)."""
    chunks = re.split(r"\n\s*\n", body.replace("\r\n", "\n"))
    return "\n".join(chunk if _BLOCK_TAG.match(chunk) or not chunk.strip()
                     else f"<p>{chunk}</p>" for chunk in chunks)


_EMBED_LINE = re.compile(r"^[ \t]*(?:<p>)?\s*https?://[^\s<>]+\s*(?:</p>)?[ \t]*$", re.M)


_VERSE = re.compile(r"<pre\b([^>]*\bwp-block-verse\b[^>]*)>(.*?)</pre>", re.S | re.I)


def wxr_body(content: str) -> str:
    """A post's ``content:encoded`` as the HTML a reader of the post sees (a URL alone
    on its line is an embed: WordPress shows the video or the tweet, not the URL; a
    verse block is a poem, read line by line, not code)."""
    content = _EMBED_LINE.sub("", _DROPPED_SHORTCODES.sub("", content))
    content = _VERSE.sub(lambda m: "<p>" + re.sub(r"\n", "<br>", m.group(2).strip()) + "</p>",
                         content)
    content = _CAPTION.sub(_caption, content)
    return _autop(content)


def _authors(channel) -> dict[str, str]:
    names = {}
    for author in channel:
        if _local(author.tag) == "author":
            fields = {_local(c.tag): (c.text or "").strip() for c in author}
            if fields.get("author_login"):
                names[fields["author_login"]] = fields.get("author_display_name") or \
                    fields["author_login"]
    return names


def read(path: Path, data: bytes, options: ReadOptions = ReadOptions()) -> ReadResult:
    root, broken = parse_xml(data, path, entries=("item",))
    channel = next((c for c in root if _local(c.tag) == "channel"), None)
    if channel is None:
        raise SourceError("a WordPress export without a <channel>", path=path)
    authors = _authors(channel)
    text = data.decode("utf-8", "replace")
    essays: list[Essay] = []
    notices: list[Notice] = []
    counts: dict[str, int] = {}
    index = 0
    for item in channel:
        if _local(item.tag) != "item":
            continue
        fields = _fields(item)
        kind = fields.get("wp:post_type", "post").strip()
        if kind not in ("post", "page"):
            continue  # attachments, menu items, revisions, blocks: not writing
        index += 1
        title = clean_title(fields.get("title")) or None
        slug = fields.get("wp:post_name", "").strip()
        post_id = fields.get("wp:post_id", "").strip()
        guid = fields.get("guid", "").strip() or post_id
        line = _line_of(text, f"<wp:post_id>{post_id}</wp:post_id>") if post_id else None
        status = fields.get("wp:status", "publish").strip()
        if status != "publish":
            what = _LEFT_OUT.get(status, f"post with status '{status}'")
            if what:
                counts[what] = counts.get(what, 0) + 1
            continue
        if fields.get("wp:post_password", "").strip():
            counts["password-protected post"] = counts.get("password-protected post", 0) + 1
            continue
        if kind == "page" and not options.pages:
            counts["page"] = counts.get("page", 0) + 1
            continue
        date = (parse_date(fields.get("wp:post_date_gmt")) or parse_date(fields.get("wp:post_date"))
                or parse_date(fields.get("pubDate")))
        tags = tuple(clean_title(c.text) for c in item
                     if _local(c.tag) == "category" and c.text and c.get("domain") == "post_tag")
        login = fields.get("dc:creator", "").strip()
        if not title and slug:  # an untitled post (an aside): named as its URL names it
            title = slug.replace("-", " ").capitalize()
            notices.append(Notice(f"{entry_where(index, None)}: no title; named '{title}' "
                                  "after its URL", path=path, line=line))
        try:
            if not title:
                raise SourceError("no title")
            essay, more = post_essay(
                wxr_body(fields.get("content:encoded", "")), path=path, title=title,
                source_id=f"wordpress:{guid or title}", date=date, line=line,
                description=clean_title(fields.get("excerpt:encoded")) or None,
                author=authors.get(login, login) or None, tags=tags,
                code_marker=options.code_marker)
        except SourceError as error:
            notices.append(skipped_entry(path, index, title, error, line))
            continue
        essays.append(essay)
        notices += more
    notices += left_out_unpublished(counts, path)
    return in_date_order(essays), notices + ([broken] if broken else [])


def names(path: Path, data: bytes) -> tuple[str | None, str | None]:
    root, _broken = parse_xml(data, path, entries=("item",))
    channel = next((c for c in root if _local(c.tag) == "channel"), None)
    if channel is None:
        return None, None
    title = next((clean_title(c.text) for c in channel if _local(c.tag) == "title"), None)
    authors = list(_authors(channel).values())
    return title or None, authors[0] if len(authors) == 1 else None
