"""What the rule editor says of the values now: the current value (or range) of the
codes a rule covers, and the warning that its condition already holds, so it fires only
when the condition next becomes true (core/rule_now.py decides which codes)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QCoreApplication

from ...core.alert_rules import Rule, format_value, parse_scope
from ...core.currency import Rates
from ...core.errors import FlowDeckError
from ...core.rule_now import true_now
from ...core.rule_thresholds import market_position, thresholds_by_market

# (scope, field) -> the current value of each code the scope covers that has one
NowValues = Callable[[str, str], Mapping[str, float]]
NAMED_NOW = 3  # codes named in the "already true" warning; the rest are counted
# lupdate finds only literal texts in calls named tr or translate; the texts keep the
# editor's context, where they were first translated.
translate = QCoreApplication.translate


def now_text(field: str, values: Mapping[str, float], units: str) -> str:
    """`Now: 74.07M.`, `Now: 20 codes, from -3.39亿 to 1.25亿.` or `Now: no value yet.`"""
    finite = [v for v in values.values() if math.isfinite(v)]
    if not finite:
        return translate("RuleDialog", "Now: no value yet.")
    if len(values) == 1:
        return translate("RuleDialog", "Now: {value}.").format(
            value=format_value(field, finite[0], units))
    return translate("RuleDialog", "Now: {n} codes, from {low} to {high}.").format(
        n=len(finite), low=format_value(field, min(finite), units),
        high=format_value(field, max(finite), units))


def now_and_warning(now: NowValues, scope: str, field: str, rule: Rule | None, units: str,
                    rates: Rates | None) -> tuple[str, str]:
    """(the values of `field` now, the warning that `rule` already holds ('' when not)),
    for the codes of `scope`."""
    try:
        values = dict(now(parse_scope(scope), field))
    except FlowDeckError:
        values = {}
    if rule is None:
        return now_text(field, values, units), ""
    more = [now(rule.scope, c.field) for c in rule.and_conditions]
    return now_text(field, values, units), true_text(rule, values, units, rates, more)


def true_text(rule: Rule, values: Mapping[str, float], units: str,
              rates: Rates | None = None, more: Sequence[Mapping[str, float]] = ()) -> str:
    """The warning when the rule's condition holds now for some codes ('' when not);
    each code against its own threshold (its market's, or converted at `rates`); an AND
    rule's when all its conditions hold (`more`: the values of the others)."""
    hits = true_now(rule, values, rates, more)
    if not hits:
        return ""
    if len(values) == 1:
        return translate("RuleDialog", "Already true now ({value} {op} {threshold}): it "
                                        "fires when it next becomes true.").format(
            value=format_value(rule.field, hits[0][1], units), op=rule.op.value,
            threshold=format_value(rule.field, thresholds_by_market(rule, rates)[
                market_position(hits[0][0])], units))
    named = ", ".join(f"{code} ({format_value(rule.field, v, units)})"
                      for code, v in hits[:NAMED_NOW])
    if len(hits) > NAMED_NOW:
        named = translate("RuleDialog", "{codes} and {n} more").format(
            codes=named, n=len(hits) - NAMED_NOW)
    return translate("RuleDialog", "Already true now for {codes}: each fires when the "
                                   "condition next becomes true for it.").format(codes=named)
