"""EPUB 2 and 3 books of essays, read with zipfile and the package (OPF) file
parsed by defusedxml (the archive bounded and checked as in `safety`).

The chapters are read in spine order, one chapter (one XHTML file of the spine)
an essay, titled by its first heading, else by the table of contents, else by its
``<title>``. Not read: spine items marked ``linear="no"``, the navigation document,
and what the guide (EPUB 2), the landmarks or a section's ``epub:type`` (EPUB 3)
or the file name call the cover, title page, contents, copyright page or colophon.
Each essay is dated by the book's ``dc:date`` and keeps the book's identifier and
the chapter's file as its identity. The book's ``dc:title`` and first
``dc:creator`` name a show built from the file.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from ..errors import SourceError
from ..models import Essay, Notice, plural
from .clean import without_markup
from .decode import decode_bytes
from .events import _dateline_date
from .posts import ReadOptions, clean_title, parse_date, post_essay, skipped_entry
from .safety import Archive, open_archive, parse_xml

ReadResult = tuple[list[Essay], list[Notice]]

_MATTER = {"cover", "title-page", "titlepage", "toc", "contents", "copyright-page",
           "copyright", "colophon", "halftitlepage", "imprint", "frontispiece"}
_MATTER_FILE = re.compile(r"^(?:cover|title|titlepage|title_page|halftitle|halftitlepage|toc|"
                          r"contents|nav|copyright|uncopyright|colophon|imprint)[-_]?\d*$",
                          re.I)
_EPUB_TYPE = re.compile(r"""epub:type\s*=\s*["']([^"']*)["']""")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _package(archive: Archive, path: Path):
    """(the OPF's folder in the archive, its root element)."""
    container = parse_xml(archive.read("META-INF/container.xml"), path)
    rootfile = next((e.get("full-path") for e in container.iter()
                     if _local(e.tag) == "rootfile" and e.get("full-path")), None)
    if not rootfile:
        raise SourceError("an EPUB whose META-INF/container.xml names no package file",
                          path=path)
    return posixpath.dirname(rootfile), parse_xml(archive.read(rootfile), path)


def _metadata(opf) -> dict[str, str]:
    meta: dict[str, str] = {}
    for element in opf.iter():
        name = _local(element.tag)
        if name in ("title", "creator", "date", "identifier") and (element.text or "").strip():
            meta.setdefault(name, element.text.strip())
    return meta


def _joined(base: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base, unquote(href.split("#", 1)[0])))


def _marked_matter(opf, base: str, archive: Archive, manifest: dict) -> set[str]:
    """The files the guide or the landmarks call cover, title page, contents..."""
    marked = set()
    for element in opf.iter():
        if _local(element.tag) == "reference" and \
                element.get("type", "").lower() in _MATTER and element.get("href"):
            marked.add(_joined(base, element.get("href")))
    for item in manifest.values():
        if "nav" in (item.get("properties") or "").split():
            nav_file = _joined(base, item.get("href", ""))
            marked.add(nav_file)
            try:
                markup = archive.read(nav_file).decode("utf-8", "replace")
            except SourceError:
                continue
            for href, kind in re.findall(r"""<a\b[^>]*?href\s*=\s*["']([^"']+)["'][^>]*?"""
                                          r"""epub:type\s*=\s*["']([^"']+)["']""", markup):
                if set(kind.split()) & _MATTER:
                    marked.add(_joined(posixpath.dirname(nav_file), href))
    return marked


def _toc_titles(archive: Archive, base: str, manifest: dict) -> dict[str, str]:
    """Chapter titles from the NCX table of contents (EPUB 2), by file."""
    titles: dict[str, str] = {}
    for item in manifest.values():
        if item.get("media-type") == "application/x-dtbncx+xml":
            ncx_file = _joined(base, item.get("href", ""))
            try:
                ncx = parse_xml(archive.read(ncx_file), archive.path)
            except SourceError:
                continue
            for point in ncx.iter():
                if _local(point.tag) != "navPoint":
                    continue
                label = next((t.text for t in point.iter() if _local(t.tag) == "text"), None)
                content = next((c.get("src") for c in point.iter()
                                if _local(c.tag) == "content"), None)
                if label and content:
                    titles.setdefault(_joined(posixpath.dirname(ncx_file), content),
                                      clean_title(label))
    return titles


