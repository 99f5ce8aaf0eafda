"""reStructuredText posts (Pelican's ``.rst``; Nikola's too): parsed by docutils, the
document's title its title, its field list (``:date:``, ``:author:``, ``:tags:``,
``:summary:``, ``:status:``) its metadata, and the body written as HTML and read as
an HTML page is. A ``:status: draft`` post is left out with a notice.

docutils runs with file insertion and raw output off (an ``.. include::`` or a
``.. raw::`` in a post reads nothing from the disk and passes no markup through),
and quiet: a post's markup errors (an unknown directive, a role Sphinx or Pelican
adds) are dropped from what is read, never shown as an error box.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

from ..errors import SourceError
from ..models import Essay, Notice
from .clean import _squash, clean_text
from .events import _date_from_path
from .frontmatter import DRAFT_NOTICE, _as_date
from .html import _parse_html

RST_SUFFIXES = (".rst", ".rest")

#: docutils' settings: nothing read from the disk, no raw markup, no messages.
_SETTINGS = {
    "file_insertion_enabled": False, "raw_enabled": False, "_disable_config": True,
    "report_level": 5, "halt_level": 5,  # warning_stream: a new StringIO each time
    "input_encoding": "unicode", "output_encoding": "unicode", "syntax_highlight": "none",
    "embed_stylesheet": False, "stylesheet_path": "", "math_output": "MathML",
    "initial_header_level": 2, "doctitle_xform": True, "docinfo_xform": True,
    "sectsubtitle_xform": False, "footnote_references": "superscript",
    "pep_references": False, "rfc_references": False, "smart_quotes": False,
}

#: Roles Sphinx and Pelican add to reStructuredText, read as their text (docutils
#: knows none of them, and would otherwise show their markup as an error).
_TEXT_ROLES = ("abbr", "ref", "doc", "term", "kbd", "file", "command", "program",
               "class", "func", "meth", "mod", "attr", "data", "obj", "exc", "envvar",
               "option", "samp", "guilabel", "menuselection", "dfn", "py:class",
               "py:func", "py:meth", "py:mod")
_roles_registered = False

#: Metadata fields: how Pelican (and docutils) name them -> what they are here.
_FIELDS = {"title": "title", "date": "date", "author": "author", "authors": "author",
           "tags": "tags", "summary": "description", "description": "description",
           "subtitle": "description", "status": "status", "category": "category"}


def _register_roles() -> None:
    global _roles_registered
    if _roles_registered:
        return
    from docutils import nodes
    from docutils.parsers.rst import roles

    for name in _TEXT_ROLES:
        roles.register_generic_role(name, nodes.inline)
    _roles_registered = True


def _doctree(text: str, path: Path):
    from docutils.core import publish_doctree

    _register_roles()
    return publish_doctree(text, source_path=str(path), settings_overrides=dict(
        _SETTINGS, warning_stream=io.StringIO()))


#: A role or a reference docutils cannot resolve, as written: ":unknown:`text`",
#: "`text`_", "|substitution|".
_UNRESOLVED = re.compile(r":[\w.:+-]+:`(?P<role>.*)`|`(?P<ref>.*?)(?:\s*<[^>]*>)?`__?"
                         r"|(?P<word>[\w.-]+)__?|\|[^|]*\|_{0,2}", re.S)


def _without_problems(doctree) -> None:
    """Markup docutils could not resolve (a Sphinx role, a reference to nothing, an
    undefined substitution) read as its text (a substitution as nothing), not as
    written."""
    from docutils import nodes

    for node in list(doctree.findall(nodes.problematic)):
        found = _UNRESOLVED.fullmatch(node.astext())
        text = next((g for g in found.group("role", "ref", "word") if g is not None), "") \
            if found else node.astext()
        node.parent.replace(node, nodes.Text(text))


def _notes_at_the_end(doctree) -> None:
    """Footnotes (and citations) read at the end, labelled ("Footnote 1: ..."), as a
    Markdown post's are; their markers are not read in the text."""
    from docutils import nodes

    for mark in list(doctree.findall(nodes.footnote_reference)) + list(
            doctree.findall(nodes.citation_reference)):
        mark.parent.remove(mark)
    notes = list(doctree.findall(lambda n: isinstance(n, (nodes.footnote, nodes.citation))))
    for note in notes:
        note.parent.remove(note)
        label = next((c.astext().strip() for c in note.children if isinstance(c, nodes.label)),
                     "")
        paragraphs = [c for c in note.children if not isinstance(c, nodes.label)]
        if not paragraphs:
            continue
        first = nodes.paragraph("", f"Footnote {label}: " if label else "Footnote: ")
        first += paragraphs[0].children if isinstance(paragraphs[0], nodes.paragraph) \
            else [nodes.Text(paragraphs[0].astext())]
        doctree += [first] + paragraphs[1:]


