"""Rules for times and dates: clock times, zones, days, months, years, decades."""

from __future__ import annotations

import re

from ... import numbers as num
from ..tables import (
    ABBREVIATIONS,
    BEFORE_A_CLOCK,
    DAY_RE,
    MONTHS,
    MONTH_NAMES,
    MONTH_RE,
    TIME_ZONES,
)
from .base import Context, Rule, as_letters, count_of, keep_final_period, word_before


def _iso_date(m: re.Match[str], ctx: Context) -> str:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return m.group(0)
    return f"{MONTH_NAMES[mo - 1]} {num.ordinal(d)}, {num.year(y)}"


def _full_year(year: str) -> int:
    """'99' -> 1999, '08' -> 2008, '1985' -> 1985."""
    value = int(year)
    if len(year) == 2:
        value += 2000 if value < 50 else 1900
    return value


def _us_date(m: re.Match[str], ctx: Context) -> str:
    mo, d, y = int(m.group(1)), int(m.group(2)), m.group(3)
    if mo > 12 >= d:  # "31/12/1999": written day first
        return _day_first_date(m.group(1), m.group(2), y) or m.group(0)
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return m.group(0)
    return f"{MONTH_NAMES[mo - 1]} {num.ordinal(d)}, {num.year(_full_year(y))}"


def _day_first_date(day: str, month: str, year: str) -> str | None:
    d, mo = int(day), int(month)
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    return f"the {num.ordinal(d)} of {MONTH_NAMES[mo - 1]}, {num.year(_full_year(year))}"


def _ampm(raw: str | None) -> str:
    if not raw:
        return ""
    return " a.m." if raw.lower().startswith("a") else " p.m."


def _zone(m: re.Match[str]) -> str:
    zone = m.groupdict().get("zone")
    return f" {TIME_ZONES[zone]}" if zone else ""


def _time(m: re.Match[str], ctx: Context) -> str:
    hour, minute = int(m.group("h")), int(m.group("m"))
    if minute > 59:
        return m.group(0)
    ampm = _ampm(m.group("ampm"))
    if hour > 24 and not ampm and not m.group("s") and not m.group("zone"):
        return ctx.protect(_duration(0, hour, minute))  # "52:30" for a 10K
    if hour > 24:
        return m.group(0)
    # "at 14:30:00" is a clock; "stands at 2:03:36" and "in 4:12:30" are race times.
    clock = word_before(m) in BEFORE_A_CLOCK and not m.group("h").startswith("0") and \
        (len(m.group("h")) == 2 or m.group("s") == "00")  # "at 00:12:34" is a video's timestamp
    if m.group("s") and not ampm and not m.group("zone") and not clock:
        return ctx.protect(_duration(hour, minute, int(m.group("s"))))
    spoken = num.clock(hour, minute)
    if ampm and minute == 0:
        spoken = num.cardinal(hour)
    if m.group("s") and int(m.group("s")):  # "around 10:15:30": the seconds are said too
        spoken += f" and {count_of(m.group('s'), 'sec')}"
    spoken += ampm + _zone(m)
    return ctx.protect(spoken)


def _duration(hours: int, minutes: int, seconds: int) -> str:
    """4:12:30, a race or a recording: "four hours, twelve minutes and thirty seconds"."""
    parts = [count_of(str(n), unit) for n, unit in
             ((hours, "h"), (minutes, "min"), (seconds, "sec")) if n]
    if not parts:
        return "zero seconds"
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def _hour_ampm(m: re.Match[str], ctx: Context) -> str:
    return ctx.protect(num.cardinal(m.group("h")) + _ampm(m.group("ampm")) + _zone(m))


def _month_day(m: re.Match[str], ctx: Context) -> str:
    month = MONTHS[m.group("mon").rstrip(".").lower()[:4].rstrip("t") if
                   m.group("mon").lower().startswith("sept") else
                   m.group("mon").rstrip(".").lower()[:3]]
    day = int(m.group("day"))
    if not 1 <= day <= 31:
        return m.group(0)
    spoken = f"{month} {num.ordinal(day)}"
    if m.group("year"):
        spoken += f", {num.year(m.group('year'))}"
    return spoken


