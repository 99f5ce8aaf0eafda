"""What every normalization rule is made of: the `Rule` value, the `Context` of one
call of the normalizer, and the helpers more than one rule module uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ... import numbers as num
from ...lexicon import Lexicon
from ..tables import UNITS


#: Every unit, longest first, as a regex alternation.
UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"

_PH_OPEN, _PH_CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_PH_OPEN}(.){_PH_CLOSE}")


@dataclass
class Context:
    """State for one call of the normalizer."""

    lexicon: Lexicon | None
    protected: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def protect(self, spoken: str) -> str:
        """Keep `spoken` away from later rules; restored at the end."""
        self.protected.append(spoken)
        return f"{_PH_OPEN}{chr(0xE100 + len(self.protected) - 1)}{_PH_CLOSE}"

    def restore(self, text: str) -> str:
        while _PLACEHOLDER.search(text):
            text = _PLACEHOLDER.sub(lambda m: self.protected[ord(m.group(1)) - 0xE100], text)
        return text

    def flag(self, token: str) -> None:
        if token not in self.unknown:
            self.unknown.append(token)


def at_end(match: re.Match[str]) -> bool:
    """True when only closing punctuation and spaces follow the match."""
    return not re.search(r"[\w\ue000]", match.string[match.end():])


def keep_final_period(match: re.Match[str], spoken: str) -> str:
    """An abbreviation's period that also ends the sentence must stay."""
    if match.group(0).endswith(".") and at_end(match):
        return spoken + "."
    return spoken


def is_one(number: str) -> bool:
    return abs(float(number.replace(",", ""))) == 1  # "1", "01", "1.0", "-1"


def unit_names(unit: str) -> tuple[str, str]:
    """A unit's singular and plural as said ("km" -> kilometer, kilometers); "KM" too."""
    return UNITS.get(unit) or UNITS[unit.lower()]


def count_of(number: str, unit: str) -> str:
    """"1" "h" -> "one hour", "05" "min" -> "five minutes", "2.5" "kg" -> "two point
    five kilograms"."""
    singular, plural = unit_names(unit)
    return f"{num.cardinal(number)} {singular if is_one(number) else plural}"


def word_before(m: re.Match[str], group: int | str = 0) -> str:
    """The word just before the match (or a group of it), lower case; "" at the start."""
    found = re.search(r"([\w.]+)\W*$", m.string[:m.start(group)])
    return found.group(1).lower().rstrip(".") if found else ""


#: An item of a list written inline ("My top three: 1. SZA; 2. boygenius"), when another
#: item comes before or after it ("The score was 2: 1." is no list).
LIST_NUMBER = r"(?:[1-9]|1\d)"

_INLINE_LIST_NUMBER_ENDS = re.compile(rf"[:;,] {LIST_NUMBER}$")

_INLINE_LIST_ANY = re.compile(rf"[:;,] {LIST_NUMBER}\.\s")


def inline_list_item(before: str, after: str) -> bool:
    """Whether the number ending `before` (its period next) is an inline list's item."""
    m = _INLINE_LIST_NUMBER_ENDS.search(before)
    return bool(m) and bool(_INLINE_LIST_ANY.search(after) or
                            _INLINE_LIST_ANY.search(before[:m.start() + 1]))


#: The number of a numbered heading ("II. Window"), up to XIX.
ROMAN_HEADING_NUMBER = re.compile(r"X?(?:I{1,3}|IV|VI{0,3}|IX)|X")

#: A German street's abbreviation ("Hauptstr.", "Große Hamburger Str."): the rule
#: says it in full, and its period before a house number ends no sentence.
GERMAN_STREET = re.compile(r"(?:[A-ZÄÖÜ][^\W\d_]*s|S)tr")


def split_camel(word: str) -> str:
    # "SpiderOak" -> "Spider Oak"; "HTMLParser" -> "HTML Parser"; keep "McDonald".
    word = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", word)
    word = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z]{2,})", " ", word)
    # "AmItheAsshole": a capital I before a small word is the pronoun ("Am I the").
    word = re.sub(r"(?<= )I(?=(?:the|a|an|am|was|do|did|can|will|have|had|to|and|or)\b)",
                  "I ", word)
    return re.sub(r"\b(Ma?c) (?=[A-Z])", r"\1", word)


def as_letters(word: str, final_period: bool = True) -> str:
    """"HR" -> "H.R.", which every engine reads letter by letter. Without the final
    period for letters the writer wrote without periods ("NYT Cooking" -> "N.Y.T
    Cooking"): espeak-ng ends a sentence at it before a capital, and the writer put
    no sentence end there."""
    return ".".join(word) + ("." if final_period else "")


TOKEN_START = r"(?<![\w.\ue001])"   # left edge of a token


@dataclass(frozen=True)
class Rule:
    """One normalization rule: where `regex` matches, `handler` gives what is said.

    `examples` are (written, spoken) pairs that show what the rule is for:
    `speakable(written) == spoken`, with every rule applied in `RULE_ORDER`
    (tests/test_speech_rules.py runs them all)."""

    name: str
    """The rule's name in `RULE_ORDER`."""
    regex: str
    """The pattern, as written; compiled into `pattern`."""
    handler: Callable[[re.Match[str], Context], str]
    """A match and the call's context -> the text put in its place."""
    flags: int = field(default=0, kw_only=True)
    examples: tuple[tuple[str, str], ...] = field(default=(), kw_only=True)
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", re.compile(self.regex, self.flags))
