"""Rules for measures: a number with its unit, dimensions, feet and inches."""

from __future__ import annotations

import re

from ... import numbers as num
from ..tables import (
    AFTER_A_LENGTH,
    FRACTION_BEFORE_A_NOUN,
    MEASURED_NOUNS,
    MIXED_FRACTIONS,
    PER_ONLY_UNITS,
    PER_TIME,
    UNITS,
    UNITS_IN_BRACKETS,
)
from .base import Context, NUM, Rule, TOKEN_START, UNIT_RE, count_of, is_one, unit_names


_OPENING_QUOTE = re.compile(r'(?:^|(?<=[\s(\[]))"(?=\S)')


def _closes_quotation(m: re.Match[str]) -> bool:
    """Whether the quote mark that ends `m` closes a quotation rather than marking inches."""
    before = m.string[:m.start()]
    if m.group(0)[-1] == "”":
        return before.count("“") > before.count("”")
    # a straight quote opens after a space or bracket, and closes after anything else
    opening = sum(q.start() < m.start() for q in _OPENING_QUOTE.finditer(m.string))
    return opening > before.count('"') - opening


def _before_a_noun(m: re.Match[str]) -> bool:
    """'a 10" skillet': the length describes the next word (ten-inch), as opposed to
    '3" across' (three inches)."""
    following = re.match(r"\s+([a-z]+)", m.string[m.end():])
    return bool(following) and following.group(1) not in AFTER_A_LENGTH


def _inches(m: re.Match[str], ctx: Context) -> str:
    """'a 10" skillet' (ten-inch), '3" across' (three inches); a quote that closes
    a quotation is left alone ('he said "give me 10"')."""
    if _closes_quotation(m):
        return m.group(0)
    if _before_a_noun(m):
        return f"{num.cardinal(m.group(1))}-inch"
    return f"{num.cardinal(m.group(1))} {'inch' if is_one(m.group(1)) else 'inches'}"


def _fraction_inches(m: re.Match[str], ctx: Context) -> str:
    """'¾" thick' (three quarters of an inch), 'a ¾" board' (three-quarter-inch),
    '1½" pipe' (one and a half inch)."""
    if _closes_quotation(m):
        return m.group(0)
    whole, fraction = m.group(1), m.group(2)
    if whole:
        spoken = f"{num.cardinal(whole)} and {MIXED_FRACTIONS[fraction]}"
        return f"{spoken} inch" if _before_a_noun(m) else f"{spoken} inches"
    if _before_a_noun(m):
        return f"{FRACTION_BEFORE_A_NOUN[fraction]}-inch"
    return f"{MIXED_FRACTIONS[fraction]} of an inch"


def _unit_in_brackets(m: re.Match[str], ctx: Context) -> str:
    unit = m.group(1)
    return f"(in {UNITS_IN_BRACKETS.get(unit) or UNITS[unit][1]})"


def _blood_pressure(m: re.Match[str], ctx: Context) -> str:
    """"blood pressure was 140/90": one forty over ninety."""
    return f"{m.group(1)}{num.in_pairs(m.group(2))} over {num.cardinal(m.group(3))}"


def _unit(m: re.Match[str], ctx: Context) -> str:
    unit = m.group("unit")
    singular, plural = unit_names(unit)
    number = m.group("n")
    if m.group("hyphen"):
        return f"{num.cardinal(number)}-{singular}"
    if m.group("n2"):
        return f"{num.cardinal(number)} to {num.cardinal(m.group('n2'))} {plural}"
    if unit == "x":
        return f"{num.cardinal(number)} times"
    if _describes_a_noun(m):
        return f"{num.cardinal(number)} {singular}"
    return count_of(number, unit)


def _dimensions(m: re.Match[str], ctx: Context) -> str:
    """'4x6 ft' (four by six feet), 'a 4x6 ft rug' (six foot), 'the 4x100 m relay'."""
    unit = m.group("unit")
    if not unit:
        return f"{num.cardinal(m.group(1))} by {num.cardinal(m.group(2))}{m.group(3)}"
    if _describes_a_noun(m):
        singular = unit_names(unit)[0]
        return f"{num.cardinal(m.group(1))} by {num.cardinal(m.group(2))} {singular}"
    return f"{num.cardinal(m.group(1))} by {count_of(m.group(2), unit)}"


