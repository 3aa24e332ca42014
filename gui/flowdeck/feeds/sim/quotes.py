"""The simulator's prices beside its flows: each code's last trade price (from its tape,
as the engine gets the trades) and its previous close.

The previous close is the stock's reference price moved by a draw of half its daily
volatility, per (seed, code, day), on the tick grid: a day opens near its reference
price (tape.day_params), so a day's change is its gap from that close plus its own
walk. It is not the close of yesterday's tape (that would mean generating a whole day
per code, 1-10 ms each: seconds for a whole market), and so not the close the backfill
archives for that day (past_tape.py models the day, not the walk).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from statistics import NormalDist

import numpy as np

from ...core.batch import QuoteColumns
from ...core.records import CapitalFlowRecord
from ...core.stock_info import Quote
from .stocks import SimStock, code_hash

_GAP_VOLS = 0.5  # the previous close's spread around the reference, in daily vols
_NORMAL = NormalDist()


def prev_close(stock: SimStock, day: dt.date, seed: int) -> float:
    """The close of the trading day before `day`: the same for the same arguments."""
    h = code_hash(f"{seed}:{stock.code}:{day.toordinal()}:prev_close")
    u = ((h >> 11) + 0.5) / 2.0 ** 53  # in (0, 1): inv_cdf refuses 0 and 1
    price = stock.price * math.exp(_GAP_VOLS * stock.daily_vol * _NORMAL.inv_cdf(u))
    return round(max(round(price / stock.tick), 1) * stock.tick, stock.price_decimals)


class QuoteBook:
    """Per engine symbol, the last trade price of the day (NaN before the first trade)
    and the previous close; SimMarket writes it as it reveals trades."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.last = np.zeros(0)
        self.prev_close = np.zeros(0)

    def start_day(self, symbols: Sequence[int], stocks: Sequence[SimStock],
                  days: Sequence[dt.date]) -> None:
        """`symbols` (the `stocks`) start their `days`: no trade yet, the close before."""
        top = max(symbols, default=-1) + 1
        if top > len(self.last):
            cap = max(top, 2 * len(self.last), 16)
            self.last = np.concatenate([self.last, np.full(cap - len(self.last), np.nan)])
            self.prev_close = np.concatenate(
                [self.prev_close, np.full(cap - len(self.prev_close), np.nan)])
        index = np.asarray(symbols, np.intp)
        self.last[index] = np.nan
        self.prev_close[index] = [prev_close(s, day, self.seed)
                                  for s, day in zip(stocks, days, strict=True)]

    def traded(self, symbols: np.ndarray, prices: np.ndarray) -> np.ndarray:
        """Trades at `prices` went to the engine, of `symbols` (one each, grouped by
        symbol, each group in time order): the symbols that traded, in that order."""
        last = np.flatnonzero(np.append(symbols[1:] != symbols[:-1], True))
        touched = symbols[last]
        self.last[touched] = prices[last]
        return touched

    def quotes(self, codes: Sequence[str], symbols: np.ndarray,
               records: dict[str, CapitalFlowRecord]) -> tuple[dict[str, Quote], QuoteColumns]:
        """The quotes of `codes` (engine `symbols`), timed as their records, and the
        same in columns (Batch.quote_columns)."""
        last_a, prev_a = self.last[symbols], self.prev_close[symbols]
        quotes = {code: Quote(code, p, c, records[code].update_time if code in records else "")
                  for code, p, c in zip(codes, last_a.tolist(), prev_a.tolist(), strict=True)}
        return quotes, QuoteColumns(list(codes), last_a, prev_a)
