"""The simulator's whole market, for the Market view and the gateway's rankings: every
universe code of the markets asked for, with its 12 record numbers, turnover, last
price and previous close, at the virtual time of the simulator's clocks.

    whole = WholeMarket(SimUniverse(seed), market_clocks(speed))
    table = whole.table([Market.HK])      # a feeds.market_table.MarketTable

A market is built when first asked for (sim_stock for each code: ~0.15 s for 4,000)
and then caught up from its open (~1 ms a trading minute for 4,000 codes); markets
never asked for cost nothing. market_model.py says how the numbers are drawn.

Followed codes: the table's row of a code the live simulator follows holds the live
simulator's numbers (its FlowEngine's records over the trade-by-trade tape, its
quotes), passed in as FollowedRows. Why not the model's numbers for them, or the tape
for every code: a row in the Market view must agree with the same code's row in the
watchlist, its detail dock and its alerts, which are the live simulator's; and running
the tape for 11,700 codes (~50 M trades a day at ~0.3 us each) is what the model is
there to avoid. So a followed code is not moved by its sector's factor (its tape has
its own pressure): a few dozen codes among thousands. Its sparkline is the LiveStore's
(the whole day, trade by trade): `followed` marks those rows.

Memory: per code a few float64 totals and one float32 main net per trading minute
(the sparklines): ~14 MB for all four markets (HK 330, US 390, SH/SZ 240 minutes).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ...core.codes import Market
from ...core.markets import (
    MARKET_ORDER,
    format_local_seconds,
    from_local_seconds,
    to_local_seconds,
)
from ...core.records import SERIES_NAMES
from ..engine_batch import record_values as engine_values
from ..market_table import MarketTable
from .clock import VirtualClock, session_day
from .market import SimMarket
from .market_model import MarketModel
from .universe import SimUniverse

_MINUTE = 60


def record_values(buy: np.ndarray, sell: np.ndarray, turnover: np.ndarray) -> np.ndarray:
    """(n, 12) in NUMERIC_KEYS order from buy and sell value per tier (n, 4) and the
    turnover: main = super + large, retail = medium + small, each ratio its net over
    the turnover clipped to [-1, 1]; NaN for a code with no trade yet (no record)."""
    tiers = buy - sell
    nets = np.empty((len(buy), len(SERIES_NAMES)))
    nets[:, 0] = tiers[:, 0] + tiers[:, 1]
    nets[:, 1] = tiers[:, 2] + tiers[:, 3]
    nets[:, 2:] = tiers
    traded = (turnover > 0)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.clip(nets / turnover[:, None], -1.0, 1.0)
    out = np.empty((len(buy), 2 * len(SERIES_NAMES)))
    out[:, 0::2] = np.where(traded, nets, np.nan)
    out[:, 1::2] = np.where(traded, ratios, np.nan)
    return out


@dataclass(slots=True, eq=False)
class FollowedRows:
    """The live simulator's numbers of the codes it follows (followed_rows)."""
    codes: list[str]
    values: np.ndarray       # (k, 12)
    turnover: np.ndarray
    last: np.ndarray
    prev_close: np.ndarray
    update_time: list[str]


def followed_rows(sim: SimMarket) -> FollowedRows:
    """What `sim` has for each code it follows (call it under the feed's lock)."""
    codes = sim.codes
    engine = sim.engine
    # SimMarket adds a code's engine symbol and its place in `codes` together: the
    # k-th code is symbol k.
    symbols = np.arange(len(codes), dtype=np.intp)
    if engine.n_symbols != len(codes):
        raise RuntimeError("the live simulator's codes and engine symbols disagree")
    return FollowedRows(codes, engine_values(engine, symbols),
                        np.array(engine.turnover[symbols]),
                        np.array(sim.quotes.last[symbols]),
                        np.array(sim.quotes.prev_close[symbols]),
                        [engine.record(i, c).update_time
                         for i, c in zip(symbols.tolist(), codes, strict=True)])


