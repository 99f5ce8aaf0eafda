"""Decoding a source file's bytes: UTF-8, UTF-16/32 with a BOM, Windows-1252 when
that is safe; anything else refused with the byte offset and line."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from ..errors import SourceError
from ..models import Notice


# Bytes that Windows-1252 leaves undefined: text containing them is not cp1252.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _refuse(path: Path, data: bytes, offset: int, why: str) -> SourceError:
    return SourceError(
        f"not UTF-8 text: {why} (byte 0x{data[offset]:02X} at offset {offset}); "
        "save the file as UTF-8", path=path, line=_line_at(data, offset))


def decode_bytes(data: bytes, path: Path) -> tuple[str, list[Notice]]:
    """Decode a source file's bytes; see `read_text_file`."""
    if not data.strip():
        raise SourceError("the file is empty", path=path)
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom) and not data.startswith(codecs.BOM_UTF8):
            try:
                return data.decode(codec), []
            except UnicodeDecodeError as exc:
                raise SourceError(f"invalid {codec.upper()} text at byte {exc.start}",
                                  path=path) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SourceError(f"binary file, not text (NUL byte at offset {nul})", path=path,
                          line=_line_at(data, nul))
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        bad = exc.start
    # A charset declared by an HTML page is trusted when it decodes cleanly.
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            if codecs.lookup(name).name not in ("utf-8", "utf-8-sig"):
                return data.decode(name), []
        except (LookupError, UnicodeDecodeError):
            pass
    undefined = next((i for i, b in enumerate(data) if b in _CP1252_UNDEFINED), None)
    if undefined is not None:
        raise _refuse(path, data, bad, "undecodable byte, and not Windows-1252 either")
    utf8_runs = len(_UTF8_SEQUENCE.findall(data))
    high = sum(1 for b in data if b >= 0x80)
    if utf8_runs >= 2 and utf8_runs * 2 >= high - utf8_runs * 2:
        raise _refuse(path, data, bad, "mostly UTF-8 with an invalid byte")
    text = data.decode("cp1252")
    letters = [c for c in text if c.isalpha()]
    non_ascii = sum(1 for c in letters if ord(c) >= 0x80)
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\r\n\t\f")
    if not letters or non_ascii > 0.3 * len(letters) or controls > 0.01 * len(text):
        raise _refuse(path, data, bad, "the text does not look like Windows-1252 either")
    notice = Notice(f"not UTF-8: decoded as Windows-1252 (first non-UTF-8 byte at offset "
                    f"{bad}); save the file as UTF-8 to silence this warning",
                    path=path, line=_line_at(data, bad))
    return text, [notice]


def read_file_bytes(path: Path) -> bytes:
    """A source file's bytes. Raises `SourceError` for a missing or unreadable file,
    or a folder."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise SourceError("no such file", path=path) from None
    except IsADirectoryError:
        raise SourceError("is a folder, not a file", path=path) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=path) from None


def read_text_file(path: Path) -> tuple[str, list[Notice]]:
    """Read a source file as text.

    UTF-8 (BOM optional) and UTF-16/32 with a BOM are decoded silently; other text
    is decoded as Windows-1252 with a warning if it decodes cleanly and looks like
    text. Raises `SourceError` (naming the byte offset and line) otherwise, and for
    missing, unreadable, empty or binary files. The BOM is removed; the text is
    otherwise as in the file.
    """
    path = Path(path)
    text, notices = decode_bytes(read_file_bytes(path), path)
    return text.lstrip("\ufeff"), notices
