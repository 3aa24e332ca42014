"""The tape: the day's last big trades per code, bounded twice.

Each code keeps its last `per_code` trades and the whole tape its last `total`; what
goes is counted (per code and in all), never an unbounded list. A trade whose sequence
is not above the last one kept for its code is a repeat (a reconnect's snapshot sends
the day again) and is not added. `clear` forgets codes whose day restarted.

Rows are kept in columns per code, appended in parts and joined when read or when the
parts pile up, so adding a batch costs a few array operations however busy the market.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import numpy as np

from .big_trades import BigTrades, concat_trades

PER_CODE = 2_000
TOTAL = 50_000
_JOIN_PARTS = 16


@dataclass(slots=True)
class _Kept:
    parts: list[BigTrades] = field(default_factory=list)
    first: int = 0      # lifetime number of the first row held in `parts`
    added: int = 0      # rows ever added (the lifetime number of the next one)
    start: int = 0      # lifetime number of the first row still kept (older: dropped)
    last_seq: int = -1  # the highest sequence kept
    dropped: int = 0

    def rows(self) -> BigTrades:
        joined = concat_trades(self.parts)
        if self.start > self.first:
            joined = joined.take(np.arange(self.start - self.first, len(joined)))
            self.first = self.start
        self.parts = [joined] if len(joined) else []
        return joined


class TradeTape:
    def __init__(self, per_code: int = PER_CODE, total: int = TOTAL) -> None:
        if per_code < 1 or total < 1:
            raise ValueError("the tape's caps must be at least 1")
        self.per_code = per_code
        self.total = total
        self.dropped = 0  # rows dropped by either cap since the start
        self._codes: dict[str, _Kept] = {}
        self._arrivals: deque[tuple[_Kept, int]] = deque()  # (code's rows, lifetime end)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def codes(self) -> list[str]:
        return [c for c, k in self._codes.items() if k.added > k.start]

    def dropped_of(self, code: str) -> int:
        kept = self._codes.get(code)
        return 0 if kept is None else kept.dropped

    def add(self, trades: BigTrades) -> BigTrades:
        """Keep `trades` (in print order); returns those that were new."""
        if not len(trades):
            return trades
        codes = np.asarray(trades.codes, object)
        order = np.argsort(codes, kind="stable")
        sorted_codes = codes[order]
        cuts = np.flatnonzero(sorted_codes[1:] != sorted_codes[:-1]) + 1
        fresh = np.zeros(len(trades), bool)
        for rows in np.split(order, cuts):
            code = trades.codes[int(rows[0])]
            kept = self._codes.get(code)
            seq = trades.seq[rows]
            last = -1 if kept is None else kept.last_seq
            # Repeats are dropped; a batch's own rows keep their order.
            new = rows[seq > np.maximum.accumulate(np.concatenate(([last], seq)))[:-1]]
            fresh[new] = True
        if not fresh.any():
            return BigTrades.empty()
        new_trades = trades.take(fresh)
        self._keep(new_trades)
        return new_trades

    def _keep(self, trades: BigTrades) -> None:
        codes = np.asarray(trades.codes, object)
        order = np.argsort(codes, kind="stable")
        sorted_codes = codes[order]
        cuts = np.flatnonzero(sorted_codes[1:] != sorted_codes[:-1]) + 1
        for rows in np.split(order, cuts):
            code = trades.codes[int(rows[0])]
            kept = self._codes.get(code)
            if kept is None:
                kept = self._codes[code] = _Kept()
            part = trades.take(rows)
            kept.parts.append(part)
            kept.added += len(part)
            kept.last_seq = int(part.seq.max())
            self._count += len(part)
            self._arrivals.append((kept, kept.added))
            over = kept.added - kept.start - self.per_code
            if over > 0:
                self._drop(kept, kept.start + over)
            if len(kept.parts) > _JOIN_PARTS:
                kept.rows()
        while self._count > self.total:
            kept, end = self._arrivals.popleft()
            if kept.start >= end or kept.dropped < 0:  # gone already, or cleared
                continue
            self._drop(kept, min(end, kept.start + self._count - self.total))
            if kept.start < end:  # the part not needed yet stays first in line
                self._arrivals.appendleft((kept, end))

    def _drop(self, kept: _Kept, start: int) -> None:
        gone = start - kept.start
        if gone > 0:
            kept.start = start
            kept.dropped += gone
            self.dropped += gone
            self._count -= gone

    def clear(self, codes: Iterable[str]) -> None:
        """Forget `codes` (their day restarted; their next trades start a new day)."""
        for code in codes:
            kept = self._codes.pop(code, None)
            if kept is not None:
                self._count -= kept.added - kept.start
                kept.dropped = -1  # its arrivals no longer count

    def of(self, code: str) -> BigTrades:
        """`code`'s kept trades, oldest first."""
        kept = self._codes.get(code)
        return BigTrades.empty() if kept is None else kept.rows()

    def recent(self, *, codes: Collection[str] | None = None, min_value: float = 0.0,
               side: int | None = None, limit: int = 200) -> BigTrades:
        """The newest `limit` kept trades of `codes` (all when None) worth at least
        `min_value`, of one `side` when given: newest first (by exchange time; a code's
        own by sequence)."""
        names = self._codes if codes is None else [c for c in codes if c in self._codes]
        parts = [self._codes[c].rows() for c in names]
        rows = concat_trades(parts)
        if not len(rows):
            return rows
        keep = rows.value >= min_value
        if side is not None:
            keep &= rows.side == side
        rows = rows.take(keep)
        # Newest first: by time, then by sequence (a code's prints within one second).
        order = np.lexsort((-rows.seq, -rows.times))[:max(limit, 0)]
        return rows.take(order)
