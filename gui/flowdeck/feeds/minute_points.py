"""Minute points: per engine symbol, the cumulative net per Tier at the end of each
trading minute and that minute's last trade price (VALUES columns: the 4 nets, then the
price: PointsOut.with_prices), and the generation that wrote it (change tracking: a
batch sends the points written after the generation it was asked from).

DayPoints keeps the whole day (ReplayMarket); RecentPoints, the last few minutes only
(SimMarket, which rebuilds a whole day when a snapshot needs one).

DayPoints: one book per market, each as wide as its session, so a code costs (40 + 4) bytes a
minute of its own market only: HK 330 minutes = 14.5 KB, US 390 = 17.2 KB, SH/SZ 240 =
10.6 KB. A block of codes at least as large as a book is reserved exactly (a watchlist
of thousands at once); smaller additions double the book, so adding codes one at a time
stays linear while a book is at most twice what it holds.
"""

from __future__ import annotations

import numpy as np

from ..core.markets import MARKET_ORDER, session_minutes

_CUM = np.float64     # the engine's sums: a code's last point is its record's nets
_STAMP = np.int32     # 2**31 generations: decades at two a second
VALUES = 5            # per point: the cumulative net per Tier, then the last price


def capacity(cap: int, used: int, adding: int) -> int:
    """Rows to allocate when `adding` rows to `used` of `cap`: the same `cap` when they
    fit, exactly enough for a block at least as large as `cap`, else double."""
    need = used + adding
    if need <= cap:
        return cap
    return need if adding >= cap else max(need, 2 * cap)


class _Book:
    """The points of one market's symbols: row r is the r-th symbol added."""

    def __init__(self, minutes: int) -> None:
        self.minutes = minutes
        self.used = 0
        self.cum = np.zeros((0, minutes, VALUES), _CUM)
        self.stamp = np.zeros((0, minutes), _STAMP)

    def add(self, k: int) -> np.ndarray:
        cap = capacity(len(self.stamp), self.used, k)
        if cap > len(self.stamp):
            cum = np.zeros((cap, self.minutes, VALUES), _CUM)
            cum[: self.used] = self.cum[: self.used]
            stamp = np.zeros((cap, self.minutes), _STAMP)
            stamp[: self.used] = self.stamp[: self.used]
            self.cum, self.stamp = cum, stamp
        self.used += k
        return np.arange(self.used - k, self.used, dtype=np.intp)


class DayPoints:
    """Minute points of symbols 0..n-1 (the engine's numbering), each in its market's
    book."""

    def __init__(self) -> None:
        self._books = tuple(_Book(session_minutes(m)) for m in MARKET_ORDER)
        self._book = np.zeros(0, np.int8)  # per symbol: its market's position in MARKET_ORDER
        self._row = np.zeros(0, np.intp)   # per symbol: its row in that book

    def __len__(self) -> int:
        return len(self._book)

    @property
    def nbytes(self) -> int:
        return sum(b.cum.nbytes + b.stamp.nbytes for b in self._books)

    def add(self, markets: np.ndarray) -> None:
        """Symbols len(self).. onwards, one per entry of `markets` (positions in
        MARKET_ORDER, as FlowEngine.market_index)."""
        markets = np.asarray(markets, np.int8)
        rows = np.empty(len(markets), np.intp)
        for pos, book in enumerate(self._books):
            mine = np.flatnonzero(markets == pos)
            if len(mine):
                rows[mine] = book.add(len(mine))
        self._book = np.concatenate([self._book, markets])
        self._row = np.concatenate([self._row, rows])

    def store(self, symbols: np.ndarray, minutes: np.ndarray, cum_net: np.ndarray,
              generation: int) -> None:
        """Write (symbol, minute) -> cum_net (k, VALUES), stamped `generation`."""
        book_of = self._book[symbols]
        for pos, book in enumerate(self._books):
            mine = np.flatnonzero(book_of == pos)
            if len(mine) == len(symbols):
                mine = slice(None)
            elif not len(mine):
                continue
            rows, at = self._row[symbols[mine]], minutes[mine]
            book.cum[rows, at] = cum_net[mine]
            book.stamp[rows, at] = generation

    def clear(self, symbols: np.ndarray) -> None:
        """A new day for `symbols`: no points."""
        symbols = np.asarray(symbols, np.intp)
        book_of = self._book[symbols]
        for pos, book in enumerate(self._books):
            rows = self._row[symbols[book_of == pos]]
            book.cum[rows] = 0.0
            book.stamp[rows] = 0

    def since(self, symbols: np.ndarray, since: int) -> tuple[np.ndarray, np.ndarray,
                                                              np.ndarray]:
        """The points of `symbols` written after generation `since`, in the order of
        `symbols` then minutes ascending: (position in `symbols`, minute, (k, VALUES)
        float64 cumulative net and price)."""
        symbols = np.asarray(symbols, np.intp)
        book_of = self._book[symbols]
        parts = []
        for pos, book in enumerate(self._books):
            mine = np.flatnonzero(book_of == pos)
            if not len(mine):
                continue
            rows = self._row[symbols[mine]]
            # Row-major: each symbol's minutes ascending.
            r, minutes = np.nonzero(book.stamp[rows] > since)
            parts.append((mine[r], minutes, book.cum[rows[r], minutes]))
        if not parts:
            return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros((0, VALUES), _CUM)
        if len(parts) == 1:
            return parts[0]
        at, minutes, cum = (np.concatenate(p) for p in zip(*parts, strict=True))
        if (at[1:] < at[:-1]).any():
            order = np.argsort(at, kind="stable")  # keeps each symbol's minutes in order
            at, minutes, cum = at[order], minutes[order], cum[order]
        return at, minutes, cum

    def day(self, symbol: int) -> tuple[np.ndarray, np.ndarray]:
        """One symbol's minutes with a point and their (k, VALUES) values."""
        book = self._books[int(self._book[symbol])]
        row = self._row[symbol]
        minutes = np.flatnonzero(book.stamp[row])
        return minutes, book.cum[row, minutes]


