"""The day's price a minute, per followed code, for the detail chart's price line.

Two ways in. A snapshot's minute points carry each minute's last trade price where the
source has the trades (the simulator, a replay: MinutePoints.prices), so a code's line
covers its day so far as soon as the window follows it. And a source sends a code's
quote (its last trade price) when it changes; the live store writes it at the trading
minute of the code's market clock (the batch's market status), so a minute holds the
last price seen by its end: futu://'s polled snapshots (and a gateway's quotes) draw
the line from when the window started following the code. Minutes with no price seen
stay NaN and draw no line: no price is made up. Between two prices of one code the
earlier one is repeated, since a source quotes only what changed (as the flow history
repeats a quiet minute's cumulative flow).

Two bytes a minute per row (price_steps.py: steps off the row's first price, within
1.5 steps of the price written, the live minute as written; for drawing and the
chart's label only: the table and the API keep the quote's float64), as wide as the
longest session: 390 x 2 = 780 bytes and 29 of the row's own a code, 4.0 MB for 5,000
codes (7.8 MB as float32). Rows follow the live table's rows (`remap` on a new code
list).
"""

from __future__ import annotations

import numpy as np

from ..core.codes import Market
from ..core.gap_fill import gaps
from ..core.markets import MARKET_ORDER, MINUTE_TABLES, MarketState, session_minutes
from .price_steps import NA, PriceSteps

WIDTH = max(session_minutes(m) for m in MARKET_ORDER)


def clock_minute(market: Market, state: MarketState, local_time: str) -> int:
    """The trading minute a market's clock (`YYYY-MM-DD HH:MM:SS`) is in, -1 when no
    price belongs to one: no clock, or before the open (a pre-open price is not the
    day's). At lunch and after the close the last minute traded."""
    if state == MarketState.PRE_OPEN or len(local_time) < 16:
        return -1
    try:
        minute_of_day = int(local_time[11:13]) * 60 + int(local_time[14:16])
    except ValueError:
        return -1
    return int(MINUTE_TABLES[market][minute_of_day % 1440])


class MinutePrices:
    """(rows, WIDTH) prices in 2 bytes each (price_steps.py), none where no price was
    seen; `version` of a row grows with each write to it."""

    def __init__(self) -> None:
        self.data = np.full((0, WIDTH), NA, np.int16)
        self.last = np.zeros(0, np.int32)       # the last minute written, -1 none
        self.version = np.zeros(0, np.int64)
        self.steps = PriceSteps()
        self._stamp = 0

    @property
    def nbytes(self) -> int:
        return self.data.nbytes + self.last.nbytes + self.version.nbytes + self.steps.nbytes

    def remap(self, old_rows: np.ndarray) -> None:
        """New rows: row i keeps old row `old_rows[i]`'s prices (-1: starts empty)."""
        old_rows = np.asarray(old_rows, np.intp)
        kept = old_rows >= 0
        data = np.full((len(old_rows), WIDTH), NA, np.int16)
        data[kept] = self.data[old_rows[kept]]
        last = np.full(len(old_rows), -1, np.int32)
        last[kept] = self.last[old_rows[kept]]
        version = np.zeros(len(old_rows), np.int64)
        version[kept] = self.version[old_rows[kept]]
        self.steps = self.steps.taken(old_rows)
        self.data, self.last, self.version = data, last, version

    def write(self, rows: np.ndarray, minutes: np.ndarray, prices: np.ndarray,
              one_each: bool = False) -> None:
        """`prices[j]` of row `rows[j]` at `minutes[j]`: one point per row (a batch's
        quotes: say `one_each`), or a row's points together with their minutes
        ascending (a snapshot's day, as points come). The minutes between a row's
        points, and since its last stored price, repeat the earlier price. Minutes < 0
        and prices that are not a price (NaN, <= 0) are skipped."""
        rows = np.asarray(rows, np.intp)
        minutes = np.asarray(minutes, np.intp)
        prices = np.asarray(prices, np.float64)
        ok = (rows >= 0) & (minutes >= 0) & (minutes < WIDTH) & (prices > 0)
        if not ok.all():
            rows, minutes, prices = rows[ok], minutes[ok], prices[ok]
        k = len(rows)
        if not k:
            return
        steps = self.steps
        steps.start(rows, prices)
        last = self.last[rows]
        self._stamp += 1
        if one_each and (minutes == last).all():
            # The usual second: each row's live minute, read from `tail`; its count is
            # written when the row moves on.
            steps.tail[rows] = prices
            self.version[rows] = self._stamp
            return
        moved = (minutes > last) & (last >= 0)
        if moved.any():   # the live minutes left: their counts (gaps repeat them)
            left = rows[moved] if one_each else np.unique(rows[moved])
            self.data[left, self.last[left]] = steps.encode(
                self.data, self.last, left, steps.tail[left].astype(np.float64))
        counts = steps.encode(self.data, self.last, rows, prices)
        if one_each:
            newer = minutes >= last
            steps.tail[rows[newer]] = prices[newer]
            if not ((last >= 0) & (minutes > last + 1)).any():   # no gap to fill
                self.data[rows, minutes] = counts
                self.last[rows] = np.maximum(last, minutes)
                self.version[rows] = self._stamp
                return
        first, prev, owner, at = gaps(rows, minutes, self.last)
        if len(owner):
            before = np.empty(k, np.int16)
            before[1:] = counts[:-1]
            had = first & (prev >= 0)
            before[had] = self.data[rows[had], prev[had]]
            self.data[rows[owner], at] = before[owner]
        self.data[rows, minutes] = counts
        end = np.ones(k, bool)  # a row's last point (a row's points come together)
        end[:-1] = first[1:]
        ends = rows[end]
        if not one_each:
            newer = minutes[end] >= self.last[ends]
            steps.tail[ends[newer]] = prices[end][newer]
        self.last[ends] = np.maximum(self.last[ends], minutes[end])
        self.version[rows] = self._stamp

    def clear(self, rows: np.ndarray) -> None:
        """A new day for `rows`: no prices."""
        rows = np.asarray(rows, np.intp)
        rows = rows[rows >= 0]
        self.data[rows] = NA
        self.last[rows] = -1
        self.steps.reset(rows)
        self._stamp += 1
        self.version[rows] = self._stamp

    def day(self, row: int, minutes: int) -> np.ndarray:
        """Row `row`'s first `minutes` prices (its market's session), float32, a copy."""
        return self.steps.decode(row, self.data[row, :minutes], int(self.last[row]))
