"""Trading sessions, time zones, currencies and market state per market.

Times inside the flow engine are *exchange-local wall-clock seconds* counted as if
the local clock were UTC (`local_seconds`), so minute-of-day is plain arithmetic
and the engine never needs a time zone.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np

from .codes import Code, Market, parse_code


class MarketState(enum.StrEnum):
    PRE_OPEN = "pre-open"
    OPEN = "open"
    LUNCH_BREAK = "lunch break"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class MarketInfo:
    market: Market
    tz: ZoneInfo
    currency: str
    sessions: tuple[tuple[int, int], ...]  # (open, close) in minutes of the local day

    @property
    def session_minutes(self) -> int:
        return sum(close - open_ for open_, close in self.sessions)


def _hm(h: int, m: int) -> int:
    return h * 60 + m


MARKETS: dict[Market, MarketInfo] = {
    Market.HK: MarketInfo(Market.HK, ZoneInfo("Asia/Hong_Kong"), "HKD",
                          ((_hm(9, 30), _hm(12, 0)), (_hm(13, 0), _hm(16, 0)))),
    Market.US: MarketInfo(Market.US, ZoneInfo("America/New_York"), "USD",
                          ((_hm(9, 30), _hm(16, 0)),)),
    Market.SH: MarketInfo(Market.SH, ZoneInfo("Asia/Shanghai"), "CNY",
                          ((_hm(9, 30), _hm(11, 30)), (_hm(13, 0), _hm(15, 0)))),
    Market.SZ: MarketInfo(Market.SZ, ZoneInfo("Asia/Shanghai"), "CNY",
                          ((_hm(9, 30), _hm(11, 30)), (_hm(13, 0), _hm(15, 0)))),
}
MARKET_ORDER: tuple[Market, ...] = tuple(Market)


def market_of(code: str | Code) -> Market:
    return code.market if isinstance(code, Code) else parse_code(code).market


def currency_of(code: str | Code) -> str:
    return MARKETS[market_of(code)].currency


def session_minutes(market: Market) -> int:
    return MARKETS[market].session_minutes


def _minute_table(info: MarketInfo) -> np.ndarray:
    """Trading-minute index for each of the 1440 minutes of the local day.

    Before the open maps to 0, the lunch break to the morning's last minute, after the
    close to the day's last minute: a trade printed in an auction is counted in the
    nearest trading minute, and the lunch break leaves no gap in the series."""
    table = np.zeros(1440, dtype=np.int32)
    index = 0
    last = 0
    for open_, close in info.sessions:
        table[last:open_] = max(index - 1, 0)
        table[open_:close] = np.arange(index, index + close - open_)
        index += close - open_
        last = close
    table[last:] = index - 1
    return table


MINUTE_TABLES: dict[Market, np.ndarray] = {m: _minute_table(i) for m, i in MARKETS.items()}


def trading_minute(market: Market, local_seconds: np.ndarray | int) -> np.ndarray:
    """Vectorised: exchange-local seconds -> trading-minute index in [0, session_minutes)."""
    minute_of_day = (np.asarray(local_seconds, dtype=np.int64) // 60) % 1440
    return MINUTE_TABLES[market][minute_of_day]


def minute_label(market: Market, index: int) -> str:
    """`HH:MM` (exchange time) at which trading minute `index` starts."""
    for open_, close in MARKETS[market].sessions:
        if index < close - open_:
            m = open_ + index
            return f"{m // 60:02d}:{m % 60:02d}"
        index -= close - open_
    raise IndexError(index)


def local_now(market: Market, now: dt.datetime | None = None) -> dt.datetime:
    """The exchange's local wall-clock time (naive) at `now` (aware; default: now)."""
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(MARKETS[market].tz).replace(tzinfo=None)


def to_local_seconds(local: dt.datetime) -> int:
    """A naive exchange-local datetime as the engine's `local_seconds`."""
    return int(local.replace(tzinfo=dt.UTC).timestamp())


def from_local_seconds(seconds: int | float) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(seconds), dt.UTC).replace(tzinfo=None)


def format_local_seconds(seconds: int | float) -> str:
    """`YYYY-MM-DD HH:MM:SS`, the spec's update_time format."""
    return from_local_seconds(seconds).strftime("%Y-%m-%d %H:%M:%S")


def is_trading_day(day: dt.date) -> bool:
    """Weekends are the only non-trading days (holidays are not modelled)."""
    return day.weekday() < 5


def market_state(market: Market, local: dt.datetime) -> MarketState:
    """State at an exchange-local naive datetime."""
    if not is_trading_day(local.date()):
        return MarketState.CLOSED
    minute = local.hour * 60 + local.minute
    sessions = MARKETS[market].sessions
    if minute < sessions[0][0]:
        return MarketState.PRE_OPEN
    for open_, close in sessions:
        if open_ <= minute < close:
            return MarketState.OPEN
    if minute >= sessions[-1][1]:
        return MarketState.CLOSED
    return MarketState.LUNCH_BREAK


def zone_name(market: Market, local: dt.datetime | str | None = None) -> str:
    """The exchange's time-zone abbreviation at an exchange-local time (naive datetime or
    the spec's `YYYY-MM-DD HH:MM:SS`; default: now): HKT, EST or EDT, CST. Times on screen
    are exchange times, so they are shown with it: US hours move against Asia's twice a
    year, and "10:30" alone does not say whose."""
    tz = MARKETS[market].tz
    return _zoned(market, local).tzname() or tz.key


def utc_offset(market: Market, local: dt.datetime | str | None = None) -> str:
    """`UTC+8`, `UTC-5`, `UTC-4` at an exchange-local time (as for zone_name)."""
    offset = _zoned(market, local).utcoffset() or dt.timedelta(0)
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    return f"UTC{hours:+d}" + (f":{rest // 60:02d}" if rest else "")


def _zoned(market: Market, local: dt.datetime | str | None) -> dt.datetime:
    """`local` (a time that does not parse counts as now) in the exchange's zone."""
    if isinstance(local, str):
        try:
            local = dt.datetime.strptime(local[:19], "%Y-%m-%d %H:%M:%S")
        except ValueError:
            local = None
    when = local_now(market) if local is None else local
    return when.replace(tzinfo=MARKETS[market].tz)