class WholeMarket:
    """Every universe code of the markets asked for, advancing with `clocks` (the live
    simulator's: SimMarket.clocks). Not thread-safe: one caller at a time."""

    def __init__(self, universe: SimUniverse, clocks: Mapping[Market, VirtualClock],
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.universe = universe
        self.clocks = clocks
        self._monotonic = monotonic
        self._wall = -math.inf
        self._models: dict[Market, MarketModel] = {}
        self._index: dict[Market, dict[str, int]] = {}
        self._codes: dict[tuple[Market, ...], list[str]] = {}

    def model(self, market: Market) -> MarketModel:
        """The market's model, built on first use (its day not yet revealed)."""
        model = self._models.get(market)
        if model is None:
            stocks = self.universe.market_stocks(market)
            ids = sorted({info.sector for info in stocks.values()})
            position = {s: k for k, s in enumerate(ids)}
            sector = np.fromiter((position[i.sector] for i in stocks.values()), np.intp,
                                 len(stocks))
            model = self._models[market] = MarketModel(market, list(stocks), sector,
                                                       self.universe.seed)
            self._index[market] = {c: k for k, c in enumerate(model.codes)}
        return model

    def table(self, markets: Sequence[Market], wall: float | None = None,
              followed: FollowedRows | None = None) -> MarketTable:
        """The table of `markets` at the wall-clock reading `wall` (default: now;
        earlier than the last reading counts as the last), followed codes' rows from
        `followed`."""
        markets = sorted(set(markets), key=list(Market).index)
        wall = self._monotonic() if wall is None else float(wall)
        self._wall = max(self._wall, wall)
        parts, blocks, first = [], [], 0
        for market in markets:
            part = self._market_part(market)
            parts.append(part)
            model = self._models[market]
            blocks.append((first, first + len(model.codes), model.series, model.done))
            first += len(model.codes)
        key = tuple(markets)
        codes = self._codes.get(key)
        if codes is None:
            codes = self._codes[key] = [c for m in markets for c in self._models[m].codes]
        cols = [np.concatenate([p[k] for p in parts]) if parts else np.zeros(0)
                for k in range(6)]
        values = np.concatenate([p[6] for p in parts]) if parts else np.zeros((0, 12))
        table = MarketTable(codes, values, cols[0].astype(np.int8), cols[1], cols[2],
                            cols[3], cols[4], cols[5].astype(bool), "simulated", blocks)
        if followed is not None:
            self._overlay(table, markets, followed)
        return table

    def _market_part(self, market: Market) -> tuple[np.ndarray, ...]:
        model = self.model(market)
        clock = self.clocks[market]
        now = clock.local_seconds(self._wall)
        day = session_day(market, from_local_seconds(math.floor(now)))
        if day != model.day:
            model.start_day(day)
        since_midnight = now - to_local_seconds(dt.datetime.combine(day, dt.time()))
        ends = (model.clock.astype(np.float64) + 1) * _MINUTE
        done = int(np.searchsorted(ends, since_midnight, side="right"))
        fraction = 0.0
        if done < model.minutes:
            start = model.clock[done] * _MINUTE
            fraction = min(max((since_midnight - start) / _MINUTE, 0.0), 1.0)
        buy, sell, turnover, log_price = model.reveal(done, fraction)
        n = len(model.codes)
        label = format_local_seconds(math.floor(now))
        return (np.full(n, MARKET_ORDER.index(market), np.int8),
                np.full(n, label, object), turnover.copy(),
                model.last_price(log_price, turnover), model.prev_close,
                np.zeros(n, bool), record_values(buy, sell, turnover))

    def _overlay(self, table: MarketTable, markets: list[Market],
                 followed: FollowedRows) -> None:
        offsets, first = {}, 0
        for market in markets:
            offsets[market.value] = first
            first += len(self._models[market].codes)
        for k, code in enumerate(followed.codes):
            market = Market(code.partition(".")[0])
            row = self._index[market].get(code) if market.value in offsets else None
            if row is None:
                continue  # followed, but not a universe code of these markets
            row += offsets[market.value]
            table.values[row] = followed.values[k]
            table.turnover[row] = followed.turnover[k]
            table.last[row] = followed.last[k]
            table.prev_close[row] = followed.prev_close[k]
            table.update_time[row] = followed.update_time[k]
            table.followed[row] = True
