"""The big trades of a source that runs its own engine (the simulator, a replay): the
day's kept per code, for snapshots, and the last generations' new ones, for updates.

Such a source stamps what it writes with a generation number and each consumer asks
for "what is newer than generation g" (sim/market.py). The big trades follow the same
rule: each engine call's big trades are logged with the generation that made them. The
log keeps the last KEEP_GENERATIONS generations (at most KEEP_ROWS rows); a consumer
further behind gets its codes' kept day instead, and the tape drops what it has
already (by sequence). The day's trades are kept as the window keeps them
(core.trade_tape: the last `per_code` of each code, `total` in all), so a snapshot is
bounded the same way and repeats the same numbers after a reconnect.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence

import numpy as np

from ..core.big_trade_thresholds import TapeSettings
from ..core.big_trades import BigTrades, concat_trades
from ..core.engine import FlowEngine
from ..core.engine_points import BigOut
from ..core.trade_tape import TradeTape
from .engine_batch import engine_trades

#: Generations of new big trades kept for consumers (a batch interval each), and at
#: most this many rows (a busy simulated market prints ~2,000 big trades a second).
KEEP_GENERATIONS = 64
KEEP_ROWS = 10_000


class BigTradeLog:
    def __init__(self, settings: TapeSettings | None = None) -> None:
        self.settings = settings or TapeSettings()
        self._day = TradeTape(self.settings.per_code, self.settings.total)
        self._parts: deque[tuple[int, np.ndarray, BigTrades]] = deque()
        self._rows = 0
        self._horizon = 0  # generations up to here may be missing from the parts
        self._limits = np.zeros(0)
        self._limits_for = -1  # the engine's symbol count the limits were made for

    def set_settings(self, settings: TapeSettings) -> None:
        """New thresholds (for trades from now on) and caps (the day kept again)."""
        old = self.settings
        self.settings = settings
        self._limits_for = -1
        if (settings.per_code, settings.total) != (old.per_code, old.total):
            kept = self._day
            self._day = TradeTape(settings.per_code, settings.total)
            self._day.add(kept.oldest_first())

    def limits(self, engine: FlowEngine, symbols: Mapping[str, int]) -> np.ndarray:
        """The minimum value per engine symbol (FlowEngine.process's `big_min`);
        `symbols` names them (code -> symbol), for the per-code values."""
        if self._limits_for != engine.n_symbols:
            self._limits = self.settings.thresholds.per_symbol(engine.market_index, symbols)
            self._limits_for = engine.n_symbols
        return self._limits

    def add(self, generation: int, codes: Sequence[str], symbols: np.ndarray,
            times: np.ndarray, price: np.ndarray, quantity: np.ndarray,
            big: BigOut | None) -> None:
        """Log the big trades of one engine call (its arguments and `big`, its output);
        `codes[symbol]` names a symbol."""
        if big is None or not len(big):
            return
        trades = engine_trades(codes, symbols, times, price, quantity, big)
        self._day.add(trades)
        self._parts.append((generation, symbols[big.index], trades))
        self._rows += len(trades)
        while len(self._parts) > 1 and (
                self._parts[0][0] <= generation - KEEP_GENERATIONS
                or self._rows > KEEP_ROWS):
            gone, _, part = self._parts.popleft()
            self._rows -= len(part)
            self._horizon = max(self._horizon, gone)

    def clear(self, codes: Sequence[str]) -> None:
        """A new day for `codes`: their kept trades go."""
        self._day.clear(codes)

    def day(self, codes: Sequence[str]) -> BigTrades:
        """The kept big trades of `codes` today (at most `per_code` each), in the order
        they came (a code's in sequence)."""
        return self._day.oldest_first(codes)

    def since(self, codes: Sequence[str], symbols: np.ndarray, since: int) -> BigTrades:
        """The big trades of `codes` (engine `symbols`) logged after generation `since`
        (0, or further back than the log goes: their kept day)."""
        if since <= 0 or since < self._horizon:
            return self.day(codes)
        parts = [(s, t) for g, s, t in self._parts if g > since]
        if not parts:
            return BigTrades.empty()
        trades = concat_trades([t for _, t in parts])
        mine = np.isin(np.concatenate([s for s, _ in parts]), symbols)
        return trades if mine.all() else trades.take(mine)
