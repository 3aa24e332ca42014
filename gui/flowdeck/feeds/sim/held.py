"""The trades the simulator's tapes generated ahead of the clock, held for all symbols
in one pool of flat columns, so that revealing them up to a time is a few numpy steps
for every symbol at once instead of a Python call per tape.

A tape hands over its held window when it generates one (DayTape.take_held); from then
on the tape stands at the window's end, and is only asked again once the clock passes
it (about once per HOLD_MINUTES per symbol). At 5,000 followed codes that is ~40 tape
calls a simulated second instead of ~1,500, each of which cost 30-50 us of Python.

Each symbol's window is one segment of the pool, in time order. Segments are appended
with increasing ids and searched all at once by a key (segment id, local second); the
space of spent segments is reclaimed when the pool fills. Packed as the tapes make
them (ticks and shares, 24 bytes a trade with the key), unpacked when revealed: at
5,000 codes ~160,000 trades near the close, ~210,000 at the open (HOLD_MINUTES = 2), a
pool of 6-8 MB.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .tape import DayTape
from .trades import PackedTrades, Trades

_TIME_BITS = 32  # local seconds fit below 2**32 until 2106
_TIME_MASK = (1 << _TIME_BITS) - 1


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The positions start..start+count of each range, one after the other."""
    total = int(counts.sum())
    shift = np.repeat(starts - (np.cumsum(counts) - counts), counts)
    return np.arange(total) + shift


