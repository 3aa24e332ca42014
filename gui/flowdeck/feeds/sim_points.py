"""The simulator's minute points: per engine symbol, the day's cumulative net per Tier at
the end of each trading minute, and the generation that wrote it (SimMarket's change
tracking: a batch sends the points written after the generation it was asked from).

One book per market, each as wide as its session, so a code costs (16 + 4) bytes a
minute of its own market only: HK 330 minutes = 6.6 KB, US 390 = 7.8 KB, SH/SZ 240 =
4.8 KB. A block of codes at least as large as a book is reserved exactly (a watchlist
of thousands at once); smaller additions double the book, so adding codes one at a time
stays linear while a book is at most twice what it holds.
"""

from __future__ import annotations

import numpy as np

from ..core.markets import MARKET_ORDER, session_minutes

_CUM = np.float32     # the points the batches carry are float32 anyway
_STAMP = np.int32     # 2**31 generations: decades at two a second


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
        self.cum = np.zeros((0, minutes, 4), _CUM)
        self.stamp = np.zeros((0, minutes), _STAMP)

    def add(self, k: int) -> np.ndarray:
        cap = capacity(len(self.stamp), self.used, k)
        if cap > len(self.stamp):
            cum = np.zeros((cap, self.minutes, 4), _CUM)
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
        """Write (symbol, minute) -> cum_net (k, 4), stamped `generation`."""
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
        `symbols` then minutes ascending: (position in `symbols`, minute, (k, 4)
        float32 cumulative net)."""
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
            return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros((0, 4), _CUM)
        if len(parts) == 1:
            return parts[0]
        at, minutes, cum = (np.concatenate(p) for p in zip(*parts, strict=True))
        if (at[1:] < at[:-1]).any():
            order = np.argsort(at, kind="stable")  # keeps each symbol's minutes in order
            at, minutes, cum = at[order], minutes[order], cum[order]
        return at, minutes, cum

    def day(self, symbol: int) -> tuple[np.ndarray, np.ndarray]:
        """One symbol's minutes with a point and their (k, 4) cumulative net."""
        book = self._books[int(self._book[symbol])]
        row = self._row[symbol]
        minutes = np.flatnonzero(book.stamp[row])
        return minutes, book.cum[row, minutes]
