"""The simulator's virtual clocks, one per market.

Each clock starts inside a session, so every market has something to show at any hour:
at the real exchange time when that market is open now, otherwise at a fixed
mid-session time (START_TIMES) of its latest weekday. From there it runs at `speed`
times the wall clock, without skipping anything: after the close the market is closed,
nights and weekends pass, and the next weekday's open starts a new trading day.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable

from ...core.codes import Market
from ...core.markets import (
    MARKETS,
    MarketState,
    format_local_seconds,
    from_local_seconds,
    is_trading_day,
    local_now,
    market_state,
    to_local_seconds,
)

#: Where a clock starts when its market is not open at the real time: inside the
#: morning (or only) session, with an hour or more of trading before the break.
START_TIMES: dict[Market, dt.time] = {
    Market.HK: dt.time(11, 0),
    Market.US: dt.time(12, 0),
    Market.SH: dt.time(10, 30),
    Market.SZ: dt.time(10, 30),
}


def latest_trading_day(day: dt.date) -> dt.date:
    """`day` itself if it is a trading day, else the weekday before it."""
    while not is_trading_day(day):
        day -= dt.timedelta(days=1)
    return day


def start_local_time(market: Market, now: dt.datetime) -> dt.datetime:
    """The exchange-local (naive) time a clock created at `now` (UTC aware) starts at."""
    local = local_now(market, now).replace(microsecond=0)
    if market_state(market, local) is MarketState.OPEN:
        return local
    return dt.datetime.combine(latest_trading_day(local.date()), START_TIMES[market])


def session_day(market: Market, local: dt.datetime) -> dt.date:
    """The trading day whose data is current at `local`: the latest weekday whose first
    session has opened (before Monday's open that is still Friday)."""
    day = local.date()
    first_open = MARKETS[market].sessions[0][0]
    if local.hour * 60 + local.minute < first_open:
        day -= dt.timedelta(days=1)
    return latest_trading_day(day)


class VirtualClock:
    """A market's simulated exchange-local time, as local seconds (see core.markets).

    `monotonic` is the wall clock it runs against (injectable for tests); every method
    takes an optional reading of it so that one batch sees all markets at one instant.
    """

    def __init__(self, market: Market, speed: float = 1.0, now: dt.datetime | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 origin_wall: float | None = None) -> None:
        if not (math.isfinite(speed) and speed > 0):
            raise ValueError(f"speed must be a positive number, got {speed!r}")
        self.market = market
        self.speed = float(speed)
        self._monotonic = monotonic
        self.origin_wall = monotonic() if origin_wall is None else float(origin_wall)
        self.start = start_local_time(market, now or dt.datetime.now(dt.UTC))
        self._origin = to_local_seconds(self.start)

    def local_seconds(self, wall: float | None = None) -> float:
        wall = self._monotonic() if wall is None else wall
        return self._origin + self.speed * (wall - self.origin_wall)

    def local_time(self, wall: float | None = None) -> dt.datetime:
        return from_local_seconds(math.floor(self.local_seconds(wall)))

    def state(self, wall: float | None = None) -> MarketState:
        return market_state(self.market, self.local_time(wall))

    def session_day(self, wall: float | None = None) -> dt.date:
        return session_day(self.market, self.local_time(wall))

    def label(self, wall: float | None = None) -> str:
        """`YYYY-MM-DD HH:MM:SS` of the virtual exchange time."""
        return format_local_seconds(math.floor(self.local_seconds(wall)))


def market_clocks(speed: float = 1.0, now: dt.datetime | None = None,
                  monotonic: Callable[[], float] = time.monotonic
                  ) -> dict[Market, VirtualClock]:
    """One clock per market, all started at the same instant."""
    now = now or dt.datetime.now(dt.UTC)
    origin = monotonic()
    return {m: VirtualClock(m, speed, now, monotonic, origin) for m in Market}
