"""Textile posts (Jekyll's ``.textile``): front matter as in Markdown, the body turned
into HTML by the `textile` library and read as an HTML page is. Jekyll's Liquid
(``{% highlight %}`` blocks, ``{{ ... }}``) is not read."""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError
from ..models import Essay, Notice
from .clean import clean_text
from .frontmatter import DRAFT_NOTICE, _front_matter
from .html import _parse_html
from .markdown import _LIQUID, _LIQUID_INLINE_BLOCK, _source_blocks

TEXTILE_SUFFIXES = (".textile",)


def _without_liquid(body: str) -> tuple[str, int]:
    """The body without Liquid: highlight, raw and comment blocks are blanked (their
    rows kept, empty), tags and output dropped; and how many code blocks there were."""
    rows = body.split("\n")
    blocks = _source_blocks(rows)
    code = 0
    for start, (end, kind) in blocks.items():
        code += kind == "code"
        rows[start:end + 1] = [""] * (end + 1 - start)
    text = "\n".join(rows)
    return _LIQUID.sub("", _LIQUID_INLINE_BLOCK.sub("", text)), code


def _parse_textile(text: str, path: Path) -> tuple[list[Essay], list[Notice]]:
    import textile

    text = clean_text(text)
    meta, body, offset = _front_matter(text, path)
    if meta.draft:
        return [], [Notice(DRAFT_NOTICE, path=path, line=1)]
    body, code = _without_liquid(body)
    try:
        page = textile.textile(body)
    except Exception as exc:  # noqa: BLE001 - the library's own defect, for one file
        raise SourceError(f"the Textile cannot be converted ({type(exc).__name__}: {exc})",
                          path=path, line=offset + 1) from None
    front = text.split("\n")[:offset]  # the front matter, read again with the page
    essays, notices = _parse_html("\n".join(front) + "\n" + page if front else page, path)
    if code:
        notices.append(Notice(f"{code} code block(s) will not be narrated", path=path))
    return essays, notices
