"""Markdown: front matter, headings, paragraphs, lists, tables, footnotes; Jekyll,
kramdown and Obsidian markup that is not read."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from ..models import CODE_MARKER, Essay, Link, Notice
from .clean import (
    clean_text, _ended, _host, _joined_lines, _LINE_BREAK, _looks_like_url, _squash,
    _unlink_urls)
from .events import _date_from_path, _drop_contents_label, _essays_from_events, _Event, _table_row
from .frontmatter import DRAFT_NOTICE, _front_matter, PAGE_NOTICE
from .html import _soup


_SPACE_BEFORE_STOP = re.compile(r" ([.,])(?=\s|$)")


def _markdown_inline(token, links: list[Link]) -> str:
    """Plain text of an inline token: emphasis dropped, link text kept, images skipped."""
    out: list[str] = []
    link_stack: list[tuple[str, int]] = []
    struck = 0
    for child in token.children or ():
        kind = child.type
        if kind in ("s_open", "s_close"):
            struck += 1 if kind == "s_open" else -1
        elif struck > 0:
            continue  # ~~crossed out~~: the writer took it back
        elif kind == "text":
            out.append(child.content)
        elif kind == "code_inline":  # kept marked, so speech reads it as code (issue 25)
            code = re.fullmatch(r"(\s*)(.*?)(\s*)", child.content, re.S)
            out.append(f"{code[1]}`{code[2]}`{code[3]}" if code[2] and "`" not in code[2]
                       else child.content)  # the spaces outside the marks: no word more
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append(_LINE_BREAK)
        elif kind == "link_open":
            link_stack.append((str(child.attrs.get("href", "")), len(out)))
        elif kind == "link_close" and link_stack:
            href, start = link_stack.pop()
            text = _squash("".join(out[start:]))
            if _looks_like_url(text) or not text:
                text = _host(href) if href and not href.startswith("mailto:") else text
                out[start:] = [text]
            if href and not href.startswith("#"):
                links.append(Link(text=text, url=href))
        elif kind == "html_inline":
            if re.fullmatch(r"<br\s*/?>", child.content.strip(), re.I):
                out.append(_LINE_BREAK)  # "the break.<br>Line three": two words, not one
            continue
    # A skipped image leaves a space before the punctuation after it: "and ![x](y)."
    return _unlink_urls(_SPACE_BEFORE_STOP.sub(r"\1", _squash(_joined_lines("".join(out)))),
                        links)


_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^( {0,3})\[\^([^\]\s]+)\]:[ \t]*")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


_OBSIDIAN_COMMENT = re.compile(r"%%[^\n]*?%%")
_OBSIDIAN_EMBED = re.compile(r"!\[\[[^\]\n]*\]\]")
_WIKI_LINK = re.compile(r"\[\[([^\]|#\n]*)(?:#([^\]|\n]*))?(?:\|([^\]\n]*))?\]\]")
_CALLOUT = re.compile(r"^(\s*(?:>\s*)+)\[![\w-]+\][+-]?\s*(?P<title>.*)$")


def _callout(m: re.Match[str]) -> str:
    """"> [!note] Status" -> "> Status.": the title is read, and ends before the body."""
    title = m.group("title").strip()
    return m.group(1) + (_ended(title) if title else title)


#: A bold label alone on its line ("> **Note**", "**Update:**"): it ends before the text.
_LABEL_LINE = re.compile(r"^(\s*(?:>\s*)*)(\*\*[^*\n]{1,40}?[^*\s:.!?]\*\*)[ \t]*$")
#: Tags at the end of a line ("... anything. #opinion #pkm"), Obsidian's and a blog's
#: metadata; one tag inside a sentence is read ("on #staff").
_TRAILING_TAGS = re.compile(r"(?:(?<=\s)|^)(?:#[A-Za-z][\w/-]*\s*){2,}$|^\s*#[A-Za-z][\w/-]*\s*$")


def _wiki_link(m: re.Match[str]) -> str:
    """[[Note|shown text]] -> shown text; [[Note#Heading]] -> Note, Heading."""
    target, heading, alias = (m.group(i) or "" for i in (1, 2, 3))
    return alias.strip() or ", ".join(part.strip() for part in (target, heading) if part.strip())


# Jekyll (Liquid) and kramdown markup, which a site's build turns into something
# else or nothing, and which is never meant to be read as written.
_LIQUID_BLOCK = re.compile(r"\s*\{%-?\s*(highlight|raw|comment)\b[^%]*%\}\s*")
_LIQUID_INLINE_BLOCK = re.compile(
    r"\{%-?\s*(highlight|raw|comment)\b.*?%\}.*?\{%-?\s*end\1\s*-?%\}")
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")  # tags and {{ output }}, Hugo's {{< >}} too
_KRAMDOWN_IAL = re.compile(r"\{:[^}\n]*\}")  # {: .lead}, {:toc}, {::options ... /}, {:/}
_KRAMDOWN_ABBREVIATION = re.compile(r"^ {0,3}\*\[[^\]\n]+\]:")
_TASK_MARKER = re.compile(r"^(\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+)\[([ xX])\]\s+")
_HIGHLIGHT = re.compile(r"==(?=\S)([^=\n]+?)(?<=\S)==")  # Obsidian's ==highlight==
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")
_EMOJI_CODE = re.compile(r"(?<![\w:/]):(?:[a-z][a-z0-9_+-]*|[+-]1|100):(?![\w:])")
_MATH = "$$"
_SETEXT_RULE = re.compile(r" {0,3}=+[ \t]*")
_SKIPPED_BLOCKS = {"highlight": "code", "raw": "code", "comment": "comment"}


def _readable_markdown_text(piece: str) -> str:
    """A line's text outside `code`, without Liquid, kramdown attribute lists, emoji
    codes, trailing #tags and ==highlight== marks."""
    piece = _LIQUID.sub("", _LIQUID_INLINE_BLOCK.sub("", piece))
    piece = _EMOJI_CODE.sub("", _KRAMDOWN_IAL.sub("", piece))
    return _HIGHLIGHT.sub(r"\1", _TRAILING_TAGS.sub("", piece))


def _source_blocks(rows: list[str]) -> dict[int, tuple[int, str]]:
    """Blocks of rows that are not read: Obsidian %% comments, Liquid highlight, raw
    and comment blocks, $$ display math. Start row -> (end row, kind: "%%", "code",
    "comment" or "math"); an opening row that is never closed is no block."""
    blocks: dict[int, tuple[int, str]] = {}
    n = 0
    while n < len(rows):
        row = rows[n].strip()
        liquid = _LIQUID_BLOCK.fullmatch(rows[n])
        end = None
        if row == "%%":
            end = next((m for m in range(n + 1, len(rows)) if rows[m].strip() == "%%"), None)
            kind = "%%"
        elif liquid:
            closer = re.compile(rf"\s*\{{%-?\s*end{liquid.group(1)}\s*-?%\}}\s*")
            end = next((m for m in range(n + 1, len(rows)) if closer.fullmatch(rows[m])), None)
            kind = _SKIPPED_BLOCKS[liquid.group(1)]
        elif row.startswith(_MATH) and not row.startswith("$$$"):
            kind = "math"
            if len(row) > 4 and row.endswith(_MATH):
                end = n
            else:  # closed within the paragraph, or it was no formula ("$$ to spend")
                for m in range(n + 1, len(rows)):
                    if not rows[m].strip() or rows[m].strip().endswith(_MATH):
                        end = m if rows[m].strip() else None
                        break
        if end is not None:
            blocks[n] = (end, kind)
            n = end
        n += 1
    return blocks


def _markdown_source(body: str, skipped: list[tuple[str, int]] | None = None) -> str:
    """Markdown made readable before parsing, outside code fences.

    Footnotes: markers ("word[^1]") are dropped, a footnote ("[^1]: Text", at the
    end, where Markdown puts them) becomes "Footnote 1: Text", and its further
    paragraphs (indented) are read after it. Done on the source, because
    markdown-it reads "[^1]: https://..." as a link definition and the marker as
    its link. Obsidian: %%comments%% (private notes) and ![[embeds]] are dropped,
    [[links|shown text]] read as their text, a callout's "[!note]" marker dropped.
    Jekyll and kramdown: Liquid tags and output, attribute lists ({: .lead}, a
    {:toc} and its list), abbreviation definitions, task-list boxes and emoji
    codes (:smile:) are dropped; highlight and raw blocks, like code, and $$
    display math are not read, and each is listed in `skipped` with its row
    (0-based) as ("code", row) or ("math", row). Skipped rows stay as blank lines,
    so that line numbers stay right (Obsidian's are removed)."""
    rows = body.split("\n")
    blocks = _source_blocks(rows)
    lines: list[str] = []
    fenced, skip_until, kind, footnote, blank = False, -1, "", False, True
    # Footnotes are shown numbered in the order they are first referred to, whatever
    # their labels ("[^cost]", or a "[^2]" referred to third).
    numbers: dict[str, int] = {}
    for label in _FOOTNOTE_REF.findall("\n".join(r for r in rows if not _FOOTNOTE_DEF.match(r))):
        numbers.setdefault(label, len(numbers) + 1)
    for n, line in enumerate(rows):
        if n in blocks and not fenced:
            skip_until, kind = blocks[n]
            if kind in ("code", "math") and skipped is not None:
                skipped.append((kind, n))
        if n <= skip_until:
            if kind != "%%":  # (Obsidian comment rows go, joining the lines around them)
                lines.append("")
            continue
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            # %%inline%% comments, not inside `code`: "write `%%` for a percent sign".
            line = "".join(piece if piece.startswith("`") else _OBSIDIAN_COMMENT.sub("", piece)
                           for piece in re.split(r"(`[^`]*`)", line))
            # A footnote's next paragraphs are indented by four spaces, which would
            # make them code.
            if _FOOTNOTE_DEF.match(line):
                footnote = True
            elif footnote and line.startswith("    "):
                line = line[4:]
            elif footnote and line.strip() and blank:
                footnote = False
            blank = not line.strip()
            line = _FOOTNOTE_DEF.sub(lambda m: f"{m.group(1)}Footnote {numbers.get(m.group(2), '')}"
                                               .rstrip() + ": ", line)
            line = _FOOTNOTE_REF.sub("", line)
            line = _WIKI_LINK.sub(_wiki_link, _OBSIDIAN_EMBED.sub("", line))
            line = _CALLOUT.sub(_callout, line)
            line = _LABEL_LINE.sub(r"\1\2.", line)
            if line.strip() == "{:toc}" and lines and _LIST_ITEM.match(lines[-1]):
                lines[-1] = ""  # "* TOC" is where kramdown puts the table of contents
            if _KRAMDOWN_ABBREVIATION.match(line):
                line = ""
            # Not inside `code`: "in Handlebars you write `{{ user.name }}`".
            line = "".join(piece if piece.startswith("`") else _readable_markdown_text(piece)
                           for piece in re.split(r"(`[^`]*`)", line))
            line = _TASK_MARKER.sub(
                lambda m: m.group(1) + ("To do: " if m.group(2) == " " else "Done: "), line)
            if _SETEXT_RULE.fullmatch(line) and lines and not lines[-1].strip() and \
                    rows[n - 1].strip():
                line = ""  # "{{ page.title }}" then "=====": the heading went with the Liquid
        lines.append(line)
    return "\n".join(lines)


def _markdown_events(body: str, offset: int, path: Path, notices: list[Notice],
                     code_lines: Sequence[int] = (), code_marker: bool = False
                     ) -> list[_Event]:
    """Headings and paragraphs of a Markdown body; `code_lines` are the lines of code
    blocks taken out before parsing, counted in the notice with the others. With
    `code_marker`, each run of code blocks is one `CODE_MARKER` paragraph."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse(body)
    events: list[_Event] = []
    ordered: list[bool] = []
    row: list[str] = []
    header: list[str] = []
    in_head = False
    skipped = len(code_lines)
    skipped_line = min(code_lines, default=None)

    def line_of(token) -> int:
        return (token.map[0] if token.map else 0) + offset + 1

    pending_item: str | None = None
    contents = _markdown_contents_lists(tokens)
    for index, token in enumerate(tokens):
        kind = token.type
        if index in contents:
            if kind.endswith("_list_open"):
                _drop_contents_label(events)
            continue
        if kind == "heading_open":
            links: list[Link] = []
            # A title keeps no code marks: it is shown (feed, chapters) as well as said.
            text = re.sub(r"`([^`]+)`", r"\1", _markdown_inline(tokens[index + 1], links))
            if text:
                events.append(_Event("heading", text, line_of(token), level=int(token.tag[1])))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered.pop()
        elif kind == "list_item_close":
            pending_item = None
        elif kind == "list_item_open":
            pending_item = f"{token.info}{token.markup} " if ordered and ordered[-1] \
                and token.info else ""
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
            links = []
            text = _markdown_inline(token, links)
            if pending_item is not None:
                text = (pending_item + text) if text else text
                pending_item = None
            if text:
                events.append(_Event("paragraph", text, line_of(token), links=links))
        elif kind == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            row.append(_markdown_inline(token, []))
        elif kind == "tr_close":
            # markdown-it writes a tbody only when the table has rows under its header
            if in_head and any(t.type == "tbody_open" for t in tokens[index + 1:index + 3]):
                header = row  # read with each value of the rows below
            else:
                text = _table_row(header, row)
                if text:
                    events.append(_Event("paragraph", text, line_of(token)))
            row = []
        elif kind in ("thead_open", "thead_close"):
            in_head = kind == "thead_open"
        elif kind == "table_open":
            header = []
        elif kind in ("fence", "code_block"):
            skipped += 1
            skipped_line = min(skipped_line or line_of(token), line_of(token))
            if code_marker:
                events.append(_Event("paragraph", CODE_MARKER, line_of(token)))
        elif kind == "html_block":
            text = _squash(_soup(token.content, path, line_of(token)).get_text(" "))
            if text:
                events.append(_Event("paragraph", text, line_of(token)))
    if skipped:
        notices.append(Notice(f"{skipped} code block(s) will not be narrated", path=path,
                              line=skipped_line))
    if code_marker and code_lines:  # the Liquid blocks, taken out before parsing
        events = sorted(events + [_Event("paragraph", CODE_MARKER, n) for n in code_lines],
                        key=lambda event: event.line)
    return _one_marker_a_run(events) if code_marker else events


def _one_marker_a_run(events: list[_Event]) -> list[_Event]:
    """Events with each run of adjacent code markers made one (the first)."""
    def marker(event: _Event) -> bool:
        return event.kind == "paragraph" and event.text == CODE_MARKER
    return [e for i, e in enumerate(events) if not (marker(e) and i and marker(events[i - 1]))]


def _markdown_contents_lists(tokens) -> set[int]:
    """Indexes of the tokens of in-page tables of contents: lists of two or more items
    that are each one link to an #anchor of the page (a listener cannot follow them,
    and the headings are read where they stand)."""
    found: set[int] = set()
    start = 0
    while start < len(tokens):
        if not tokens[start].type.endswith("_list_open"):
            start += 1
            continue
        depth, end = 0, start
        for end in range(start, len(tokens)):
            depth += tokens[end].type.endswith("_list_open") - tokens[end].type.endswith(
                "_list_close")
            if depth == 0:
                break
        items = [t for t in tokens[start:end + 1] if t.type == "inline"]
        if len(items) >= 2 and all(_only_an_anchor_link(item) for item in items):
            found.update(range(start, end + 1))
        start = end + 1
    return found


def _only_an_anchor_link(inline) -> bool:
    children = [c for c in inline.children or []
                if not (c.type == "text" and not c.content.strip())]
    return (len(children) >= 2 and children[0].type == "link_open"
            and str(children[0].attrGet("href") or "").startswith("#")
            and children[-1].type == "link_close"
            and sum(c.type == "link_open" for c in children) == 1)


def _parse_markdown(text: str, path: Path, *, code_marker: bool = False
                    ) -> tuple[list[Essay], list[Notice]]:
    text = clean_text(text)
    meta, body, offset = _front_matter(text, path)
    if meta.draft:
        return [], [Notice(DRAFT_NOTICE, path=path, line=1)]
    # The front matter's date wins, then a Jekyll post's file name, then Obsidian's created.
    meta.date = meta.date or _date_from_path(path) or meta.created
    notices: list[Notice] = list(meta.notices)
    skipped: list[tuple[str, int]] = []
    source = _markdown_source(body, skipped)
    code = [offset + row + 1 for kind, row in skipped if kind == "code"]
    events = _markdown_events(source, offset, path, notices, code, code_marker)
    math = [offset + row + 1 for kind, row in skipped if kind == "math"]
    if math:
        notices.append(Notice(f"{len(math)} math formula(s) will not be narrated", path=path,
                              line=math[0]))
    if offset and not events:  # one file like this must not stop a site from being read
        return [], notices + [Notice(PAGE_NOTICE, path=path, line=1)]
    essays, more = _essays_from_events(events, path, meta, datelines=True)
    return essays, notices + more
