"""What the Big trades dock lists, Qt-free: a filter (the watchlist's codes, a code, a
minimum value, a side) and the rows it passed, newest first and bounded.

Rows are the tape's columns (core.big_trades.BigTrades) kept newest first: a batch's
trades go on top as one block and the oldest beyond the cap go from the bottom as one,
so the Qt model above makes one insert and at most one remove per store Change. While
the view is frozen the passed trades wait in `pending` (bounded the same way, counted
in full) and go on top as one block when it thaws.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from ...core.big_trades import BigTrades, concat_trades
from ...core.trade_tape import TradeTape

ROWS = 2_000  # the dock's rows: a screenful many times over, cheap to re-filter


@dataclass(frozen=True, slots=True)
class TapeFilter:
    """`codes`: only these (the watchlist's; None: every code); `code`: a code's text
    (any part of it, case-insensitive: "700" finds HK.00700); `min_value` in the
    trade's currency; `side`: 1, -1, 0 or None for either."""
    codes: frozenset[str] | None = None
    code: str = ""
    min_value: float = 0.0
    side: int | None = None

    def passes(self, trades: BigTrades) -> np.ndarray:
        """A boolean mask over `trades`."""
        keep = trades.value >= self.min_value
        if self.side is not None:
            keep &= trades.side == self.side
        if self.codes is not None or self.code:
            wanted = self.code.strip().upper()
            names = {c for c in set(trades.codes) if self.code_passes(c, wanted)}
            keep &= np.fromiter((c in names for c in trades.codes), bool, len(trades))
        return keep

    def code_passes(self, code: str, wanted: str | None = None) -> bool:
        wanted = self.code.strip().upper() if wanted is None else wanted
        return (self.codes is None or code in self.codes) and wanted in code.upper()

    def tape_codes(self, tape: TradeTape) -> Collection[str] | None:
        """The tape's codes this filter can pass (None: all of them)."""
        if self.codes is None and not self.code.strip():
            return None
        return [c for c in tape.codes() if self.code_passes(c)]


def newest_first(trades: BigTrades) -> BigTrades:
    """A batch's trades (in print order) newest first."""
    return trades.take(np.arange(len(trades) - 1, -1, -1))


class TapeRows:
    """The rows shown (`shown`, newest first, at most `limit`) and those waiting while
    frozen (`pending`, newest first, counted in `pending_count`)."""

    def __init__(self, limit: int = ROWS) -> None:
        if limit < 1:
            raise ValueError("the tape's rows must be at least 1")
        self.limit = limit
        self.shown = BigTrades.empty()
        self.pending = BigTrades.empty()
        self.pending_count = 0

    def __len__(self) -> int:
        return len(self.shown)

    def replace(self, rows: BigTrades) -> None:
        """Show `rows` (newest first) instead; nothing waits any more."""
        self.shown = rows.take(np.arange(min(len(rows), self.limit)))
        self.drop_pending()

    def hold(self, rows: BigTrades) -> None:
        """Frozen: `rows` (newest first) wait on top of those already waiting."""
        if len(rows):
            self.pending_count += len(rows)
            self.pending = _top(concat_trades([rows, self.pending]), self.limit)

    def drop_pending(self) -> None:
        self.pending = BigTrades.empty()
        self.pending_count = 0

    def plan(self, rows: BigTrades) -> tuple[BigTrades, int]:
        """For `rows` (newest first) going on top: the ones that will show (the newest
        `limit`) and how many shown rows go from the bottom to make room."""
        rows = _top(rows, self.limit)
        over = len(self.shown) + len(rows) - self.limit
        return rows, max(over, 0)

    def drop_oldest(self, count: int) -> None:
        if count > 0:
            self.shown = self.shown.take(np.arange(len(self.shown) - count))

    def put_on_top(self, rows: BigTrades) -> None:
        self.shown = concat_trades([rows, self.shown])


def _top(rows: BigTrades, limit: int) -> BigTrades:
    return rows if len(rows) <= limit else rows.take(np.arange(limit))
