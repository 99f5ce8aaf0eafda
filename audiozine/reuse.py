"""Reading results and scripts of an earlier build, reused by content hash.

A build of a publication's archive (10,000 essays) spent minutes reading the
sources and making every episode's script again before it found there was
nothing to do. Both are pure functions of their inputs, so they are kept in the
show's state folder (`.audiozine/text-cache.sqlite`) under a hash of everything
they depend on:

- reading: the bytes and relative names of every file under the sources, and
  the code (audiozine's modules, the parsing libraries' versions);
- the essays' identities (their text sketches), by each essay's text;
- a script: the episode, the filled-in intro and outro, the lexicon, the code;
- an episode's content hash, by its script's key and everything else it hashes.

A hash that matches gives the value the function would compute; anything else
is computed as before. Sources given as URLs are always read. The file holds
only what the last build used, so it does not grow with edits.

It is an SQLite database of one row per entry, so a command loads only the
entries it asks for: `plan` the reading results, a build where nothing changed
the reading and the episodes' content hashes, never every script. A build
changes it in one SQLite transaction (readers see the old entries or the new
ones, never half); a file that is not a readable cache of this code is
ignored, and replaced by the next build.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
import sqlite3
from pathlib import Path
from typing import Callable, Sequence, TypeVar

from . import __version__
from .layout import STATE_DIR

CACHE_NAME = "text-cache.sqlite"
_OLD_NAMES = ("text-cache.pickle",)  # earlier builds' single pickle: removed when saving
_FORMAT = 2
_LIBRARIES = ("beautifulsoup4", "markdown-it-py", "num2words", "pyyaml", "python-slugify")
_SCHEMA = ("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
           "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
_UNREADABLE = (pickle.PickleError, EOFError, AttributeError, ImportError, IndexError,
               TypeError, ValueError, KeyError)
"""What unpickling a damaged or foreign value raises."""

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
    """The reading results and scripts of the last build of one show, loaded entry by
    entry as they are asked for."""

    def __init__(self, show_dir: Path | None) -> None:
        self.path = Path(show_dir) / STATE_DIR / CACHE_NAME if show_dir else None
        self._db: sqlite3.Connection | None = None
        self._used: set[str] = set()
        self._new: dict[str, bytes] = {}
        """Entries made by this build, pickled, written by `save`."""
        if self.path is not None and self.path.is_file():
            try:
                db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                     timeout=10)
                try:
                    row = db.execute("SELECT value FROM meta WHERE name = 'code'").fetchall()
                except sqlite3.Error:
                    row = []
                if row == [(code_fingerprint(),)]:
                    self._db = db
                else:
                    db.close()  # another version's cache, or not a cache: compute everything
            except sqlite3.Error:
                self._db = None

    def _load(self, key: str) -> tuple[bool, object]:
        """(True, the value stored under `key`) or (False, None)."""
        if key in self._new:
            return True, pickle.loads(self._new[key])
        if self._db is None:
            return False, None
        try:
            rows = self._db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchall()
            if rows:
                return True, pickle.loads(rows[0][0])
        except sqlite3.Error:
            self._close()  # a damaged file: nothing more is read from it
        except _UNREADABLE:
            pass
        return False, None

    def get(self, key: str | None, make: Callable[[], T]) -> T:
        """The value stored under `key`, else `make()` (stored for the next build)."""
        if key is None:
            return make()
        found, value = self._load(key)
        if not found:
            value = make()
            self._new[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._used.add(key)
        return value  # type: ignore[return-value]

    def get_each(self, key: str, items: Sequence[tuple[str, Callable[[], T]]]) -> list[T]:
        """For each (item key, make) of `items`, the value the last build stored under the
        item key, else `make()`; kept together as one entry under `key` (only these)."""
        found, old = self._load(key)
        old = old if found and isinstance(old, dict) else {}
        values = [old[name] if name in old else make() for name, make in items]
        kept = dict(zip((name for name, _make in items), values))
        if kept != old:
            self._new[key] = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
        self._used.add(key)
        return values

    def keep(self, key: str) -> None:
        """Keep the entry under `key` for the next build without loading it (a script
        whose episode's hash was found: needed again only if its files are remade)."""
        self._used.add(key)

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def save(self) -> None:
        """Keep what this build used, and only that (one transaction; a cache that cannot
        be written is skipped, a damaged one is replaced)."""
        if self.path is None or not self._used:
            return
        self._close()
        for name in _OLD_NAMES:
            (self.path.parent / name).unlink(missing_ok=True)
        try:
            self._write()
        except sqlite3.DatabaseError:  # not a database, or a damaged one: start again
            try:
                self.path.unlink(missing_ok=True)
                self._write()
            except (sqlite3.Error, OSError):
                pass
        except (sqlite3.Error, OSError):
            pass

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30)
        try:
            with db:  # one transaction
                for statement in _SCHEMA:
                    db.execute(statement)
                code = db.execute("SELECT value FROM meta WHERE name = 'code'").fetchall()
                if code != [(code_fingerprint(),)]:
                    db.execute("DELETE FROM entries")
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('code', ?)",
                               (code_fingerprint(),))
                db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
                db.executemany("INSERT INTO used VALUES (?)", ((k,) for k in self._used))
                db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", self._new.items())
        finally:
            db.close()


def essay_key(essay) -> str:
    """The key of an essay's `plan.essay_identity`: everything it is made from."""
    return digest_of((essay.title, essay.source_id, essay.source_path.name,
                      essay.paragraphs))


def digest_of(value: object) -> str:
    """Hash of a value's repr (frozen dataclasses of strings, numbers, dates, paths)."""
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def script_key(episode, *, show_digest: str, lexicon_digest: str, voice: str) -> str:
    """The key of `episode_script(episode, show, lexicon=..., voice=voice)`."""
    return hashlib.sha256("\0".join((code_fingerprint(), show_digest, lexicon_digest, voice,
                                     repr(episode))).encode("utf-8")).hexdigest()
