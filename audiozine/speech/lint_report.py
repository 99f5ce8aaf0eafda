"""`plan --lint`: the words of each essay the voice may say wrong, with the line of
their first use and a lexicon line that fixes each, as typed findings the CLI prints.

A word is listed when the rules could only guess at it (an unknown all-caps word, a
word in another script) or espeak-ng, the phonemizer under both engines, would spell
a lowercase word letter by letter ("pwned"). Words espeak-ng reads well are left out:
those in its dictionary or with a known stem ("BIOS", "GUI", "nginx"), and capitals
it spells itself as an initialism is said ("DNS", "BBQ"). Dropped symbols are no
words and are not listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import espeak
from ..errors import PhonemizerError
from ..lexicon import Lexicon
from ..models import Essay
from .normalize import lint as lint_text


@dataclass(frozen=True)
class LintFinding:
    """One word of an essay the voice may say wrong."""

    word: str
    """The word as written."""
    line: int | None
    """1-based line of its first use in the essay's file; None when the file has no
    line with the word (an export, or a word the sources made)."""
    lexicon_line: str
    """A line for voices/lexicon.toml (or the show's [lexicon]) that fixes it."""
    why: str
    """What the voice would do with it."""


@dataclass(frozen=True)
class EssayLint:
    """The findings of one essay, in the order of their lines."""

    source_path: Path
    title: str
    findings: tuple[LintFinding, ...]


@dataclass(frozen=True)
class LintReport:
    essays: tuple[EssayLint, ...]
    """Only essays with findings, in the order given."""
    problem: str | None = None
    """Why espeak-ng could not be asked (the list is then the rules' guesses only)."""

    @property
    def words(self) -> list[str]:
        """Every word listed, once, alphabetically."""
        return sorted({f.word for e in self.essays for f in e.findings}, key=str.lower)


def _toml_key(word: str) -> str:
    return word if re.fullmatch(r"[A-Za-z0-9_-]+", word) else f'"{word}"'


def _suggestion(word: str) -> tuple[str, str]:
    """(lexicon line, why) for a word."""
    if re.fullmatch(r"[A-Z][A-Z0-9]*", word):
        letters = " ".join(re.findall(r"[A-Z]|\d+", word))
        return (f'{_toml_key(word)} = "{letters}"',
                "capitals the voice guesses at as a word; the line spells them (or write "
                "the word it is said as)")
    return (f'{_toml_key(word)} = "{word}"',
            "the voice may spell it letter by letter; respell it as it sounds")


def _first_line(path: Path, word: str, cache: dict[Path, list[str] | None]) -> int | None:
    if path not in cache:
        try:
            cache[path] = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            cache[path] = None
    lines = cache[path]
    if not lines:
        return None
    pattern = re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])")
    return next((n for n, text in enumerate(lines, start=1) if pattern.search(text)), None)


def lint_essays(essays: list[Essay] | tuple[Essay, ...], lexicon: Lexicon | None, *,
                language: str = "en-us", ask_espeak: bool = True) -> LintReport:
    """The words of each essay the voice may say wrong (see the module's doc)."""
    linted = [(essay, *lint_text(essay.text, lexicon)) for essay in essays]
    problem = None
    spelled: set[str] = set()
    readings: dict[str, str] = {}
    guessed = {token for _e, _s, tokens in linted for token in tokens
               if re.fullmatch(r"[^\W_]+", token)}
    if ask_espeak:
        try:
            spoken = "\n".join(s for _e, s, _t in linted)
            spelled = set(espeak.spelled_out_words(spoken, language) or ())
            readings = espeak.word_readings(sorted(guessed), language) or {}
        except PhonemizerError as error:
            problem = f"{error}; words it would spell out letter by letter are not listed"
    files: dict[Path, list[str] | None] = {}
    results = []
    for essay, spoken, tokens in linted:
        words = [t for t in tokens if t in guessed and readings.get(t) not in
                 (espeak.KNOWN, espeak.SPELLED)]
        words += [w for w in sorted(spelled) if w not in words
                  and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", spoken)]
        findings = []
        for word in words:
            line, why = _suggestion(word)
            findings.append(LintFinding(word, _first_line(essay.source_path, word, files),
                                        line, why))
        findings.sort(key=lambda f: (f.line is None, f.line or 0, f.word.lower()))
        if findings:
            results.append(EssayLint(essay.source_path, essay.title, tuple(findings)))
    return LintReport(tuple(results), problem)
