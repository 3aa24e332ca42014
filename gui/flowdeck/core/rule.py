"""A Rule: one alert rule as the engines (core/alerts.py, core/trade_alerts.py) read it,
and make_rule / make_trade_rule, which check loose parts (a dialog's, a table's) into
one. core/alert_rules.py describes the keys.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from .currency import check_currency
from .derived_fields import TRADE_KEY, field_meta, trade_label
from .errors import invalid_param
from .records import FieldMeta
from .rule_parsing import (
    TRADE_SIDES,
    Op,
    format_value,
    parse_amount,
    parse_field,
    parse_op,
    parse_scope,
    parse_thresholds,
)

DEFAULT_COOLDOWN_S = 300.0


@dataclass(frozen=True, slots=True)
class Rule:
    scope: str
    field: str
    op: Op
    threshold: float
    hysteresis: float = 0.0
    cooldown_s: float = DEFAULT_COOLDOWN_S
    enabled: bool = True
    note: str = ""
    thresholds: tuple[tuple[str, float], ...] = ()  # (MARKET_KEYS key, value), that order
    currency: str = ""  # the currency of `threshold`; "": each code's own
    side: str = ""      # a trade rule's: "either", "buy" or "sell"; "" for the others
    channels: tuple[str, ...] = ()  # [[channels]] names besides the tray (channel_spec.py)

    @property
    def meta(self) -> FieldMeta:
        return field_meta(self.field)

    @property
    def key(self) -> tuple:
        """What makes two rules the same condition (state survives edits of the rest)."""
        return (self.scope, self.field, self.op.value, self.threshold, self.hysteresis,
                self.thresholds, self.currency, self.side)

    @property
    def is_trade(self) -> bool:
        """A rule on single big trades (core/trade_alerts.py), not on a field's value."""
        return self.field == TRADE_KEY

    @property
    def scope_kind(self) -> str:
        return self.scope.partition(":")[0]

    @property
    def scope_target(self) -> str:
        return self.scope.partition(":")[2]

    def describe(self, units: str = "kmb", lang: str = "en") -> str:
        """`"Main net inflow > 50M"`, `"Main net inflow > 50M HKD (US 5M, A 2亿)"`,
        `"Big buy >= 10M"`."""
        if self.is_trade:
            return (f"{trade_label(self.side, lang)} >= "
                    f"{format_value(self.field, self.threshold, units)}")
        return (f"{self.meta.label(lang)} {self.op.value} "
                f"{format_value(self.field, self.threshold, units)}"
                f"{self.threshold_note(units)}")

    def threshold_note(self, units: str = "kmb") -> str:
        """What follows the threshold: its currency, the per-market ones (or '')."""
        each = ", ".join(f"{k} {format_value(self.field, v, units)}"
                         for k, v in self.thresholds)
        return (f" {self.currency}" if self.currency else "") + (f" ({each})" if each else "")

    def with_changes(self, **changes: Any) -> Rule:
        return replace(self, **changes)


def make_rule(scope: str, field: str, op: str, threshold: str | float,
              hysteresis: str | float = 0.0, cooldown_s: float | str = DEFAULT_COOLDOWN_S,
              enabled: bool = True, note: str = "",
              thresholds: Mapping[str, str | float] | None = None,
              currency: str = "") -> Rule:
    """A checked Rule from loose parts (what a dialog or a config table holds)."""
    key = parse_field(field)
    value = parse_amount(threshold, key)
    per_market = parse_thresholds(thresholds, key)
    if currency not in ("", None):
        currency = check_currency(currency, "currency of the threshold")
        if field_meta(key).kind != "net":
            raise invalid_param(f"currency {currency}: {key} is not an amount")
    band = parse_amount(hysteresis, key, "hysteresis") if hysteresis not in ("", None) else 0.0
    if band < 0:
        raise invalid_param(f"hysteresis {hysteresis!r} must not be negative")
    try:
        cooldown = float(cooldown_s)
    except (TypeError, ValueError, OverflowError):
        raise invalid_param(f"cooldown_s {cooldown_s!r} must be a number of seconds") from None
    if not math.isfinite(cooldown) or cooldown < 0:
        raise invalid_param(f"cooldown_s {cooldown_s!r} must be 0 or more seconds")
    if not isinstance(enabled, bool):
        raise invalid_param(f"enabled {enabled!r} must be true or false")
    return Rule(parse_scope(scope), key, parse_op(op), value, band, cooldown, enabled,
                str(note or ""), per_market, currency or "")


def make_trade_rule(scope: str, min_value: str | float, side: str = "either",
                    cooldown_s: float | str = DEFAULT_COOLDOWN_S, enabled: bool = True,
                    note: str = "") -> Rule:
    """A checked trade rule: fires on one trade worth at least `min_value`."""
    side = str(side or "either").strip().lower()
    if side not in TRADE_SIDES:
        raise invalid_param(f"side {side!r} must be buy, sell or either")
    value = parse_amount(min_value, TRADE_KEY, "min_value")
    if value < 0:
        raise invalid_param(f"min_value {min_value!r} must not be negative")
    base = make_rule(scope, "main_net_inflow", ">=", value, 0.0, cooldown_s, enabled, note)
    return replace(base, field=TRADE_KEY, side=side)

