"""`fflow/kline/get` with `klt=1`: a code's day so far, one cumulative net per tier and
minute, as FlowDeck's minute points (the sparklines and the detail chart).

The request and its columns are efinance's `get_today_bill` (efinance/common/getter.py):
`secid=1.600519&klt=1&lmt=0&fields1=f1,f2,f3,f7&fields2=f51,...`; the answer's
`data.klines` is a list of "YYYY-MM-DD HH:MM,main,small,medium,large,super" strings
(time, main, small, medium, large, super: NOT super first), cumulative yuan since the
open. A line's time is the END of its minute (09:31 is 09:30-09:31), so it is moved a
minute back onto FlowDeck's trading-minute index; the call auction's lines all land on
minute 0 and the last one wins. `data: null`: East Money has no day for the code
(suspended); `klines: []`: nothing traded yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ...core.batch import MinutePoints
from ...core.codes import Market
from ...core.history import series_values
from ...core.markets import trading_minute
from .client import ShapeError
from .fields import UT, secid

FFLOW_PATH = "/api/qt/stock/fflow/kline/get"
# kline column -> Tier order (super, large, medium, small)
_TIER_COLUMNS = (5, 4, 3, 2)


def minutes_params(code: str) -> dict[str, str]:
    return {"lmt": "0", "klt": "1", "secid": secid(code), "ut": UT,
            "fields1": "f1,f2,f3,f7", "fields2": "f51,f52,f53,f54,f55,f56"}


@dataclass(frozen=True, slots=True)
class Day:
    points: MinutePoints
    day: str          # YYYY-MM-DD of the lines ("" when there are none)
    last_time: str    # the last line's `YYYY-MM-DD HH:MM` ("" when none)


def parse_minutes(payload: Mapping, code: str) -> Day | None:
    """The code's points; None when East Money has no day for it (`data: null`);
    ShapeError naming the field when a line is not six comma-separated values."""
    if "data" not in payload:
        raise ShapeError("data", "missing")
    data = payload["data"]
    if data is None:
        return None
    if not isinstance(data, Mapping) or not isinstance(data.get("klines"), list):
        raise ShapeError("data.klines", "missing")
    kept: dict[int, list[float]] = {}
    day = last = ""
    market = Market(code.split(".", 1)[0])
    for i, line in enumerate(data["klines"]):
        parts = line.split(",") if isinstance(line, str) else []
        if len(parts) < 6:
            raise ShapeError(f"data.klines[{i}]", "not time and five numbers")
        when = parts[0].strip()
        try:
            hours, minutes = (int(p) for p in when.split(" ")[-1].split(":")[:2])
            tiers = [float(parts[c]) for c in _TIER_COLUMNS]
        except ValueError:
            raise ShapeError(f"data.klines[{i}]", repr(line[:60])) from None
        minute = int(trading_minute(market, hours * 3600 + minutes * 60 - 60))
        kept.pop(minute, None)
        kept[minute] = tiers
        day, last = when.split(" ")[0], when
    if not kept:
        return Day(MinutePoints.empty(), "", "")
    order = sorted(kept)
    values = series_values(np.array([kept[m] for m in order], np.float64))
    points = MinutePoints([code] * len(order), np.array(order, np.int32), values)
    return Day(points, day, last)
