"""Reading untrusted archives, XML and URLs safely: every refusal is one line, a
`SourceError` naming the file (or URL, and the line where there is one).

* **Zip files** (Substack and Medium exports, EPUB; `open_archive`): an entry whose
  name has a ``..`` part or is absolute (``/etc/x``, ``C:\\x``, ``\\\\server\\x``) is
  refused (zip-slip); so is an archive of more than `MAX_ARCHIVE_FILES` entries or
  `MAX_ARCHIVE_BYTES` uncompressed, as its headers declare and as the entries are
  read (a zip bomb's headers lie). Nothing is ever extracted to disk.
* **XML** (`parse_xml`, `refuse_entities`): a document that declares entities (the
  "billion laughs", external entities that read local files) is refused, with the
  line, before any parser sees it; documents are parsed by defusedxml.
* **URLs** (`url_of`, `download`): http and https only, also after a redirect (not
  ``file:``, ``ftp:`` or ``data:``); a download stops at `MAX_DOWNLOAD_BYTES`, as
  declared and as it streams in, and after `DOWNLOAD_TIMEOUT_S` seconds without
  an answer.
"""

from __future__ import annotations

import http.client
import io
import re
import socket
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import IO
from urllib.parse import urljoin, urlparse
from xml.etree.ElementTree import ParseError

from ..errors import SourceError
from ..models import Notice

MAX_ARCHIVE_FILES = 20_000
"""Most entries a zip export may hold (a blog's export has a few thousand)."""

MAX_ARCHIVE_BYTES = 512 * 1024 * 1024
"""Most bytes a zip export may hold, uncompressed."""

MAX_DOWNLOAD_BYTES = 32 * 1024 * 1024
"""Most bytes read from one URL (a feed or an article page)."""

DOWNLOAD_TIMEOUT_S = 20.0
"""Seconds a server may take to answer (to connect, or between two reads)."""

URL_SCHEMES = ("http", "https")
_URL_LIKE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):(.*)$", re.S)
_OTHER_SCHEMES = ("file", "ftp", "ftps", "data", "javascript", "gopher", "sftp", "ssh")
_CHUNK_BYTES = 1 << 16


def url_of(source: object) -> str | None:
    """The URL `source` names ("https://..."; a `Path` made of one has lost a slash),
    or None when it names a file. A URL of another scheme than http or https
    (``file:``, ``ftp:``) is refused."""
    text = str(source)
    match = _URL_LIKE.match(text)
    if not match:
        return None
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme in URL_SCHEMES and rest.startswith("/"):
        return f"{scheme}://{rest.lstrip('/')}"
    if scheme in _OTHER_SCHEMES or (scheme not in URL_SCHEMES and rest.startswith("//")):
        raise SourceError(f"only http and https URLs are read, not '{scheme}:'", path=text)
    return None


# ------------------------------------------------------------------------ zip

@dataclass
class Archive:
    """An opened zip export whose entries were checked (see the module docstring);
    `left_bytes` is what may still be read from it, counted as entries are read."""

    path: Path
    zip: zipfile.ZipFile
    left_bytes: int

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc_info) -> None:
        self.zip.close()

    def names(self) -> list[str]:
        """The names of the file entries (folders left out), in the archive's order."""
        return [info.filename for info in self.zip.infolist() if not info.is_dir()]

    def read(self, name: str) -> bytes:
        """The bytes of entry `name`; refused once the archive's total passes the cap."""
        out = bytearray()
        try:
            with self.zip.open(name) as entry:
                while chunk := entry.read(_CHUNK_BYTES):
                    self.left_bytes -= len(chunk)
                    if self.left_bytes < 0:
                        raise SourceError(
                            f"the zip archive unpacks to more than the {MAX_ARCHIVE_BYTES:,} "
                            f"bytes audiozine reads (a zip bomb?), found reading '{name}'; "
                            "not read", path=self.path)
                    out += chunk
        except KeyError:
            raise SourceError(f"no entry '{name}' in the zip archive", path=self.path) \
                from None
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError,
                ValueError) as error:
            # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression
            raise SourceError(f"cannot read the zip entry '{name}' ({error})",
                              path=self.path) from None
        return bytes(out)


