"""Rules for money: amounts in symbols, codes and names, ranges, cents and pence."""

from __future__ import annotations

import re

from ... import numbers as num
from ..tables import CURRENCY_CODES, CURRENCY_NAMES, DETERMINERS, RETIREMENT_PLANS
from .base import Context, NUM, Rule, word_before


#: A currency sign the money rules read, from the numbers module's table.
_CURRENCY_SYMBOL = "|".join(re.escape(sign) for sign in sorted(num.CURRENCIES, key=len, reverse=True))

#: A lowercase noun after "a $5": the amount is an adjective ("a $5 bill").
_NOUN_AFTER = re.compile(r"\s+(?!(?:a|an|and|or|to|in|for|of|per|each|more|less|than|"
                         r"on|at|from|with|is|was|are|were|will|can|you|we|they|i|he|she|it|"
                         r"gets?|buys?|remaining|left|back|total|extra|already|apiece|flat|"
                         r"off|out|up|down|now|then|today|tonight|yesterday|tomorrow|"
                         r"owed|spent|saved|earned|raised|collected|donated|invested|lost|"
                         r"needed|required|paid|won)\b)[a-z]")


def _money(m: re.Match[str], ctx: Context) -> str:
    symbol, amount, scale = m.group("sym"), m.group("amt"), m.group("scale")
    spoken = num.money(symbol, amount, scale)
    if m.group("minus"):  # "from -$42k to +$15k": a loss
        return f"minus {spoken}"
    return _as_attribute(m, symbol, amount, spoken)


def _as_attribute(m: re.Match[str], symbol: str, amount: str, spoken: str) -> str:
    """An amount before the noun it describes has a singular currency: "a $5 bill",
    "the €10 note", "a 40 EUR fee" (not "a five dollars bill")."""
    one, many = num.CURRENCIES[symbol][:2]
    if word_before(m) in DETERMINERS and "." not in amount and spoken.endswith(f" {many}") \
            and _NOUN_AFTER.match(m.string, m.end()):
        return spoken.removesuffix(many) + one
    return spoken


def _currency_code(m: re.Match[str], ctx: Context) -> str:
    """"40 EUR", "a 40 EUR fee"; "EUR pallets" are the standard's name, not money."""
    symbol, amount = CURRENCY_CODES[m.group("code")], m.group("amt")
    if m.group("code") == "EUR" and re.match(r"\s+pallets?\b", m.string[m.end():]):
        return f"{num.cardinal(amount)} euro"
    return _as_attribute(m, symbol, amount, num.money(symbol, amount))


def _money_range(m: re.Match[str], ctx: Context) -> str:
    symbol, scale, low = m.group("sym"), m.group("scale"), m.group("lo")
    if "." in low and not scale:  # "$2.15-$2.25": both amounts with their cents
        return f"{num.money(symbol, low)} to {num.money(symbol, m.group('hi'))}"
    return f"{num.cardinal(low)} to {num.money(symbol, m.group('hi'), scale)}"


RULES: tuple[Rule, ...] = (
    Rule("retirement plan", r"\b(401|403|457|501)(?:\(([a-z])\)|(k|b)\b)(?:\((\d)\))?",
         lambda m, c: c.protect(RETIREMENT_PLANS[m.group(1)] + f"-{m.group(2) or m.group(3)}"
                                + (f"-{num.cardinal(m.group(4))}" if m.group(4) else "")),
         examples=(
             ("my 401(k)", "my four-oh-one-k"),
             ("my 401k and a 529 plan", "my four-oh-one-k and a five twenty nine plan"),
         )),
    Rule("529 plan", r"\b529(?=\s+plans?\b)", lambda m, c: "five twenty nine",
         examples=(
             ("my 401k and a 529 plan", "my four-oh-one-k and a five twenty nine plan"),
         )),
    Rule("cents sign", r"\b(\d+)\s?¢", lambda m, c: f"{m.group(1)} "
                                                   f"{'cent' if m.group(1) == '1' else 'cents'}",
         examples=(
             ("99¢", "ninety nine cents"),
         )),
    Rule("money range", r"(?P<sym>" + _CURRENCY_SYMBOL + r")(?P<lo>" + NUM + r")\s?[-–]\s?(?:"
                        + _CURRENCY_SYMBOL + r")?"
                        r"(?P<hi>" + NUM + r")(?:\s?(?P<scale>[kKmMbBtT]n?|thousand|million|"
                        r"billion|trillion)\b)?", _money_range,
         examples=(
             ("$5-10 million", "five to ten million dollars"),
             ("EPS of $2.15–$2.25",
              "E.P.S of two dollars and fifteen cents to two dollars and twenty five cents"),
         )),
    # "$3,000 CAD": the dollars are Canadian; "IDR 500,000", "₦180,000".
    Rule("dollars named", r"(?<![\w.])\$\s?(?P<amt>" + NUM + r")\s?(?P<code>CAD|AUD|NZD|HKD|SGD)\b",
         lambda m, c: f"{num.cardinal(m.group('amt'))} {CURRENCY_NAMES[m.group('code')]}",
         examples=(
             ("from -$42k to +$15k, $3,000 CAD, IDR 500,000, ₦180,000",
              "from minus forty two thousand dollars to plus fifteen thousand dollars, three "
              "thousand Canadian dollars, five hundred thousand rupiah, one hundred eighty "
              "thousand naira"),
         )),
    Rule("money", r"(?P<minus>(?:(?<=\s)|(?<=^)|(?<=\())[-−])?(?P<sym>" + _CURRENCY_SYMBOL + r")\s?(?P<amt>" + NUM + r")(?:\s?(?P<scale>"
                  r"[kKmMbBtT]n?|thousand|million|billion|trillion)\b)?", _money,
         examples=(
             ("€5", "five euros"),
             ("$1", "one dollar"),
         )),
    Rule("currency code", r"(?<![\w.])(?P<amt>" + NUM + r")\s?(?P<code>USD|EUR|GBP|JPY|INR)\b",
         _currency_code,
         examples=(
             ("a 40 EUR fee", "a forty euro fee"),
             ("We shipped 33 EUR pallets.", "We shipped thirty three euro pallets."),
         )),
    Rule("currency name", r"(?:\b(?P<code>" + "|".join(CURRENCY_NAMES) + r")\s?(?P<amt>" + NUM
                          + r")\b(?![.,]\d)|(?<![\w.])(?P<amt2>" + NUM + r")\s?(?P<code2>"
                          + "|".join(CURRENCY_NAMES) + r")\b)",
         lambda m, c: f"{num.cardinal(m.group('amt') or m.group('amt2'))} "
                      f"{CURRENCY_NAMES[m.group('code') or m.group('code2')]}",
         examples=(
             ("from -$42k to +$15k, $3,000 CAD, IDR 500,000, ₦180,000",
              "from minus forty two thousand dollars to plus fifteen thousand dollars, three "
              "thousand Canadian dollars, five hundred thousand rupiah, one hundred eighty "
              "thousand naira"),
         )),
    Rule("pence", r"(?<![\w.,])(\d{1,2})p\b",
         lambda m, c: f"{num.cardinal(m.group(1))} {'penny' if m.group(1) == '1' else 'pence'}",
         examples=(
             ("It costs 99p, or 1p.", "It costs ninety nine pence, or one penny."),
         )),
)
