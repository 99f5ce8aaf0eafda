"""Rules for addresses: street directions, house numbers, zip codes, postcodes, states."""

from __future__ import annotations

import re

from ... import numbers as num
from ..tables import US_STATES
from .base import Context, GERMAN_STREET, Rule


def _state_after_place(m: re.Match[str], ctx: Context) -> str:
    if re.search(r"(?:^|[\s(])[A-Z][a-z]+(?:\s[A-Z][a-z]+)*,\s$", m.string[:m.start()]):
        return US_STATES[m.group("state")]
    return m.group(0)


def _zip_code(m: re.Match[str], ctx: Context) -> str:
    state = US_STATES[m.group("state")]
    code = num.digits(m.group("zip")) + (f", {num.digits(m.group('plus4'))}"
                                         if m.group("plus4") else "")
    return ctx.protect(f"{state}{m.group('comma') or ''} {code}")


#: The end of a street and house number, before a comma: "12 rue Vivienne, ",
#: "221B Baker Street, ", "Hauptstr. 5, ".
_AFTER_A_STREET = re.compile(r"(?:\b\d+[A-Za-z]?\s+(?:\w+\s+){0,3}[A-Z]\w*"
                             r"|\b[A-Z]\w*\.?\s+\d+[A-Za-z]?),\s*$")


def _postcode(m: re.Match[str], ctx: Context) -> str:
    """"12 rue Vivienne, Paris 75002" or "Hauptstr. 5, 10115 Berlin": a five-digit code
    beside the town after a street with its house number is said digit by digit."""
    if not _AFTER_A_STREET.search(m.string, 0, m.start()):
        return m.group(0)
    if m.group("town"):
        return ctx.protect(f"{m.group('town')} {num.digits(m.group('code'))}")
    return ctx.protect(f"{num.digits(m.group('code2'))} {m.group('town2')}")


RULES: tuple[Rule, ...] = (
    # "3500 W. Diversey", "350 W 42nd St": West
    Rule("street direction", r"(?<=\d )([NSEW])\.?(?= (?:[A-Z]|\d+(?:st|nd|rd|th)\b))",
         lambda m, c: {"N": "North", "S": "South", "E": "East", "W": "West"}[m.group(1)],
         examples=(
             ("3500 W. Diversey, 350 W 42nd St",
              "three thousand five hundred West Diversey, three hundred fifty West forty second St"),
         )),
    # In an address only: "Springfield, IL 62704" (not "your ID 48213", "OR 10000 points").
    Rule("zip code", r"(?<=[a-z], )(?P<state>" + "|".join(US_STATES) + r")(?P<comma>,?)\s(?P<zip>\d{5})"
                     r"(?:-(?P<plus4>\d{4}))?\b(?![.,]\d)", _zip_code,
         examples=(
             ("Springfield, IL 62704", "Springfield, Illinois six two seven zero four"),
         )),
    Rule("postcode", r"(?<=, )(?:(?P<town>[A-Z][a-z\u00e0-\u00ff]+(?:[ -][A-Z][a-z\u00e0-\u00ff]+)?)"
                     r" (?P<code>\d{5})|(?P<code2>\d{5}) (?P<town2>[A-Z][a-z\u00e0-\u00ff]+))"
                     r"(?=[.,;)]|\s*$)", _postcode,
         examples=(
             ("Hauptstraße 5, 10115 Berlin", "Hauptstraße five, one zero one one five Berlin"),
             ("at 12 rue Vivienne, Paris 75002.",
              "at twelve rue Vivienne, Paris seven five zero zero two."),
         )),
    # "Hauptstr. 5": a German street, said in full before its house number.
    Rule("strasse", r"\b(" + GERMAN_STREET.pattern + r")\.(?=\s+\d)",
         lambda m, c: c.protect(m.group(1) + "asse"),
         examples=(
             ("Große Hamburger Str. 3 is old.", "Große Hamburger Strasse three is old."),
             ("We met at Hauptstr. 5, 10115 Berlin.",
              "We met at Hauptstrasse five, one zero one one five Berlin."),
         )),
    # "Austin, TX to Portland, OR.": the state, not "or", when a place comes before
    # and the sentence goes on as after a place.
    Rule("state after a place", r"(?<=[a-z], )(?P<state>" + "|".join(US_STATES) + r")"
                                r"(?=[.,;:!?)]|$|\s+(?:to|and|or|from|in|for|where|which|with|on|"
                                r"last|this|next|is|was)\b)", _state_after_place,
         examples=(
             ("from Austin, TX to Portland, OR. Stop, OR I scream",
              "from Austin, Texas to Portland, Oregon. Stop, or I scream"),
         )),
    Rule("house number", r"\b([1-9]\d{2,3})([A-Z])?(?= (?:[A-Z][a-z]+ ){1,3}"
                         r"(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Lane|Boulevard|Blvd\.|Drive|"
                         r"Place|Way|Court|Terrace)(?!\w))",
         lambda m, c: num.in_pairs(m.group(1)) + (f" {m.group(2)}" if m.group(2) else ""),
         examples=(
             ("221B Baker Street, 350 Fifth Avenue, 10 Downing Street",
              "two twenty one B Baker Street, three fifty Fifth Avenue, ten Downing Street"),
         )),
)
