"""The tape: the day's last big trades per code, bounded twice.

Each code keeps its last `per_code` trades and the whole tape its last `total`; what
goes is counted (per code and in all), never an unbounded list. A trade whose sequence
is not above the last one kept for its code is a repeat (a reconnect's snapshot sends
the day again) and is not added. `clear` forgets codes whose day restarted.

Rows are kept in one set of columns in the order they came (a code's rows are then in
sequence order), each with its code's number and an alive flag; dropping a row clears
its flag, and the columns are compacted when they fill. So adding a batch is a few
array operations over the batch whatever the number of codes, and the memory is the
rows' (~60 bytes each, up to 1.5 times `total` with the room to append): one object
per code per batch (5,000 codes of a few trades each) had cost a kilobyte a part.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np

from .big_trades import BigTrades

PER_CODE = 2_000
TOTAL = 50_000
_FLOATS = ("times", "price", "quantity", "value")
_COLUMNS = ((*_FLOATS, "side", "tier", "seq"))
_DTYPES = {"side": np.int8, "tier": np.int8, "seq": np.int64}


class TradeTape:
    def __init__(self, per_code: int = PER_CODE, total: int = TOTAL) -> None:
        if per_code < 1 or total < 1:
            raise ValueError("the tape's caps must be at least 1")
        self.per_code = per_code
        self.total = total
        self.dropped = 0  # rows dropped by either cap since the start
        self._ids: dict[str, int] = {}   # code -> its number
        self._names: list[str] = []      # number -> code
        self._last_seq = np.zeros(0, np.int64)  # per number: the highest sequence kept
        self._kept = np.zeros(0, np.int64)      # ... rows kept
        self._dropped = np.zeros(0, np.int64)   # ... rows dropped by a cap
        self._cols = {name: np.zeros(0, _DTYPES.get(name, np.float64)) for name in _COLUMNS}
        self._code = np.zeros(0, np.int32)  # per row: its code's number
        self._alive = np.zeros(0, bool)
        self._kinds: np.ndarray | None = None  # per row: the source's type (once one came)
        self._end = 0    # rows written (alive or not)
        self._count = 0  # rows alive

    def __len__(self) -> int:
        return self._count

    def codes(self) -> list[str]:
        return [self._names[i] for i in np.flatnonzero(self._kept > 0).tolist()]

    def dropped_of(self, code: str) -> int:
        i = self._ids.get(code)
        return 0 if i is None else int(self._dropped[i])

    def add(self, trades: BigTrades) -> BigTrades:
        """Keep `trades` (in print order); returns those that were new."""
        if not len(trades):
            return trades
        ids = self._numbers(trades.codes)
        seq = trades.seq
        fresh = seq > self._last_seq[ids]
        # A batch's own repeats: a row not above the rows of its code before it.
        order = np.argsort(ids, kind="stable")
        same = ids[order[1:]] == ids[order[:-1]]
        if (same & (seq[order[1:]] <= seq[order[:-1]])).any():
            fresh &= self._above_earlier(ids, seq)
        if not fresh.any():
            return BigTrades.empty()
        new = trades if fresh.all() else trades.take(fresh)
        self._append(new, ids[fresh])
        return new

    def _numbers(self, codes: list[str]) -> np.ndarray:
        ids, names = self._ids, self._names
        for code in dict.fromkeys(codes):
            if code not in ids:
                ids[code] = len(names)
                names.append(code)
        n = len(names)
        if n > len(self._last_seq):
            grow = max(n, 2 * len(self._last_seq), 16) - len(self._last_seq)
            self._last_seq = np.concatenate([self._last_seq, np.full(grow, -1, np.int64)])
            self._kept = np.concatenate([self._kept, np.zeros(grow, np.int64)])
            self._dropped = np.concatenate([self._dropped, np.zeros(grow, np.int64)])
        return np.fromiter((ids[c] for c in codes), np.int32, len(codes))

    def _above_earlier(self, ids: np.ndarray, seq: np.ndarray) -> np.ndarray:
        """Per row, whether its sequence is above those of its code's earlier rows."""
        out = np.ones(len(ids), bool)
        best: dict[int, int] = {}
        for k, (i, s) in enumerate(zip(ids.tolist(), seq.tolist(), strict=True)):
            if s <= best.get(i, s - 1):
                out[k] = False
            else:
                best[i] = s
        return out

    def _append(self, new: BigTrades, ids: np.ndarray) -> None:
        n = len(new)
        if self._end + n > len(self._alive):
            self._compact(n)
        lo, hi = self._end, self._end + n
        for name in _COLUMNS:
            self._cols[name][lo:hi] = getattr(new, name)
        self._code[lo:hi] = ids
        self._alive[lo:hi] = True
        if new.kinds is not None and self._kinds is None:
            self._kinds = np.full(len(self._alive), None, object)
        if self._kinds is not None:
            self._kinds[lo:hi] = new.kinds if new.kinds is not None else None
        self._end = hi
        self._count += n
        touched, first = np.unique(ids[::-1], return_index=True)  # each code's last row
        self._last_seq[touched] = new.seq[n - 1 - first]
        self._kept += np.bincount(ids, minlength=len(self._kept))
        over = touched[self._kept[touched] > self.per_code]
        if len(over):
            self._drop_oldest(over)
        if self._count > self.total:
            alive = np.flatnonzero(self._alive[:self._end])
            self._drop(alive[: self._count - self.total])

    def _drop_oldest(self, codes: np.ndarray) -> None:
        """Drop the oldest rows of `codes` past the per-code cap."""
        rows = np.flatnonzero(self._alive[:self._end] & np.isin(self._code[:self._end], codes))
        owner = self._code[rows]
        order = np.argsort(owner, kind="stable")  # by code, oldest first within
        rows, owner = rows[order], owner[order]
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
        self._drop(rows[rank < (self._kept[owner] - self.per_code)])

    def _drop(self, rows: np.ndarray) -> None:
        self._alive[rows] = False
        gone = np.bincount(self._code[rows], minlength=len(self._kept))
        self._kept -= gone
        self._dropped += gone
        self._count -= len(rows)
        self.dropped += len(rows)

    def _compact(self, incoming: int) -> None:
        """The alive rows moved to the front of columns with room for `incoming` more
        (a third more than needed: compactions stay rare)."""
        keep = np.flatnonzero(self._alive[:self._end])
        size = max(16, (len(keep) + incoming) * 3 // 2)
        for name in _COLUMNS:
            col = np.zeros(size, self._cols[name].dtype)
            col[: len(keep)] = self._cols[name][keep]
            self._cols[name] = col
        code = np.zeros(size, np.int32)
        code[: len(keep)] = self._code[keep]
        self._code = code
        if self._kinds is not None:
            kinds = np.full(size, None, object)
            kinds[: len(keep)] = self._kinds[keep]
            self._kinds = kinds
        self._alive = np.zeros(size, bool)
        self._alive[: len(keep)] = True
        self._end = len(keep)

    def clear(self, codes: Iterable[str]) -> None:
        """Forget `codes` (their day restarted; their next trades start a new day)."""
        ids = [self._ids[c] for c in codes if c in self._ids]
        if not ids:
            return
        numbers = np.asarray(ids, np.int32)
        rows = np.flatnonzero(self._alive[:self._end] & np.isin(self._code[:self._end],
                                                                 numbers))
        self._alive[rows] = False
        self._count -= len(rows)
        self._kept[numbers] = 0
        self._dropped[numbers] = 0
        self._last_seq[numbers] = -1

    def _rows(self, rows: np.ndarray) -> BigTrades:
        kinds = None if self._kinds is None else self._kinds[rows].tolist()
        names = self._names
        return BigTrades([names[i] for i in self._code[rows].tolist()],
                         *(self._cols[name][rows] for name in _COLUMNS), kinds)

    def of(self, code: str) -> BigTrades:
        """`code`'s kept trades, oldest first."""
        i = self._ids.get(code)
        if i is None or not self._kept[i]:
            return BigTrades.empty()
        end = self._end
        return self._rows(np.flatnonzero(self._alive[:end] & (self._code[:end] == i)))

    def oldest_first(self, codes: Collection[str] | None = None) -> BigTrades:
        """The kept trades of `codes` (all when None) in the order they came (a code's in
        sequence): what a source's snapshot carries again, without a sort."""
        end = self._end
        keep = self._alive[:end]
        if codes is not None:
            numbers = [self._ids[c] for c in codes if c in self._ids]
            keep = keep & np.isin(self._code[:end], np.asarray(numbers, np.int32))
        return self._rows(np.flatnonzero(keep))

    def recent(self, *, codes: Collection[str] | None = None, min_value: float = 0.0,
               side: int | None = None, limit: int = 200) -> BigTrades:
        """The newest `limit` kept trades of `codes` (all when None) worth at least
        `min_value`, of one `side` when given: newest first (by exchange time; a code's
        own by sequence)."""
        end = self._end
        keep = self._alive[:end] & (self._cols["value"][:end] >= min_value)
        if side is not None:
            keep &= self._cols["side"][:end] == side
        if codes is not None:
            numbers = [self._ids[c] for c in codes if c in self._ids]
            keep &= np.isin(self._code[:end], np.asarray(numbers, np.int32))
        rows = np.flatnonzero(keep)
        if not len(rows):
            return BigTrades.empty()
        # Newest first: by time, then by sequence (a code's prints within one second).
        order = np.lexsort((-self._cols["seq"][rows], -self._cols["times"][rows]))
        return self._rows(rows[order[:max(limit, 0)]])
