"""Reading untrusted archives, XML and URLs safely, for the readers of exports and feeds.

Every refusal is a `SourceError` naming the file (or URL) and what is wrong, in one
line:

* **Zip files** (`open_zip`, `zip_members`, `read_member`): an entry whose name
  has a ``..`` part, is absolute (``/etc/x``, ``C:\\x``) or holds a NUL is refused
  (zip-slip); an archive of more than `ZIP_MAX_FILES` entries, or whose entries
  unpack to more than `ZIP_MAX_BYTES` in all (as declared, and as actually read:
  a zip bomb lies in its headers), is refused. Nothing is ever extracted to disk.
* **XML** (`parse_xml`, `refuse_xml_entities`): a document that declares entities
  (the "billion laughs" expansion, external entities that read local files) is
  refused before any parser sees it; documents are parsed with defusedxml.
* **URLs** (`fetch_url`): http and https only, also after a redirect (not
  ``file:``, ``ftp:`` or ``data:``); a download stops at `DOWNLOAD_MAX_BYTES` and
  after `DOWNLOAD_TIMEOUT_S` seconds without an answer.
"""

from __future__ import annotations

import io
import re
import socket
import urllib.error
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import IO
from urllib.parse import urljoin, urlparse

from ..errors import SourceError

ZIP_MAX_FILES = 20_000
"""More entries than this in one archive: refused (a blog export has a few thousand)."""
ZIP_MAX_BYTES = 1 << 30
"""More than this many bytes (1 GiB) unpacked from one archive: refused."""
DOWNLOAD_MAX_BYTES = 20 << 20
"""A feed or an article page larger than this (20 MiB): refused."""
DOWNLOAD_TIMEOUT_S = 20.0
"""Seconds a server may take to answer (to connect, or between two reads)."""
URL_SCHEMES = ("http", "https")
_CHUNK_BYTES = 1 << 16


# ---------------------------------------------------------------------- zip

def open_zip(path: Path, data: bytes | None = None) -> zipfile.ZipFile:
    """The zip archive at `path` (or in `data`, its bytes), checked by `zip_members`.
    Raises `SourceError` when it is no zip file or fails a check."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise SourceError(f"not a readable zip archive ({exc})", path=path) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=path) from None
    try:
        zip_members(archive, path)
    except SourceError:
        archive.close()
        raise
    return archive


def _unsafe_name(name: str) -> str | None:
    """Why an entry's name is unsafe to use as a path, or None when it is safe."""
    if "\x00" in name:
        return "a NUL character in its name"
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or name.startswith("\\"):
        return "an absolute path"
    if ".." in posix.parts or ".." in windows.parts:
        return "a '..' in its path, which would leave the archive's folder"
    return None


def zip_members(archive: zipfile.ZipFile, path: Path) -> list[zipfile.ZipInfo]:
    """The archive's file entries (folders left out), in the archive's order, after
    the checks: safe names, at most `ZIP_MAX_FILES` entries and `ZIP_MAX_BYTES`
    declared unpacked bytes."""
    entries = archive.infolist()
    if len(entries) > ZIP_MAX_FILES:
        raise SourceError(f"the zip archive holds {len(entries):,} entries, more than the "
                          f"{ZIP_MAX_FILES:,} audiozine reads (a zip bomb?)", path=path)
    total = 0
    for entry in entries:
        why = _unsafe_name(entry.filename)
        if why:
            raise SourceError(f"the zip entry {entry.filename!r} has {why}: refused", path=path)
        total += entry.file_size
    if total > ZIP_MAX_BYTES:
        raise SourceError(f"the zip archive unpacks to {total:,} bytes, more than the "
                          f"{ZIP_MAX_BYTES:,} audiozine reads (a zip bomb?)", path=path)
    return [entry for entry in entries if not entry.is_dir()]


class ZipBudget:
    """How many unpacked bytes are left to read from one archive: the total is
    bounded as the bytes are read, whatever the headers declare."""

    def __init__(self, limit_bytes: int = ZIP_MAX_BYTES) -> None:
        self.left_bytes = limit_bytes


def read_member(archive: zipfile.ZipFile, entry: zipfile.ZipInfo | str, path: Path,
                budget: ZipBudget) -> bytes:
    """The unpacked bytes of one entry, counted against `budget`. Raises `SourceError`
    for a corrupt entry, or when the archive unpacks to more than the budget."""
    name = entry.filename if isinstance(entry, zipfile.ZipInfo) else entry
    why = _unsafe_name(name)
    if why:
        raise SourceError(f"the zip entry {name!r} has {why}: refused", path=path)
    out = bytearray()
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(_CHUNK_BYTES):
                budget.left_bytes -= len(chunk)
                if budget.left_bytes < 0:
                    raise SourceError(f"the zip archive unpacks to more than "
                                      f"{ZIP_MAX_BYTES:,} bytes (a zip bomb?): refused at "
                                      f"{name!r}", path=path)
                out += chunk
    except KeyError:
        raise SourceError(f"the zip archive has no entry {name!r}", path=path) from None
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression
        raise SourceError(f"the zip entry {name!r} cannot be read ({exc})", path=path) from None
    return bytes(out)


