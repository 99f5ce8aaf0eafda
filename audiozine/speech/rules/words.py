"""Rules for words: abbreviations, initialisms, capitals, camel case, slashed words,
the letter A."""

from __future__ import annotations

import re

from ..tables import (
    ABBREVIATIONS,
    ACRONYM_WORDS,
    AMBIGUOUS_ABBREVIATIONS,
    AND_PAIRS,
    BEFORE_A_MONTH,
    BEFORE_LETTER_A,
    COMMON_INITIALISM_WORDS,
    COMPOUND_PAIRS,
    DAY_RE,
    EMPHASIS_WORDS,
    INITIALISMS,
    LETTER_A,
    MONTH_RE,
    ORDINAL_WORD,
    PER_WORDS,
    SENTENCE_OPENING_ABBREVIATIONS,
)
from .base import Context, Rule, as_letters, at_end, keep_final_period, split_camel, word_before


def _word_slash(m: re.Match[str], ctx: Context) -> str:
    words = m.group(0).split("/")
    pair = tuple(w.lower().replace("’", "'") for w in words)
    if pair in COMPOUND_PAIRS:
        return "-".join(words)
    if pair in AND_PAIRS:
        return " and ".join(words)
    if all(re.fullmatch(DAY_RE, w) for w in words):  # "Mon/Wed/Fri"
        days = [ABBREVIATIONS[w + "."] for w in words]
        return ", ".join(days[:-1]) + " and " + days[-1]
    if all(re.fullmatch("[A-Z]", w) for w in words):  # "an A/B test", "I/O", "the P/E ratio"
        return ctx.protect(as_letters("".join(words)))
    if len(words) == 2 and words[1] in PER_WORDS and not words[0][:1].isupper():
        return f"{words[0]} {PER_WORDS[words[1]]}"  # "tickets/week", "emails/day"
    if all(w[:1].isupper() for w in words):
        joiner = " and "
    else:
        joiner = " or "
    return joiner.join(words)


def _opens_sentence(m: re.Match[str]) -> bool:
    """Whether the match is the first word of the text or of a sentence, or a capitalized
    one opening a quotation ("He said, “E.g. tea.”")."""
    before = m.string[:m.start()]
    return bool(re.search(r"(?:^\W*|[.!?][\"'”’)]*\s+[\"'“‘(]*)$", before)
                or (m.group(0)[:1].isupper() and re.search(r"[“‘\"]$", before)))


def _abbreviation(m: re.Match[str], ctx: Context) -> str:
    text = m.group(0)
    if text == "Jan." and at_end(m) and word_before(m) not in BEFORE_A_MONTH \
            and not re.search(r"\b" + MONTH_RE, m.string[:m.start()]):  # "from Dec. to Jan."
        return ctx.protect(keep_final_period(m, "Jan"))  # "we talked to Jan."
    spoken = ABBREVIATIONS.get(text) or ABBREVIATIONS.get(text.lower()) or text
    if _opens_sentence(m):
        spoken = spoken[0].upper() + spoken[1:]  # "N/A for now.", "E.g. this."
    return ctx.protect(keep_final_period(m, spoken)) if text.endswith(".") else ctx.protect(spoken)


def _ambiguous_abbreviation(m: re.Match[str], ctx: Context) -> str:
    before_name, after_name = AMBIGUOUS_ABBREVIATIONS[m.group("abbr")]
    prev = m.string[:m.start()]
    nxt = m.string[m.end():]
    prev_is_name = bool(re.search(r"(?:^|[^.!?]\s)[A-Z][a-z]+\s+$", prev)) and \
        not re.search(r"(?:^|[.!?]\s+)[A-Z][a-z]+\s+$", prev)
    next_is_name = bool(re.match(r"\s+[A-Z]", nxt))
    after_ordinal = m.group("abbr") == "St." and bool(re.search(ORDINAL_WORD + r"\s+$", prev))
    spoken = after_name if (prev_is_name or after_ordinal) and not next_is_name else before_name
    return ctx.protect(keep_final_period(m, spoken))


def _dotted_initialism(m: re.Match[str], ctx: Context) -> str:
    letters = m.group(0).replace(".", "").upper()
    return ctx.protect(".".join(letters) + ".")


def _camel(m: re.Match[str], ctx: Context) -> str:
    return split_camel(m.group(0))


def _caps(m: re.Match[str], ctx: Context) -> str:
    word, plural = m.group("word"), m.group("plural") or ""
    hyphen_after = bool(m.group("hyphen"))
    if word in ACRONYM_WORDS and not plural:
        return ctx.protect(ACRONYM_WORDS[word]) + ("-" if hyphen_after else "")
    if not plural and (word in EMPHASIS_WORDS or
                       (word in COMMON_INITIALISM_WORDS and _shouting(m.string))):
        return word.lower() + ("-" if hyphen_after else "")
    if word in INITIALISMS:
        spoken = "-".join(word) + "'s" if plural else as_letters(word, final_period=False)
    elif _shouting(m.string) or (len(word) >= 5 and _pronounceable(word)):
        return word.lower() + plural + ("-" if hyphen_after else "")
    elif len(word) >= 4:
        # Unknown and short: the engine's own letter-or-word guess is as good as
        # ours; leave it and tell the writer.
        ctx.flag(m.group(0))
        return m.group(0)
    else:
        ctx.flag(m.group(0))
        spoken = "-".join(word) + "'s" if plural else as_letters(word, final_period=False)
    if hyphen_after:
        spoken += " "
    return ctx.protect(spoken)


