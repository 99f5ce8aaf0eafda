"""The sentence splitter: a paragraph -> its sentences, without being fooled by
"Dr.", "e.g.", "U.S.", decimals, ellipses or quotes.
"""

from __future__ import annotations

import re

from .rules.code import CODE_SPAN
from .rules.math import MATH_SPAN
from .rules.base import GERMAN_STREET, ROMAN_HEADING_NUMBER, inline_list_item
from .tables import (
    BEFORE_OR_AFTER_NAME,
    CAN_END,
    LETTER_LABELS,
    NON_FINAL,
    NUMBERED_PARTS,
    SENTENCE_STARTERS,
    TIME_ZONES,
    TIME_ZONE_WORDS,
)


#: After a quotation, "Name said" continues the sentence.
_SPEECH_TAG = re.compile(r"[A-Z][a-z]*\s+(?:said|asked|says|asks|replied|exclaimed|added|"
                         r"shouted|whispered|wrote|told|answered|laughed|cried)\b")

_BOUNDARY = re.compile(
    r"""(?P<end>[.?!]+|\.\.\.|…)(?P<close>["'”’)\]]*)(?P<space>\s+)(?=(?P<next>["'“‘(\[]*\S+))""")


def unbroken(text: str) -> set[int]:
    """Where no clause or sentence may end: inside inline math and code spans."""
    return {i for pattern in (MATH_SPAN, CODE_SPAN) for m in pattern.finditer(text)
            for i in range(m.start(), m.end())}


def _after_a_name(before: str) -> bool:
    """Whether the last word of `before` follows a capitalized word that does not
    start the sentence: "on Elm St", not "See Dr"."""
    return bool(re.search(r"[^.!?\s]\s+[A-Z][a-z]+\s+\S+$", before))


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences.

    Not fooled by abbreviations ("Dr.", "e.g."), initialisms ("U.S."), decimals
    ("4.5"), times ("6:40 p.m." ends a sentence only before a capital), ellipses
    followed by lowercase words, or punctuation inside quotes."""
    text = text.strip()
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    # No sentence ends inside inline math or a code span ("`e.g. Foo`", "$$a. B$$").
    inside = unbroken(text)
    for m in _BOUNDARY.finditer(text):
        if m.start() in inside:
            continue
        nxt = m.group("next").lstrip("\"'“‘([")
        if re.match(r"[~≈$€£#]\d", nxt):
            nxt = nxt[1:]  # "~30 minutes later." or "$5 was enough." starts a sentence
        starter = nxt.rstrip(",.;:").replace("’", "'")
        if not nxt or not (nxt[0].isupper() or nxt[0].isdigit()):
            continue
        if m.group("end").startswith(".") and len(m.group("end")) == 1 and not m.group("close"):
            word = re.search(r"(\S+)$", text[start:m.start()])
            written = word.group(1).lstrip("\"'“‘([").rstrip(".") if word else ""
            token = word.group(1).lower().lstrip("\"'“‘([") if word else ""
            bare = token.rstrip(".")
            if bare in CAN_END or (bare in BEFORE_OR_AFTER_NAME and _after_a_name(
                    text[start:m.start()])):
                if starter not in SENTENCE_STARTERS or starter == "A":
                    continue  # "Apt. A on the second floor"
            elif token in NON_FINAL or bare in NON_FINAL:
                continue
            elif nxt[0].isdigit() and (written in NUMBERED_PARTS
                                       or GERMAN_STREET.fullmatch(written)):
                continue  # "see Art. 17", "(Eq. 5)"; a German street: "Hauptstr. 5"
            elif bare in ("lb", "lbs") and re.match(r"\d+\s?oz\b", text[m.end("space"):]):
                continue  # "7 lbs. 6 oz."
            elif inline_list_item(text[start:m.start()], text[m.end():]):
                continue  # an inline list: "My top three: 1. SZA; 2. boygenius"
            elif start == 0 and ROMAN_HEADING_NUMBER.fullmatch(text[:m.start()]):
                continue  # a numbered heading: "II. Window"
            if re.fullmatch(r"(?:[a-z]\.)+[a-z]", token):  # "U.S." or "a.m."
                if token not in ("a.m", "p.m") and starter not in SENTENCE_STARTERS:
                    continue
                if token in ("a.m", "p.m") and (re.match(r"[A-Za-z]*", starter).group(0) in TIME_ZONES
                                                or starter in TIME_ZONE_WORDS):
                    continue  # "3 p.m. EST tomorrow"
            if re.fullmatch(r"[a-z]", token) and text[m.start() - 2:m.start() - 1] in (" ", ""):
                # A single initial: "J. Smith", "Angela E. Oh"; not "Plan B. We had no
                # choice.", "I got a C. I was devastated."
                before = re.search(r"(\S+)\s+\S+$", text[start:m.start()])
                in_name = before is not None and before.group(1)[:1].isupper() \
                    and before.group(1).lower() not in LETTER_LABELS
                if token != "i" and (in_name or nxt.endswith(".")
                                     or starter not in SENTENCE_STARTERS):
                    continue
        so_far = text[start:m.end("close")]
        if so_far.count("(") > so_far.count(")") and len(so_far) < 600:
            continue  # inside a parenthetical: "(cappuccinos, anyone? And ...)"
        if m.group("close") and _SPEECH_TAG.match(text, m.end("space")):
            continue  # "Really?" I asked.
        sentence = text[start:m.end("close")].strip()
        if sentence:
            sentences.append(sentence)
        start = m.end("space")
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences
