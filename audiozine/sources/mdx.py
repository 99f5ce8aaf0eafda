"""MDX posts (``.mdx``: Gatsby, Next.js, Docusaurus, Astro): Markdown with JavaScript
in it. What is JavaScript is not read: ``import``/``export`` blocks, JSX component
tags (``<Callout type="tip">``, ``<Chart data={rows} />``, ``</Callout>``, the
fragment ``<>``) and ``{expressions}`` (``{/* comments */}`` too); the Markdown
between a component's tags is read as Markdown is. Code fences and `code` are kept
as written, for the Markdown reader to treat as code."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SourceError
from ..models import Essay, Notice
from .clean import clean_text
from .frontmatter import _front_matter
from .markdown import _parse_markdown

MDX_SUFFIXES = (".mdx",)

_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_ESM = re.compile(r"[ \t]*(?:import|export)\b(?![ \t]*[-:.,;!?)])")
#: A JSX tag's start: a component (capitalized, or dotted: <Comps.Rendered>), its
#: closing tag, or a fragment (<>, </>).
_JSX_TAG = re.compile(r"</?(?:[A-Z][\w.]*|[a-z]\w*\.[\w.]+|>)")
_QUOTES = "\"'`"
#: An expression that is only a string ("{' '}", JSX's space between lines): its text.
_STRING_ONLY = re.compile(r"\{\s*(['\"])([^'\"\n]*)\1\s*\}")


def _skip_quoted(text: str, at: int) -> int:
    """The index after the string literal that starts at `at`."""
    quote, at = text[at], at + 1
    while at < len(text) and text[at] != quote:
        at += 2 if text[at] == "\\" else 1
    return at + 1


def _end_of(text: str, at: int, closer: str) -> int | None:
    """The index after the `closer` ("}" or ">") that ends the expression or tag
    opened at `at`, braces and string literals inside it skipped; None if none does."""
    depth = 0
    at += 1
    while at < len(text):
        char = text[at]
        if text.startswith("/*", at) and (closer == "}" or depth):  # {/* a comment */}
            end = text.find("*/", at + 2)
            at = end + 2 if end >= 0 else len(text)
            continue
        if char in _QUOTES and (closer == "}" or depth):
            at = _skip_quoted(text, at)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0 and closer == "}":
                return at + 1
            depth -= 1
        elif char == closer and depth == 0:
            return at + 1
        elif char == '"' or char == "'":  # an attribute's value: <A title="a > b">
            at = _skip_quoted(text, at)
            continue
        at += 1
    return None


def _blanked(text: str) -> str:
    """`text` as the blank lines it spans, so the lines after it keep their numbers."""
    return "\n" * text.count("\n")


def _without_javascript(body: str, offset: int, path: Path) -> str:
    """`body` without its ESM blocks, JSX component tags and expressions (see the
    module's docstring), outside code fences and code spans."""
    rows = body.split("\n")
    out: list[str] = []
    fence: str | None = None
    n = 0
    while n < len(rows):
        row = rows[n]
        opened = _FENCE.match(row)
        if fence is not None:
            out.append(row)
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            n += 1
        elif opened:
            fence = opened.group(1)
            out.append(row)
            n += 1
        elif not row.strip():
            out.append(row)
            n += 1
        elif _ESM.match(row) and (not out or not out[-1].strip()):
            while n < len(rows) and rows[n].strip():  # the block ends at a blank line
                out.append("")
                n += 1
        else:
            end = n
            while end + 1 < len(rows) and rows[end + 1].strip() and not _FENCE.match(rows[end + 1]):
                end += 1
            out.append(_without_jsx("\n".join(rows[n:end + 1]), offset + n + 1, path))
            n = end + 1
    return "\n".join(out)


def _without_jsx(text: str, line: int, path: Path) -> str:
    """A paragraph's text (from line `line`) without JSX tags and expressions; code
    spans kept. A tag or expression that never closes is a `SourceError`."""
    out: list[str] = []
    at = 0
    while at < len(text):
        char = text[at]
        end = None
        if char == "`":
            run = re.match(r"`+", text[at:]).group(0)
            close = text.find(run, at + len(run))
            end = close + len(run) if close >= 0 else at + len(run)
            out.append(text[at:end])
            at = end
            continue
        if char == "\\" and at + 1 < len(text):
            out.append(text[at:at + 2])
            at += 2
            continue
        if char == "{":
            end = _end_of(text, at, "}")
            what = "a {expression}"
        elif char == "<" and _JSX_TAG.match(text, at):
            end = _end_of(text, at, ">")
            what = f"the JSX tag {_JSX_TAG.match(text, at).group(0)}"
        if end is None and char in "{<" and (char == "{" or _JSX_TAG.match(text, at)):
            raise SourceError(f"{what} is never closed", path=path,
                              line=line + text.count("\n", 0, at))
        if end is not None:
            literal = _STRING_ONLY.fullmatch(text, at, end) if char == "{" else None
            out.append(literal.group(2) if literal else _blanked(text[at:end]))
            at = end
            continue
        out.append(char)
        at += 1
    return "".join(out)


def _parse_mdx(text: str, path: Path, *, code_marker: bool = False
               ) -> tuple[list[Essay], list[Notice]]:
    text = clean_text(text)
    _meta, body, offset = _front_matter(text, path)
    front = text.split("\n")[:offset]
    body = _without_javascript(body, offset, path)
    return _parse_markdown("\n".join(front + [body]) if front else body, path,
                           code_marker=code_marker)
