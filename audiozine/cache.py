"""The sentence audio cache.

Each entry is one utterance's PCM, keyed by a hash of everything that changes
its sound. Entries carry their length and a CRC so a truncated or corrupt file
is detected (and re-synthesized) instead of being stitched into an episode.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import platformdirs

from .files import write_atomic

CACHE_ENV = "AUDIOZINE_CACHE_DIR"
_MAGIC = b"AZPCM1\0\0"
_HEADER = struct.Struct("<8sIII")  # magic, sample rate, sample count, crc32 of samples


def default_cache_dir() -> Path:
    """`$AUDIOZINE_CACHE_DIR`, else the user's cache directory."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir("audiozine")) / "sentences"


def cache_key(engine_identity: str, voice_settings: Mapping[str, Any], spoken_text: str) -> str:
    """Hash of engine (and its version and model), voice settings and spoken text."""
    material = json.dumps(
        {"engine": engine_identity, "voice": dict(voice_settings), "text": spoken_text},
        sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedAudio:
    samples: np.ndarray
    """int16 mono samples."""

    sample_rate_hz: int

    @property
    def duration_ms(self) -> int:
        return round(len(self.samples) * 1000 / self.sample_rate_hz)


class SentenceCache:
    """A folder of PCM entries, two hex digits of fan-out."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root else default_cache_dir()

    @property
    def engine_dir(self) -> Path:
        """Where engines keep what they prepare once per machine (a voice optimized for
        this CPU): beside the sentences, swept of temporaries with them."""
        return self.root / "engines"

    def path_for(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pcm"

    def keys(self) -> set[str]:
        """The keys of every stored entry (valid or not)."""
        return {path.stem for path in self.root.glob("??/*.pcm")}

    def load(self, key: str) -> CachedAudio | None:
        """The entry, or None if it is missing, truncated or corrupt."""
        return read_entry(self.path_for(key))

    def header(self, key: str) -> tuple[int, int] | None:
        """(sample rate, sample count) of a valid-looking entry, without reading samples.

        A quick check for planning; `load` verifies the CRC before audio is used.
        """
        path = self.path_for(key)
        try:
            with path.open("rb") as handle:
                raw = handle.read(_HEADER.size)
            size = path.stat().st_size
        except OSError:
            return None
        if len(raw) != _HEADER.size:
            return None
        magic, rate, count, _crc = _HEADER.unpack(raw)
        if magic != _MAGIC or rate <= 0 or size != _HEADER.size + 2 * count:
            return None
        return rate, count

    def remove_stale_temporaries(self, older_than_s: float = 3600.0) -> int:
        """Delete half-written entries a killed build left behind; returns how many.

        An entry is written to a temporary name and renamed; a process killed in
        between leaves the temporary file. Only old ones go: a build running
        beside this one may be writing the young ones.
        """
        cutoff = time.time() - older_than_s
        removed = 0
        for leftover in self.root.glob("*/.*.tmp"):
            try:
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
                    removed += 1
            except OSError:
                pass
        return removed

    def store(self, key: str, samples: np.ndarray, sample_rate_hz: int) -> Path:
        path = self.path_for(key)
        data = np.ascontiguousarray(samples, dtype="<i2").tobytes()
        header = _HEADER.pack(_MAGIC, sample_rate_hz, len(data) // 2, zlib.crc32(data))
        write_atomic(path, header + data, durable=False)
        return path


def read_entry(path: Path) -> CachedAudio | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if len(raw) < _HEADER.size:
        return None
    magic, rate, count, crc = _HEADER.unpack_from(raw)
    data = raw[_HEADER.size:]
    if magic != _MAGIC or rate <= 0 or len(data) != 2 * count or zlib.crc32(data) != crc:
        return None
    return CachedAudio(np.frombuffer(data, dtype="<i2"), rate)
