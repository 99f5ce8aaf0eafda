"""Substack exports (Settings > Export your data), the zip or its unzipped folder:
``posts.csv`` lists each post (``post_id``, ``post_date``, ``is_published``,
``type``, ``audience``, ``title``, ``subtitle``) and ``posts/<post_id>.html`` holds
its body.

Published posts are read, in the order of ``posts.csv``; drafts (``is_published``
false), threads (``type`` thread) and pages (``type`` page, read with ``--pages``)
are left out with a notice. Paid posts
(``audience`` only_paid, founding) are the writer's own and are read, with a notice
counting them (the podcast feed is public). The subtitle is the description and is
read first; subscribe widgets, buttons and share links are not read. An essay keeps
the number of its ``post_id`` ("139012345" of "139012345.the-quiet-office") as its
identity, so a renamed post keeps its episode.
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import Callable

from ..errors import SourceError
from ..models import Essay, Notice, plural
from .decode import decode_bytes
from .posts import (ReadOptions, clean_title, in_date_order, left_out, parse_date, post_essay,
                    skipped_entry)

ReadResult = tuple[list[Essay], list[Notice]]
_PAID = ("only_paid", "founding", "paid")


def is_export(names: list[str]) -> bool:
    """Whether an archive's (or folder's) file names are a Substack export's."""
    return "posts.csv" in names and any(n.startswith("posts/") and n.endswith(".html")
                                        for n in names)


def read_export(path: Path, names: list[str], read: Callable[[str], bytes],
                options: ReadOptions = ReadOptions()) -> ReadResult:
    """The essays of the Substack export at `path` (a zip or folder) whose files are
    `names`, each read with `read(name)`."""
    table_path = path / "posts.csv"
    text, notices = decode_bytes(read("posts.csv"), table_path)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise SourceError(f"not a readable CSV table ({error})", path=table_path,
                          line=reader.line_num) from None
    if not rows or "post_id" not in rows[0]:
        raise SourceError("a posts.csv without a post_id column (not a Substack export?)",
                          path=table_path)
    bodies = {n[len("posts/"):-len(".html")]: n for n in names
              if n.startswith("posts/") and n.endswith(".html")}
    essays: list[Essay] = []
    drafts = threads = pages = paid = 0
    lines = _row_lines(text)
    for index, row in enumerate(rows, 1):
        line = lines[index] if index < len(lines) else None
        post_id = (row.get("post_id") or "").strip()
        title = clean_title(row.get("title")) or None
        kind = (row.get("type") or "").strip().lower()
        if kind == "thread":
            threads += 1
            continue
        if kind == "page" and not options.pages:
            pages += 1
            continue
        if (row.get("is_published") or "").strip().lower() not in ("true", "1", "yes"):
            drafts += 1
            continue
        try:
            if not title:
                raise SourceError("no title")
            if post_id not in bodies:
                raise SourceError(f"no posts/{post_id}.html for it in the export")
            body, more = decode_bytes(read(bodies[post_id]), path / bodies[post_id])
            subtitle = clean_title(row.get("subtitle")) or None
            if subtitle:
                body = f'<h3 class="subtitle">{html.escape(subtitle)}</h3>{body}'
            essay, more_notices = post_essay(
                body, path=table_path, title=title, line=line,
                source_id=f"substack:{post_id.split('.', 1)[0]}",
                date=parse_date(row.get("post_date")), description=subtitle,
                code_marker=options.code_marker)
        except SourceError as error:
            notices.append(skipped_entry(table_path, index, title, error, line))
            continue
        if (row.get("audience") or "").strip().lower() in _PAID:
            paid += 1
        essays.append(essay)
        notices += more + more_notices
    notices += left_out(drafts, "draft", "is_published is false", table_path)
    notices += left_out(threads, "thread", "a thread is a discussion, not an essay",
                        table_path)
    notices += left_out(pages, "page", "only posts are read; --pages reads pages", table_path)
    if paid:
        notices.append(Notice(f"{plural(paid, 'paid post')} read as well (they are yours; "
                              "the podcast feed is public)", path=table_path))
    return in_date_order(essays), notices


def _row_lines(text: str) -> list[int]:
    """The line each row of a CSV table starts on (a quoted field may hold newlines)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    starts = [1]
    try:
        for _row in reader:
            starts.append(reader.line_num + 1)
    except csv.Error:
        pass
    return starts
