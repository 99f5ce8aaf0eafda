"""RULE_ORDER: the one order the normalization rules run in.

Each rule rewrites the text the rules before it left, so the order decides what is
said. Where a rule must come right after the one above it (swapping the two
changes how one of their examples is said), its entry is (name, reason);
tests/test_speech_rules.py swaps every pair of neighbours and checks that a reason
is given exactly where one is needed.

To add a rule: declare it in its topic module under `rules/` with its examples,
then put its name here where it must run. Run tests/test_speech_rules.py: it says
which neighbour it depends on, and then the entry needs a reason.
"""

from __future__ import annotations

from .rules import ALL_RULES
from .rules.base import Rule

_STEPS: tuple[str | tuple[str, str], ...] = (
    # Inline math first: its "\\ ^ _ { } $" are taken by every rule below.
    "math tail",
    ("math span", 'TeX cut off before "$$" is one formula, not the start of a new span'),
    "math head",
    "code span",
    "emoticon",
    "generic type",
    ("tag", '"Array<T>" is a generic type, not a tag named T'),
    "index",
    "call",
    "localhost port",
    "email",
    ("url", 'the domain of an email address ("help@my-site.org") is no web address'),
    ("path", 'the path of a web address ("docs.example.com/robots.txt") goes with the address'),
    "ip address",
    "hex number",
    "hash",
    "redirect",
    "arrow function",
    ("so arrow", '"c => c + 1" is an arrow function, not "c, so c"'),
    "version pin",
    ("code operator", '"numpy>=1.24" reads its version as a version, "one point twenty four"'),
    ("operator named", '"a == b" is "a equals b"; only an operator alone is named'),
    "spaced operator",
    "not",
    "scope",
    "dunder",
    "shell variable",
    "snake case",
    "language year",
    "protocol version",
    "number possessive",
    "power",
    "key chord",
    "numeronym",
    "glued seconds",
    "shouted word",
    "between range",
    "fiscal year",
    "inline list number",
    "roman heading",
    "one on ones",
    "subreddit",
    "street direction",
    "season episode",
    "rating star",
    ("stars", 'a rating ("4.8★") takes its star before the stars left are counted'),
    "page born circa",
    "numbered part",
    "sections",
    "long option",
    "short option",
    "feet by feet",
    "feet",
    "times as a name",
    "emoji",
    "love",
    "spaced thousands",
    "zip code",
    "postcode",
    ("strasse",
     'postcode looks back for a street ("Hauptstr. 5, 10115 Berlin"), which strasse hides'),
    "state after a place",
    "utc offset",
    "minus in a sum",
    "times ten to the",
    "how often",
    "times",
    "scientific",
    "batting average",
    "flight",
    "identifier",
    "hyphenated model",
    "arrow",
    "retirement plan",
    "529 plan",
    "emergency number",
    "per time",
    "time or time",
    "time range",
    "month day range",
    "day range",
    "decade range",
    "thousand",
    "thousands or millions plus",
    "millions",
    "millions m",
    "cents sign",
    "dimensions",
    "relay",
    "percentile",
    "decimal seconds",
    "sharp",
    "dot net",
    "file extension",
    "24-hour time",
    "temperature letter",
    "tens and units",
    "http status",
    "fraction before a hyphen",
    "inches",
    "fraction inches",
    "unit in brackets",
    "git revision",
    "house number",
    "blood pressure",
    "per area",
    "squared",
    ("superscript mark", '"mc²" is squared before a footnote mark is dropped'),
    "mixed fraction",
    "short year",
    "round plurals",
    "letter to letter",
    ("letters digits letters", '"B2B" is "B to B", not "B two B"'),
    "emphasis",
    "citation",
    "spaced citation",
    "stage direction",
    ("brackets", 'a stage direction ("[laughs]") goes whole, not only its brackets'),
    "phone",
    "toll free",
    "local phone",
    "feet inches",
    "hours minutes",
    "iso date",
    "us date",
    "race time",
    "scripture",
    "ratio in context",
    "ratio",
    "time",
    ("hour am/pm", 'a clock time ("9:05 AM") is read whole before its hour alone'),
    "money range",
    "dollars named",
    ("money", '"$3,000 CAD" names its dollars before "$3,000" is read alone'),
    "currency code",
    "currency name",
    "percent",
    "dotted date",
    ("version", '"12.05.1985" is a date, not a version'),
    ("version v", '"v0.17.6" is one three-part version, not "v0.17" and ".6"'),
    "product version",
    "day month",
    "month day",
    "month year",
    "counted off",
    "year range",
    "unit period",
    "unit per unit",
    "unit",
    "range",
    ("decade", '"10-30s" is a range ("ten to thirtys"; the other way round "ten-thirties")'),
    "ordinal",
    "year slash year",
    ("slash number", '"2023/24" is a span of years, not a fraction'),
    "video lines",
    ("pence", '"24p" is a video format, not pence'),
    "number sign",
    "letters decimal",
    ("letters digits", '"PM2.5" keeps its decimal, not "PM2" and ".5"'),
    "rooms",
    ("digits letters", '"2BR/1BA" is bedrooms and baths, not the letters B R'),
    "years old",
    ("mixed token", '"2yo" is an age, not the letters y o'),
    ("year", '"2020a" (a cited year with its letter) is one token'),
    "early year",
    "grade plus",
    "grade minus",
    "number plus",
    ("number", '"20+" is "twenty-plus", not "twenty plus"'),
    "hashtag",
    "handle",
    # Before "abbreviation" (two below), which makes "Vol." the word "Volume" no Roman
    # rule reads ("Vol. I" would stay "Volume I").
    "volume roman",
    "dr/st",
    "abbreviation",
    ("word slash", '"either/or", "and/or" are abbreviations, not a slash read as "or"'),
    "ampersand caps",
    "course one",
    "roman",
    "lowercase roman",
    "regnal",
    "generation",
    ("roman after a name", '"Robert Griffin III" is "the third", not "three"'),
    "roman after an opening name",
    "iv or vi after an opening name",
    "dotted initialism",
    "camel case",
    "letter a",
    "caps",
    "symbol",
)

#: Every rule's name, once, in the order the rules run.
RULE_ORDER: tuple[str, ...] = tuple(s if isinstance(s, str) else s[0] for s in _STEPS)

#: Why a rule comes right after the one above it, where the two depend on their order.
ORDER_REASONS: dict[str, str] = {s[0]: s[1] for s in _STEPS if not isinstance(s, str)}


def in_order(rules: tuple[Rule, ...], order: tuple[str, ...]) -> tuple[Rule, ...]:
    """`rules` in `order`; ValueError unless `order` names each of them exactly once."""
    by_name = {rule.name: rule for rule in rules}
    problems = []
    if len(by_name) != len(rules):
        problems.append("two rules share a name")
    repeated = sorted({name for name in order if order.count(name) > 1})
    unknown = [name for name in order if name not in by_name]
    missing = [name for name in by_name if name not in order]
    for what, names in (("named twice", repeated), ("unknown", unknown), ("missing", missing)):
        if names:
            problems.append(f"{what}: {', '.join(names)}")
    if problems:
        raise ValueError("RULE_ORDER does not match the rules: " + "; ".join(problems))
    return tuple(by_name[name] for name in order)


#: The rules, in the order they run.
RULES: tuple[Rule, ...] = in_order(ALL_RULES, RULE_ORDER)
