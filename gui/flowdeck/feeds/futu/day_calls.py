"""The futu-api calls the backfill makes (futu/past_days.py), one SDK call each, run in
worker threads, OpenD's answers turned into plain data; Refused or ConnectionError as
in calls.py.

- `trading_days`: `request_trading_days(market)`: HK, US, and CN for SH and SZ alike
  (OpenD has one A-share calendar). Half days (MORNING, AFTERNOON) are trading days.
- `day_nets`: `get_capital_flow(code, PeriodType.DAY, start, end)`: a row per day, nets
  only (super, big, mid, small and main net inflow, the overall net); no inflow, no
  outflow, no turnover. OpenD keeps about a year.
- `day_klines`: `request_history_kline(code, K_DAY, start, end, AuType.NONE)`: the
  day's turnover and its close, unadjusted (the price the trader saw that day).
  OpenD counts each code fetched in the last 30 days against the account's K-line
  quota: `kline_quota` says how many more codes may be fetched and which are free.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from ...core.codes import Market
from .calls import check_answer
from .sdk import load_futu

Quad = tuple[float, float, float, float]
NET_COLUMNS = ("super_in_flow", "big_in_flow", "mid_in_flow", "sml_in_flow")
_CALENDARS = {Market.HK: "HK", Market.US: "US", Market.SH: "CN", Market.SZ: "CN"}


def trading_days(ctx: Any, market: Market, start: dt.date, end: dt.date) -> list[dt.date]:
    """The market's trading days in [start, end], ascending."""
    futu = load_futu()
    ret, data = ctx.request_trading_days(market=getattr(futu.TradeDateMarket,
                                                        _CALENDARS[market]),
                                         start=str(start), end=str(end))
    check_answer(futu, ret, data)
    days = {_day(row.get("time")) for row in data}
    return sorted(d for d in days if d is not None and start <= d <= end)


def day_nets(ctx: Any, code: str, start: dt.date, end: dt.date) -> dict[dt.date, Quad]:
    """Each day's net inflow per tier (super, large, medium, small) in [start, end]. A
    row with a tier that is not a finite number is left out (its day is not known)."""
    futu = load_futu()
    ret, data = ctx.get_capital_flow(code, period_type=futu.PeriodType.DAY,
                                     start=str(start), end=str(end))
    check_answer(futu, ret, data)
    out: dict[dt.date, Quad] = {}
    for row in data.to_dict("records"):
        day = _day(row.get("capital_flow_item_time"))
        nets = tuple(_number(row.get(c)) for c in NET_COLUMNS)
        if day is not None and start <= day <= end and all(v is not None for v in nets):
            out[day] = nets  # type: ignore[assignment]
    return out


def day_klines(ctx: Any, code: str, start: dt.date, end: dt.date
               ) -> dict[dt.date, tuple[float | None, float | None]]:
    """Each day's (turnover, close) in [start, end]; None where the K-line lacks it."""
    futu = load_futu()
    f = futu.KL_FIELD
    ret, data, _ = ctx.request_history_kline(
        code, start=str(start), end=str(end), ktype=futu.KLType.K_DAY,
        autype=futu.AuType.NONE, fields=[f.DATE_TIME, f.CLOSE, f.TRADE_VAL], max_count=None)
    check_answer(futu, ret, data)
    out: dict[dt.date, tuple[float | None, float | None]] = {}
    for row in data.to_dict("records"):
        day = _day(row.get("time_key"))
        if day is not None and start <= day <= end:
            turnover = _number(row.get("turnover"))
            out[day] = (turnover if turnover is not None and turnover > 0 else None,
                        _number(row.get("close")))
    return out


def kline_quota(ctx: Any) -> tuple[int, frozenset[str]]:
    """(codes that may still be fetched, codes fetched in the last 30 days: free)."""
    futu = load_futu()
    ret, data = ctx.get_history_kl_quota(get_detail=True)
    check_answer(futu, ret, data)
    _used, remaining, detail = data
    free = frozenset(str(item.get("code", "")) for item in detail
                     if isinstance(item, Mapping))
    return max(0, int(remaining)), free


def _day(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _number(value: object) -> float | None:
    """A float from an SDK cell; None for "N/A", None, NaN or junk (unknown, not 0)."""
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None
