"""Pronunciation lexicons: written word -> how the voice should say it.

Entries come from lexicon files (`voices/lexicon.toml`, and whatever a voice
profile lists) and from the `[lexicon]` table of a show file; the show's entries
win. The file format is documented at the top of `voices/lexicon.toml`:

    Kaia = "KY-uh"                                   # a respelling (every engine)
    "cha gio" = "chah yaw"                           # multi-word keys are fine
    Maughan = { say = "Mawn", phonemes = "mˈɔːn" }   # espeak phonemes for Piper

Matching is whole-word and case-aware: a key written with a capital letter
("AA", "SoHo") only matches that exact spelling; an all-lowercase key ("paella")
matches any capitalization. Longer keys win over shorter ones ("cha gio" before
"cha").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from .errors import ConfigError

__all__ = ["Pronunciation", "Lexicon", "load_lexicon", "parse_entry", "ENGINES_WITH_PHONEMES"]

#: Engines whose input accepts raw phonemes in [[ ... ]] blocks.
ENGINES_WITH_PHONEMES = frozenset({"piper"})

_PHONEME_BLOCK = re.compile(r"^\s*\[\[(.+)\]\]\s*$", re.S)


@dataclass(frozen=True)
class Pronunciation:
    """How one lexicon key is said."""

    say: str | None = None
    """Respelling or expansion in plain words; works with every engine."""

    phonemes: str | None = None
    """espeak-ng phonemes (IPA as `espeak-ng --ipa` prints them), for Piper only."""

    def render(self, use_phonemes: bool) -> str | None:
        """The text to hand the voice, or None to leave the word as written."""
        if use_phonemes and self.phonemes:
            return f"[[ {self.phonemes} ]]"
        return self.say


@dataclass(frozen=True)
class Lexicon:
    """A set of pronunciations, applied before any other normalization."""

    entries: Mapping[str, Pronunciation] = field(default_factory=dict)
    """Written form (one or more words) -> pronunciation."""

    use_phonemes: bool = True
    """Emit [[ phonemes ]] blocks (Piper); False for engines that would read them out."""

    def __post_init__(self) -> None:
        exact: dict[str, Pronunciation] = {}
        folded: dict[str, Pronunciation] = {}
        for key, value in self.entries.items():
            norm = _norm_key(key)
            if norm.lower() == norm:
                folded[norm] = value
            else:
                exact[norm] = value
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(self, "_folded", folded)
        object.__setattr__(self, "_pattern", _compile(self.entries))

    # ------------------------------------------------------------------ api

    def for_engine(self, engine: str) -> "Lexicon":
        """This lexicon as an engine can take it (phoneme blocks only for Piper)."""
        wanted = engine in ENGINES_WITH_PHONEMES
        return self if wanted == self.use_phonemes else replace(self, use_phonemes=wanted)

    def lookup(self, written: str) -> Pronunciation | None:
        norm = _norm_key(written)
        found = self._exact.get(norm)  # type: ignore[attr-defined]
        if found is None:
            found = self._folded.get(norm.lower())  # type: ignore[attr-defined]
        return found

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, replacement) for every lexicon match in `text`."""
        pattern: re.Pattern[str] | None = self._pattern  # type: ignore[attr-defined]
        if pattern is None:
            return []
        found = []
        for match in pattern.finditer(text):
            entry = self.lookup(match.group(0))
            said = entry.render(self.use_phonemes) if entry else None
            if said is not None:
                found.append((match.start(), match.end(), said))
        return found

    def apply(self, text: str) -> str:
        """`text` with every known word replaced by how it is said."""
        out = []
        last = 0
        for start, end, said in self.spans(text):
            out.append(text[last:start])
            out.append(said)
            last = end
        out.append(text[last:])
        return "".join(out)

    def __contains__(self, word: str) -> bool:
        return self.lookup(word) is not None

    def __len__(self) -> int:
        return len(self.entries)