def _unsafe_name(name: str) -> str | None:
    """Why an entry's name is unsafe to use as a path, or None when it is safe."""
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or name.startswith("\\"):
        return "points outside the archive (an absolute path)"
    if ".." in posix.parts or ".." in windows.parts:
        return "points outside the archive (a '..' in its path)"
    return None


def open_archive(path: Path, data: bytes | None = None) -> Archive:
    """The zip file `path` (or `data`, its bytes) opened, its entries checked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        raise SourceError(f"not a readable zip file ({error})", path=path) from None
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}", path=path) from None
    try:
        _check_entries(archive.infolist(), path)
    except SourceError:
        archive.close()
        raise
    return Archive(path, archive, MAX_ARCHIVE_BYTES)


def _check_entries(infos: list[zipfile.ZipInfo], path: Path) -> None:
    if len(infos) > MAX_ARCHIVE_FILES:
        raise SourceError(f"the zip archive holds {len(infos):,} entries, more than the "
                          f"{MAX_ARCHIVE_FILES:,} audiozine reads (a zip bomb?); not read",
                          path=path)
    for info in infos:
        why = _unsafe_name(info.filename)
        if why:
            raise SourceError(f"the zip entry {info.filename!r} {why}; not read", path=path)
    total = sum(info.file_size for info in infos)
    if total > MAX_ARCHIVE_BYTES:
        raise SourceError(f"the zip archive unpacks to {total:,} bytes, more than the "
                          f"{MAX_ARCHIVE_BYTES:,} audiozine reads (a zip bomb?); not read",
                          path=path)


# ------------------------------------------------------------------------ XML

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)
_DOCTYPE = re.compile(rb"<!DOCTYPE\b", re.I)
_NOT_MARKUP = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.S)
"""CDATA sections and comments: where "<!ENTITY" is text (a post about XML), or hides
the end of a document type ("<!-- ]> -->")."""


def refuse_entities(data: bytes, path: Path | str) -> None:
    """Refuse XML whose document type declares entities (entity expansion, external
    entities), naming the line: before a parser that is not defusedxml, such as
    feedparser's, sees it. Read in the document's own encoding, ASCII-compatible or
    UTF-16."""
    for text in (data, _utf16_as_ascii(data)):
        if not (_ENTITY_DECLARATION.search(text) and _DOCTYPE.search(text)):
            continue  # without a document type, "<!ENTITY" can only be text
        markup = _NOT_MARKUP.sub(lambda m: b"\n" * m.group().count(b"\n"), text)
        found = _ENTITY_DECLARATION.search(markup)
        if found and _DOCTYPE.search(markup, 0, found.start()):
            line = markup.count(b"\n", 0, found.start()) + 1
            raise SourceError("the XML declares entities (<!ENTITY ...>): entity expansion "
                              "is refused", path=path, line=line)


def _utf16_as_ascii(data: bytes) -> bytes:
    """UTF-16 text's ASCII characters as bytes (b"<\\x00!\\x00" -> b"<!"), else b""."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[1:2] == b"\x00" or data[:1] == b"\x00":
        return data.replace(b"\x00", b"")
    return b""


