"""Rules for references in prose: citations, verses, sections, pages, stage directions."""

from __future__ import annotations

import re

from ... import numbers as num
from ..tables import BIBLE_BOOKS, CITATION_NAMERS, NUMBERED_PARTS
from .base import Context, Rule, word_before


def _page_born_circa(m: re.Match[str], ctx: Context) -> str:
    """"see p. 42", "(b. 1756)", "from c. 1600"; not list letters ("or c. 500 dollars")."""
    letter, before = m.group(1), word_before(m)
    opened = m.string[:m.start()].rstrip().endswith("(")
    year = re.match(r"(?:1[0-9]|20)\d\d\b", m.string[m.end():]) is not None
    if letter == "p" and (before in ("see", "on", "at", "cf", "from", "to", "and", "in", "of",
                                     "also", "read") or opened):
        return "page "
    if letter == "b" and opened and year:
        return "born "
    if letter == "c" and year and (opened or before in ("from", "in", "around", "dated", "dates",
                                                        "built", "written", "made", "born",
                                                        "died")):
        return "circa "
    return m.group(0)


RULES: tuple[Rule, ...] = (
    Rule("page born circa", r"(?<![\w.])([pbc])\.\s(?=\d)", _page_born_circa,
         examples=(
             ("See p. 42. Mozart (b. 1756), from c. 1600",
              "See page forty two. Mozart, born seventeen fifty six, from circa sixteen hundred"),
             ("Turn to p. 12. See p. 7 and p. 9. Approx. 30% were born c. 1850.",
              "Turn to page twelve. See page seven and page nine. Approximately thirty percent "
              "were born circa eighteen fifty."),
         )),
    # Only before a number: "Art. 17", "Eq. 3"; "I love art." stays.
    # Not the name: "I called Art. 20 minutes later".
    Rule("numbered part", r"\b(Art|Arts|Eq|Eqs|Sec|Secs|Para|Eps?)\.?\s?(?=\d)(?!\d+\s+(?:minutes|"
                          r"hours|days|weeks|months|years|seconds)\b)",
         lambda m, c: NUMBERED_PARTS[m.group(1)] + " ",
         examples=(
             ("He cited \"Eq. 5\" and (Sec. 3). I called Art. 20 minutes later.",
              "He cited Equation five and, Section three. I called Art. twenty minutes later."),
             ("Ep. 3 of S2E7 on Mon/Wed/Fri",
              "Episode three of season two, episode seven on Monday, Wednesday and Friday"),
         )),
    Rule("sections", r"§§\s*", lambda m, c: "sections ",
         examples=(
             ("See Art. 17, Eq. 3, §§ 1–3 and ¶ 4. I love art. 3 cats came.",
              "See Article seventeen, Equation three, sections one to three and paragraph four. I "
              "love art. three cats came."),
         )),
    # "quiet.[1]"
    Rule("citation", r"(?<=[^\s\[])\[\d{1,3}(?:[,–-]\s?\d{1,3})*\]", lambda m, c: "",
         examples=(
             ("It was quiet.[1] Then loud.[2]", "It was quiet. Then loud."),
         )),
    # "Earlier work [12] found", "studies [3, 7, 12–15] report"; not "see reference [12]".
    Rule("spaced citation", r"(?<=\w) \[\d{1,3}(?:[,–-]\s?\d{1,3})*\](?:,\s?\[\d{1,3}\])*(?=[\s,.;:)]|$)",
         lambda m, c: m.group(0) if word_before(m) in CITATION_NAMERS else "",
         examples=(
             ("Prior work [1], [2] disagrees. Press [2] to go on.",
              "Prior work disagrees. Press two to go on."),
             ("Earlier work [12] found it; studies [3, 7, 12–15] agree; see reference [4].",
              "Earlier work found it; studies agree; see reference four."),
         )),
    # A transcript's stage directions: "which is [laughs] being a person".
    Rule("stage direction", r"\s*\[(?:laugh(?:s|ter|ing)?|applause|crosstalk|inaudible|sic|"
                            r"pause|sighs?|chuckles?|cheers|music|silence)\]", lambda m, c: "", flags=re.I,
         examples=(
             ("It was [sic] their's.", "It was their's."),
             ("which is [laughs] being a person", "which is being a person"),
         )),
    # Two-digit verses read like clock times ("John three sixteen"); "Genesis 1:1" is no ratio.
    Rule("scripture", r"(?<!the )\b(" + BIBLE_BOOKS + r")\s(\d{1,3}):(\d)\b(?![:.]\d|\s?[AaPp]\.?[Mm]\b)",
         lambda m, c: f"{m.group(1)} {num.cardinal(m.group(2))} {num.cardinal(m.group(3))}",
         examples=(
             ("Genesis 1:1 and John 3:16", "Genesis one one and John three sixteen"),
         )),
)