def _describes_a_noun(m: re.Match[str]) -> bool:
    """A measure said before a noun, so its unit is singular: after "a" ("a 15.2 oz
    bottle") or before a noun a length describes ("the 4x100 m relay")."""
    if re.search(r"\b[Aa]n?\s+$", m.string[:m.start()]):
        return True
    following = re.match(r"\s+([a-z]+)", m.string[m.end():])
    return bool(following) and following.group(1) in MEASURED_NOUNS


_TEMPERATURE_CUE = re.compile(r"(?i)\b(?:preheat\w*|oven|bake|baked|baking|roast\w*|temperatures?|"
                              r"temps?|degrees|weather|heatwave|heat wave|freez\w+|thermostat|"
                              r"forecast|fever|boil\w*|simmer\w*|celsius|fahrenheit|highs?|lows?)\b")


def _temperature_letter(m: re.Match[str], ctx: Context) -> str:
    if not _TEMPERATURE_CUE.search(m.string):
        return m.group(0)
    return f"{m.group(1)} degrees {'Celsius' if m.group(2) == 'C' else 'Fahrenheit'}"


RULES: tuple[Rule, ...] = (
    # Foot marks: "12' x 14'", "a 2' long board"; not a closing quote ("I ran 5' and").
    Rule("feet by feet", r"(?<![\w.'])(\d+(?:\.\d+)?)'\s?[x×]\s?(\d+(?:\.\d+)?)'",
         lambda m, c: f"{num.cardinal(m.group(1))} by {num.cardinal(m.group(2))} feet",
         examples=(
             ("The room is 12' x 14', the plank 2' long; I ran 5' and left",
              "The room is twelve by fourteen feet, the plank two feet long; I ran five and left"),
         )),
    Rule("feet", r"(?<![\w.'])(\d+(?:\.\d+)?)'(?=\s+(?:long|wide|tall|high|deep|across|away|"
                 r"apart)\b)", lambda m, c: count_of(m.group(1), "ft"),
         examples=(
             ("The room is 12' x 14', the plank 2' long; I ran 5' and left",
              "The room is twelve by fourteen feet, the plank two feet long; I ran five and left"),
         )),
    Rule("per time", r"(?<=[\dkKMB%])/(" + "|".join(PER_TIME) + r")\b",
         lambda m, c: " " + PER_TIME[m.group(1)],
         examples=(
             ("$500/month or $150/hr",
              "five hundred dollars a month or one hundred fifty dollars an hour"),
             ("4 m/s wind, 7,000 MB/s, $3.99/gal, $2/lb",
              "four meters per second wind, seven thousand megabytes per second, three dollars "
              "and ninety nine cents a gallon, two dollars a pound"),
         )),
    Rule("dimensions", r"(?<![\w.,])(\d+(?:\.\d+)?)\s?[x×]\s?(\d+(?:\.\d+)?)(s?)\b(?![.,]\d)"
                       r"(?:\s?(?P<unit>" + UNIT_RE + r")(?![\w/]))?",
         _dimensions,
         examples=(
             ("a 4x4 and 2x4s", "a four by four and two by fours"),
             ("It is 47.24 × 31.50 inches, or 1.5 × 2.5 m; a 4x6 print",
              "It is forty seven point two four by thirty one point five zero inches, or one "
              "point five by two point five meters; a four by six print"),
         )),
    Rule("relay", r"\b(\d)\s?[x×]\s?(?=\d+\s?m\b)", lambda m, c: f"{num.cardinal(m.group(1))} by ",
         examples=(
             ("the 4x100m relay", "the four by one hundred meter relay"),
         )),
    Rule("decimal seconds", r"(?<![\w.])(\d+\.\d+)s\b", lambda m, c: count_of(m.group(1), "sec"),
         examples=(
             ("1,200 sq ft, 3.2s", "one thousand two hundred square feet, three point two seconds"),
         )),
    # "Preheat to 180C"; not "iPhone 5C", "moved to 5C"
    Rule("temperature letter", r"(?:(?<=\bto )|(?<=\bat )|(?<=\bof )|(?<=\baround )|(?<=\babout )|(?<=\bhit )|"
                               r"(?<=\breached )|(?<=\babove )|(?<=\bbelow ))(-?\d{1,3})([CF])\b(?![\w-])",
         _temperature_letter,
         examples=(
             ("Preheat the oven to 180C.",
              "Preheat the oven to one hundred eighty degrees Celsius."),
             ("The forecast says below -5C", "The forecast says below minus five degrees Celsius"),
         )),
    Rule("inches", r"(?<![\w.'′])(\d+(?:\.\d+)?)(?:\"|″|”)(?=[\s,.;:)]|$)", _inches,
         examples=(
             ("a 10\" skillet, 3\" across, 5'11\" tall",
              "a ten-inch skillet, three inches across, five foot eleven tall"),
         )),
    Rule("fraction inches", r"(?<![\w.'′])(\d+)?([½¼¾⅓⅔])(?:\"|″|”)(?=[\s,.;:)]|$)",
         _fraction_inches,
         examples=(
             ("a board ¾\" thick, a ¾\" board, a 1½\" pipe, 1½\" wide",
              "a board three quarters of an inch thick, a three-quarter-inch board, a one and a "
              "half inch pipe, one and a half inches wide"),
         )),
    Rule("unit in brackets", r"\((" + "|".join(map(re.escape, sorted(
            {"mm", "cm", "m", "km", "kg", "g", "mg", "lb", "lbs", "oz", "ml", "mL", "l", "L",
             "min", "ms", "hrs", "kWh", "mph", "km/h", *UNITS_IN_BRACKETS}, key=len,
            reverse=True))) + r")\)", _unit_in_brackets,
         examples=(
             ("Size (mm): 12. Weight (kg), Price (USD) and Growth (%)",
              "Size, in millimeters, twelve. Weight, in kilograms, Price, in U.S dollars, and "
              "Growth, in percent"),
         )),
    Rule("blood pressure", r"(?:(?<=pressure )|(?<=\bBP ))((?:was |of |at |is )?)(1\d\d|9\d)/(\d{2,3})\b",
         _blood_pressure,
         examples=(
             ("blood pressure was 140/90", "blood pressure was one forty over ninety"),
             ("My BP was 142/91", "My B.P was one forty two over ninety one"),
         )),
    Rule("per area", r"\bper\s+(m|km|cm|ft)([²³])",
         lambda m, c: f"per {'square' if m.group(2) == '²' else 'cubic'} "
                      f"{UNITS[m.group(1)][0]}",
         examples=(
             ("We did it². A force per m².", "We did it. A force per square meter."),
         )),
    Rule("feet inches", r"\b(\d)'\s?(\d{1,2})(?:\"|'')",
         lambda m, c: f"{num.cardinal(m.group(1))} foot {num.cardinal(m.group(2))}",
         examples=(
             ("a 5'10\" man", "a five foot ten man"),
             ("a 10\" skillet, 3\" across, 5'11\" tall",
              "a ten-inch skillet, three inches across, five foot eleven tall"),
         )),
    Rule("unit period", r"(?<=\d )(lbs?|oz|mos|wks|yrs|hrs|mins|tbsp|tsp)\.(?=\s+[a-z0-9])",
         lambda m, c: m.group(1),
         examples=(
             ("7 lbs. 6 oz. and 1 lb. of butter",
              "seven pounds six ounces and one pound of butter"),
             ("The baby was 7 lbs. 6 oz. at birth.",
              "The baby was seven pounds six ounces at birth."),
         )),
    Rule("unit per unit", TOKEN_START + r"(?P<n>" + NUM + r")\s?(?P<unit>" + UNIT_RE + r")/(?P<per>"
                          + UNIT_RE + "|" + "|".join(PER_ONLY_UNITS) + r")(?![\w/])",
         lambda m, c: f"{count_of(m.group('n'), m.group('unit'))} per "
                      + (PER_ONLY_UNITS.get(m.group('per'))
                         or unit_names(m.group('per'))[0]),
         examples=(
             ("105 mg/dL at 72 bpm",
              "one hundred five milligrams per deciliter at seventy two beats per minute"),
             ("2.5 μm, 120 dB, 20 mA, 12 MW, 101.3 kPa, 7.8 mmol/L, 400 ppm",
              "two point five micrometers, one hundred twenty decibels, twenty milliamps, twelve "
              "megawatts, one hundred one point three kilopascals, seven point eight millimoles "
              "per liter, four hundred parts per million"),
         )),
    Rule("unit", TOKEN_START + r"(?<!/)(?P<n>(?:(?<=^)|(?<=[\s(]))-?(?:" + NUM + r")|" + NUM + r")(?:\s?[-–]\s?(?P<n2>" + NUM + r"))?"
                 r"(?:(?P<hyphen>-)|\s?)(?P<unit>" + UNIT_RE + r")(?![\w/])", _unit,
         examples=(
             ("2 cm", "two centimeters"),
             ("1 kg", "one kilogram"),
         )),
)
