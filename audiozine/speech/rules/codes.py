"""Rules for numbers that are names or codes: versions, models, flights, phone numbers,
letters with digits."""

from __future__ import annotations

import re

from ... import numbers as num
from ..tables import IDENTIFIER_WORDS, PRODUCT_NAMES, VIDEO_RESOLUTIONS
from .base import Context, Rule, UNIT_RE, as_letters


def _phone(m: re.Match[str], ctx: Context) -> str:
    groups = [g for g in re.findall(r"\d+", m.group(0))]
    spoken = ", ".join(num.digits(g) for g in groups)
    if m.group(0).startswith("+"):
        spoken = "plus " + spoken
    return spoken


_PHONE_WORDS = re.compile(r"\b(?:call|calls|called|calling|phone|dial|text|tel|fax|"
                          r"number|at|on)\W*$", re.I)


def _local_phone(m: re.Match[str], ctx: Context) -> str:
    """"555-0123" (no range ends in a leading zero) or "call 555-1234"; otherwise a
    range: "476-1453", "150-1999 words"."""
    first, second = m.group(0).split("-")
    if second.startswith("0") or _PHONE_WORDS.search(m.string[:m.start()]):
        return _phone(m, ctx)
    return f"{num.cardinal(first)} to {num.cardinal(second)}"


def _version(m: re.Match[str], ctx: Context) -> str:
    parts = m.group("ver").split(".")
    spoken = " point ".join(num.cardinal(p) for p in parts)
    return ("version " if m.group("v") else "") + spoken


_HALF = r"\d+(?:\.5)?"


def _rooms(m: re.Match[str], ctx: Context) -> str:
    """"a 1BR", "2BR/1BA", "3bd/2.5ba": a listing's bedrooms and baths."""
    def count(n: str) -> str:
        return num.cardinal(n[:-2]) + "-and-a-half" if n.endswith(".5") else num.cardinal(n)
    spoken = f"{count(m.group('beds'))}-bedroom"
    if m.group("baths"):
        spoken += f", {count(m.group('baths'))}-bath"
    return spoken


def _identifier(m: re.Match[str], ctx: Context) -> str:
    return f"{m.group('word')} {num.in_pairs(m.group('n'))}"


def _product_version(m: re.Match[str], ctx: Context) -> str:
    """"Python 3.10": three point ten, as the version is said, not "three point one zero"."""
    minor = m.group("b")
    if minor.startswith("0"):  # "Ubuntu 22.04": twenty two oh four
        return f"{m.group('name')} {num.cardinal(m.group('a'))} oh {num.cardinal(minor[1])}"
    return f"{m.group('name')} {num.cardinal(m.group('a'))} point {num.cardinal(minor)}"


def _mixed_token(m: re.Match[str], ctx: Context) -> str:
    """Letters and digits run together ("H2SO4", "mp3", "web3", "i18n", "abc123"):
    each run said apart, so the digits do not fuse with the letters into a word."""
    words = []
    for part in re.findall(r"[A-Za-z]+|\d+", m.group(0)):
        if part.isdigit():
            words.append(num.cardinal(part) if len(part) <= 2 else
                         num.in_pairs(part) if len(part) <= 4 else num.digits(part))
        elif len(part) >= 3 and re.search(r"[aeiouy]", part, re.I) and (
                re.fullmatch(r"[A-Za-z][a-z]+(?:[A-Z][a-z]+)*", part)
                or (part[0].islower() and part[1:].istitle())):
            words.append(part)  # a word: "web3", "iPhone15", "PlayStation5", "WiFi6"
        elif len(part) >= 3 and part.isupper():
            words.append(part)  # "COVID19", "NASA2": the capitals rule reads them
        else:
            words.append(" ".join(part))  # letters: "mp3", "IPv6", "H2SO4"
    return " ".join(words)


def _letters_digits(m: re.Match[str], ctx: Context) -> str:
    return f"{m.group(1)} {num.cardinal(m.group(2))}"


def _digits_letters(m: re.Match[str], ctx: Context) -> str:
    return f"{num.cardinal(m.group(1))} {m.group(2)}"