def _month_year(m: re.Match[str], ctx: Context) -> str:
    month = MONTHS[m.group("mon").rstrip(".").lower()[:3]]
    return f"{month} {num.year(m.group('year'))}"


def _day_month(m: re.Match[str], ctx: Context) -> str:
    month = MONTHS[m.group("mon").rstrip(".").lower()[:3]]
    spoken = f"the {num.ordinal(m.group('day'))} of {month}"
    if m.group("year"):
        spoken += f", {num.year(m.group('year'))}"
    return keep_final_period(m, spoken)


def _year_range(m: re.Match[str], ctx: Context) -> str:
    first, second = m.group(1), m.group(2)
    if len(second) == 2:
        second = first[:2] + second
    if int(second) <= int(first):
        return m.group(0)
    return f"{num.year(first)} to {num.year(second)}"


def _decade(m: re.Match[str], ctx: Context) -> str:
    digits_ = m.group(1)
    return num.decade(digits_)


def _dotted_date(m: re.Match[str], ctx: Context) -> str:
    """"25.12.1985" or "12.05.1985": day first, as dots are written in Europe, unless
    only the other order makes a date."""
    a, b, year = m.group(1), m.group(2), m.group(3)
    if int(b) > 12 >= int(a):
        a, b = b, a
    return _day_first_date(a, b, year) or m.group(0)


def _hours_24(m: re.Match[str], ctx: Context) -> str:
    """"at 0930": oh nine thirty; 0705 oh seven oh five, 0800 oh eight hundred, 0030 zero
    thirty."""
    hour, minutes = m.group(1), m.group(2)
    said = "zero" if hour == "0" else f"oh {num.cardinal(hour)}"
    if minutes == "00":
        return f"{said} hundred"
    return f"{said} {'oh ' if minutes[0] == '0' else ''}{num.cardinal(int(minutes))}"


def _utc_offset(m: re.Match[str], ctx: Context) -> str:
    sign = "minus" if m.group("sign") == "-" else "plus"
    minutes = m.group("m")
    spoken = f"{as_letters(m.group('zone'))} {sign} {num.cardinal(m.group('h'))}"
    if minutes and int(minutes):
        spoken += f" {num.cardinal(minutes)}"
    return ctx.protect(spoken)


_PLURAL_NOUN_AFTER_YEAR = re.compile(r"\s+(?!was\b|has\b|is\b|as\b|does\b|this\b|us\b)[a-z]+s\b")


def _year_or_number(m: re.Match[str], ctx: Context) -> str:
    value = m.group(0)
    after = m.string[m.end():]
    if _PLURAL_NOUN_AFTER_YEAR.match(after):
        return num.cardinal(value)
    return num.year(value)


_AMPM = r"(?P<ampm>[AaPp]\.?\s?[Mm]\b\.?)"
_ZONE = r"(?:\s+(?P<zone>" + "|".join(TIME_ZONES) + r")\b)?"


