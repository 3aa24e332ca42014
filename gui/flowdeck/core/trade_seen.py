"""Which big trades were seen already, for whoever must act on each one once (a trade
alert, a printed line) while the same trades come again: a reconnect's snapshot, a
restarted day in the store (its tape starts over), the stream's own snapshot after the
follower's.

A code's trades are numbered per day (BigTrade.seq, rising): per code it keeps the day
and the highest number seen. A trade of that day numbered at or below it is a repeat; a
later day starts the count again; an earlier day's is a repeat too. Bounded by the
number of codes, whatever the number of trades.
"""

from __future__ import annotations

import numpy as np

from .big_trades import BigTrades

_DAY_S = 86_400


class SeenTrades:
    def __init__(self) -> None:
        self._last: dict[str, tuple[int, int]] = {}   # code -> (day, highest seq)

    def __len__(self) -> int:
        return len(self._last)

    def fresh(self, trades: BigTrades) -> np.ndarray:
        """A mask of the trades not seen before (in the order given); they are seen
        from now on."""
        out = np.zeros(len(trades), bool)
        if not len(trades):
            return out
        days = (trades.times // _DAY_S).astype(np.int64).tolist()
        last = self._last
        for i, (code, day, seq) in enumerate(zip(trades.codes, days, trades.seq.tolist(),
                                                 strict=True)):
            kept = last.get(code)
            if kept is None or day > kept[0] or (day == kept[0] and seq > kept[1]):
                last[code] = (day, seq)
                out[i] = True
        return out

    def forget(self, codes) -> None:
        for code in codes:
            self._last.pop(code, None)