class RecentPoints:
    """The last `window` trading minutes of points per symbol, in a ring (slot = minute
    mod window): what UpdateCursor batches send, without keeping the day. A symbol's
    `lost` is the newest stamp of a point it no longer holds: a consumer whose `since`
    is older may have missed it and needs the day rebuilt (SimMarket does that).

    44 bytes a point and 2 for its minute: 16 minutes = 736 bytes a symbol."""

    def __init__(self, window: int = 16) -> None:
        self.window = window
        self.used = 0
        self.cum = np.zeros((0, window, VALUES), _CUM)
        self.stamp = np.zeros((0, window), _STAMP)
        self.minute = np.zeros((0, window), np.int16)
        self.lost = np.zeros(0, _STAMP)

    def __len__(self) -> int:
        return self.used

    @property
    def nbytes(self) -> int:
        return self.cum.nbytes + self.stamp.nbytes + self.minute.nbytes + self.lost.nbytes

    def add(self, k: int) -> None:
        """Symbols len(self).. len(self) + k - 1, without points."""
        cap = capacity(len(self.lost), self.used, k)
        if cap > len(self.lost):
            n = self.used
            for name in ("cum", "stamp", "minute", "lost"):
                old = getattr(self, name)
                new = np.zeros((cap, *old.shape[1:]), old.dtype)
                new[:n] = old[:n]
                setattr(self, name, new)
        self.used += k

    def store(self, symbols: np.ndarray, minutes: np.ndarray, cum_net: np.ndarray,
              generation: int) -> None:
        """Write (symbol, minute) -> cum_net (k, VALUES), stamped `generation`; the points
        sorted by symbol then minute (as FlowEngine.process returns them)."""
        if not len(symbols):
            return
        symbols = np.asarray(symbols, np.intp)
        minutes = np.asarray(minutes, np.intp)
        # Of a call longer than the window (a new code's day so far) only the last
        # `window` minutes of each symbol fit: one point per slot.
        new = np.empty(len(symbols), bool)
        new[0] = True
        np.not_equal(symbols[1:], symbols[:-1], out=new[1:])
        starts = np.flatnonzero(new)
        ends = np.append(starts[1:], len(symbols)) - 1
        newest = np.repeat(minutes[ends], np.diff(np.append(starts, len(symbols))))
        keep = minutes > newest - self.window
        if not keep.all():
            self.lost[symbols[~keep]] = generation  # no stamp is newer than this one
            symbols, minutes, cum_net = symbols[keep], minutes[keep], cum_net[keep]
        slot = minutes % self.window
        old_stamp = self.stamp[symbols, slot]
        evicted = (old_stamp > 0) & (self.minute[symbols, slot] != minutes)
        if evicted.any():
            np.maximum.at(self.lost, symbols[evicted], old_stamp[evicted])
        self.cum[symbols, slot] = cum_net
        self.stamp[symbols, slot] = generation
        self.minute[symbols, slot] = minutes

    def clear(self, symbols: np.ndarray) -> None:
        """A new day for `symbols`: no points, none lost."""
        symbols = np.asarray(symbols, np.intp)
        self.cum[symbols] = 0.0
        self.stamp[symbols] = 0
        self.minute[symbols] = 0
        self.lost[symbols] = 0

    def since(self, symbols: np.ndarray, since: int) -> tuple[np.ndarray, np.ndarray,
                                                              np.ndarray]:
        """The held points of `symbols` written after generation `since`, in the order of
        `symbols` then minutes ascending: (position in `symbols`, minute, (k, VALUES))."""
        symbols = np.asarray(symbols, np.intp)
        at, slot = np.nonzero(self.stamp[symbols] > since)
        rows = symbols[at]
        minutes = self.minute[rows, slot].astype(np.intp)
        order = np.lexsort((minutes, at))
        at, slot, rows, minutes = at[order], slot[order], rows[order], minutes[order]
        return at, minutes, self.cum[rows, slot]