def _pronounceable(word: str) -> bool:
    vowels = sum(ch in "AEIOUY" for ch in word)
    return vowels / len(word) >= 0.25 and not re.search(r"[^AEIOUY]{4,}", word)


def _shouting(text: str) -> bool:
    words = re.findall(r"[A-Za-z]{2,}", text)
    caps = [w for w in words if w.isupper()]
    return len(caps) >= 3 and len(caps) >= 0.7 * len(words)


def _bare_letter_a(m: re.Match[str], ctx: Context) -> str:
    """"Plan A is better", "an A on the test", "A or B", "from A to Z"; not "A dog"."""
    after = m.string[m.end():]
    letter = word_before(m) in BEFORE_LETTER_A or re.match(
        r"\s+(?:or|and|to|through|versus|vs\.?|nor)\s+[B-Z]\b(?![\w'’-]|\.\w)", after)
    if letter and re.match(r"\s+\w", after):
        return ctx.protect(LETTER_A)
    return m.group(0)


_ABBREVIATION_KEYS = sorted(ABBREVIATIONS.keys() | SENTENCE_OPENING_ABBREVIATIONS, key=len,
                            reverse=True)
_ABBREVIATION_RE = "|".join(
    re.escape(a) + ("" if a.endswith(".") or "/" in a else r"\b") for a in _ABBREVIATION_KEYS)


RULES: tuple[Rule, ...] = (
    Rule("dr/st", r"(?<![\w.])(?P<abbr>Dr\.|St\.)", _ambiguous_abbreviation,
         examples=(
             ("Dr. Smith", "Doctor Smith"),
             ("St. Louis", "Saint Louis"),
         )),
    # "+" after it: a key held with another ("Ctrl+C").
    Rule("abbreviation", r"(?<![\w.])(?:" + _ABBREVIATION_RE + r")(?=[\s,;:)\"'!?+]|\.(?!\w)|$)",
         _abbreviation,
         examples=(
             ("either/or", "Either or"),
             ("Mr. Jones", "Mister Jones"),
         )),
    Rule("word slash", r"(?<![\w/])[A-Za-z][\w'-]*(?:/[A-Za-z][\w'-]*)+(?![\w/])", _word_slash,
         examples=(
             ("Ottawa/Montreal", "Ottawa and Montreal"),
             ("sleeping/napping", "sleeping or napping"),
         )),
    # "PB&J", "R&D", "PB&Js": the plural is said on the last letter.
    Rule("ampersand caps", r"\b([A-Z]{1,3})&([A-Z]{1,3})(s?)\b",
         lambda m, c: c.protect(f"{as_letters(m.group(1))} and "
                                + ("-".join(m.group(2)) + "'s" if m.group(3)
                                   else as_letters(m.group(2)))),
         examples=(
             ("R&D", "R and D."),
             ("We packed PB&Js; R&D is slow", "We packed P.B and J's; R and D is slow"),
         )),
    Rule("dotted initialism", r"(?<![\w.])(?:[A-Za-z]\.){2,}(?![\w])", _dotted_initialism,
         examples=(
             ("The U.N., the E.U., and the W.H.O. all spoke.",
              "The U.N, the E.U, and the W.H.O all spoke."),
             ("I moved to the U.S. Traffic was bad.", "I moved to the U.S. Traffic was bad."),
             ("He works at the U.S. Department of Labor.",
              "He works at the U.S Department of Labor."),
         )),
    Rule("camel case", r"(?<![\w'])[A-Z]?[a-z]+(?:[A-Z][a-z]+)+\b|(?<![\w'])[A-Z]{2,}[a-z]{3,}\b",
         _camel,
         examples=(
             ("at SpiderOak", "at Spider Oak"),
             ("via LinkedIn", "via Linked In"),
         )),
    Rule("letter a", r"(?<![\w.'’&/-])A(?![\w.'’&/-])", _bare_letter_a,
         examples=(
             ("Plan A is better than Type A. I got an A on the test, from A to Z.",
              "Plan A- is better than Type A. I got an A- on the test, from A- to Z."),
             ("A -> B", "A- to B"),
         )),
    Rule("caps", r"(?<![\w'])(?P<word>[A-Z]{2,})(?P<plural>'?s)?(?![\w'])(?P<hyphen>-(?=[a-z]))?",
         _caps,
         examples=(
             ("the CEOs", "the C-E-O's"),
             ("WWII ended", "World War Two ended"),
         )),
)