RULES: tuple[Rule, ...] = (
    # A fiscal or model year: "FY2024" is F Y twenty twenty four, "FY24" F Y twenty four.
    Rule("fiscal year", r"\b([FM]Y)\s?'?(\d{4}|\d{2})\b",
         lambda m, c: c.protect(f"{as_letters(m.group(1), final_period=False)} "
                                f"{(num.year if len(m.group(2)) == 4 else num.cardinal)(m.group(2))}"),
         examples=(
             ("In FY2024 and FY24 we grew.",
              "In F.Y twenty twenty four and F.Y twenty four we grew."),
         )),
    Rule("season episode", r"\b[Ss](\d{1,2})\s?[Ee](\d{1,3})\b",
         lambda m, c: f"season {num.cardinal(m.group(1))}, episode {num.cardinal(m.group(2))}",
         examples=(
             ("Ep. 3 of S2E7 on Mon/Wed/Fri",
              "Episode three of season two, episode seven on Monday, Wednesday and Friday"),
         )),
    # "Flight UA 901"
    Rule("flight", r"\b(?P<word>[Ff]light)\s+(?P<code>[A-Z]{2}|[A-Z]\d|\d[A-Z])\s?(?P<n>\d{1,4})\b",
         lambda m, c: c.protect(f"{m.group('word')} {' '.join(m.group('code'))} "
                                f"{num.in_pairs(m.group('n'))}"),
         examples=(
             ("Flight UA 901 and flight DL 2417",
              "Flight U A nine oh one and flight D L twenty four seventeen"),
         )),
    Rule("identifier", r"\b(?P<word>" + IDENTIFIER_WORDS + r")\s(?P<n>[1-9]\d{2,3})\b(?![.,]\d)",
         _identifier,
         examples=(
             ("a Boeing 747 and Econ 101", "a Boeing seven forty seven and Econ one oh one"),
             ("Room 1204, Room 300 or Room 1000",
              "Room twelve oh four, Room three hundred or Room one thousand"),
         )),
    # A model or a band with a three-digit number: "F-150", "Blink-182", "I-405".
    Rule("hyphenated model", r"\b(?P<word>[A-Z][A-Za-z]*)-(?P<n>[1-9]\d{2})\b(?![.,-]?\d)",
         _identifier,
         examples=(
             ("Blink-182 drove an F-150 on I-405 past a B-52 during COVID-19",
              "Blink one eighty two drove an F one fifty on I four oh five past a B-fifty two "
              "during covid-nineteen"),
         )),
    Rule("emergency number", r"\b(?:(?<=call )|(?<=dial )|(?<=text )|(?<=dialed )|(?<=called )|"
                             r"(?<=calling ))(?:911|999|988|112|211|311|411)\b|(?<!Porsche )\b911\b(?!/)",
         lambda m, c: num.digits(m.group(0)),
         examples=(
             ("Call 911 now.", "Call nine one one now."),
         )),
    Rule("letter to letter", r"\b([BCDPGM])2([BCDPGM])\b",  # B2B, P2P; not H2O
         lambda m, c: f"{m.group(1)} to {m.group(2)}",
         examples=(
             ("B2B sales", "B to B sales"),
             ("H2O, not B2B", "H two O, not B to B"),
         )),
    # "F16s", "A1C"
    Rule("letters digits letters", r"\b([A-Za-z]{1,3})(\d{1,2})([A-Za-z]{1,3})\b",
         lambda m, c: f"{m.group(1)} {num.cardinal(m.group(2))}"
                      + ("s" if m.group(3) == "s" else f" {m.group(3)}"),
         examples=(
             ("H2O, not B2B", "H two O, not B to B"),
             ("Tuesday 12.50, F16s", "Tuesday twelve point five zero, F sixteens"),
         )),
    Rule("phone", r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[.-]\d{4}"
                  r"(?!\d)|(?<![\w+])\+\d{1,3}(?:[\s.-]\d{2,4}){2,4}(?!\d)", _phone,
         examples=(
             ("Call 555-123-4567.", "Call five five five, one two three, four five six seven."),
             ("Dial +44 20 7946 0958",
              "Dial plus four four, two zero, seven nine four six, zero nine five eight"),
         )),
    Rule("toll free", r"\b1-(8(?:00|88|77|66|55|44|33))(?=-[A-Z]|\s+numbers?\b)-?",
         lambda m, c: "one " + ("eight hundred" if m.group(1) == "800" else num.digits(m.group(1)))
                      + (" " if m.group(0).endswith("-") else ""),
         examples=(
             ("a 1-800 number, 1-800-Flowers",
              "a one eight hundred number, one eight hundred Flowers"),
         )),
    Rule("local phone", r"(?<![\w.,+-])[2-9]\d\d-\d{4}(?![\w.,-]?\d)(?!-)", _local_phone,
         examples=(
             ("Call 555-1234.", "Call five five five, one two three four."),
             ("Call 555-0123 now.", "Call five five five, zero one two three now."),
         )),
    Rule("version", r"(?:\b(?P<v>v)|(?<![\w.]))(?P<ver>\d+\.\d+\.\d+(?:\.\d+)*)\b", _version,
         examples=(
             ("Python 3.11.4", "Python three point eleven point four"),
             ("Upgrade to 2.4.1 now.", "Upgrade to two point four point one now."),
             ("Since v0.17.6 it works.", "Since version zero point seventeen point six it works."),
         )),
    Rule("version v", r"\b(?P<v>v)(?P<ver>\d+(?:\.\d+)?)\b", _version,
         examples=(
             ("v3 is out", "version three is out"),
         )),
    Rule("product version", r"\b(?P<name>" + PRODUCT_NAMES + r")\s(?P<a>\d{1,2})\.(?P<b>\d{2})\b"
                            r"(?![.,]?\d|\s?(?:%|" + UNIT_RE + r")(?![\w/]))", _product_version,
         examples=(
             ("I run Ubuntu 22.04", "I run Ubuntu twenty two oh four"),
             ("Upgrade to Python 3.10 now.", "Upgrade to Python three point ten now."),
         )),
    Rule("video lines", r"\b(24|30|60|480|720|1080|1440|2160)p\b",
         lambda m, c: VIDEO_RESOLUTIONS[m.group(1)],
         examples=(
             ("shot at 24p", "shot at twenty four p"),
             ("Watch it in 1080p.", "Watch it in ten eighty p."),
         )),
    # "PM2.5"
    Rule("letters decimal", r"\b([A-Z]{1,4})(\d+\.\d+)\b", _letters_digits,
         examples=(
             ("PM2.5 levels", "P.M two point five levels"),
         )),
    Rule("letters digits", r"\b([A-Z]{1,4})(\d+)\b", _letters_digits,
         examples=(
             ("CO2 levels", "C.O two levels"),
             ("results in Q3", "results in Q three"),
         )),
    Rule("rooms", r"(?<![\w.])(?P<beds>" + _HALF + r")\s?(?:BR|BD|br|bd)(?:\s?/\s?(?P<baths>"
                  + _HALF + r")\s?(?:BA|ba))?\b", _rooms,
         examples=(
             ("a 1BR in Queens, a 2BR/1BA, a 3bd/2.5ba",
              "a one-bedroom in Queens, a two-bedroom, one-bath, a three-bedroom, "
              "two-and-a-half-bath"),
         )),
    Rule("digits letters", r"(?<![\w$€£.,])(\d+)([A-Z]{1,2})\b", _digits_letters,
         examples=(
             ("use 2FA now", "use two F.A now"),
             ("Kaia’s new 3K school", "Kaia's new three K school"),
             ("We moved to 5C, Seat 14C", "We moved to five C, Seat fourteen C"),
         )),
    # Not "5s", "49ers", "10ish", which the voice reads well as they are.
    Rule("mixed token", r"(?<![\w.$€£])(?!\d+(?:s|ers|ish)\b)(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d]+\b",
         _mixed_token,
         examples=(
             ("H1N1, H2SO4 and C6H12O6", "H one N one, H two S O four and C six H twelve O six"),
             ("Commit a1b2c3d, Figure 3b, Smith (2020a)",
              "Commit a one b two c three d, Figure three b, Smith, twenty twenty a"),
         )),
)
