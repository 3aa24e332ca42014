"""The flow engine: trades in, capital flow per stock and tier out.

Stateful and vectorised: `process()` takes a batch of trades as numpy arrays and never
loops in Python per trade (it loops per batch, and per minute-rank of a batch when it
builds the minute points). Symbols are small integers handed out by `add_symbols()`; the
caller maps them to codes.

The counting rules are DESIGN.md's "What the numbers mean":
- direction: a valid quote (both finite, bid < ask) decides: price >= ask buy, price <=
  bid sell, strictly inside neutral. Otherwise (no quote, locked or crossed) the tick
  rule on the symbol's own price sequence; the tick state follows every trade whatever
  rule classified it, and carries across batches until `reset()`;
- tier: by value = price x quantity, fixed or per-stock percentile thresholds
  (`tiers.py`, which also says why a batch's percentile thresholds are fixed for the
  whole batch).

Big trades (the tape, issue 21): given a minimum value per symbol, `process` also hands
out the trades at or above it with their direction, tier and number in the symbol's day
(`PointsOut.big`); a reveal split into other batches numbers them the same.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .codes import Market, parse_market
from .engine_points import BigOut, PointsOut, pick_big
from .errors import invalid_param
from .grouped_cumsum import RankMajor
from .markets import MARKET_ORDER, MINUTE_TABLES, format_local_seconds
from .recent_values import RecentValues
from .records import CapitalFlowDetail, CapitalFlowRecord
from .tiers import (
    MODES,
    PERCENTILE_MIN_HISTORY,
    PERCENTILE_WINDOW,
    thresholds_table,
)

_I8 = np.int8
# One flat table: trading minute = _MINUTES[market_index * 1440 + minute_of_day].
_MINUTES = np.concatenate([MINUTE_TABLES[m] for m in MARKET_ORDER]).astype(np.intp)
_MARKET_POS = {m: i for i, m in enumerate(MARKET_ORDER)}
_MINUTE_STRIDE = 2048  # > minutes in a day: key = symbol * 2048 + minute of the day
_BY_TICK = 2  # quote_dir of a trade without a usable quote


def _minute_of_day(times: np.ndarray) -> np.ndarray:
    """int16 minute of the local day (0-1439) of each exchange-local second."""
    day = int(times[0]) // 86400 * 86400
    if times.min() >= day and times.max() < day + 86400:  # one day: no modulo needed
        return ((times - day) // 60).astype(np.int16)
    minute = times // 60
    minute -= (minute // 1440) * 1440  # % is 4x slower than // on int64
    return minute.astype(np.int16)


def _read_only(a: np.ndarray) -> np.ndarray:
    v = a.view()
    v.flags.writeable = False
    return v


class FlowEngine:
    """Per-symbol capital-flow accumulators fed by batches of trades."""

    #: When at most this fraction of a batch's trades lack a usable quote, the tick
    #: rule looks up just those trades; otherwise it forward-fills the whole batch.
    lookup_fraction = 0.125

    def __init__(self, mode: str = "fixed",
                 thresholds: dict[Market, tuple[float, float, float]] | None = None,
                 percentile_window: int = PERCENTILE_WINDOW,
                 percentile_min: int = PERCENTILE_MIN_HISTORY) -> None:
        if mode not in MODES:
            raise invalid_param(f"unknown tier mode {mode!r}; expected one of {MODES}")
        if not 1 <= int(percentile_min) <= int(percentile_window):
            raise invalid_param("need 1 <= percentile_min <= percentile_window, got "
                                f"{percentile_min} and {percentile_window}")
        self.mode = mode
        self.percentile_window = int(percentile_window)
        self.percentile_min = int(percentile_min)
        table = thresholds_table(thresholds)
        self._market_thr = np.array([table[m] for m in MARKET_ORDER], np.float64)  # (4, 3)
        self._n = 0
        self._cap = 0
        self._arange = np.arange(0, dtype=np.intp)
        self._recent = (RecentValues(self.percentile_window, self.percentile_min)
                        if mode == "percentile" else None)
        self._alloc(16)

    # --- symbols -------------------------------------------------------------------

    def _alloc(self, cap: int) -> None:
        """(Re)allocate every per-symbol array with room for `cap` symbols."""
        n = self._n

        def grow(name: str, shape: tuple, dtype, fill) -> None:
            new = np.full((cap, *shape), fill, dtype)
            old = getattr(self, name, None)
            if old is not None:
                new[:n] = old[:n]
            setattr(self, name, new)

        grow("_market", (), _I8, 0)
        grow("_thr", (3,), np.float64, 0.0)  # fixed SUPER, LARGE, MEDIUM lower bounds
        grow("_buy", (4,), np.float64, 0.0)
        grow("_sell", (4,), np.float64, 0.0)
        grow("_turnover", (), np.float64, 0.0)
        grow("_trades", (), np.int64, 0)
        grow("_last_time", (), np.int64, -1)
        grow("_last_price", (), np.float64, np.nan)
        grow("_last_tick", (), _I8, 0)
        if self._recent is not None:
            self._recent.grow(cap, n)
        self._cap = cap

    def add_symbols(self, markets: Sequence[Market]) -> np.ndarray:
        """Register symbols (one per market given); returns their consecutive indices."""
        pos = np.array([_MARKET_POS[parse_market(m)] for m in markets], dtype=_I8)
        first, k = self._n, len(pos)
        if first + k > self._cap:
            self._alloc(max(2 * self._cap, first + k))
        idx = np.arange(first, first + k, dtype=np.intp)
        self._market[idx] = pos
        self._thr[idx] = self._market_thr[pos]
        self._n = first + k
        return idx

    @property
    def n_symbols(self) -> int:
        return self._n

    @property
    def market_index(self) -> np.ndarray:
        """Per symbol, its market's position in `markets.MARKET_ORDER` (int8)."""
        return _read_only(self._market[: self._n])

    def market(self, i: int) -> Market:
        return MARKET_ORDER[int(self._market[self._check_index(i)])]

    # --- state (read-only views) -----------------------------------------------------

    @property
    def buy(self) -> np.ndarray:
        """(n, 4) buy-initiated value per Tier."""
        return _read_only(self._buy[: self._n])

    @property
    def sell(self) -> np.ndarray:
        """(n, 4) sell-initiated value per Tier."""
        return _read_only(self._sell[: self._n])

    @property
    def turnover(self) -> np.ndarray:
        return _read_only(self._turnover[: self._n])

    @property
    def trades(self) -> np.ndarray:
        return _read_only(self._trades[: self._n])

    @property
    def last_time(self) -> np.ndarray:
        """Exchange-local seconds of each symbol's last trade (in execution order); -1
        before the first."""
        return _read_only(self._last_time[: self._n])

    def _check_index(self, i: int) -> int:
        i = int(i)
        if not 0 <= i < self._n:
            raise invalid_param(f"symbol index {i} out of range [0, {self._n})")
        return i

    def _update_time(self, i: int) -> str:
        t = int(self._last_time[i])
        return format_local_seconds(t) if t >= 0 else ""

    def record(self, i: int, code: str) -> CapitalFlowRecord:
        i = self._check_index(i)
        return CapitalFlowRecord.from_tier_values(
            code, self._update_time(i), self._buy[i], self._sell[i],
            self._turnover[i])

    def detail(self, i: int, code: str) -> CapitalFlowDetail:
        i = self._check_index(i)
        return CapitalFlowDetail(
            code=code, update_time=self._update_time(i), turnover=float(self._turnover[i]),
            trades=int(self._trades[i]),
            inflow=tuple(float(v) for v in self._buy[i]),    # type: ignore[arg-type]
            outflow=tuple(float(v) for v in self._sell[i]))  # type: ignore[arg-type]

    def reset(self, symbols: np.ndarray | None = None) -> None:
        """A new trading day for `symbols` (all when None): accumulators to zero, tick
        state and percentile history forgotten."""
        if symbols is None:
            idx: np.ndarray | slice = slice(0, self._n)
        else:
            idx = np.asarray(symbols, dtype=np.intp).ravel()
            if idx.size and (idx.min() < 0 or idx.max() >= self._n):
                raise invalid_param("reset: symbol index out of range")
        self._buy[idx] = 0.0
        self._sell[idx] = 0.0
        self._turnover[idx] = 0.0
        self._trades[idx] = 0
        self._last_time[idx] = -1
        self._last_price[idx] = np.nan
        self._last_tick[idx] = 0
        if self._recent is not None:
            self._recent.reset(idx)

    # --- the batch -------------------------------------------------------------------

    def _ar(self, n: int) -> np.ndarray:
        if len(self._arange) < n:
            self._arange = np.arange(max(n, 2 * len(self._arange)), dtype=np.intp)
        return self._arange[:n]

    def process(self, symbol: np.ndarray, local_seconds: np.ndarray, price: np.ndarray,
                quantity: np.ndarray, bid: np.ndarray, ask: np.ndarray,
                big_min: np.ndarray | None = None) -> PointsOut:
        """Count a batch of trades given in execution order; returns the minute points
        (with `big_min`, a minimum value per symbol: also the big trades, `.big`).

        Raises INVALID_PARAM (and changes nothing) on ragged arrays, unknown symbol
        indices, a price x quantity that is negative or not finite, a short big_min."""
        sym = np.asarray(symbol)
        n = sym.shape[0] if sym.ndim == 1 else -1
        price, quantity, bid, ask = (np.asarray(x, np.float64)
                                     for x in (price, quantity, bid, ask))
        times = np.asarray(local_seconds, np.int64)
        if n < 0 or any(c.shape != (n,) for c in (price, quantity, bid, ask, times)):
            raise invalid_param("process: symbol, local_seconds, price, quantity, bid and ask "
                                "must be 1-D arrays of equal length")
        if big_min is not None:
            big_min = np.asarray(big_min, np.float64)
            if big_min.ndim != 1 or len(big_min) < self._n:
                raise invalid_param(f"process: big_min must hold a minimum for each of the "
                                    f"{self._n} symbols")
        if n == 0:
            return PointsOut.empty(big=big_min is not None)
        if sym.dtype.kind not in "iu":
            raise invalid_param(f"process: symbol indices must be integers, not {sym.dtype}")
        if sym.min() < 0 or sym.max() >= self._n:
            raise invalid_param(f"process: symbol index out of range [0, {self._n})")
        value = price * quantity
        if not (value.min() >= 0 and value.max() < np.inf):
            raise invalid_param("process: price x quantity must be finite and >= 0")

        # What needs no neighbours is done in input order, so that the regrouping below
        # moves 1- and 2-byte codes instead of bid, ask, quantity and time.
        # A positive finite spread is bid < ask with both finite (NaN and inf fail).
        spread = ask - bid
        quoted = (spread > 0) & (spread < np.inf)
        quote_dir = (price >= ask).view(_I8) - (price <= bid).view(_I8)
        quote_dir = np.where(quoted, quote_dir, _I8(_BY_TICK))
        minute = _minute_of_day(times)

        # Group by symbol, keeping each symbol's execution order: a stable sort, on 16-bit
        # keys when possible because numpy radix-sorts those (8x faster than int64).
        if n == 1 or not (sym[1:] < sym[:-1]).any():
            order = None
            s = sym.astype(np.intp, copy=False)
            p = price
        else:
            keys = sym.astype(np.uint16) if self._n <= 1 << 16 else sym
            order = np.argsort(keys, kind="stable")
            s = sym[order].astype(np.intp, copy=False)
            p, value, quote_dir, minute = (c[order] for c in (price, value, quote_dir, minute))

        newgrp = np.empty(n, bool)
        newgrp[0] = True
        np.not_equal(s[1:], s[:-1], out=newgrp[1:])
        starts = np.flatnonzero(newgrp)
        ug = s[starts]
        lengths = np.diff(starts, append=n)
        ends = starts + lengths - 1

        direction, last_tick = self._tick_rule(p, starts, ug, quote_dir)
        tier = self._tiers(value, ug, lengths)
        big = None if big_min is None else pick_big(
            big_min[s], value, direction, tier, starts, self._trades[ug], order)
        # Nothing below can fail: commit the batch (_count moves buy, sell, turnover).
        points = self._count(s, minute, tier, direction, value, newgrp, starts, ug, p, big)
        self._trades[ug] += lengths
        self._last_time[ug] = times[ends if order is None else order[ends]]
        self._last_price[ug] = p[ends]
        self._last_tick[ug] = last_tick
        if self._recent is not None:
            rank = self._ar(n) - np.repeat(starts, lengths)
            self._recent.remember(s, value, rank, lengths, ug)
        return points

    def _tick_rule(self, p: np.ndarray, starts: np.ndarray, ug: np.ndarray,
                   quote_dir: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Direction of each trade (grouped by symbol), and each symbol's last non-zero
        tick after the batch. Trades whose quote_dir is _BY_TICK take the tick rule."""
        n = len(p)
        tick = np.empty(n, _I8)
        np.subtract((p[1:] > p[:-1]).view(_I8), (p[1:] < p[:-1]).view(_I8), out=tick[1:])
        # A group's first trade compares with the symbol's last price (NaN before the
        # first trade of the day: both comparisons false, tick 0), and with no change
        # carries the symbol's last non-zero tick.
        first, before = p[starts], self._last_price[ug]
        first = (first > before).view(_I8) - (first < before).view(_I8)
        tick[starts] = np.where(first != 0, first, self._last_tick[ug])
        # A trade's tick-rule direction is the tick at the last position, up to its own,
        # that holds a non-zero one or is its group's start (so nothing leaks across
        # symbols).
        mark = tick != 0
        mark[starts] = True
        holders = np.flatnonzero(mark)
        ends = np.empty_like(starts)
        ends[:-1] = starts[1:] - 1
        ends[-1] = n - 1
        by_tick = quote_dir == _BY_TICK
        wanted = np.flatnonzero(by_tick)
        if len(wanted) <= n * self.lookup_fraction:
            # Few trades lack a quote (the usual case): look up just those and the ends
            # instead of forward-filling the whole batch.
            look = np.concatenate([wanted, ends])
            got = tick[holders[np.searchsorted(holders, look, side="right") - 1]]
            direction = quote_dir.copy()
            direction[wanted] = got[: len(wanted)]
            return direction, got[len(wanted):]
        filled = tick[holders][np.cumsum(mark, dtype=np.int32) - 1]
        return np.where(by_tick, filled, quote_dir), filled[ends]

    def _tiers(self, value: np.ndarray, ug: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        thr = self._thresholds(ug)  # (g, 3)
        tier = np.full(len(value), 3, _I8)
        for k in range(3):
            tier -= (value >= np.repeat(thr[:, k], lengths)).view(_I8)
        return tier

    def _count(self, s: np.ndarray, clock: np.ndarray, tier: np.ndarray,
               direction: np.ndarray, value: np.ndarray, newgrp: np.ndarray,
               starts: np.ndarray, ug: np.ndarray, price: np.ndarray,
               big: BigOut | None = None) -> PointsOut:
        """Sum the batch per (symbol, trading minute) run, tier and direction in one
        bincount, cumulate the runs from each symbol's state, and move the state to its
        end. `clock` is each trade's minute of the local day. Returns the minute points."""
        n = len(s)
        down = clock[1:] < clock[:-1]
        down &= ~newgrp[1:]
        if down.any():
            # The clock went back inside a symbol: a point is then the total of the
            # trades at or before its minute, so regroup by (symbol, minute), stably.
            perm = np.argsort(s * _MINUTE_STRIDE + clock, kind="stable")
            clock, tier, direction, value, price = (
                a[perm] for a in (clock, tier, direction, value, price))
        newrun = newgrp.copy()
        newrun[1:] |= clock[1:] != clock[:-1]
        run_starts = np.flatnonzero(newrun)
        # Trading minutes only for the runs, not every trade. Minutes of the day map to
        # trading minutes without ever going down, so a symbol's runs stay in order;
        # several map to one before the open, at lunch and after the close: merge those.
        minute = _MINUTES[self._market[s[run_starts]].astype(np.intp) * 1440 + clock[run_starts]]
        same = minute[1:] == minute[:-1]
        same &= ~newgrp[run_starts[1:]]
        if same.any():
            keep = np.ones(len(minute), bool)
            keep[1:] = ~same
            run_starts, minute = run_starts[keep], minute[keep]
        nr = len(run_starts)
        rstart = np.searchsorted(run_starts, starts)
        layout = RankMajor(rstart, np.diff(rstart, append=nr))

        # runs[slot, tier] = (sell, neutral, buy) value of one run, in the rank-major
        # order the cumulation wants: the bincount writes it there directly.
        cell = tier * 3
        cell += direction
        cell += 1
        key = np.repeat(layout.slot * 12, np.diff(run_starts, append=n))
        key += cell
        runs = np.bincount(key, weights=value, minlength=12 * nr).reshape(nr, 4, 3)
        old_buy, old_sell = self._buy[ug], self._sell[ug]
        first = layout.first
        runs[first, :, 0] += old_sell
        runs[first, :, 2] += old_buy
        layout.cumulate(runs.reshape(nr, 12))
        # The state is each symbol's last cumulated run: a symbol's last point and its
        # record's nets are the same numbers.
        last = runs[layout.last]
        self._buy[ug] = last[:, :, 2]
        self._sell[ug] = last[:, :, 0]
        added = (last[:, :, 2] - old_buy) + (last[:, :, 0] - old_sell) + last[:, :, 1]
        self._turnover[ug] += added.sum(axis=1)
        net = runs[:, :, 2] - runs[:, :, 0]
        # A run's last trade: the one before the next run (merged runs included).
        run_ends = np.append(run_starts[1:], n) - 1
        return PointsOut(s[run_starts].astype(np.int32), minute.astype(np.int32),
                         layout.to_groups(net), price[run_ends], big)

    def _thresholds(self, ug: np.ndarray) -> np.ndarray:
        """(g, 3) SUPER, LARGE, MEDIUM lower bounds for the symbols of a batch."""
        thr = self._thr[ug]
        return thr if self._recent is None else self._recent.thresholds(ug, thr)
