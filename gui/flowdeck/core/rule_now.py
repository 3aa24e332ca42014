"""Where a rule stands now: which codes' current values already meet its condition.

A rule fires when its condition *becomes* true, so one saved while it is already true
stays silent until the value clears and comes back. The editor shows the current values
and says so before and after saving, instead of leaving the trader to think they are
covered.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .alert_rules import Op, Rule
from .currency import Rates
from .rule_thresholds import market_position, thresholds_by_market

_TESTS = {Op.GT: lambda v, t: v > t, Op.GE: lambda v, t: v >= t,
          Op.LT: lambda v, t: v < t, Op.LE: lambda v, t: v <= t}


def true_now(rule: Rule, values: Mapping[str, float], rates: Rates | None = None,
             more: Sequence[Mapping[str, float]] = ()) -> list[tuple[str, float]]:
    """(code, value) of every code whose current value meets the rule's condition (its
    own threshold: its market's, or converted at `rates`), in the order given. A
    `crosses` rule is never true at rest: it fires on the next pass to the other side,
    whatever side the value is on now. An AND rule's code is true when its other
    conditions hold too, by `more` (the values of each, in order; a code without one is
    not true)."""
    if any(c.op not in _TESTS for c in rule.conditions):
        return []
    limits = thresholds_by_market(rule, rates)
    test = _TESTS[rule.op]
    others = list(zip(rule.and_conditions, more, strict=False))
    return [(code, v) for code, v in values.items()
            if math.isfinite(v) and test(v, limits[market_position(code)])
            and all(_holds(c, values_of.get(code, math.nan)) for c, values_of in others)]


def _holds(condition, value: float) -> bool:
    return math.isfinite(value) and _TESTS[condition.op](value, condition.threshold)