def _metadata(doctree, text: str) -> tuple[dict[str, str], int | None]:
    """The document's fields (docinfo and a leading field list), by their names here,
    taken out of the tree so they are not read; and the line of its date field in
    `text`."""
    from docutils import nodes

    fields: dict[str, str] = {}
    found = re.search(r"^[ \t]*:date:", text, re.M | re.I)
    date_line = text.count("\n", 0, found.start()) + 1 if found else None
    for info in list(doctree.findall(nodes.docinfo)):
        for child in info.children:
            if isinstance(child, nodes.field):
                name = child[0].astext().strip().lower()
                value = child[1].astext()
            else:
                name, value = child.tagname.lower(), child.astext()
            key = _FIELDS.get(name)
            if key and key not in fields:
                fields[key] = _squash(value)
        info.parent.remove(info)
    return fields, date_line


def _html_of(doctree) -> tuple[str | None, str | None, str]:
    """The document's title, subtitle and body as HTML."""
    from docutils import io as docutils_io, nodes
    from docutils.core import publish_parts
    from docutils.readers.doctree import Reader
    from docutils.writers.html5_polyglot import Writer

    title = doctree.get("title") or next(
        (t.astext() for t in doctree.children if isinstance(t, nodes.title)), None)
    subtitle = next((t.astext() for t in doctree.children if isinstance(t, nodes.subtitle)),
                    None)
    parts = publish_parts(source=doctree, source_class=docutils_io.DocTreeInput,
                          reader=Reader(), writer=Writer(),
                          settings_overrides=dict(_SETTINGS, warning_stream=io.StringIO()))
    # An inline literal is code, as Markdown's `code` and HTML's <code> are (issue 25).
    body = re.sub(r'<span class="docutils literal">(.*?)</span>', r"<code>\1</code>",
                  parts["body"], flags=re.S)
    return title, subtitle, body


#: A year-first date with slashes or dots, as Pelican reads it: "2012/07/23", "2012.7.23".
_YMD = re.compile(r"\A(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")


def _date(value: str | None, path: Path, line: int | None) -> dt.date | None:
    """A Pelican date ("2012-07-23", "2012-07-23 10:20", "2012/07/23", "2012.7.23")."""
    if not value:
        return None
    date = _as_date(value) or _as_date(_YMD.sub(
        lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", value.strip(), count=1))
    if date is None:
        raise SourceError(f"expected a date such as 2024-03-01, got {value!r}", path=path,
                          line=line, field="date")
    return date


def _parse_rst(text: str, path: Path, *, code_marker: bool = False
               ) -> tuple[list[Essay], list[Notice]]:
    import yaml

    text = clean_text(text)
    doctree = _doctree(text, path)
    _without_problems(doctree)
    _notes_at_the_end(doctree)
    fields, date_line = _metadata(doctree, text)
    if fields.get("status", "").lower() == "draft":
        return [], [Notice(DRAFT_NOTICE, path=path, line=1)]
    date = _date(fields.get("date"), path, date_line) or _date_from_path(path)
    title, subtitle, body = _html_of(doctree)
    front = {key: value for key, value in (
        ("title", fields.get("title") or title), ("date", date.isoformat() if date else None),
        ("author", fields.get("author")), ("description", fields.get("description") or subtitle),
        ("tags", [t.strip() for t in fields.get("tags", "").split(",") if t.strip()] or None),
    ) if value}
    page = body if not front.get("title") else (
        f"<main><h1>{_escape(front['title'])}</h1>\n{body}</main>")
    if front:
        page = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) \
            + "---\n" + page
    essays, notices = _parse_html(page, path, code_marker=code_marker)
    # The HTML's lines are not the post's: a notice names the post, an essay its start.
    return ([dataclasses.replace(e, source_line=1) for e in essays],
            [dataclasses.replace(n, line=None) if n.path == path else n for n in notices])


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)
