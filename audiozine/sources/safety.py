"""Reading untrusted archives, XML and URLs safely: every limit gives a one-line
`SourceError`.

* **Zip files** (Substack and Medium exports, EPUB): an entry whose name has a
  ``..`` part or is absolute is refused; so is an archive of more than
  `MAX_ARCHIVE_FILES` entries or `MAX_ARCHIVE_BYTES` uncompressed (counted as the
  entries are read, not trusted from the headers).
* **XML** is parsed with defusedxml: entity declarations (the "billion laughs")
  and external references are refused.
* **URLs** are http or https only, also after a redirect; a download stops at
  `MAX_DOWNLOAD_BYTES` and `DOWNLOAD_TIMEOUT_S` seconds without an answer.
"""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import SourceError

MAX_ARCHIVE_FILES = 20_000
"""Most entries a zip export may hold."""

MAX_ARCHIVE_BYTES = 512 * 1024 * 1024
"""Most bytes a zip export may hold, uncompressed."""

MAX_DOWNLOAD_BYTES = 32 * 1024 * 1024
"""Most bytes read from one URL (a feed or an article page)."""

DOWNLOAD_TIMEOUT_S = 20.0
"""Seconds a server may leave a download without an answer."""

_URL_SCHEMES = ("http", "https")
_URL_LIKE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):(.*)$", re.S)
_OTHER_SCHEMES = ("file", "ftp", "ftps", "data", "javascript", "gopher", "sftp", "ssh")


def url_of(source: object) -> str | None:
    """The URL `source` names ("https://..."; a `Path` made of one has lost a slash),
    or None when it names a file. A URL of another scheme than http or https
    (``file:``, ``ftp:``) is refused."""
    text = str(source)
    match = _URL_LIKE.match(text)
    if not match:
        return None
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme in _URL_SCHEMES and rest.startswith("/"):
        return f"{scheme}://{rest.lstrip('/')}"
    if scheme in _OTHER_SCHEMES or (scheme not in _URL_SCHEMES and rest.startswith("//")):
        raise SourceError(f"only http and https URLs are read, not '{scheme}:'", path=text)
    return None


# ------------------------------------------------------------------------ zip

@dataclass
class Archive:
    """An opened zip export whose entries were checked (see the module docstring)."""

    path: Path
    zip: zipfile.ZipFile
    read_bytes: int = 0

    def names(self) -> list[str]:
        return [info.filename for info in self.zip.infolist() if not info.is_dir()]

    def read(self, name: str) -> bytes:
        """The bytes of entry `name`; refused once the archive's total passes the cap."""
        try:
            with self.zip.open(name) as entry:
                data = entry.read(MAX_ARCHIVE_BYTES - self.read_bytes + 1)
        except KeyError:
            raise SourceError(f"no entry '{name}' in the archive", path=self.path) from None
        except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError) as error:
            raise SourceError(f"cannot read entry '{name}': {error}", path=self.path) from None
        self.read_bytes += len(data)
        if self.read_bytes > MAX_ARCHIVE_BYTES:
            raise SourceError(f"the archive holds more than {MAX_ARCHIVE_BYTES >> 20} MB "
                              "uncompressed (a zip bomb?); not read", path=self.path)
        return data


def _unsafe_name(name: str) -> bool:
    posix = name.replace("\\", "/")
    return posix.startswith("/") or bool(re.match(r"^[A-Za-z]:", posix)) or \
        ".." in PurePosixPath(posix).parts


def open_archive(path: Path, data: bytes) -> Archive:
    """`data` (the bytes of the zip file `path`) opened, its entries checked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SourceError(f"not a readable zip file ({error})", path=path) from None
    infos = archive.infolist()
    if len(infos) > MAX_ARCHIVE_FILES:
        raise SourceError(f"the archive holds {len(infos)} entries (more than "
                          f"{MAX_ARCHIVE_FILES}); not read", path=path)
    for info in infos:
        if _unsafe_name(info.filename):
            raise SourceError(f"the archive entry '{info.filename}' points outside the "
                              "archive (an absolute path or '..'); not read", path=path)
    if sum(info.file_size for info in infos) > MAX_ARCHIVE_BYTES:
        raise SourceError(f"the archive holds more than {MAX_ARCHIVE_BYTES >> 20} MB "
                          "uncompressed (a zip bomb?); not read", path=path)
    return Archive(path, archive)


# ------------------------------------------------------------------------ XML

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.S | re.I)


def refuse_entities(data: bytes, path: Path | str) -> None:
    """Refuse XML whose document type declares entities (before a parser that is not
    defusedxml, such as feedparser's, sees it)."""
    doctype = _DOCTYPE.search(data[:1 << 20])
    if doctype and _ENTITY_DECLARATION.search(doctype.group(1)):
        raise SourceError("the XML declares entities (entity expansion is refused)",
                          path=path)


_XML_INVALID = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters XML 1.0 forbids, which exports carry (text pasted from a word
processor): removed before parsing, as the readers remove them from text anyway.
(No byte of a UTF-8 sequence other than these characters is below 0x20.)"""


def parse_xml(data: bytes, path: Path | str, *, entries: tuple[str, ...] = ()):
    """The root element of XML `data`, parsed by defusedxml.

    With `entries` (the local names of an export's entries, "item"), XML that breaks
    off (a truncated download, a stray "<") keeps the entries complete before the
    break: (root, a notice saying where it broke) is returned instead of raising;
    without it, the root alone, or `SourceError`.
    """
    import defusedxml
    from defusedxml import ElementTree
    from xml.etree.ElementTree import ParseError

    if not data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # not UTF-16
        data = _XML_INVALID.sub(b"", data)
    root = None
    ended: set[int] = set()
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
            if root is None:
                root = element
            if event == "end":
                ended.add(id(element))
    except (defusedxml.EntitiesForbidden, defusedxml.DTDForbidden,
            defusedxml.ExternalReferenceForbidden):
        raise SourceError("the XML declares entities or external references (entity "
                          "expansion is refused)", path=path) from None
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        why = f"not well-formed XML ({str(error).split(':')[0]})"
        if root is None or not entries:
            raise SourceError(why, path=path, line=line) from None
        kept = _complete_entries(root, ended, entries)
        from ..models import Notice
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

class _SameSchemes(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http and https URLs only, with a one-line error otherwise."""

    def http_error_302(self, req, fp, code, msg, headers):
        from urllib.parse import urljoin

        target = urljoin(req.full_url, headers.get("location") or headers.get("uri") or "")
        scheme = target.split(":", 1)[0].lower()
        if scheme not in _URL_SCHEMES:
            raise SourceError(f"redirected to a '{scheme}:' URL; only http and https are "
                              "read", path=req.full_url)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def download(url: str) -> tuple[bytes, str]:
    """(the bytes at `url`, the URL they came from after redirects)."""
    url_of(url)  # the scheme check
    opener = urllib.request.build_opener(_SameSchemes())
    request = urllib.request.Request(url, headers={"User-Agent": "audiozine"})
    try:
        with opener.open(request, timeout=DOWNLOAD_TIMEOUT_S) as response:
            data = response.read(MAX_DOWNLOAD_BYTES + 1)
            final = response.geturl()
    except urllib.error.HTTPError as error:
        raise SourceError(f"the server answered {error.code} {error.reason}", path=url) \
            from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise SourceError(f"cannot download ({reason})", path=url) from None
    if len(data) > MAX_DOWNLOAD_BYTES:
        raise SourceError(f"more than {MAX_DOWNLOAD_BYTES >> 20} MB; not downloaded",
                          path=url)
    return data, final
