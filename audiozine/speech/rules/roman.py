"""Rules for Roman numerals: headings, parts and volumes, courses, kings and sequels."""

from __future__ import annotations

import re

from ... import numbers as num
from ..tables import (
    COURSE_WORDS,
    FIRST_NAMES,
    ROMAN_CARDINAL_TRIGGERS,
    ROMAN_REGNAL_NAMES,
    ROMAN_VALUES,
)
from .base import Context, ROMAN_HEADING_NUMBER, Rule


_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def roman_to_int(text: str) -> int | None:
    if not text or not _ROMAN.match(text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = ROMAN_VALUES[ch]
        if i + 1 < len(text) and ROMAN_VALUES[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def _pronoun_i(m: re.Match[str]) -> bool:
    """"told Mark I would", not "Mark I" or "James I of England"."""
    return m.group("roman") == "I" and not re.match(r"\s*(?:$|[^\w\s]|of\b)",
                                                       m.string[m.end():])


def _roman_cardinal(m: re.Match[str], ctx: Context, roman: str | None = None,
                    word: str | None = None) -> str:
    roman, word = roman or m.group("roman"), word or m.group("word")
    if roman in ("C", "D", "L", "M") or (word == "Series" and len(roman) == 1):
        return m.group(0)  # "Series C", "Xbox Series X": letters
    value = roman_to_int(roman)
    if value is None or (word == "Mark" and _pronoun_i(m)):  # "told Mark I would"
        return m.group(0)
    return f"{word} {num.cardinal(value)}"


def _generation(m: re.Match[str], ctx: Context) -> str:
    """"Robert Griffin III": the third; a title ("Mortal Kombat II") keeps its number."""
    if m.group("first") not in FIRST_NAMES:
        return f"{m.group('first')} {_roman_cardinal(m, ctx)}"
    ordinal = "second" if m.group("roman") == "II" else "third"
    return f"{m.group('first')} {m.group('word')} the {ordinal}"


def _roman_regnal(m: re.Match[str], ctx: Context) -> str:
    value = roman_to_int(m.group("roman"))
    # "Charles I was executed.", not "Mary I love you" or "Peter I think".
    opens = m.string[:m.start()].strip(" \"“'(") == "" and \
        re.match(r"\s+(?:was\s+(?:\w+ed|the|a|an|king|queen|born|crowned)|ruled|reigned|died|"
                 r"married|never|became|lost|won|founded|signed|declared|fought|led|issued|"
                 r"granted|succeeded|inherited)\b", m.string[m.end():])  # not "John I was thinking"
    if value is None or (_pronoun_i(m) and not opens):
        return m.group(0)
    return f"{m.group('word')} the {num.ordinal(value)}"


RULES: tuple[Rule, ...] = (
    # A numbered heading: "II. Window", "IV. The End" (not "I. M. Pei").
    Rule("roman heading", r"^(?P<roman>" + ROMAN_HEADING_NUMBER.pattern + r")\.\s+(?=[A-Z][a-z])",
         lambda m, c: f"{num.cardinal(roman_to_int(m.group('roman'))).capitalize()}. ",
         examples=(
             ("II. Window", "Two. Window"),
             ("XIV. The End", "Fourteen. The End"),
         )),
    # Before the abbreviation rule makes "Vol." a word the Roman rules no longer see.
    Rule("volume roman", r"\bVol\.\s+(?P<roman>[IVXL]+)\b",
         lambda m, c: _roman_cardinal(m, c, word="volume"),
         examples=(
             ("Vol. I of Proust", "volume one of Proust"),
         )),
    # "Calc I", "Physics I": a course, where "I" ends the name rather than starting a clause.
    Rule("course one", r"\b(?P<word>" + COURSE_WORDS + r")\s+I\b(?=\s*(?:$|[^\w\s]|(?:and|or|twice|"
                       r"again|class|classes|course|final|exam|midterm|lecture|homework|in|at|"
                       r"with|before|after|last|this|that)\b))",
         lambda m, c: f"{m.group('word')} one",
         examples=(
             ("I failed Calc I twice, then Physics I and Spanish II. In Spanish I said hi.",
              "I failed Calc one twice, then Physics one and Spanish two. In Spanish I said hi."),
         )),
    Rule("roman", r"\b(?P<word>" + ROMAN_CARDINAL_TRIGGERS + r")\s+(?P<roman>[IVXLC]+)\b",
         _roman_cardinal,
         examples=(
             ("Part II", "Part two"),
             ("World War II", "World War two"),
         )),
    Rule("lowercase roman", r"\b(?P<word>Act|Scene|Canto|Book|Part)\s+(?P<roman>[ivxl]+)\b",
         lambda m, c: _roman_cardinal(m, c, m.group("roman").upper()),
         examples=(
             ("Ramses II, Psalm XXIII, Act II, Scene iii",
              "Ramses the second, Psalm twenty three, Act two, Scene three"),
         )),
    Rule("regnal", r"\b(?P<word>" + ROMAN_REGNAL_NAMES + r")\s+(?P<roman>[IVX]{1,5})\b",
         _roman_regnal,
         examples=(
             ("Henry VIII", "Henry the eighth"),
             ("Henry I of England", "Henry the first of England"),
         )),
    Rule("generation", r"\b(?P<first>[A-Z][a-z]+) (?P<word>[A-Z][a-z]+),? (?P<roman>II|III)\b"
                       r"(?=\s*(?:[,.;:)!?]|$|\s[a-z]))",
         _generation,
         examples=(
             ("Mortal Kombat II was released", "Mortal Kombat two was released"),
             ("Robert Griffin III was drafted", "Robert Griffin the third was drafted"),
         )),
    # "Rocky IV", "Final Fantasy VII": a name inside a sentence (not "Give IV fluids").
    Rule("roman after a name", r"(?<=[a-z] )(?P<word>[A-Z][a-z]+)\s+"
                               r"(?P<roman>II|III|IV|VI|VII|VIII|IX|XI|XII|XIII)\b",
         _roman_cardinal,
         examples=(
             ("We watched Rocky IV again.", "We watched Rocky four again."),
             ("I failed Calc I twice, then Physics I and Spanish II. In Spanish I said hi.",
              "I failed Calc one twice, then Physics one and Spanish two. In Spanish I said hi."),
         )),
    # Opening a sentence ("Rocky II is"), not IV or VI, which are also initialisms.
    Rule("roman after an opening name", r"^(?P<word>[A-Z][a-z]+)\s+"
                                        r"(?P<roman>II|III|VII|VIII|IX|XI|XII)\b(?=\s+[a-z])",
         _roman_cardinal,
         examples=(
             ("Rocky II is better. Vatican II changed it.",
              "Rocky two is better. Vatican two changed it."),
         )),
    # "Rocky IV is a bad movie"; "Give IV fluids now" is intravenous.
    Rule("iv or vi after an opening name", r"^(?P<word>[A-Z][a-z]+)\s+(?P<roman>IV|VI)\b(?=\s+(?:is|was|"
                                           r"came|comes|has|had|won|lost|made|makes|remains|"
                                           r"became|starts|ends|opens|features|stars|holds|"
                                           r"beat|beats)\b)", _roman_cardinal,
         examples=(
             ("Rocky IV is a bad movie", "Rocky four is a bad movie"),
         )),
)
