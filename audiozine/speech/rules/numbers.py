"""Rules for plain numbers: counts, ordinals, ranges, fractions, percents, scales, ratios."""

from __future__ import annotations

import re

from ... import numbers as num
from ..tables import (
    BEFORE_AN_AVERAGE,
    BEFORE_A_DATE,
    BEFORE_A_RATIO,
    COUNTED,
    FUNCTION_WORDS,
    MEASURES,
    MIXED_FRACTIONS,
    MONTH_NAMES,
    PER_WORDS,
    ROUND_PLURALS,
    SCALE_LETTERS,
    SLASH_NUMBERS,
    SPEECH_VERBS,
    UNITS,
)
from .base import Context, LIST_NUMBER, NUM, Rule, TOKEN_START, inline_list_item, word_before


def _ratio(m: re.Match[str], ctx: Context) -> str:
    after = m.string[m.end():]
    if m.group(0) == "1:1" and not re.match(r"\s+(?:ratio|scale|copy|mapping|match)\b", after) \
            and (word_before(m) in ("a", "my", "our", "weekly", "your")
                 or re.match(r"\s+(?:with|at|on|today|tomorrow|meetings?|calls?)\b", after)):
        return "one-on-one"  # "a 1:1 with my manager", "1:1 at 10:30"
    return f"{num.cardinal(m.group(1) or m.group(3))} to {num.cardinal(m.group(2) or m.group(4))}"


def _percent(m: re.Match[str], ctx: Context) -> str:
    if m.group("minus"):  # "-0.3%": a fall, not a range or a hyphen
        return f"minus {num.cardinal(m.group('hi'))} percent"
    lo, hi = m.group("lo"), m.group("hi2")
    if lo:
        return f"{num.cardinal(lo)} to {num.cardinal(hi)} percent"
    return f"{num.cardinal(hi)} percent"


def _range(m: re.Match[str], ctx: Context) -> str:
    if m.group(1) == m.group(2) == "50":
        return "fifty-fifty"  # "a 50-50 chance"
    return f"{num.cardinal(m.group(1))} to {num.cardinal(m.group(2))}"


_INLINE_LIST_ITEM = re.compile(rf"(?<=[:;,] )(?P<n>{LIST_NUMBER})\.")


def _counted_off(m: re.Match[str], ctx: Context) -> str:
    """"5-4-3-2-1" and "1-2-3" are counted ("five, four, ..."); "4-4-2" is a formation."""
    values = [int(part) for part in m.group(0).split("-")]
    steps = {b - a for a, b in zip(values, values[1:])}
    words = [num.cardinal(value) for value in values]
    return ", ".join(words) if steps in ({1}, {-1}) else "-".join(words)


def _scientific(m: re.Match[str], ctx: Context) -> str:
    exponent = int(m.group(2))
    power = ("minus " if exponent < 0 else "") + num.ordinal(abs(exponent))
    return f"{num.cardinal(m.group(1))} times ten to the {power}"


_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def _power_of_ten(m: re.Match[str], ctx: Context) -> str:
    exponent = int((m.group(2) or m.group(3).translate(_SUPERSCRIPT_DIGITS)).replace("−", "-"))
    power = ("minus " if exponent < 0 else "") + num.ordinal(abs(exponent))
    said = {2: "ten squared", 3: "ten cubed"}.get(exponent, f"ten to the {power}")
    return f"{num.cardinal(m.group(1))} times {said}" if m.group(1) else said


def _grade_minus(m: re.Match[str], ctx: Context) -> str:
    """"got an A-", "a C- average", "from A- to C-"; "her B- blood type" is B negative.
    "A-minus" with its hyphen: alone, espeak-ng reads "A minus" as "uh minus"."""
    letter, before = m.group(1), word_before(m)
    if re.match(r"\s+blood\b", m.string[m.end():]) or before == "type":
        return f"{letter} negative"
    if before in ("a", "an", "got", "get", "gets", "earned", "received", "straight", "solid",
                  "his", "her", "my", "their", "grade", "mark", "from", "to", "one", "the", "and",
                  "or", "than"):
        return f"{letter}-minus"
    return m.group(0)


def _ordinal(m: re.Match[str], ctx: Context) -> str:
    return num.ordinal(m.group(1))


