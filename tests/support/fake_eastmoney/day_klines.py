"""The fake East Money's `fflow/daykline/get`: a code's last trading days of capital
flow in the shape akshare reads (akshare/stock/stock_fund_em.py,
stock_individual_fund_flow): {"rc": 0, "data": {"code", "market", "name", "klines":
["date,main,small,medium,large,super,main%,small%,medium%,large%,super%,close,change%,
0.00,0.00", ...]}}. Ratios in percent, nets in yuan. Their convention: the four tier
nets sum to zero, and main = super + large.

`day_kline_answer(params, days)` is a pure function of the query, so the server's route
and a test without a socket give the same answer; a secid listed in `dashes` answers
'-' for its last day's nets (a suspended day), one in `unknown` answers `data: null`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence


def weekdays(last: dt.date, count: int) -> list[dt.date]:
    """`count` weekdays up to `last` (the fake's calendar: no holidays)."""
    out: list[dt.date] = []
    day = last
    while len(out) < count:
        if day.weekday() < 5:
            out.append(day)
        day -= dt.timedelta(days=1)
    return out[::-1]


def tier_nets(secid: str, day: dt.date) -> tuple[float, float, float, float]:
    """(super, large, medium, small) of a day, whole yuan, summing to zero."""
    rng = random.Random(f"{secid}/{day}")
    sup, large, medium = (float(rng.randint(-90_000_000, 90_000_000)) for _ in range(3))
    return sup, large, medium, -(sup + large + medium)


def kline(secid: str, day: dt.date, dash: bool = False) -> str:
    sup, large, medium, small = tier_nets(secid, day)
    turnover = 2.0e9
    close = 10.0 + random.Random(f"close/{secid}/{day}").randint(0, 9000) / 100
    if dash:
        return f"{day},-,-,-,-,-,-,-,-,-,-,{close:.2f},0.00,0.00,0.00"
    main = sup + large
    pct = [f"{100 * v / turnover:.2f}" for v in (main, small, medium, large, sup)]
    return (f"{day},{main:.1f},{small:.1f},{medium:.1f},{large:.1f},{sup:.1f},"
            f"{','.join(pct)},{close:.2f},0.50,0.00,0.00")


def day_kline_answer(params: Mapping[str, str], days: Sequence[dt.date], *,
                     dashes: frozenset[str] = frozenset(),
                     unknown: frozenset[str] = frozenset()) -> dict:
    secid = params.get("secid", "")
    if secid in unknown or "." not in secid:
        return {"rc": 0, "rt": 22, "svr": 0, "lt": 1, "full": 0, "data": None}
    market, _, symbol = secid.partition(".")
    lines = [kline(secid, d, dash=secid in dashes and i == len(days) - 1)
             for i, d in enumerate(days)]
    return {"rc": 0, "rt": 22, "svr": 0, "lt": 1, "full": 0,
            "data": {"code": symbol, "market": int(market), "name": f"N{symbol}",
                     "klines": lines}}


class FakeDays:
    """The route's answer: every code's `days` (and the calendar's, secid 1.000001)."""

    def __init__(self, days: Sequence[dt.date], **kw: frozenset[str]) -> None:
        self.days, self.kw = list(days), kw

    def answer(self, params: Mapping[str, str]) -> dict:
        return day_kline_answer(params, self.days, **self.kw)
