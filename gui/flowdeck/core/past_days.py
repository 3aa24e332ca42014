"""A source's past trading days, as the backfill asks for them (issue 19).

`PastDays` is what every source implements for the backfill driver (live/backfill.py):
the simulator and a replay file now, Futu and an upstream gateway later. It says which
trading days a market had (the source's own calendar: weekdays for the simulator, the
data's dates for a replay file, `request_trading_days` for Futu) and hands out the days
asked for in parts, each part naming the code-days it settles: a code-day the source
has no trade of is settled without a DayFlow, so the driver's progress reaches its
total and a resumed run does not ask again for what it was told is not there.

Also here, shared by the sources that run trades through a FlowEngine: a day's
minute series from the engine's points, and a code's DayFlow from the engine's state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from .codes import Market
from .day_flow import DayFlow
from .engine import FlowEngine
from .markets import format_local_seconds, is_trading_day, session_minutes

CodeDay = tuple[str, dt.date]
_MAX_LOOKBACK_DAYS = 3660  # ten years of calendar days: a count past that is a mistake


@dataclass(slots=True)
class PastDaysPart:
    """Code-days a source has answered: `days` holds those it has data for; `settled`
    names every code-day of the part (with or without a DayFlow)."""
    settled: list[CodeDay]
    days: list[DayFlow] = field(default_factory=list)


@runtime_checkable
class PastDays(Protocol):
    """A source's past trading days, for the backfill."""

    async def trading_days(self, market: Market, count: int) -> list[dt.date]:
        """The market's last `count` complete trading days before the source's today,
        ascending (fewer when the source knows fewer)."""
        ...

    def past_days(self, wanted: Mapping[str, Sequence[dt.date]]) -> AsyncIterator[PastDaysPart]:
        """The days asked for (normalised code -> its trading days), in parts, each
        settling the code-days it names; heavy work off the calling thread. Every wanted
        code-day is settled once by the time the iterator ends."""
        ...


def weekdays_before(day: dt.date, count: int) -> list[dt.date]:
    """The `count` trading days (markets.is_trading_day: weekdays) strictly before
    `day`, ascending."""
    if not 0 <= count <= _MAX_LOOKBACK_DAYS:
        raise ValueError(f"count must be 0..{_MAX_LOOKBACK_DAYS}, got {count}")
    out: list[dt.date] = []
    while len(out) < count:
        day -= dt.timedelta(days=1)
        if is_trading_day(day):
            out.append(day)
    return out[::-1]


def minute_series(market: Market, minutes: np.ndarray, cum: np.ndarray) -> np.ndarray:
    """The (session minutes, 4) float64 series of a day (DayFlow.minutes) from the
    engine's points of one code: trading minutes in call order (several calls may each
    give a point of one minute: the later, which includes the earlier's trades, counts)
    and their (k, 4) cumulative net. A minute without a point holds the one before it;
    NaN before the first."""
    minutes = np.asarray(minutes, np.intp)
    cum = np.asarray(cum, np.float64)
    out = np.full((session_minutes(market), 4), np.nan)
    if not len(minutes):
        return out
    last = np.ones(len(minutes), bool)
    last[:-1] = minutes[1:] != minutes[:-1]
    minutes, cum = minutes[last], cum[last]
    # Which point each minute holds: the latest at or before it (-1: none yet).
    held = np.full(len(out), -1, np.intp)
    held[minutes] = np.arange(len(minutes))
    np.maximum.accumulate(held, out=held)
    seen = held >= 0
    out[seen] = cum[held[seen]]
    return out


def engine_day_flow(engine: FlowEngine, symbol: int, code: str, day: dt.date,
                    minutes: np.ndarray, close: float | None) -> DayFlow:
    """A complete day of `code` from the engine's state of `symbol` after its last trade
    of `day`: the nets are buy - sell per tier, as the live record computes them, and
    equal the series' last minute exactly (the engine's last point of a code is its
    state)."""
    buy = [float(v) for v in engine.buy[symbol]]
    sell = [float(v) for v in engine.sell[symbol]]
    last = int(engine.last_time[symbol])
    return DayFlow(
        code=code, day=day,
        net=tuple(b - s for b, s in zip(buy, sell, strict=True)),  # type: ignore[arg-type]
        turnover=float(engine.turnover[symbol]),
        inflow=tuple(buy),    # type: ignore[arg-type]
        outflow=tuple(sell),  # type: ignore[arg-type]
        close=close, complete=True,
        update_time=format_local_seconds(last) if last >= 0 else "",
        minutes=minutes)