#: Words after which "3/6" is a score ("three out of six"), not a fraction or a date:
#: "Wordle 3/6", "Wordle 412 3/6", "went 2/3 from the line".
_BEFORE_A_SCORE = re.compile(r"(?i)\b(?:wordle(?: #?[\d,]+)?|scored|score of|went|shot|shooting)\s*$")


def _slash_number(m: re.Match[str], ctx: Context) -> str:
    text = m.group(0)
    score = re.fullmatch(r"(\d+)/(\d+)", text)
    if score and int(score.group(1)) <= int(score.group(2)) \
            and _BEFORE_A_SCORE.search(m.string[:m.start()]):  # not "we shot 24/7"
        return f"{num.cardinal(score.group(1))} out of {num.cardinal(score.group(2))}"
    if text in SLASH_NUMBERS:
        return SLASH_NUMBERS[text]
    if text.count("/") == 2:  # "45/45/2020": no date either way
        return " ".join(num.cardinal(part) for part in text.split("/"))
    month_day = re.fullmatch(r"(\d{1,2})/(\d{1,2})", text)
    if month_day and word_before(m) in BEFORE_A_DATE and 1 <= int(month_day.group(1)) <= 12 \
            and 1 <= int(month_day.group(2)) <= 31 \
            and not re.match(r"\s+(?:of\b|[a-z]+s\b)", m.string[m.end():]):  # "met on 6/12"
        return f"{MONTH_NAMES[int(month_day.group(1)) - 1]} {num.ordinal(month_day.group(2))}"
    if "." in text:  # "4.8/5 stars"
        top_text, bottom_text = text.split("/")
        return f"{num.cardinal(top_text)} out of {num.cardinal(bottom_text)}"
    top, bottom = (int(x) for x in text.split("/"))
    if top + bottom == 100 and top % 5 == 0 and top and bottom:  # "a 60/40 split"
        return f"{num.cardinal(top)}-{num.cardinal(bottom)}"
    after = re.match(r"\s*-?([A-Za-z]+)", m.string[m.end():])
    if bottom in (5, 10) and 0 < top and not (
            after and (after.group(1) in UNITS or after.group(1).lower() in MEASURES)):
        return f"{num.cardinal(top)} out of {num.cardinal(bottom)}"  # "8/10 on the quiz"
    if 0 < top < bottom <= 10:
        denominator = "half" if bottom == 2 else "quarter" if bottom == 4 else \
            num.ordinal(bottom)
        if top != 1:
            denominator = "halves" if bottom == 2 else num.plural_of_number_word(denominator)
        return f"{num.cardinal(top)} {denominator}"
    return f"{num.cardinal(top)} out of {num.cardinal(bottom)}"


def _number_sign(m: re.Match[str], ctx: Context) -> str:
    if m.group(0).startswith("no.") and word_before(m) in SPEECH_VERBS:
        return f"no. {m.group(1)}"  # "she said no. 2 weeks later"
    letter = f" {m.group(2)}" if m.group(2) else ""  # "#12B": a room, a flat
    return f"number {num.cardinal(m.group(1))}{letter}"


def _ratio_in_context(m: re.Match[str], ctx: Context) -> str:
    """"dilute 1:100", "a 1:10 dilution": a ratio, where the same digits are otherwise a time."""
    after = re.match(r"\s+(\w+)", m.string[m.end():])
    before = re.search(r"([A-Za-z]+)\s+$", m.string[:m.start()])
    if len(m.group(2)) >= 3 and before and before.group(1)[0].isupper() \
            and before.group(1).lower() not in BEFORE_A_RATIO | FUNCTION_WORDS:
        # "Psalm 119:105", "Nature 521:436": chapter and verse, volume and page
        return ctx.protect(" ".join(num.in_pairs(n) if len(n) > 2 else num.cardinal(n)
                                    for n in m.groups()))
    if len(m.group(2)) >= 3 or word_before(m) in BEFORE_A_RATIO or \
            (after and after.group(1).lower() in BEFORE_A_RATIO):
        return ctx.protect(f"{num.cardinal(m.group(1))} to {num.cardinal(m.group(2))}")
    return m.group(0)


def _batting_average(m: re.Match[str], ctx: Context) -> str:
    """"hit .312": three twelve, as baseball says it."""
    if word_before(m) not in BEFORE_AN_AVERAGE:
        return m.group(0)
    digits = m.group(1)
    return ctx.protect(f"oh {num.cardinal(digits[1:])}" if digits.startswith("0")
                       else num.in_pairs(digits))