# ---------------------------------------------------------------------- XML

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)
_DOCTYPE = re.compile(rb"<!DOCTYPE\b", re.I)


def refuse_xml_entities(data: bytes, path: Path | str) -> None:
    """Raise `SourceError` when the XML document declares entities in its DTD (entity
    expansion, external entities): for the parsers that are not defusedxml
    (feedparser). Checked in the document's own encoding, ASCII-compatible or
    UTF-16."""
    for text in (data, _utf16_as_ascii(data)):
        found = _ENTITY_DECLARATION.search(text)
        if found and _DOCTYPE.search(text, 0, found.start()):
            line = text.count(b"\n", 0, found.start()) + 1
            raise SourceError("the XML declares entities (<!ENTITY ...>), which audiozine "
                              "refuses to expand: an export or feed never needs them",
                              path=path, line=line)


def _utf16_as_ascii(data: bytes) -> bytes:
    """UTF-16 text's ASCII characters as bytes (b"<\\x00!\\x00" -> b"<!"), else b""."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[1:2] == b"\x00" or data[:1] == b"\x00":
        return data.replace(b"\x00", b"")
    return b""


def parse_xml(data: bytes, path: Path | str):
    """The root element of an XML document (xml.etree, parsed by defusedxml). Raises
    `SourceError` naming the line for malformed XML and for entity declarations."""
    from xml.etree.ElementTree import ParseError

    import defusedxml
    import defusedxml.ElementTree

    refuse_xml_entities(data, path)
    try:
        return defusedxml.ElementTree.fromstring(data)
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        reason = str(exc).split(":")[0]
        raise SourceError(f"not well-formed XML ({reason})", path=path, line=line) from None
    except defusedxml.DefusedXmlException as exc:
        raise SourceError(f"the XML is refused: {exc}", path=path) from None


# --------------------------------------------------------------------- URLs

def check_url(url: str) -> str:
    """`url` when it is an http(s) URL with a host; `SourceError` otherwise."""
    parsed = urlparse(url)
    if parsed.scheme.lower() not in URL_SCHEMES:
        raise SourceError(f"only http and https URLs are read, not "
                          f"'{parsed.scheme or 'a path'}:'", path=url)
    if not parsed.hostname:
        raise SourceError("the URL has no host", path=url)
    return url


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http(s) URL (urllib's own allows ftp:)."""

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("Location") or headers.get("URI") or ""
        target = urljoin(req.full_url, location)
        if urlparse(target).scheme.lower() not in URL_SCHEMES:
            raise SourceError(f"redirected to a URL that is not http or https ({target}): "
                              "refused", path=req.full_url)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def fetch_url(url: str, *, max_bytes: int = DOWNLOAD_MAX_BYTES,
              timeout_s: float = DOWNLOAD_TIMEOUT_S, accept: str = "*/*") -> bytes:
    """The body of an http(s) URL. Raises `SourceError` (naming the URL) for another
    scheme, also after a redirect, an HTTP error, a body over `max_bytes`, no answer
    within `timeout_s` seconds, or a network error."""
    check_url(url)
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    request = urllib.request.Request(url, headers={
        "User-Agent": "audiozine (podcast edition of a blog)", "Accept": accept})
    try:
        with opener.open(request, timeout=timeout_s) as response:
            return _read_capped(response, url, max_bytes)
    except urllib.error.HTTPError as exc:
        raise SourceError(f"the server answered {exc.code} {exc.reason}", path=url) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise SourceError(f"no answer within {timeout_s:g} s", path=url) from None
        raise SourceError(f"cannot be fetched ({reason})", path=url) from None
    except (socket.timeout, TimeoutError):
        raise SourceError(f"no answer within {timeout_s:g} s", path=url) from None
    except (OSError, ValueError) as exc:  # a reset connection, a malformed answer
        raise SourceError(f"cannot be fetched ({exc})", path=url) from None


def _read_capped(response: IO[bytes], url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length") if hasattr(response, "headers") else None
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise SourceError(f"the download is {int(declared):,} bytes, more than the "
                          f"{max_bytes:,} audiozine reads", path=url)
    out = bytearray()
    while chunk := response.read(_CHUNK_BYTES):
        out += chunk
        if len(out) > max_bytes:
            raise SourceError(f"the download is more than the {max_bytes:,} bytes audiozine "
                              "reads: stopped", path=url)
    return bytes(out)
