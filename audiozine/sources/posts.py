"""A platform's post (a title, a date, an HTML body kept apart from them) made into an
`Essay`, the body read as the HTML reader reads a page: shared by the feed and
export readers.

Also here: the notices of an archive's entries ("entry 3 'Title': ...") and what a
platform adds to a post that a listener should not hear (feed footers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..models import Essay, Notice, Section, plural
from .clean import clean_text
from .html import _parse_html


@dataclass(frozen=True)
class ReadOptions:
    """What the user asked of the platform readers."""

    pages: bool = False
    """Read a site's pages (WordPress, Ghost) as well as its posts."""

    fetch_articles: bool = False
    """Fetch the page of each feed entry that carries only a summary."""

    code_blocks: str = "skip"
    """What an essay's code blocks become, in every format: "skip" (nothing is said)
    or "marker" (one short paragraph, `CODE_MARKER`, where a run of them stands)."""

    @property
    def code_marker(self) -> bool:
        """Whether a run of code blocks leaves a spoken `CODE_MARKER`."""
        return self.code_blocks == "marker"


#: A feed's or a WordPress plugin's footer under each post.
_FOOTERS = (
    re.compile(r"^The post .+ appeared first on .+$", re.S),
    re.compile(r"^(?:This|The) (?:entry|post) was (?:first )?(?:posted|published) "
               r"(?:in|on) .+$", re.S),
)

_NO_TEXT = "no readable text (an image-only or empty post)"
_HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>/])", re.I)

#: Notices of the HTML reader that say nothing about a post (its title is apart).
_PAGE_NOTICES = ("no h1 heading: read as one essay",)


def _line_of(text: str, needle: str, start: int = 0) -> int | None:
    """The 1-based line where `needle` first appears in `text` (after `start`)."""
    at = text.find(needle, start) if needle else -1
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def entry_where(index: int, title: str | None) -> str:
    """How a notice names an archive's entry: "entry 3 'A title'"."""
    return f"entry {index}" + (f" '{title[:60]}'" if title else "")


def post_essay(body: str, *, path: Path, title: str, source_id: str,
               date: dt.date | None = None, line: int | None = None,
               description: str | None = None, author: str | None = None,
               tags: tuple[str, ...] = (), code_marker: bool = False
               ) -> tuple[Essay, list[Notice]]:
    """The essay of a post whose `body` is HTML (its title, date and identity given
    apart from it); with `code_marker`, a run of <pre> blocks is one `CODE_MARKER`
    paragraph. Raises `SourceError` when the body has no readable text."""
    title = clean_title(title)
    # The title is the page's one h1; the body's headings are its sections (an h1 in
    # a post's body is one level under the post's title).
    body = _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", body)
    page = (f"<html><head><title>{html.escape(title or 'Untitled')}</title></head>"
            f"<body><main><h1>{html.escape(title or 'Untitled')}</h1>{body}</main>"
            "</body></html>")
    try:
        essays, notices = _parse_html(page, path, code_marker=code_marker)
    except SourceError as error:
        if "has a title but no text" in error.message:
            raise SourceError(_NO_TEXT) from None
        raise SourceError(error.message) from None  # said of the entry, not the file
    notices = [dataclasses.replace(n, line=line)
               for n in notices if not n.message.startswith(_PAGE_NOTICES)]
    if not essays:
        raise SourceError(_NO_TEXT)
    first = essays[0]
    sections = list(first.sections)
    for more in essays[1:]:  # an h1 inside a post's body is a section of the post
        sections.append(Section(more.title, more.sections[0].paragraphs if more.sections
                                else ()))
        sections.extend(more.sections[1:])
    sections = [Section(s.title, tuple(p for p in s.paragraphs
                                       if not any(f.match(p) for f in _FOOTERS)))
                for s in sections]
    sections = [s for s in sections if s.paragraphs or s.title]
    if not any(s.paragraphs for s in sections):
        raise SourceError(_NO_TEXT)
    links = tuple(dict.fromkeys(link for e in essays for link in e.links))
    essay = Essay(title=title or first.title, sections=tuple(sections), source_path=path,
                  source_line=line or 1, date=date or first.date,
                  description=clean_title(description) or first.description,
                  author=author or first.author, tags=tags or first.tags, links=links,
                  source_id=source_id)
    return essay, notices


def in_date_order(essays: list[Essay]) -> list[Essay]:
    """An archive's essays oldest first (feeds and exports list them newest first, or
    in no order); undated ones after the dated, in archive order."""
    undated = dt.date.max
    return sorted(essays, key=lambda essay: essay.date or undated)


def clean_title(text: str | None) -> str:
    """A title or field as a listener hears it: markup dropped, entities decoded."""
    if not text:
        return ""
    if "<" in text or "&" in text:
        from bs4 import BeautifulSoup
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            text = BeautifulSoup(text, "html.parser").get_text(" ")
    return " ".join(clean_text(html.unescape(text)).split())


def left_out(count: int, what: str, why: str, path: Path) -> list[Notice]:
    """A notice that `count` entries (drafts, pages...) were left out, when any were."""
    return [Notice(f"{plural(count, what)} left out ({why})", path=path)] if count else []


def left_out_unpublished(counts: dict[str, int], path: Path) -> list[Notice]:
    """The notices of the entries an export's reader left out, by kind ("draft": 3,
    "page": 1): only published posts are read (pages with --pages)."""
    notices = []
    for what, count in counts.items():
        notices += left_out(count, what, "only published posts are read" + (
            "; --pages reads pages" if what == "page" else ""), path)
    return notices


def skipped_entry(path: Path, index: int, title: str | None, error: Exception,
                  line: int | None = None) -> Notice:
    """The notice of an entry that cannot be read and is skipped."""
    message = getattr(error, "message", None) or str(error)
    return Notice(f"{entry_where(index, title)}: {message}; skipped", path=path, line=line)


def parse_date(value: str | None) -> dt.date | None:
    """A date from an export's field ("2021-03-04 10:00:00", ISO 8601 with a zone,
    RFC 2822), in UTC; None when empty, zero ("0000-00-00") or not a date."""
    if not value or not value.strip() or value.startswith("0000"):
        return None
    value = value.strip()
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc)
    return when.date()
