"""Which reader reads a file: one `Reader` per format, found by the file's suffix, or
by its first bytes where several formats share a suffix (.xml, .json, .zip).

To add a format: write its module in this package with a function
``read(path, data, options) -> (essays, notices)`` (raising `SourceError` for what
cannot be read), and add a `Reader` for it to `READERS` below. A format whose suffix
others share gives a `sniff` that recognises its content. Archives and exports
(feeds, WXR, JSON, zip, EPUB) are read when named, not found in a folder's files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import SourceError
from ..models import Essay, Notice
from .decode import decode_bytes, read_file_bytes
from .frontmatter import DRAFT_NOTICE, PAGE_NOTICE
from . import blogger, epub, exports, feeds, ghost, wordpress
from .html import INDEX_NOTICE, _parse_html
from .markdown import _parse_markdown
from .mdx import MDX_SUFFIXES, _parse_mdx
from .posts import ReadOptions
from .rst import RST_SUFFIXES, _parse_rst
from .text import _parse_text
from .textile_posts import TEXTILE_SUFFIXES, _parse_textile

ReadResult = tuple[list[Essay], list[Notice]]

#: How many bytes of a file a `Reader.sniff` sees.
SNIFF_BYTES = 4096


@dataclass(frozen=True)
class Reader:
    """One source format and how to read it."""

    name: str
    """What the format is called in messages ("Markdown", "a WordPress export")."""
    suffixes: tuple[str, ...]
    """The file name endings it reads, lower case, with the dot (".md")."""
    read: Callable[[Path, bytes, ReadOptions], ReadResult]
    """The file's essays, in file order, and notices, from its path, its bytes and
    what the user asked (`ReadOptions`)."""
    sniff: Callable[[bytes], bool] | None = None
    """Whether a file's first `SNIFF_BYTES` bytes are this format, for a suffix that
    several formats share; None when the suffix alone says it is."""
    in_folders: bool = True
    """Whether a folder's files of this format are read (an export is read when named)."""
    names: Callable[[Path, bytes], tuple[str | None, str | None]] | None = None
    """The show title and author the file gives itself (a feed's, a book's), if any."""


def _decoded(parse: Callable[..., ReadResult], *, code_blocks: bool = False
             ) -> Callable[[Path, bytes, ReadOptions], ReadResult]:
    """A reader of text formats: the bytes decoded (see `decode_bytes`), then parsed;
    with `code_blocks`, `parse` is told whether a code block leaves a spoken marker."""
    def read(path: Path, data: bytes, options: ReadOptions = ReadOptions()) -> ReadResult:
        text, notices = decode_bytes(data, path)
        text = text.lstrip("\ufeff")
        essays, more = parse(text, path, code_marker=options.code_marker) \
            if code_blocks else parse(text, path)
        return essays, notices + more
    return read


TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")

#: Every format audiozine reads, in the order their suffixes are listed in messages.
#: A file is read by the first reader whose suffix it has and whose `sniff` (if any)
#: recognises it.
READERS: tuple[Reader, ...] = (
    Reader("plain text", TEXT_SUFFIXES, _decoded(_parse_text)),
    Reader("Markdown", MARKDOWN_SUFFIXES, _decoded(_parse_markdown, code_blocks=True)),
    Reader("MDX", MDX_SUFFIXES, _decoded(_parse_mdx, code_blocks=True)),
    Reader("HTML", HTML_SUFFIXES, _decoded(_parse_html, code_blocks=True)),
    Reader("Textile", TEXTILE_SUFFIXES, _decoded(_parse_textile, code_blocks=True)),
    Reader("reStructuredText", RST_SUFFIXES, _decoded(_parse_rst, code_blocks=True)),
    Reader("a WordPress export", (".xml",), wordpress.read, wordpress.sniff, False,
           wordpress.names),
    Reader("a Blogger export", (".xml", ".atom"), blogger.read, blogger.sniff, False,
           blogger.names),
    Reader("an RSS or Atom feed", (".xml", ".rss", ".atom", ".rdf"), feeds.read, feeds.sniff,
           False, feeds.names),
    Reader("a Ghost export", (".json",), ghost.read, ghost.sniff, False, ghost.names),
    Reader("a Substack or Medium export", (".zip",), exports.read, None, False),
    Reader("an EPUB book", (".epub",), epub.read, None, False, epub.names),
)

#: The suffixes of the files read in a folder.
SOURCE_SUFFIXES = tuple(dict.fromkeys(s for reader in READERS if reader.in_folders
                                      for s in reader.suffixes))
#: Every suffix audiozine reads, when a file is named.
ALL_SUFFIXES = tuple(dict.fromkeys(s for reader in READERS for s in reader.suffixes))


