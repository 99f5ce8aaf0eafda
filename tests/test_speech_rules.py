"""The speech rules as declared: every rule's examples, and RULE_ORDER against the rules."""

from __future__ import annotations

import dataclasses

import pytest

from audiozine.speech import normalize, speakable
from audiozine.speech.order import ORDER_REASONS, RULE_ORDER, RULES, in_order
from audiozine.speech.rules import ALL_RULES, TOPICS

EXAMPLES = [(rule.name, written, spoken) for rule in RULES for written, spoken in rule.examples]


@pytest.mark.parametrize("name,written,spoken", EXAMPLES,
                         ids=[f"{name}:{written[:30]}" for name, written, _ in EXAMPLES])
def test_rule_example(name, written, spoken):
    assert speakable(written) == spoken


@pytest.mark.parametrize("rules,order,problem", [
    (ALL_RULES, RULE_ORDER[1:], "missing: " + RULE_ORDER[0]),
    (ALL_RULES, RULE_ORDER + (RULE_ORDER[0],), "named twice: " + RULE_ORDER[0]),
    (ALL_RULES, RULE_ORDER + ("no such rule",), "unknown: no such rule"),
    (ALL_RULES + (ALL_RULES[0],), RULE_ORDER, "two rules share a name"),
])
def test_an_order_that_does_not_match_the_rules_is_refused(rules, order, problem):
    """`in_order` runs when order.py is imported, so RULES always matches RULE_ORDER:
    what is tested is that it refuses every kind of mismatch."""
    with pytest.raises(ValueError, match=problem):
        in_order(rules, order)


def test_every_rule_has_an_example_and_a_topic():
    assert all(rule.examples for rule in ALL_RULES), \
        [rule.name for rule in ALL_RULES if not rule.examples]
    assert all(topic.__doc__ and topic.RULES for topic in TOPICS)


def _said(rules: tuple, written: str) -> str:
    """`written` as said with `rules` in place of the normalizer's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(normalize, "RULES", rules)
        return speakable(written)


@pytest.mark.parametrize("index", range(len(RULES)), ids=[rule.name for rule in RULES])
def test_each_rule_is_needed_by_one_of_its_examples(index):
    """Without the rule, at least one of its examples is said differently: the
    examples show what the rule does, and no rule is shadowed by an earlier one."""
    rule = RULES[index]
    without = RULES[:index] + RULES[index + 1:]
    assert any(_said(without, written) != spoken
               for written, spoken in rule.examples), rule.name


@pytest.mark.parametrize("index", range(1, len(RULES)), ids=[rule.name for rule in RULES[1:]])
def test_a_reason_is_given_exactly_where_two_neighbours_depend_on_their_order(index):
    """Swapping a rule with the one above it changes one of their examples if and only
    if RULE_ORDER gives a reason for the pair."""
    above, rule = RULES[index - 1], RULES[index]
    swapped = RULES[:index - 1] + (rule, above) + RULES[index + 1:]
    changed = [written for written, spoken in above.examples + rule.examples
               if _said(swapped, written) != spoken]
    if rule.name in ORDER_REASONS:
        assert changed, f"{rule.name!r} has a reason to follow {above.name!r}, " \
                        "but no example changes when they swap"
    else:
        assert not changed, f"{rule.name!r} must follow {above.name!r} ({changed[0]!r}): " \
                            "give the reason in RULE_ORDER"


def test_rules_are_frozen_values():
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULES[0].name = "renamed"  # type: ignore[misc]