_PARAGRAPH = re.compile(r"<p\b([^>]*)>((?:(?!<p\b).)*?)</p>", re.S | re.I)


def _blank_lines_split(body: str) -> str:
    """Paragraphs a book wrote as blank lines inside one ``<p>`` (a reader sees one
    block; the writer meant paragraphs, and a dateline on the first line) split."""
    def split(match: re.Match) -> str:
        chunks = [c for c in re.split(r"\n[ \t]*\n", match.group(2)) if c.strip()]
        chunks[:1] = _dateline_apart(chunks[0]) if chunks else []
        return "".join(f"<p{match.group(1)}>{chunk}</p>" for chunk in chunks) \
            if len(chunks) > 1 else match.group(0)
    return _PARAGRAPH.sub(split, body)


def _dateline_apart(chunk: str) -> list[str]:
    """A first block whose second or third line is a dateline ("a banner line\nJuly
    2009\nThe essay...") as its lines before the dateline, the dateline, and the rest:
    one paragraph, the dateline would be read and date nothing."""
    lines = chunk.split("\n")
    for n, line in enumerate(lines[1:3], 1):
        if _dateline_date(without_markup(line).strip()):
            parts = ["\n".join(lines[:n]), lines[n], "\n".join(lines[n + 1:])]
            return [part for part in parts if part.strip()]
    return [chunk]


def _is_matter(markup: str, name: str) -> bool:
    body = re.search(r"<body\b.*?>(.*?)(?:<p\b|$)", markup, re.S | re.I)
    kinds = set()
    for value in _EPUB_TYPE.findall(body.group(0) if body else markup[:4000]):
        kinds |= set(value.split())
    return bool(kinds & _MATTER) or bool(_MATTER_FILE.search(Path(name).stem))


def read(path: Path, data: bytes, options: ReadOptions = ReadOptions()) -> ReadResult:
    archive = open_archive(path, data)
    base, opf = _package(archive, path)
    meta = _metadata(opf)
    manifest = {item.get("id"): item for item in opf.iter() if _local(item.tag) == "item"}
    spine = [ref for ref in opf.iter() if _local(ref.tag) == "itemref"]
    marked = _marked_matter(opf, base, archive, manifest)
    titles = _toc_titles(archive, base, manifest)
    date = parse_date(meta.get("date", "")[:10]) if meta.get("date") else None
    book = meta.get("identifier") or meta.get("title") or path.name
    essays: list[Essay] = []
    notices: list[Notice] = []
    matter = 0
    for index, ref in enumerate(spine, 1):
        item = manifest.get(ref.get("idref"))
        if item is None or "html" not in (item.get("media-type") or ""):
            continue
        name = _joined(base, item.get("href", ""))
        if ref.get("linear", "yes").lower() == "no" or name in marked:
            matter += 1
            continue
        file = path / name
        try:
            markup, more = decode_bytes(archive.read(name), file)
            if _is_matter(markup, name):
                matter += 1
                continue
            heading = re.search(r"<h([1-3])\b[^>]*>(.*?)</h\1>", markup, re.S | re.I)
            title = clean_title(heading.group(2) if heading else "") or titles.get(name) \
                or clean_title((re.search(r"<title>(.*?)</title>", markup, re.S | re.I)
                                or [None, ""])[1])
            body = re.search(r"<body\b[^>]*>(.*)</body>", markup, re.S | re.I)
            body_html = _blank_lines_split(body.group(1) if body else markup)
            if heading:  # the title is given apart from the body
                body_html = body_html.replace(heading.group(0), "", 1)
            essay, more_notices = post_essay(
                body_html, path=path, title=title or Path(name).stem, line=None,
                source_id=f"epub:{book}#{name}", date=date,
                author=clean_title(meta.get("creator")) or None,
                code_marker=options.code_marker)
        except SourceError as error:
            notices.append(skipped_entry(path, index, Path(name).name, error))
            continue
        essays.append(essay)
        notices += more + more_notices
    if matter:
        notices.append(Notice(f"{plural(matter, 'part')} of the book not read (cover, title "
                              "page, contents, copyright, colophon)", path=path))
    return essays, notices


def names(path: Path, data: bytes) -> tuple[str | None, str | None]:
    archive = open_archive(path, data)
    meta = _metadata(_package(archive, path)[1])
    return clean_title(meta.get("title")) or None, clean_title(meta.get("creator")) or None
