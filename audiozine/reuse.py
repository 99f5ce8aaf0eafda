"""Reading results and scripts of an earlier build, reused by content hash.

A build of a publication's archive (10,000 essays) spent minutes reading the
sources and making every episode's script again before it found there was
nothing to do. Both are pure functions of their inputs, so they are kept in the
show's state folder (`.audiozine/text-cache.pickle`) under a hash of everything
they depend on:

- reading: the bytes and relative names of every file under the sources, and
  the code (audiozine's modules, the parsing libraries' versions);
- a script: the episode, the filled-in intro and outro, the lexicon, the code.

A hash that matches gives the value the function would compute; anything else
is computed as before. Sources given as URLs are always read. The file holds
only what the last build used, so it does not grow with edits.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
from pathlib import Path
from typing import Callable, Sequence, TypeVar

from . import __version__
from .files import write_atomic
from .layout import STATE_DIR

CACHE_NAME = "text-cache.pickle"
_FORMAT = 1
_LIBRARIES = ("beautifulsoup4", "markdown-it-py", "num2words", "pyyaml", "python-slugify")

T = TypeVar("T")


@functools.cache
def code_fingerprint() -> str:
    """audiozine's version and source, and the versions of the libraries reading uses."""
    digest = hashlib.sha256(f"{__version__} {_FORMAT}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode("utf-8"))
        digest.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} none".encode())
    return digest.hexdigest()


def _is_url(source: Path | str) -> bool:
    return "://" in str(source)


def sources_key(paths: Sequence[Path], options: object = None) -> str | None:
    """Hash of the code, of how the sources are read (`options`, a frozen value) and
    of every file under `paths` (names and bytes); None when a source is not a local
    file or folder (a URL, a missing path: read it as usual)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(f"\0options {options!r}\0".encode("utf-8"))
    for raw in paths:
        path = Path(raw)
        if _is_url(raw) or not path.exists():
            return None
        digest.update(f"\0source {raw}\0".encode("utf-8"))
        if path.is_file():
            digest.update(path.read_bytes())
            continue
        for folder, dirs, files in os.walk(path, followlinks=True):
            dirs.sort()
            for name in sorted(files):
                file = Path(folder) / name
                digest.update(f"\0{file.relative_to(path)}\0".encode("utf-8"))
                try:
                    digest.update(file.read_bytes())
                except OSError:
                    return None  # unreadable: reading reports it
    return digest.hexdigest()


class TextCache:
    """The reading results and scripts of the last build of one show."""

    def __init__(self, show_dir: Path | None) -> None:
        self.path = Path(show_dir) / STATE_DIR / CACHE_NAME if show_dir else None
        self._old: dict[str, object] = {}
        self._used: dict[str, object] = {}
        if self.path is not None:
            try:
                with self.path.open("rb") as handle:
                    data = pickle.load(handle)
                if isinstance(data, dict) and data.get("code") == code_fingerprint():
                    self._old = data["entries"]
            except (OSError, pickle.PickleError, EOFError, AttributeError, KeyError,
                    ImportError, TypeError, ValueError):
                self._old = {}  # no cache, or an unreadable one: compute everything

    def get(self, key: str | None, make: Callable[[], T]) -> T:
        """The value stored under `key`, else `make()` (stored for the next build)."""
        if key is None:
            return make()
        if key in self._used:
            return self._used[key]  # type: ignore[return-value]
        value = self._old[key] if key in self._old else make()
        self._used[key] = value
        return value  # type: ignore[return-value]

    def save(self) -> None:
        """Keep what this build used (atomically; a cache that cannot be written is skipped)."""
        if self.path is None or not self._used or self._used.keys() == self._old.keys():
            return
        try:
            write_atomic(self.path, pickle.dumps({"code": code_fingerprint(),
                                                  "entries": self._used},
                                                 protocol=pickle.HIGHEST_PROTOCOL),
                         durable=False)
        except OSError:
            pass


def digest_of(value: object) -> str:
    """Hash of a value's repr (frozen dataclasses of strings, numbers, dates, paths)."""
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def script_key(episode, *, show_digest: str, lexicon_digest: str, voice: str) -> str:
    """The key of `episode_script(episode, show, lexicon=..., voice=voice)`."""
    return hashlib.sha256("\0".join((code_fingerprint(), show_digest, lexicon_digest, voice,
                                     repr(episode))).encode("utf-8")).hexdigest()