#: Formats of blog posts audiozine does not read (yet), and how to read them: a file of
#: one is told, never dropped without a word.
UNREAD_FORMATS = {
    ".org": ("Org-mode", "export them to Markdown or HTML (Org's ox-md or ox-html, or pandoc)"),
    ".adoc": ("AsciiDoc", "convert them to HTML (asciidoctor) or Markdown"),
    ".asciidoc": ("AsciiDoc", "convert them to HTML (asciidoctor) or Markdown"),
    ".asc": ("AsciiDoc", "convert them to HTML (asciidoctor) or Markdown"),
}


#: How the notices of `unread_format_notice` start, by format.
UNREAD_PREFIXES = tuple(dict.fromkeys(f"{name} (" for name, _how in UNREAD_FORMATS.values()))


def unread_format_notice(suffix: str, count: int, first: Path, where: Path) -> Notice:
    """The notice of `count` files in `where` (the first: `first`) of a format audiozine
    does not read."""
    name, how = UNREAD_FORMATS[suffix]
    return Notice(f"{name} ({suffix}): {count} file(s) not read, the first: "
                  f"{first.relative_to(where).as_posix()}: audiozine does not read {name}; "
                  f"{how} to narrate them", path=where)


def reader_for(path: Path, data: bytes | None = None) -> Reader:
    """The reader of `path` (whose bytes are `data`, for the readers that sniff).
    Raises `SourceError` for a suffix no reader takes, or content none recognises."""
    suffix = path.suffix.lower()
    candidates = [reader for reader in READERS if suffix in reader.suffixes]
    if not candidates and suffix in UNREAD_FORMATS:
        name, how = UNREAD_FORMATS[suffix]
        raise SourceError(f"'{path.suffix}' is {name}, which audiozine does not read; "
                          f"{how.replace('them', 'it')} to narrate it", path=path)
    if not candidates:
        raise SourceError(f"unsupported file type '{path.suffix}' (expected "
                          f"{', '.join(ALL_SUFFIXES)})", path=path)
    if data is None:  # the suffix is known; which of its formats is told by the bytes
        return candidates[0]
    head = data[:SNIFF_BYTES]
    for reader in candidates:
        if reader.sniff is None or reader.sniff(head):
            return reader
    raise SourceError(f"a '{suffix}' file that is none of the formats audiozine reads as "
                      f"'{suffix}' ({', '.join(r.name for r in candidates)})", path=path)


#: Notices of a file that is rightly no essay (a draft, a layout's page, an index).
_NOT_ESSAYS = (DRAFT_NOTICE, PAGE_NOTICE, INDEX_NOTICE)


def read_source_file(path: Path, options: ReadOptions = ReadOptions()) -> ReadResult:
    """Read one source file into essays (in file order) and notices.

    Raises `SourceError` for a file that cannot be read, also when a reader fails on
    it (a defect of audiozine's, reported as one: never a traceback)."""
    path = Path(path)
    reader_for(path)  # an unsupported suffix is refused before the file is read
    data = read_file_bytes(path)
    reader = reader_for(path, data)
    try:
        essays, notices = reader.read(path, data, options)
    except SourceError:
        raise
    except RecursionError:
        raise SourceError(f"the {reader.name} is nested too deeply to read", path=path) from None
    except Exception as exc:  # noqa: BLE001 - one file's reader defect must not stop a build
        raise SourceError(f"audiozine's {reader.name} reader failed on this file "
                          f"({type(exc).__name__}: {exc}); please report it with the file",
                          path=path) from exc
    if not essays and not reader.in_folders:
        raise SourceError(f"no essay found in {reader.name}" + "".join(
            f"; {n.message}" for n in notices[:3]), path=path)
    if not essays and not any(n.message in _NOT_ESSAYS for n in notices):
        raise SourceError("no essay found (the file has no readable text)", path=path)
    return essays, notices


#: How the notice of a file left out because it cannot be read starts.
SKIPPED = "skipped, not narrated: "


def skipped_notice(error: SourceError) -> Notice:
    """The notice for a source `error` that made its file skipped: where, what is wrong."""
    what = f"{error.field}: {error.message}" if error.field else error.message
    path = Path(error.path) if error.path is not None else None
    return Notice(SKIPPED + what, path=path, line=error.line)


def source_names(path: Path) -> tuple[str | None, str | None]:
    """The title and author a source names itself by (a feed's, an export's, a book's),
    to name a show built from it; (None, None) when it names none or cannot say."""
    path = Path(path)
    try:
        if not any(r.names for r in READERS if path.suffix.lower() in r.suffixes):
            return None, None
        data = read_file_bytes(path)
        reader = reader_for(path, data)
        return reader.names(path, data) if reader.names else (None, None)
    except (SourceError, OSError):
        return None, None
