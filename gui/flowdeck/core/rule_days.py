"""A rule's days (issue 22): silent after its `expires` day, and at most one firing per
code and exchange day for a `once_per_day` rule, also across a restart of FlowDeck: the
firings of the day are recalled from the alert log's entries. Both engines use it
(core/alerts.py, core/trade_alerts.py), for the triggers that pass their cooldown. No Qt.

The day is the exchange's: the date of the record's update time (a trade's time), so a
US session that runs past midnight in Hong Kong is one day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .rule import Rule
from .rule_conditions import expired

# The threshold an engine compares `code` with for `rule` (its market's, converted).
LimitOf = Callable[[Rule, str], float]


class RuleDays:
    def __init__(self) -> None:
        self._fired: dict[tuple, str] = {}  # (rule condition, code) -> day of last firing

    def allow(self, rule: Rule, code: str, day: str) -> bool:
        """Whether `rule` may fire for `code` on `day` ("YYYY-MM-DD..."); when it may, a
        once-a-day rule's firing is noted."""
        day = day[:10]
        if expired(rule.expires, day):
            return False
        if rule.once_per_day:
            key = (rule.key, code)
            if self._fired.get(key) == day:
                return False
            self._fired[key] = day
        return True

    def keep(self, rules: Iterable[Rule]) -> None:
        """Forget the firings of rules no longer there (a changed condition included)."""
        keys = {r.key for r in rules}
        self._fired = {k: v for k, v in self._fired.items() if k[0] in keys}

    def recall(self, rules: Iterable[Rule], entries: Iterable[Any], limit_of: LimitOf) -> int:
        """Note the firings of once-a-day `rules` among the alert log's `entries`
        (Alert.to_json objects): an entry is a rule's when its scope, field, operator,
        side, threshold for the code and other conditions are the rule's. Returns how
        many were noted; entries that are not such an alert are passed over."""
        by_kind: dict[tuple, list[Rule]] = {}
        for rule in rules:
            if rule.once_per_day:
                by_kind.setdefault((rule.scope, rule.field, rule.op.value), []).append(rule)
        noted = 0
        for entry in entries if by_kind else ():
            if not isinstance(entry, Mapping) or entry.get("type", "alert") != "alert":
                continue
            code, time = entry.get("code"), entry.get("time")
            if not isinstance(code, str) or not isinstance(time, str):
                continue
            for rule in by_kind.get((entry.get("scope"), entry.get("field"),
                                     entry.get("op")), ()):
                if _is_of(rule, entry, limit_of(rule, code)):
                    self._fired[(rule.key, code)] = time[:10]
                    noted += 1
        return noted


def _is_of(rule: Rule, entry: Mapping, limit: float) -> bool:
    if entry.get("threshold") != limit or (rule.side and entry.get("side") != rule.side):
        return False
    more = entry.get("conditions")
    said = more[1:] if isinstance(more, list) else []
    return [(c.field, c.op.value, c.threshold) for c in rule.and_conditions] == [
        (m.get("field"), m.get("op"), m.get("threshold")) if isinstance(m, Mapping) else None
        for m in said]