class HeldTrades:
    """Per engine symbol, the trades handed over by its tape and not revealed yet."""

    def __init__(self) -> None:
        self._key = np.zeros(16, np.int64)      # segment id << 32 | local second
        # Ticks and shares as the tapes pack them: price, quantity, bid, ask (-1: none).
        self._data = np.zeros((4, 16), np.int32)
        self._used = 0
        self._next_segment = 0
        self._start = np.zeros(0, np.intp)      # per symbol: first trade not revealed
        self._stop = np.zeros(0, np.intp)       # ... and the end of its segment
        self._segment = np.zeros(0, np.int64)
        self._tick = np.zeros(0)   # per symbol, its tick and 10 ** its price decimals
        self._scale = np.zeros(0)
        self._after = np.zeros(0)  # per symbol, DayTape.next_time once it handed over
        self._next = np.zeros(0)   # per symbol, its next trade's time or earlier

    def start(self, symbols: Sequence[int], tapes: Sequence[DayTape]) -> None:
        """`symbols` start the day of `tapes` (one each): nothing held."""
        idx = np.asarray(symbols, np.intp)
        if not len(idx):
            return
        old, n = len(self._start), int(idx.max()) + 1
        if n > old:
            n = max(n, 2 * old)
            self._start = np.concatenate([self._start, np.zeros(n - old, np.intp)])
            self._stop = np.concatenate([self._stop, np.zeros(n - old, np.intp)])
            self._segment = np.concatenate([self._segment, np.zeros(n - old, np.int64)])
            self._tick = np.concatenate([self._tick, np.zeros(n - old)])
            self._scale = np.concatenate([self._scale, np.zeros(n - old)])
            self._after = np.concatenate([self._after, np.full(n - old, np.inf)])
            self._next = np.concatenate([self._next, np.full(n - old, np.inf)])
        self._start[idx] = self._stop[idx]
        self._after[idx] = [t.next_time for t in tapes]
        self._next[idx] = self._after[idx]

    def due(self, symbols: np.ndarray, until: int) -> np.ndarray:
        """Those of `symbols` with a trade before `until` (or that must ask their tape)."""
        return symbols[self._next[symbols] < until]

    def reveal(self, due: np.ndarray, until: int,
               tapes: Sequence[DayTape]) -> tuple[np.ndarray, Trades]:
        """The trades before `until` of `due` (ascending symbols), symbol after symbol
        in time order, and the symbol of each: what their tapes' take_until would give.
        A tape whose window ends by `until` is asked for the rest and hands over its
        next window."""
        counts, held = self._take(due, until)
        ahead = due[self._after[due] < until]
        more_symbols, more, windows = [], [], []
        for i in ahead.tolist():
            tape = tapes[i]
            part = tape.take_until(until)
            if len(part):
                more_symbols.append(i)
                more.append(part)
            windows.append(tape.take_held())
            self._after[i] = tape.next_time
        self._put(ahead.tolist(), windows)
        self._next[due] = np.minimum(self.first_time(due), self._after[due])
        symbols = np.repeat(due, counts)
        if not more:
            return symbols, held
        symbols = np.concatenate([symbols, np.repeat(np.asarray(more_symbols, np.intp),
                                                     [len(p) for p in more])])
        order = np.argsort(symbols, kind="stable")  # each symbol's held, then the rest
        return symbols[order], Trades.concat([held, *more]).take(order)

    def window(self, symbol: int) -> tuple[int, float, float]:
        """What `symbol` holds: how many trades, the local second of the first (inf:
        none), and where they end (its tape generates again there; inf: day done)."""
        first = self.first_time(np.asarray([symbol], np.intp))
        return (int(self._stop[symbol] - self._start[symbol]), float(first[0]),
                float(self._after[symbol]))

    def first_time(self, symbols: np.ndarray) -> np.ndarray:
        """Local seconds of each symbol's first held trade; inf where it holds none."""
        out = np.full(len(symbols), np.inf)
        some = self._start[symbols] < self._stop[symbols]
        at = self._start[symbols[some]]
        out[some] = self._key[at] & _TIME_MASK
        return out

    def _put(self, symbols: Sequence[int], parts: Sequence[PackedTrades]) -> None:
        """`parts[k]` (in time order) becomes what `symbols[k]` holds, after what it
        held (which must all have been revealed)."""
        sizes = [len(p) for p in parts]
        total = sum(sizes)
        if self._used + total > self._key.shape[0]:
            self._compact(total)
        wide = next((p.data.dtype for p in parts if p.data.dtype != self._data.dtype), None)
        if wide is not None:  # a price in ticks past int32 (PackedTrades.pack)
            self._data = self._data.astype(wide)
        lo = self._used
        for i, part, size in zip(symbols, parts, sizes, strict=True):
            hi = lo + size
            seconds = part.times.astype(np.int64) + part.day_start
            self._key[lo:hi] = (self._next_segment << _TIME_BITS) | seconds
            self._data[:, lo:hi] = part.data[1:]
            self._tick[i], self._scale[i] = part.tick, 10.0 ** part.decimals
            self._start[i], self._stop[i] = lo, hi
            self._segment[i] = self._next_segment
            self._next_segment += 1
            lo = hi
        self._used = lo

    def _take(self, symbols: np.ndarray, until: int) -> tuple[np.ndarray, Trades]:
        """The held trades before local second `until` of each of `symbols` (an int
        array), symbol after symbol: how many each, and the trades."""
        start, stop = self._start[symbols], self._stop[symbols]
        keys = (self._segment[symbols] << _TIME_BITS) | until
        ends = np.searchsorted(self._key[: self._used], keys, side="left")
        ends = np.minimum(np.maximum(ends, start), stop)
        counts = ends - start
        at = _ranges(start, counts)
        self._start[symbols] = ends
        data = self._data[:, at]
        # PackedTrades.trades for many symbols: np.round(ticks * tick, decimals) is
        # rint(ticks * tick * 10**decimals) / 10**decimals, here per trade.
        owner = np.repeat(symbols, counts)
        tick, scale = self._tick[owner], self._scale[owner]
        ticks = data[[0, 2, 3]]
        prices = np.rint(ticks * tick * scale) / scale
        prices[ticks < 0] = np.nan
        trades = Trades(self._key[at] & _TIME_MASK, prices[0],
                        data[1].astype(np.float64), prices[1], prices[2])
        return counts, trades

    def _compact(self, incoming: int) -> None:
        """Move the unrevealed trades to a new pool (in symbol order, ids renumbered)
        two thirds full with `incoming` more: it grows and shrinks with the day."""
        live = np.flatnonzero(self._start < self._stop)
        counts = self._stop[live] - self._start[live]
        at = _ranges(self._start[live], counts)
        keep = len(at)
        # A third free: refilled windows (~2,000 trades a second at 5,000 codes)
        # fill it in tens of seconds; a compaction is a few ms.
        size = max(16, (keep + incoming) * 3 // 2)
        segment = np.repeat(np.arange(len(live), dtype=np.int64), counts)
        key = np.zeros(size, np.int64)
        key[:keep] = (segment << _TIME_BITS) | (self._key[at] & _TIME_MASK)
        data = np.zeros((4, size), self._data.dtype)
        data[:, :keep] = self._data[:, at]
        self._key, self._data, self._used = key, data, keep
        self._start[:] = 0
        self._stop[:] = 0
        self._start[live] = np.cumsum(counts) - counts
        self._stop[live] = self._start[live] + counts
        self._segment[live] = np.arange(len(live))
        self._next_segment = len(live)
