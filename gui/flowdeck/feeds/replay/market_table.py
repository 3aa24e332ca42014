"""A replay's whole market for the Market view and the rankings (feeds.base.RanksMarkets:
issue 20's "replay: the codes in the file"): every code of the file in the markets
asked for, with the engine's numbers at the replay's clock, the last trade's price and
the previous close. The file's trades are all counted already (ReplayMarket runs every
code of the file through its engine), so a table costs one gather, no extra pass.

No per-minute series comes with it: the rows the window follows draw their own
(`followed`: the replay's numbers are the live feed's), the others none."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ...core.codes import Market
from ...core.markets import MARKET_ORDER, format_local_seconds
from ..engine_batch import record_values
from ..market_table import MarketTable
from .market import ReplayMarket


class ReplayTables:
    """Makes a ReplayMarket's tables (the file's codes of some markets at one instant,
    rows in market then file order; NaN before a code's first trade); keeps each market
    choice's code list."""

    def __init__(self) -> None:
        self._rows: dict[tuple[Market, ...], tuple[list[str], np.ndarray]] = {}

    def table(self, replay: ReplayMarket, markets: Sequence[Market]) -> MarketTable:
        """Call with the replay's lock held (its engine moves on in worker threads)."""
        key = tuple(m for m in MARKET_ORDER if m in markets)
        kept = self._rows.get(key)
        if kept is None:
            rows = np.concatenate([replay.members(m) for m in key] or [np.zeros(0, np.intp)])
            kept = self._rows[key] = ([replay.codes[i] for i in rows.tolist()], rows)
        codes, rows = kept
        engine = replay.engine
        values = record_values(engine, rows)
        traded = engine.trades[rows] > 0
        values[~traded] = np.nan
        seconds = engine.last_time[rows]
        times = np.array([format_local_seconds(s) if s >= 0 else "" for s in seconds.tolist()],
                         object)
        last, prev_close = replay.prices(rows)
        return MarketTable(codes, values, engine.market_index[rows].astype(np.int8), times,
                           engine.turnover[rows].astype(np.float64), last, prev_close,
                           np.ones(len(rows), bool), "file")