def _norm_key(key: str) -> str:
    return re.sub(r"\s+", " ", key.strip())


def _compile(entries: Mapping[str, Pronunciation]) -> re.Pattern[str] | None:
    if not entries:
        return None
    alternatives = []
    for key in sorted(entries, key=lambda k: (-len(_norm_key(k)), k)):
        norm = _norm_key(key)
        body = r"\s+".join(re.escape(word) for word in norm.split(" "))
        alternatives.append(f"(?i:{body})" if norm.lower() == norm else body)
    # Whole words: no letter or digit may touch the match on either side.
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")


# ------------------------------------------------------------------ loading

_ENTRY_FIELDS = {"say": "a respelling in plain words", "phonemes": "espeak-ng phonemes for Piper"}


def parse_entry(key: str, value: Any, *, path: Path | str | None = None,
                line: int | None = None, field_prefix: str = "") -> Pronunciation:
    """One lexicon entry from a file or a show's [lexicon] table.

    A string is a respelling, unless it is a `[[ phonemes ]]` block; a table has
    `say` and/or `phonemes`."""
    where = dict(path=path, line=line, field=f"{field_prefix}{key}")
    if not _norm_key(key):
        raise ConfigError("empty lexicon key", **where)
    if isinstance(value, str):
        if not value.strip():
            raise ConfigError("expected how the word is said, got an empty string", **where)
        block = _PHONEME_BLOCK.match(value)
        if block:
            return Pronunciation(phonemes=block.group(1).strip())
        return Pronunciation(say=value.strip())
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in _ENTRY_FIELDS]
        if unknown:
            raise ConfigError(f"unknown lexicon field '{unknown[0]}' (known: say, phonemes)",
                              **where)
        for name in _ENTRY_FIELDS:
            if name in value and (not isinstance(value[name], str) or not value[name].strip()):
                raise ConfigError(f"'{name}' must be a non-empty string ({_ENTRY_FIELDS[name]})",
                                  **where)
        if "say" not in value and "phonemes" not in value:
            raise ConfigError("expected 'say' or 'phonemes'", **where)
        say = value.get("say")
        phonemes = value.get("phonemes")
        return Pronunciation(say=say.strip() if say else None,
                             phonemes=phonemes.strip() if phonemes else None)
    raise ConfigError(f"expected a string or a table with say/phonemes, got "
                      f"{type(value).__name__} {value!r}", **where)


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
    header = re.compile(rf"^\s*\[\s*(?:\"{re.escape(key)}\"|{re.escape(key)})\s*\]")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line) or header.match(line):
            return number
    return None


def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("lexicon file not found", path=path) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start})", path=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=path) from None
    try:
        return tomllib.loads(raw), raw
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(f"TOML syntax error: {message}", path=path, line=line) from None


def load_lexicon(paths: Sequence[Path], extra: Mapping[str, Any] = {},
                 *, engine: str = "piper", extra_path: Path | None = None) -> Lexicon:
    """Merge lexicon files in order (later files override earlier ones), then the
    show's entries (`extra`, which override every file; `extra_path` is the show
    file, for error messages).

    Raises ConfigError naming the file, line and key of a bad entry."""
    entries: dict[str, Pronunciation] = {}
    for path in paths:
        path = Path(path)
        data, raw = _read(path)
        for key, value in data.items():
            entries[_norm_key(key)] = parse_entry(key, value, path=path,
                                                  line=_line_of(raw, key))
    extra_text = None
    if extra_path is not None:
        try:
            extra_text = Path(extra_path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            extra_text = None
    for key, value in extra.items():
        entries[_norm_key(key)] = parse_entry(
            key, value, path=extra_path, field_prefix="lexicon.",
            line=_line_of(extra_text, key) if extra_text else None)
    return Lexicon(entries=entries, use_phonemes=engine in ENGINES_WITH_PHONEMES)
