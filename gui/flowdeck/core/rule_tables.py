"""Rules in the settings file: each `[[alerts]]` table to a Rule and back (the keys are
described in core/alert_rules.py); tables that do not load are kept as read, with
what is wrong, so a save never writes less than the file had.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import FlowDeckError, invalid_param
from .rule import Rule, make_rule, make_trade_rule

# Both kinds' optional keys of issue 22 (core/rule_conditions.py).
_WHEN_KEYS = ("once_per_day", "expires", "channels")
_TABLE_KEYS = ("scope", "field", "op", "threshold", "hysteresis", "cooldown_s", "enabled",
               "note", "thresholds", "currency", "conditions", *_WHEN_KEYS)
_TRADE_TABLE_KEYS = ("kind", "scope", "side", "min_value", "cooldown_s", "enabled", "note",
                     *_WHEN_KEYS)


def rule_from_table(table: Mapping[str, Any]) -> Rule:
    if not isinstance(table, Mapping):
        raise invalid_param(f"an [[alerts]] entry must be a table, not {table!r}")
    if table.get("kind", "value") == "trade":
        return _trade_rule_from_table(table)
    if table.get("kind", "value") != "value":
        raise invalid_param(f"kind {table.get('kind')!r} must be \"value\" or \"trade\"")
    missing = [k for k in ("scope", "field", "op", "threshold") if k not in table]
    if missing:
        raise invalid_param(f"missing {', '.join(missing)}")
    unknown = sorted(set(table) - {*_TABLE_KEYS, "kind"})
    if unknown:
        raise invalid_param(f"unknown key(s) {', '.join(unknown)}")
    return make_rule(**{k: table[k] for k in _TABLE_KEYS if k in table})


def _trade_rule_from_table(table: Mapping[str, Any]) -> Rule:
    missing = [k for k in ("scope", "min_value") if k not in table]
    if missing:
        raise invalid_param(f"a trade rule needs {', '.join(missing)}")
    unknown = sorted(set(table) - set(_TRADE_TABLE_KEYS))
    if unknown:
        raise invalid_param(f"unknown key(s) of a trade rule: {', '.join(unknown)}")
    return make_trade_rule(**{k: table[k] for k in _TRADE_TABLE_KEYS[1:] if k in table})


def rule_to_table(rule: Rule) -> dict[str, Any]:
    """The `[[alerts]]` table of `rule`; rule_from_table gives the same rule back."""
    if rule.is_trade:
        return {"kind": "trade", "scope": rule.scope, "side": rule.side,
                "min_value": rule.threshold, "cooldown_s": rule.cooldown_s,
                "enabled": rule.enabled, "note": rule.note, **_when_table(rule)}
    table: dict[str, Any] = {"scope": rule.scope, "field": rule.field, "op": rule.op.value,
             "threshold": rule.threshold, "hysteresis": rule.hysteresis,
             "cooldown_s": rule.cooldown_s, "enabled": rule.enabled, "note": rule.note}
    if rule.thresholds:  # only when set: a rule without writes the table it always did
        table["thresholds"] = dict(rule.thresholds)
    if rule.currency:
        table["currency"] = rule.currency
    if rule.and_conditions:
        table["conditions"] = [c.to_table() for c in rule.and_conditions]
    return {**table, **_when_table(rule)}


def _when_table(rule: Rule) -> dict[str, Any]:
    """Issue 22's keys, only when set: a rule without them writes the table it did."""
    table: dict[str, Any] = {}
    if rule.once_per_day:
        table["once_per_day"] = True
    if rule.expires:
        table["expires"] = rule.expires
    if rule.channels:
        table["channels"] = list(rule.channels)
    return table


@dataclass(frozen=True, slots=True)
class RuleProblem:
    index: int          # position among the [[alerts]] tables, from 0
    table: Any          # as read, kept so a save never drops it
    message: str

    def __str__(self) -> str:
        return f"alert rule #{self.index + 1}: {self.message}"


def rules_from_config(tables: Iterable[Any]) -> tuple[list[Rule], list[RuleProblem]]:
    """The valid rules of the config's `[[alerts]]`, and what is wrong with the rest."""
    rules: list[Rule] = []
    problems: list[RuleProblem] = []
    for i, table in enumerate(tables):
        try:
            rules.append(rule_from_table(table))
        except FlowDeckError as exc:
            problems.append(RuleProblem(i, table, exc.message))
    return rules, problems


def rules_to_config(rules: Iterable[Rule], problems: Iterable[RuleProblem] = ()) -> list[Any]:
    """`[[alerts]]` for saving: the rules, then the tables that did not load, as they
    were read (so saving never writes less than the file had)."""
    return [rule_to_table(r) for r in rules] + [p.table for p in problems]
