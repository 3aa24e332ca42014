"""Alert log entries of today, as the alert log tests write them."""

from __future__ import annotations

import datetime as dt

from flowdeck.core.alert_rules import parse_expression
from flowdeck.core.alerts import Alert

TODAY = dt.date.today()


def at(day: dt.date, hour: int = 10, minute: int = 0) -> float:
    return dt.datetime.combine(day, dt.time(hour, minute)).timestamp()


def entry(n: int, wall: float | None = None) -> dict:
    rule = parse_expression("main_net_inflow > 5e7").with_changes(note=f"n{n} 腾讯")
    alert = Alert("HK.00700", rule, 5e7 + n, "2025-03-14 10:31:00",
                  at(TODAY) + n if wall is None else wall)
    return alert.to_json()
