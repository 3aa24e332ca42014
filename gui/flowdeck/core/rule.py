"""A Rule: one alert rule as the engines (core/alerts.py, core/trade_alerts.py) read it,
and make_rule / make_trade_rule, which check loose parts (a dialog's, a table's) into
one. core/alert_rules.py describes the keys.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .currency import check_currency
from .derived_fields import TRADE_KEY, field_meta, trade_label
from .errors import invalid_param
from .records import FieldMeta, lang_key
from .rule_conditions import Condition, parse_channels, parse_conditions, parse_expires
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
# The word between conditions in a sentence, by UI language.
AND_WORD = {"en": "and", "zh_CN": "且", "zh_HK": "且"}


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
    and_conditions: tuple[Condition, ...] = ()  # the 2nd and 3rd, ANDed with the first
    once_per_day: bool = False  # at most one firing per code and exchange day
    expires: str = ""           # "YYYY-MM-DD": silent after that (exchange) day; "": never

    @property
    def meta(self) -> FieldMeta:
        return field_meta(self.field)

    @property
    def key(self) -> tuple:
        """What makes two rules the same condition (state survives edits of the rest)."""
        return (self.scope, self.field, self.op.value, self.threshold, self.hysteresis,
                self.thresholds, self.currency, self.side, self.and_conditions)

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Every condition, the first (the flat keys) included."""
        return (Condition(self.field, self.op, self.threshold, self.hysteresis),
                *self.and_conditions)

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
        `"Big buy >= 10M"`, `"Main net inflow crosses 0 and Change % > 2%"`."""
        if self.is_trade:
            return (f"{trade_label(self.side, lang)} >= "
                    f"{format_value(self.field, self.threshold, units)}")
        return (f"{self.meta.label(lang)} {self.op.value} "
                f"{format_value(self.field, self.threshold, units)}"
                f"{self.threshold_note(units)}"
                + "".join(f" {AND_WORD[lang_key(lang)]} {c.describe(units, lang)}"
                          for c in self.and_conditions))

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
              currency: str = "", *, conditions: Iterable[Any] | None = None,
              once_per_day: bool = False, expires: Any = "",
              channels: Iterable[str] | None = None) -> Rule:
    """A checked Rule from loose parts (what a dialog or a config table holds);
    `conditions`: the 2nd and 3rd (core/rule_conditions.py)."""
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
    if not isinstance(once_per_day, bool):
        raise invalid_param(f"once_per_day {once_per_day!r} must be true or false")
    first = parse_op(op)
    return Rule(parse_scope(scope), key, first, value, band, cooldown, enabled,
                str(note or ""), per_market, currency or "", "", parse_channels(channels),
                parse_conditions(conditions, first), once_per_day, parse_expires(expires))


def make_trade_rule(scope: str, min_value: str | float, side: str = "either",
                    cooldown_s: float | str = DEFAULT_COOLDOWN_S, enabled: bool = True,
                    note: str = "", *, once_per_day: bool = False, expires: Any = "",
                    channels: Iterable[str] | None = None) -> Rule:
    """A checked trade rule: fires on one trade worth at least `min_value`."""
    side = str(side or "either").strip().lower()
    if side not in TRADE_SIDES:
        raise invalid_param(f"side {side!r} must be buy, sell or either")
    value = parse_amount(min_value, TRADE_KEY, "min_value")
    if value < 0:
        raise invalid_param(f"min_value {min_value!r} must not be negative")
    base = make_rule(scope, "main_net_inflow", ">=", value, 0.0, cooldown_s, enabled, note,
                     once_per_day=once_per_day, expires=expires, channels=channels)
    return replace(base, field=TRADE_KEY, side=side)

