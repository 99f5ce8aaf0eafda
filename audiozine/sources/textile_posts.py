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


#: What a Liquid highlight block becomes in the Textile: a code block of its own, so
#: that the HTML reader counts it with the others and (with the marker) marks its run.
_CODE_PLACEHOLDER = ["", "bc. code", ""]


def _without_liquid(body: str) -> str:
    """The body without Liquid: highlight and raw blocks become one Textile code block
    (`_CODE_PLACEHOLDER`), comment blocks are blanked, tags and output dropped."""
    rows = body.split("\n")
    blocks = _source_blocks(rows)
    for start, (end, kind) in sorted(blocks.items(), reverse=True):
        rows[start:end + 1] = _CODE_PLACEHOLDER if kind == "code" else [""]
    text = "\n".join(rows)
    return _LIQUID.sub("", _LIQUID_INLINE_BLOCK.sub("", text))


def _parse_textile(text: str, path: Path, *, code_marker: bool = False
                   ) -> tuple[list[Essay], list[Notice]]:
    import textile

    text = clean_text(text)
    meta, body, offset = _front_matter(text, path)
    if meta.draft:
        return [], [Notice(DRAFT_NOTICE, path=path, line=1)]
    body = _without_liquid(body)
    try:
        page = textile.textile(body)
    except Exception as exc:  # noqa: BLE001 - the library's own defect, for one file
        raise SourceError(f"the Textile cannot be converted ({type(exc).__name__}: {exc})",
                          path=path, line=offset + 1) from None
    front = text.split("\n")[:offset]  # the front matter, read again with the page
    return _parse_html("\n".join(front) + "\n" + page if front else page, path,
                       code_marker=code_marker)
