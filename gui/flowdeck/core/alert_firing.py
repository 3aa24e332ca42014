"""One firing of an alert rule (core/alerts.py's and core/trade_alerts.py's Alert): what
the alert log writes, `flowdeck watch --json` prints and every channel's payload
(core/alert_payload.py) is made from. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from .big_trades import SIDE_NAMES, BigTrade
from .rule import Rule
from .rule_conditions import Condition
from .rule_parsing import format_value


@dataclass(frozen=True, slots=True)
class Alert:
    """One firing: `time` is the record's update time (exchange time), `wall` the
    caller's clock when it fired (seconds, e.g. time.time()). `direction` says which way
    a `crosses` rule's value went: +1 above the threshold, -1 below (0 for the other
    operators, whose condition already says it): "crosses 0" alone does not tell a
    trader whether money came in or left."""
    code: str
    rule: Rule
    value: float
    time: str
    wall: float
    direction: int = 0
    threshold: float | None = None  # the code's own (per market, converted); None: rule's
    trade: BigTrade | None = None   # a trade rule's: the trade that fired it
    more_values: tuple[float, ...] = ()  # an AND rule's: its other conditions' values

    @property
    def field(self) -> str:
        return self.rule.field

    @property
    def limit(self) -> float:
        """The threshold this code was compared with."""
        return self.rule.threshold if self.threshold is None else self.threshold

    @property
    def conditions(self) -> list[tuple[Condition, float, float]]:
        """(condition, the threshold it was compared with, its value at the firing) for
        each of the rule's conditions, the first (`field`, `limit`, `value`) first."""
        first, *more = self.rule.conditions
        return [(first, self.limit, self.value),
                *((c, c.threshold, v) for c, v in zip(more, self.more_values, strict=False))]

    def title(self, units: str = "kmb", lang: str = "en") -> str:
        return f"{self.code}: {self.rule.describe(units, lang)}"

    def body(self, units: str = "kmb") -> str:
        """`"51.2M at 2025-03-14 10:31:00"`; a trade's: `"sell 20,000 @ 525 = 10.5M at
        ..."`; an AND rule's: each value, `"51.2M, 2.3% at ..."`."""
        value = format_value(self.field, self.value, units)
        t = self.trade
        if t is not None:
            value = f"{SIDE_NAMES[t.side]} {t.quantity:,.0f} @ {t.price:g} = {value}"
        for c, _, v in self.conditions[1:]:
            value += f", {format_value(c.field, v, units)}"
        return f"{value} at {self.time}"

    def to_json(self) -> dict:
        """The alert log's and `flowdeck watch --json`'s object (a trade alert's with
        "side" and "trade": the /v1/trades item; an AND rule's with "conditions": field,
        op, threshold and value of each, the first included)."""
        r = self.rule
        out = {"type": "alert", "code": self.code, "field": r.field, "op": r.op.value,
               "threshold": self.limit, "value": self.value, "time": self.time,
               "note": r.note, "scope": r.scope, "wall": self.wall}
        if self.trade is not None:
            out["side"], out["trade"] = r.side, self.trade.wire()
        if r.and_conditions:
            out["conditions"] = [{"field": c.field, "op": c.op.value, "threshold": t,
                                  "value": v} for c, t, v in self.conditions]
        return out
