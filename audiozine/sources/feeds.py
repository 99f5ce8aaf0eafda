"""RSS 2.0 and Atom feeds, from a file or an http(s) URL, read with feedparser.

Each entry is an essay: its title, its date (published, else updated), its guid
(the identity its episode keeps) and its full text from ``content:encoded`` or
Atom ``content``. An entry that has only a summary (``description``, Atom
``summary``) is cut short when there is no full text: the summary ends like a cut
("…", "[…]", "Read more", "Continue reading") or has fewer than `SUMMARY_WORDS`
words. Such entries are not read as if whole: a notice says how many, and with
``--fetch-articles`` each one's page is fetched and its article extracted with
trafilatura instead. Feed footers ("The post X appeared first on Y.") are not read.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from ..errors import SourceError
from ..models import Essay, Notice
from .posts import (ReadOptions, _line_of, clean_title, in_date_order, post_essay,
                    skipped_entry)
from .safety import download, refuse_entities, url_of

ReadResult = tuple[list[Essay], list[Notice]]

SUMMARY_WORDS = 100
"""A description without full text that has fewer words than this is a summary."""

_CUT_SHORT = re.compile(r"(?:\.\.\.|…|\[\s*(?:\.\.\.|…)\s*\]|read more|continue reading"
                        r"|read the rest|keep reading|more\s*»|→)\W*$", re.I)


def sniff(head: bytes) -> bool:
    """Whether a file's first bytes are an RSS, RDF or Atom feed."""
    return bool(re.search(rb"<(?:rss|feed|rdf:RDF)\b", head))


def _body(entry) -> tuple[str, bool]:
    """(the entry's text as HTML, whether it is whole)."""
    contents = [c for c in entry.get("content") or () if (c.get("value") or "").strip()]
    if contents:
        best = max(contents, key=lambda c: len(c.get("value") or ""))
        return _as_html(best.get("value", ""), best.get("type", "")), True
    summary = entry.get("summary") or ""
    detail = entry.get("summary_detail") or {}
    words = clean_title(summary)
    whole = bool(words) and not _CUT_SHORT.search(words) and \
        len(words.split()) >= SUMMARY_WORDS
    return _as_html(summary, detail.get("type", "text/html")), whole


def _as_html(value: str, kind: str) -> str:
    if kind == "text/plain":
        return "".join(f"<p>{html.escape(p)}</p>" for p in re.split(r"\n\s*\n", value))
    return value


def _date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(*value[:3])
            except (TypeError, ValueError):
                continue
    return None


def _article(link: str) -> str:
    """The article of the page at `link`, as HTML, extracted by trafilatura."""
    import trafilatura

    data, final = download(link)
    extracted = trafilatura.extract(data, url=final, output_format="html",
                                    include_comments=False, include_images=False,
                                    include_tables=True, favor_precision=True)
    if not extracted:
        raise SourceError("no article found on its page", path=link)
    return extracted


def read_feed(data: bytes, path: Path, options: ReadOptions = ReadOptions()) -> ReadResult:
    """The essays of feed `data` (read from `path`, a file or a URL)."""
    import feedparser

    refuse_entities(data, path)
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    if not parsed.entries:
        why = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        raise SourceError(f"an RSS or Atom feed without entries{why}", path=path)
    text = data.decode("utf-8", "replace")
    essays: list[Essay] = []
    notices: list[Notice] = []
    cut_short: list[str] = []
    channel_author = clean_title(parsed.feed.get("author")) or None
    for index, entry in enumerate(parsed.entries, 1):
        title = clean_title(entry.get("title")) or None
        guid = entry.get("id") or entry.get("link") or title or f"entry-{index}"
        line = _line_of(text, guid) or _line_of(text, title or "\0")
        try:
            body, whole = _body(entry)
            if not whole:
                link = entry.get("link")
                if not (options.fetch_articles and link and url_of(link)):
                    cut_short.append(title or guid)
                    continue
                body = _article(link)
            tags = tuple(t.get("term") for t in entry.get("tags") or () if t.get("term"))
            essay, more = post_essay(body, path=path, title=title or "", line=line,
                                     source_id=f"feed:{guid}", date=_date(entry),
                                     author=clean_title(entry.get("author")) or channel_author,
                                     tags=tags, code_marker=options.code_marker)
        except SourceError as error:
            notices.append(skipped_entry(path, index, title, error, line))
            continue
        essays.append(essay)
        notices += more
    if cut_short:
        notices.append(Notice(
            f"{len(cut_short)} {'entry' if len(cut_short) == 1 else 'entries'} of "
            f"{len(parsed.entries)} carry only a "
            f"summary (the first: '{cut_short[0][:60]}'), cut short: not read (build with "
            "--fetch-articles to fetch each one's page)", path=path))
        if not essays:
            raise SourceError(f"the feed carries only summaries ({len(cut_short)} entries); "
                              "build with --fetch-articles to fetch each entry's page",
                              path=path)
    return in_date_order(essays), notices


def read(path: Path, data: bytes, options: ReadOptions = ReadOptions()) -> ReadResult:
    return read_feed(data, path, options)


def read_url(url: str, options: ReadOptions = ReadOptions()) -> ReadResult:
    """The essays of the feed at `url` (http or https)."""
    data, _final = download(url)
    if not sniff(data[:65536]):
        raise SourceError("not an RSS or Atom feed (a web page? give the URL of its "
                          "feed)", path=url)
    return read_feed(data, Path(url), options)


def names(path: Path, data: bytes) -> tuple[str | None, str | None]:
    """The feed's own title and author, to name a show built from it."""
    import feedparser

    refuse_entities(data, path)
    feed = feedparser.parse(data).feed
    return clean_title(feed.get("title")) or None, clean_title(feed.get("author")) or None
