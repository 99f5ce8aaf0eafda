"""The normalization rules, grouped by topic: one module per topic, each with a
`RULES` tuple of `Rule` values (pattern, handler and examples side by side).

Which rule runs when is not decided here but in `..order.RULE_ORDER`.

To add a rule: declare it, with at least one (written, spoken) example, in the
`RULES` of the module of its topic, and put its name in `RULE_ORDER` where it must
run (with a reason when a neighbour depends on it). For a new topic (code, maths...),
add a module here with its own `RULES` and list it in `TOPICS` below.
"""

from __future__ import annotations

from . import (
    code, codes, dates, math, money, numbers, places, references, roman, symbols, units, web,
    words,
)
from .base import Rule

#: Every topic module; each contributes its `RULES`.
TOPICS = (web, numbers, codes, places, money, dates, units, symbols, references, words, roman,
          math, code)

#: Every rule of every topic, in no particular order.
ALL_RULES: tuple[Rule, ...] = tuple(rule for topic in TOPICS for rule in topic.RULES)
