"""RULE_ORDER: the one order the normalization rules run in.

Each rule rewrites the text the rules before it left, so the order decides what is
said. Where a rule must come after the one above it (the two would say a text
differently the other way round), its entry is (name, reason).
"""

from __future__ import annotations

from .rules import ALL_RULES
from .rules.base import Rule

_STEPS: tuple[str | tuple[str, str], ...] = (
    "email",
    "url",
    "path",
    "between range",
    "fiscal year",
    "inline list number",
    "roman heading",
    "one on ones",
    "subreddit",
    "street direction",
    "season episode",
    "rating star",
    "stars",
    "page born circa",
    "numbered part",
    "sections",
    "command line option",
    "feet by feet",
    "feet",
    "times as a name",
    "emoji",
    "love",
    "spaced thousands",
    "zip code",
    "postcode",
    "strasse",
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
    "superscript mark",
    "mixed fraction",
    "short year",
    "round plurals",
    "letter to letter",
    "letters digits letters",
    "emphasis",
    "citation",
    "spaced citation",
    "stage direction",
    "brackets",
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
    "hour am/pm",
    "money range",
    "dollars named",
    "money",
    "currency code",
    "currency name",
    "percent",
    "dotted date",
    "version",
    "version v",
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
    "decade",
    "ordinal",
    "year slash year",
    "slash number",
    "video lines",
    "pence",
    "number sign",
    "letters decimal",
    "letters digits",
    "rooms",
    "digits letters",
    "years old",
    "mixed token",
    "year",
    "early year",
    "grade plus",
    "grade minus",
    "number plus",
    "number",
    "hashtag",
    "handle",
    "volume roman",
    "dr/st",
    "abbreviation",
    "word slash",
    "ampersand caps",
    "course one",
    "roman",
    "lowercase roman",
    "regnal",
    "generation",
    "roman after a name",
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