_XML_INVALID = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters XML 1.0 forbids, which exports carry (text pasted from a word
processor): removed before parsing, as the readers remove them from text anyway.
(No byte of a UTF-8 sequence other than these characters is below 0x20.)"""


def parse_xml(data: bytes, path: Path | str, *, entries: tuple[str, ...] = ()):
    """The root element of XML `data`, parsed by defusedxml.

    With `entries` (the local names of an export's entries, "item"), XML that breaks
    off (a truncated download, a stray "<") keeps the entries complete before the
    break: (root, a notice saying where it broke) is returned instead of raising;
    without it, the root alone, or `SourceError` naming the line.
    """
    import defusedxml
    from defusedxml import ElementTree

    refuse_entities(data, path)
    if data[:2] not in (b"\xff\xfe", b"\xfe\xff"):  # not UTF-16
        data = _XML_INVALID.sub(b"", data)
    root = None
    ended: set[int] = set()
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
            if root is None:
                root = element
            if event == "end":
                ended.add(id(element))
    except defusedxml.DefusedXmlException as error:
        raise SourceError(f"the XML is refused: {error} (entity expansion is refused)",
                          path=path) from None
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        why = f"not well-formed XML ({str(error).split(':')[0]})"
        if root is None or not entries:
            raise SourceError(why, path=path, line=line) from None
        kept = _complete_entries(root, ended, entries)
        return root, Notice(f"{why}: read up to there ({kept} complete entries before it)",
                            path=Path(path), line=line)
    return (root, None) if entries else root


def _complete_entries(root, ended: set[int], entries: tuple[str, ...]) -> int:
    """Drop the entries the break cut short; the number of complete ones."""
    kept = 0
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag.rsplit("}", 1)[-1] in entries:
                if id(child) in ended:
                    kept += 1
                else:
                    parent.remove(child)
    return kept


# ----------------------------------------------------------------------- URLs

def _check_url(url: str) -> None:
    """Refuse `url` unless it is an http(s) URL with a host."""
    url_of(url)  # the message for file:, ftp:, data: ...
    parsed = urlparse(url)
    if parsed.scheme.lower() not in URL_SCHEMES:
        raise SourceError(f"only http and https URLs are read, not "
                          f"'{parsed.scheme or 'a path'}:'", path=url)
    if not parsed.hostname:
        raise SourceError("the URL has no host", path=url)


class _SameSchemes(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http and https URLs only (urllib's own follows ftp:)."""

    def http_error_302(self, req, fp, code, msg, headers):
        target = urljoin(req.full_url, headers.get("location") or headers.get("uri") or "")
        scheme = urlparse(target).scheme.lower()
        if scheme not in URL_SCHEMES:
            raise SourceError(f"redirected to a '{scheme}:' URL ({target}); only http and "
                              "https URLs are read", path=req.full_url)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def download(url: str, *, max_bytes: int | None = None, timeout_s: float | None = None,
             accept: str = "*/*") -> tuple[bytes, str]:
    """(the bytes at `url`, the URL they came from after redirects). Refused: another
    scheme than http or https (also after a redirect), an HTTP error, a body over
    `max_bytes` (default `MAX_DOWNLOAD_BYTES`), no answer within `timeout_s` seconds
    (default `DOWNLOAD_TIMEOUT_S`), a network error."""
    max_bytes = MAX_DOWNLOAD_BYTES if max_bytes is None else max_bytes
    timeout_s = DOWNLOAD_TIMEOUT_S if timeout_s is None else timeout_s
    _check_url(url)
    opener = urllib.request.build_opener(_SameSchemes())
    request = urllib.request.Request(url, headers={
        "User-Agent": "audiozine (podcast edition of a blog)", "Accept": accept})
    try:
        with opener.open(request, timeout=timeout_s) as response:
            return _read_capped(response, url, max_bytes), response.geturl()
    except urllib.error.HTTPError as error:
        raise SourceError(f"the server answered {error.code} {error.reason}", path=url) \
            from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, (socket.timeout, TimeoutError)):
            raise SourceError(f"no answer within {timeout_s:g} s", path=url) from None
        raise SourceError(f"cannot download ({error.reason})", path=url) from None
    except (socket.timeout, TimeoutError):
        raise SourceError(f"no answer within {timeout_s:g} s", path=url) from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        # a reset connection, a malformed answer, a body cut short
        raise SourceError(f"cannot download ({error or type(error).__name__})", path=url) \
            from None


def _read_capped(response: IO[bytes], url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length") if hasattr(response, "headers") else None
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise SourceError(f"the download is {int(declared):,} bytes, more than the "
                          f"{max_bytes:,} audiozine reads; not downloaded", path=url)
    out = bytearray()
    while chunk := response.read(_CHUNK_BYTES):
        out += chunk
        if len(out) > max_bytes:
            raise SourceError(f"the download is more than the {max_bytes:,} bytes audiozine "
                              "reads; stopped, not downloaded", path=url)
    if declared and declared.isdigit() and len(out) < int(declared):
        raise SourceError(f"the download broke off after {len(out):,} of {int(declared):,} "
                          "bytes", path=url)
    return bytes(out)