RULES: tuple[Rule, ...] = (
    Rule("utc offset", r"\b(?P<zone>UTC|GMT)\s?(?P<sign>[+-])\s?(?P<h>\d{1,2})(?::?(?P<m>\d\d))?\b",
         _utc_offset,
         examples=(
             ("at 9:00 UTC−5, 10am GMT+5:30",
              "at nine o'clock U.T.C minus five, ten a.m G.M.T plus five thirty"),
         )),
    # "10:30 a.m. ET / 7:30 a.m. PT"
    Rule("time or time", r"(\b[A-Z]{1,2}T|\b[ap]\.?m\.?|\b[AP]M)\s*/\s*(?=\d)",
         lambda m, c: f"{m.group(1)} or ",
         examples=(
             ("at 10:30 a.m. ET / 7:30 a.m. PT",
              "at ten thirty a.m Eastern Time or seven thirty a.m Pacific Time"),
         )),
    Rule("time range", r"\b(\d{1,2}(?::\d\d)?\s?(?:[AaPp]\.?[Mm]\.?)?)\s?[–-]\s?"
                       r"(?=\d{1,2}(?::\d\d)?\s?[AaPp]\.?[Mm]\b)", lambda m, c: f"{m.group(1)} to ",
         examples=(
             ("open 9am–5pm", "open nine a.m to five p.m."),
             ("from 7–10 a.m.", "from seven to ten a.m."),
         )),
    Rule("month day range", r"\b(" + MONTH_RE + r")\s+(\d{1,2})\s?[–-]\s?(\d{1,2})\b(?![:\d])",
         lambda m, c: f"{m.group(1)} {m.group(2)} to the {num.ordinal(int(m.group(3)))}",
         examples=(
             ("March 3–5", "March third to the fifth"),
         )),
    Rule("day range", r"\b(" + DAY_RE + r")\.?\s?[–-]\s?(" + DAY_RE + r")\b(?:\.(?=\s+[a-z]))?",
         lambda m, c: f"{ABBREVIATIONS[m.group(1) + '.']} to {ABBREVIATIONS[m.group(2) + '.']}",
         examples=(
             ("open Mon–Fri, Tue-Sat.", "open Monday to Friday, Tuesday to Saturday."),
         )),
    Rule("decade range", r"((?:\b\d\d|'|\b)\d0s)\s?[–-]\s?('?\d{1,3}0s)\b",
         lambda m, c: f"{m.group(1)} to {m.group(2)}",
         examples=(
             ("the 1990s–2000s", "the nineteen nineties to two thousands"),
         )),
    Rule("24-hour time", r"(?i:(?<=\bat )|(?<=\bby )|(?<=\buntil )|(?<=\bfrom )|(?<=\bbefore )|"
                         r"(?<=\bafter ))0(\d)([0-5]\d)\b(?![.,:]?\d)(?! \d{3} \d)",
         _hours_24,
         examples=(
             ("At 0705, until 0030", "At oh seven oh five, until zero thirty"),
             ("leaves at 0930, lands at 0800; Seat 0930",
              "leaves at oh nine thirty, lands at oh eight hundred; Seat nine hundred thirty"),
         )),
    Rule("short year", r"(?<![\w'])'(\d\d)\b(?!s)",
         lambda m, c: (f"oh {num.cardinal(m.group(1)[1])}" if m.group(1)[0] == "0"
                       else num.cardinal(m.group(1))),
         examples=(
             ("in '08", "in oh eight"),
             ("a '67 Mustang", "a sixty seven Mustang"),
         )),
    Rule("hours minutes", r"\b(\d{1,3})\s?h\s?(\d{1,2})\s?m(?:in)?\b",
         lambda m, c: f"{count_of(m.group(1), 'h')} {count_of(m.group(2), 'min')}",
         examples=(
             ("it took 3h 20m", "it took three hours twenty minutes"),
             ("it took 01h 05m", "it took one hour five minutes"),
         )),
    Rule("iso date", r"\b(\d{4})-(\d{2})-(\d{2})\b", _iso_date,
         examples=(
             ("on 2024-03-02", "on March second, twenty twenty four"),
         )),
    Rule("us date", r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b", _us_date,
         examples=(
             ("on 3/2/2024", "on March second, twenty twenty four"),
             ("on 31/12/1999", "on the thirty first of December, nineteen ninety nine"),
         )),
    Rule("race time", r"\b(\d{1,2}):(\d{2})\.(\d{1,2})\b",  # "3:59.4", "4:07.5", "0:09.58"
         lambda m, c: (f"{num.cardinal(m.group(1))} " if int(m.group(1)) else "")
                      + (f"oh {num.cardinal(m.group(2)[1])}" if m.group(2).startswith("0")
                         and int(m.group(1)) else num.cardinal(m.group(2)))
                      + f" point {num.digits(m.group(3))}",
         examples=(
             ("the mile in 3:59.4", "the mile in three fifty nine point four"),
             ("in 4:07.5 and 0:09.58", "in four oh seven point five and nine point five eight"),
         )),
    Rule("time", r"\b(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\s?" + _AMPM + r")?"
                 + _ZONE, _time,
         examples=(
             ("at 9:05 AM", "at nine oh five a.m."),
             ("meet at 11:00", "meet at eleven o'clock"),
         )),
    Rule("hour am/pm", r"\b(?P<h>1[0-2]|0?[1-9])\s?" + _AMPM + _ZONE, _hour_ampm,
         examples=(
             ("I land at 11pm ET.", "I land at eleven p.m Eastern Time."),
             ("at 8 a.m. on Monday", "at eight a.m on Monday"),
         )),
    Rule("dotted date", r"(?<![\w.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b(?!\.\d)",
         _dotted_date,
         examples=(
             ("Born 12.05.1985", "Born the twelfth of May, nineteen eighty five"),
         )),
    Rule("day month", r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>" + MONTH_RE + r")(?!\w)"
                      r"(?:,?\s+(?P<year>\d{4})\b)?", _day_month,
         examples=(
             ("on 3 Sept 2024", "on the third of September, twenty twenty four"),
             ("on 5 March 2021", "on the fifth of March, twenty twenty one"),
         )),
    Rule("month day", r"\b(?P<mon>" + MONTH_RE + r")\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
                      r"(?!:)(?:,?\s+(?P<year>\d{4})\b)?", _month_day,
         examples=(
             ("on Jan. 5", "on January fifth"),
             ("by Oct. 12th", "by October twelfth"),
         )),
    Rule("month year", r"\b(?P<mon>" + MONTH_RE + r")\s+(?P<year>1\d{3}|20\d{2})\b",
         _month_year,
         examples=(
             ("since May 2020 things changed", "since May twenty twenty things changed"),
             ("since September 2020", "since September twenty twenty"),
             ("in February 2023, when", "in February twenty twenty three, when"),
         )),
    Rule("year range", r"\b(1[1-9]\d\d|20\d\d)\s?[-–]\s?(1[1-9]\d\d|20\d\d|\d\d)\b(?![-–]?\d)",
         _year_range,
         examples=(
             ("from 1939–1945", "from nineteen thirty nine to nineteen forty five"),
             ("the 2019-20 season", "the twenty nineteen to twenty twenty season"),
         )),
    Rule("decade", r"(?:(?<=\s)|(?<=^)|(?<=-)|(?<=\())'?(\d0|1\d\d0|20\d0)'?s\b", _decade,
         examples=(
             ("the '90s", "the nineties"),
             ("the ’90s", "the nineties"),
         )),
    # "the winter of 2023/24", "the 2019/20 season": a span of two years.
    Rule("year slash year", r"(?<![\w/.])((?:19|20)\d\d)/(\d\d)(?![\w/])",
         lambda m, c: f"{num.year(m.group(1))} to {num.cardinal(m.group(2))}"
         if int(m.group(2)) == (int(m.group(1)) + 1) % 100 else m.group(0),
         examples=(
             ("the winter of 2023/24 and the 2019/20 season",
              "the winter of twenty twenty three to twenty four and the twenty nineteen to twenty "
              "season"),
         )),
    Rule("year", r"(?<![\w$€£.,\-])(?:1[1-9]\d\d|20\d\d)(?![\w,.]\d|\d|%)", _year_or_number,
         examples=(
             ("in 2008", "in two thousand eight"),
             ("It was 1984.", "It was nineteen eighty four."),
         )),
    Rule("early year", r"(?<![\w$€£.,\-])10[1-9]\d\b(?![\w,.]\d|%)",  # "in 1066", not "1098 people"
         lambda m, c: num.year(m.group(0)) if word_before(m) in
         ("in", "of", "since", "by", "until", "circa", "around", "year") else m.group(0),
         examples=(
             ("fought in 1066", "fought in ten sixty six"),
         )),
)