def _number(m: re.Match[str], ctx: Context) -> str:
    return num.cardinal(m.group(0))


def _how_many_times(count: str) -> str:
    return {"1": "once", "2": "twice"}.get(count.lstrip("0") or "0",
                                           f"{num.cardinal(count)} times")


RULES: tuple[Rule, ...] = (
    # "between 20-30 minutes" is between twenty and thirty, not "between twenty to
    # thirty": the dash becomes "and", and each side is read as it would be alone.
    Rule("between range", r"(?<=\b[Bb]etween )([$€£]?\d[\d,.]*(?:\s?%|[kKmMbB]\b)?)"
                          r"\s*[-–]\s*(?=[$€£]?\d)",
         lambda m, c: f"{m.group(1)} and ",
         examples=(
             ("Between 1990–1995, it grew.",
              "Between nineteen ninety and nineteen ninety five, it grew."),
             ("between 20-30 minutes, between $5-$10 and from 9-5",
              "between twenty and thirty minutes, between five dollars and ten dollars and from "
              "nine to five"),
         )),
    # A list written inline after a colon: "My top three: 1. SZA; 2. boygenius".
    Rule("inline list number", _INLINE_LIST_ITEM.pattern + r"(?=\s[\w\"“‘'])",
         lambda m, c: f"{num.cardinal(m.group('n'))}," if inline_list_item(
             m.string[:m.end() - 1], m.string[m.end():]) else m.group(0),
         examples=(
             ("My top albums: 1. SZA; 2. boygenius; 3. Olivia Rodrigo. Rules: 1. be kind, 2. go",
              "My top albums: one, S.Z.A; two, boygenius; three, Olivia Rodrigo. Rules: one, be "
              "kind, two, go"),
         )),
    # "my 1:1s"
    Rule("one on ones", r"(?<![\w:])1:1s\b", lambda m, c: "one-on-ones",
         examples=(
             ("My weekly 1:1s, a 1:1 with her", "My weekly one-on-ones, a one-on-one with her"),
         )),
    Rule("rating star", r"(?<![\w.])(\d+(?:\.\d+)?)\s?★(?![★☆])",  # "4.8★"
         lambda m, c: f"{num.cardinal(m.group(1))} {'star' if m.group(1) == '1' else 'stars'}",
         examples=(
             ("A ★ rating, ★★★, rated 4.8★",
              "A one star rating, three stars, rated four point eight stars"),
         )),
    Rule("stars", r"(★+)(☆*)", lambda m, c: f"{num.cardinal(len(m.group(1)))} "
                                           + (f"out of {num.cardinal(len(m.group(0)))} stars"
                                              if m.group(2) else
                                              "star" if len(m.group(1)) == 1 else "stars"),
         examples=(
             ("I gave it ★★★★☆.", "I gave it four out of five stars."),
             ("A ★ rating, ★★★, rated 4.8★",
              "A one star rating, three stars, rated four point eight stars"),
         )),
    # "a 10x engineer"
    Rule("times as a name", r"(?<![\w.])(\d+(?:\.\d+)?)x(?=\s+(?:engineers?|developers?|programmers?|zoom|lens|"
                            r"leverage|returns?|growth|multiplier)\b)",
         lambda m, c: f"{num.cardinal(m.group(1))}-x",
         examples=(
             ("Run it with --help, a 10x engineer, 3x faster",
              "Run it with help, a ten-x engineer, three times faster"),
         )),
    # "10 000", "1 000 000" with plain spaces; "100 200 300" is a list. (Digits
    # grouped by thin or no-break spaces were joined before the rules.)
    Rule("spaced thousands", r"(?<![\d.,])\d{1,3}(?: 000)+(?![\d.,]?\d)(?! \d)",
         lambda m, c: m.group(0).replace(" ", ""),
         examples=(
             ("1 000 000 people and 10 000 steps", "one million people and ten thousand steps"),
         )),
    # "5 − 2 = 3"
    Rule("minus in a sum", r"\b(\d+(?:\.\d+)?|[A-Za-z]) - (?=(?:\d+(?:\.\d+)?|[A-Za-z]) ?=)",
         lambda m, c: f"{m.group(1)} minus ",
         examples=(
             ("5 − 2 = 3", "five minus two equals three"),
             ("profit - cost = margin, x - y = 2",
              "profit, cost equals margin, x minus y equals two"),
         )),
    # "6.02 × 10^23", "10^-6", "10⁻³": as "6.02e23" is read.
    Rule("times ten to the", r"(?<![\w.])(?:(\d+(?:\.\d+)?)\s?[×x*]\s?)?10(?:\^\(?([-−]?\d{1,3})\)?"
                             r"|([⁻]?[¹²³⁴-⁹⁰]+))(?![\w^]|\.\d)", _power_of_ten,
         examples=(
             ("about 6.02 × 10^23, below 10^-6, 10⁻³ K, 10² points",
              "about six point zero two times ten to the twenty third, below ten to the minus "
              "sixth, ten to the minus third K, ten squared points"),
         )),
    # "2x/week", "1x a day": how often, "twice a week", "once a day".
    Rule("how often", r"(?<![\w.])(\d+)x\s?(?:/\s?|a\s|an\s|per\s)(" + "|".join(PER_WORDS) + r")\b",
         lambda m, c: f"{_how_many_times(m.group(1))} {PER_WORDS[m.group(2)]}",
         examples=(
             ("We met 2x/week, ran 3x a week and ate 1x/day.",
              "We met twice a week, ran three times a week and ate once a day."),
         )),
    Rule("times", r"(?<![\w.])[x×](\d+(?:\.\d+)?)\b",  # "at x2 speed"; "x86" is a processor
         lambda m, c: f"{'x' if m.group(1) in ('86', '64') else 'times'} "
                      f"{num.cardinal(m.group(1))}",
         examples=(
             ("at x2 speed on x86", "at times two speed on x eighty six"),
         )),
    Rule("scientific", r"(?<![\w.])(\d+(?:\.\d+)?)[eE]([+-]?\d{1,3})\b", _scientific,
         examples=(
             ("1e6 samples, 2.5e-3 seconds",
              "one times ten to the sixth samples, two point five times ten to the minus third "
              "seconds"),
         )),
    Rule("batting average", r"(?<![\w.])\.(\d{3})\b(?![.,]?\d)", _batting_average,
         examples=(
             ("He hit .312, batting .300 with a .5 chance",
              "He hit three twelve, batting three hundred with a zero point five chance"),
         )),
    # "10k steps", "50k subscribers"; but "a 5k", "a 10k run": races.
    Rule("thousand", r"(?<![\w$€£.,])(\d+(?:\.\d+)?)k\b(?=(\+?\s+(?:[a-z]+s|people)\b)?)",
         lambda m, c: f"{m.group(1)} thousand" if m.group(2) else f"{m.group(1)} K",
         examples=(
             ("10k steps, a 5k run", "ten thousand steps, a five K run"),
             ("I ran a 5k on Sunday.", "I ran a five K on Sunday."),
         )),
    # "100k+ users", "1M+ copies"
    Rule("thousands or millions plus", r"(?<![\w$€£.,])(\d+(?:\.\d+)?)([kMB])\+(?!\w)",
         lambda m, c: f"{m.group(1)} {SCALE_LETTERS[m.group(2).upper()] if m.group(2) != 'k' else 'thousand'} plus",
         examples=(
             ("100k+ users, 1M+ copies",
              "one hundred thousand plus users, one million plus copies"),
         )),
    Rule("millions", r"(?<![\w$€£.,])(\d+(?:\.\d+)?)([MBT])\b(?=\s+(?:[a-z]+s|people)\b)"
                     r"|(?<=~)(\d+(?:\.\d+)?)([MBT])\b|(?<![\w$€£.,])(\d+\.\d+)([MBT])\b",
         lambda m, c: f"{m.group(1) or m.group(3) or m.group(5)} "
                      f"{SCALE_LETTERS[m.group(2) or m.group(4) or m.group(6)]}",
         examples=(
             ("100M users", "one hundred million users"),
             ("1.4T tokens, ~8.3M views",
              "one point four trillion tokens, about eight point three million views"),
         )),
    # "2m people" in millions; "50m laps", "2m walls" stay meters.
    Rule("millions m", r"(?<![\w$€£.,])(\d+(?:\.\d+)?)m\b(?=\s+(?:" + COUNTED + r")\b)",
         lambda m, c: f"{m.group(1)} million",
         examples=(
             ("It reached 2m people.", "It reached two million people."),
         )),
    Rule("percentile", r"\b[pP](50|75|90|95|99)\b", lambda m, c: f"P {num.cardinal(m.group(1))}",
         examples=(
             ("My A1C, the a16z fund, p99", "My A one C, the a sixteen z fund, P ninety nine"),
         )),
    # As the numbers the speech stage spells: espeak-ng runs "sixty-five" into one word.
    Rule("tens and units", r"(?i)\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-"
                           r"(one|two|three|four|five|six|seven|eight|nine|first|second|third|"
                           r"fourth|fifth|sixth|seventh|eighth|ninth)\b",
         lambda m, c: f"{m.group(1)} {m.group(2)}",
         examples=(
             ("She was twenty-two, on her Twenty-first birthday, a forty-year high",
              "She was twenty two, on her Twenty first birthday, a forty-year high"),
         )),
    Rule("fraction before a hyphen", r"(?:(?<=\s)|(?<=^))(½|1/2|¼|1/4|¾|3/4)-(?=[a-z])",
         lambda m, c: {"½": "half", "1/2": "half", "¼": "quarter", "1/4": "quarter",
                       "¾": "three-quarter", "3/4": "three-quarter"}[m.group(1)] + "-",
         examples=(
             ("a ½-acre lot, a 1/4-inch bolt, a 30-yr loan",
              "a half-acre lot, a quarter-inch bolt, a thirty-year loan"),
         )),
    Rule("squared", r"(?<=[=+*/(-] )([A-Za-z]{1,2})([²³])(?!\w)|(?<![\w.])(?<!\d )(?<!per )"
                    r"([A-Za-z])([²³])(?!\w)",  # "E = mc²", "x² + y²"; not "50 m²"
         lambda m, c: " ".join((m.group(1) or m.group(3)).upper())
                      + (" squared" if (m.group(2) or m.group(4)) == "²" else " cubed"),
         examples=(
             ("E = mc², a 50 m² flat", "E equals M C squared, a fifty square meter flat"),
         )),
    # a footnote mark: "we did it²"; not "50 m²"
    Rule("superscript mark", r"(?:(?<=[A-Za-z]{2})|(?<=[.,;:!?)\"”’]))[¹²³⁴-⁹⁰]+",
         lambda m, c: "",
         examples=(
             ("We did it². A force per m².", "We did it. A force per square meter."),
         )),
    Rule("mixed fraction", r"\b(\d+)(?:\s+(1/2|1/4|3/4|1/3|2/3)\b|\s?([½¼¾⅓⅔]))",
         lambda m, c: f"{num.cardinal(m.group(1))} and "
                      f"{MIXED_FRACTIONS[m.group(2) or m.group(3)]}",
         examples=(
             ("1 1/2 cups, 2½ years", "one and a half cups, two and a half years"),
             ("Add 2 ½ cups and 2 Tbsp buttermilk; we won by 36 pts",
              "Add two and a half cups and two tablespoons buttermilk; we won by thirty six points"),
         )),
    Rule("round plurals", r"\b(100|1,?000|10,?000|100,?000)s\b",
         lambda m, c: ROUND_PLURALS[m.group(1).replace(",", "")],
         examples=(
             ("1,000s of people", "thousands of people"),
         )),
    Rule("ratio in context", r"\b(\d{1,3}):(\d{1,6})\b(?![:.]\d|\s?[AaPp]\.?[Mm]\b)",
         _ratio_in_context,
         examples=(
             ("Dilute 1:100, or a 1:10 dilution; at 1:10 sharp",
              "Dilute one to one hundred, or a one to ten dilution; at one ten sharp"),
             ("a 1:1 with my manager, a 1:1 ratio",
              "a one-on-one with my manager, a one to one ratio"),
             ("a 1.33:1 aspect ratio, 16:9 screens",
              "a one point three three to one aspect ratio, sixteen to nine screens"),
         )),
    # "16:9", "a 1.33:1 aspect ratio"
    Rule("ratio", r"(?:(?<=ratio of )|(?<=ratio )|(?<=odds of ))(\d{1,3}):(\d{1,3})\b"
                  r"|(?<![\d.])(\d{1,2}(?:\.\d{1,2})?):(\d)\b(?![:\d]|\.\d)",
         _ratio,
         examples=(
             ("Tell James 2:1 is the ratio.", "Tell James two to one is the ratio."),
             ("a ratio of 1:3, a 16:9 screen", "a ratio of one to three, a sixteen to nine screen"),
         )),
    Rule("percent", r"(?:(?<=^)|(?<=[\s(]))(?P<minus>[-−–])(?=\.?\d)(?P<hi>" + NUM + r")\s?%"
                    r"|" + TOKEN_START + r"(?:(?P<lo>" + NUM + r")\s?%?\s?[-–]\s?)?(?P<hi2>" + NUM
                    + r")\s?%", _percent,
         examples=(
             ("a 50%-off sale", "a fifty percent-off sale"),
             ("10%-20% off", "ten to twenty percent off"),
             ("a 5-10% rise", "a five to ten percent rise"),
             ("A ５０％ discount", "A fifty percent discount"),
         )),
    # A countdown or a formation, not a range ("5-4-3-2-1", "4-4-2"); small numbers only,
    # so not a date ("12-25-24") or a phone number.
    Rule("counted off", r"(?<![\w.,/-])(?:1?\d|20)(?:-(?:1?\d|20)){2,}(?![\w.,/-]*\d)",
         _counted_off,
         examples=(
             ("the countdown: 5-4-3-2-1, a 1-2-3 count, a 4-4-2 formation, 2-4 minutes",
              "the countdown: five, four, three, two, one, a one, two, three count, a "
              "four-four-two formation, two to four minutes"),
         )),
    Rule("range", TOKEN_START + r"(" + NUM + r")\s?[–-]\s?(" + NUM + r")(?![\d,]*\.?\d)(?![\w.-]\d)",
         _range,
         examples=(
             ("pages 10–12", "pages ten to twelve"),
             ("for 2-4 minutes", "for two to four minutes"),
             ("answers in 10-30s", "answers in ten to thirtys"),
         )),
    Rule("ordinal", r"\b(\d[\d,]*)(?:st|nd|rd|th)\b", _ordinal,
         examples=(
             ("He came 1st.", "He came first."),
             ("the 21st century", "the twenty first century"),
         )),
    Rule("slash number", r"(?<![\w/.])\d+(?:\.\d+)?/\d+(?:/\d+)?(?![\w/])", _slash_number,
         examples=(
             ("3/4 of them", "three quarters of them"),
             ("4.8/5 stars", "four point eight out of five stars"),
         )),
    Rule("number sign", r"(?:#|\bNo\.\s?|\bno\.\s)(\d+)(?:([A-Z])\b|\b)", _number_sign,
         examples=(
             ("we're #1", "we're number one"),
             ("room #12B", "room number twelve B"),
         )),
    Rule("years old", r"\b(\d{1,3})\s?yo\b",
         lambda m, c: num.cardinal(m.group(1)) + (
             " years old" if word_before(m) in ("is", "was", "turned", "turns", "am", "are",
                                                 "be", "being", "now") else "-year-old"),
         examples=(
             ("He is 2yo.", "He is two years old."),
             ("the 49ers at 10ish with my 2yo", "the forty nineers at tenish with my two-year-old"),
         )),
    # not "uh plus"
    Rule("grade plus", r"(?<![\w+])A\+(?![\w+])", lambda m, c: "A-plus",
         examples=(
             ("She got an A+ in English; C++", "She got an A-plus in English; C plus plus"),
         )),
    # "got an A-"
    Rule("grade minus", r"(?<![\w-])([A-D])[-−–](?![\w-])", _grade_minus,
         examples=(
             ("Grades ranged from A- to C-; her B- blood type",
              "Grades ranged from A-minus to C-minus; her B negative blood type"),
             ("He got an A- and she a C-; plan A - then B+",
              "He got an A-minus and she a C-minus; plan A, then B plus"),
         )),
    Rule("number plus", r"(?<![\w.])(" + NUM + r")\+", lambda m, c: f"{num.cardinal(m.group(1))}-plus",
         examples=(
             ("20+ years", "twenty-plus years"),
         )),
    Rule("number", r"(?:(?<=^)|(?<=[\s(\[\"'/]))-(?=\.?\d)(?:" + NUM + r")|" + NUM,
         _number,
         examples=(
             ("day 1", "day one"),
             ("75 cents", "seventy five cents"),
         )),
)
