"""Medium exports (Settings > Download your information), the zip or its folder (told
from a site's own posts/ folder by the export's README.html or profile/ beside it):
``posts/*.html``, one post a file, marked up as an h-entry (``p-name`` title,
``p-summary`` subtitle, ``e-content`` body, ``dt-published`` date,
``p-canonical`` link).

Drafts (files named ``draft_…``) are left out with a notice, and so are responses
(replies to other stories, which Medium exports as posts): a post whose body has
no title block (``graf--title``) is a response. An essay keeps the post's id (the
hex at the end of its file name or canonical link) as its identity.
"""

from __future__ import annotations

import html
import re
from pathlib import Path, PurePosixPath
from typing import Callable

from ..errors import SourceError
from ..models import Essay, Notice
from .decode import decode_bytes
from .html import _soup
from .posts import ReadOptions, clean_title, left_out, parse_date, post_essay, skipped_entry

ReadResult = tuple[list[Essay], list[Notice]]
_POST_ID = re.compile(r"-([0-9a-f]{8,16})$")


#: What else a Medium export holds beside posts/ (a site's own posts/ folder does not).
_EXPORT_MARKS = ("README.html", "profile/", "claps/", "highlights/", "sessions/",
                 "bookmarks/", "interests/", "lists/")


def is_export(names: list[str]) -> bool:
    return any(re.match(r"^posts/[^/]+\.html$", n) for n in names) and \
        "posts.csv" not in names and any(n.startswith(_EXPORT_MARKS) for n in names)


def _post(markup: str, path: Path) -> tuple[dict, str] | None:
    """(the h-entry's fields, its body's HTML), or None for a response."""
    soup = _soup(markup, path)
    body = soup.select_one('[data-field="body"]') or soup.select_one(".e-content")
    if body is None:
        raise SourceError("no post body (section data-field=\"body\")")
    titles = body.select(".graf--title")
    if not titles:
        return None
    for title_block in titles:
        title_block.decompose()
    for subtitle in body.select(".graf--subtitle"):
        subtitle.decompose()
    name = soup.select_one(".p-name") or soup.find("title")
    summary = soup.select_one(".p-summary")
    published = soup.select_one("time.dt-published")
    canonical = soup.select_one("a.p-canonical")
    author = soup.select_one(".p-author")
    fields = {"title": name.get_text(" ") if name else "",
              "subtitle": summary.get_text(" ") if summary else "",
              "date": published.get("datetime", "") if published else "",
              "link": canonical.get("href", "") if canonical else "",
              "author": author.get_text(" ") if author else ""}
    return fields, body.decode_contents()


def read_export(path: Path, names: list[str], read: Callable[[str], bytes],
                options: ReadOptions = ReadOptions()) -> ReadResult:
    posts = sorted(n for n in names if re.match(r"^posts/[^/]+\.html$", n))
    essays: list[Essay] = []
    notices: list[Notice] = []
    drafts = responses = 0
    for index, name in enumerate(posts, 1):
        stem = PurePosixPath(name).stem
        if stem.startswith("draft_") or stem.startswith("draft-"):
            drafts += 1
            continue
        file = path / name
        title = None
        try:
            markup, more = decode_bytes(read(name), file)
            post = _post(markup, file)
            if post is None:
                responses += 1
                continue
            fields, body = post
            title = clean_title(fields["title"]) or None
            if not title:
                raise SourceError("no title")
            subtitle = clean_title(fields["subtitle"]) or None
            if subtitle:
                body = f'<h3 class="subtitle">{html.escape(subtitle)}</h3>{body}'
            ident = _POST_ID.search(stem) or _POST_ID.search(fields["link"].rstrip("/"))
            essay, more_notices = post_essay(
                body, path=file, title=title, line=1,
                source_id=f"medium:{ident.group(1) if ident else stem}",
                date=parse_date(fields["date"]) or parse_date(stem[:10]),
                description=subtitle, author=clean_title(fields["author"]) or None,
                code_marker=options.code_marker)
        except SourceError as error:
            notices.append(skipped_entry(path, index, title or stem, error))
            continue
        essays.append(essay)
        notices += more + more_notices
    notices += left_out(drafts, "draft", "files named draft_...", path)
    notices += left_out(responses, "response", "replies to other stories, not essays", path)
    return essays, notices
