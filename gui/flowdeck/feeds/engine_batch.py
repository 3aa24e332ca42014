"""A batch from a FlowEngine's accumulators: what the simulator and the replay both send.
Records and details per code, the same numbers in columns (one numpy step, so the
window need not read thousands of records), the minute points a points store
(minute_points) handed back for those codes, and the big trades the engine picked."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..core.batch import Batch, MinutePoints, RecordColumns
from ..core.big_trades import BigTrades
from ..core.engine import FlowEngine
from ..core.engine_points import BigOut
from ..core.history import series_values
from ..core.markets import format_local_seconds
from ..core.records import SERIES_NAMES, CapitalFlowDetail, CapitalFlowRecord


def record_values(engine: FlowEngine, symbols: np.ndarray) -> np.ndarray:
    """(k, 12) float64 in NUMERIC_KEYS order for engine `symbols`: the same numbers as
    `engine.record()` (same float64 sums and ratios), for all of them in one step."""
    buy, sell = engine.buy[symbols], engine.sell[symbols]
    turnover = engine.turnover[symbols][:, None]
    nets = np.empty((len(symbols), len(SERIES_NAMES)))
    tiers = buy - sell
    nets[:, 0] = tiers[:, 0] + tiers[:, 1]
    nets[:, 1] = tiers[:, 2] + tiers[:, 3]
    nets[:, 2:] = tiers
    traded = np.isfinite(turnover) & (turnover > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(traded, np.clip(nets / turnover, -1.0, 1.0), 0.0)
    out = np.empty((len(symbols), 2 * len(SERIES_NAMES)))
    out[:, 0::2] = nets
    out[:, 1::2] = ratios
    return out


def update_times(seconds: np.ndarray) -> np.ndarray:
    """The update_time of each local second (-1: no trade yet, ""), each distinct
    second formatted once; an object array (the window's table takes it in one step:
    a list of 5,000 was converted on the UI thread, 170 us a batch)."""
    distinct, inverse = np.unique(seconds, return_inverse=True)
    texts = np.empty(len(distinct), object)
    texts[:] = [format_local_seconds(t) if t >= 0 else "" for t in distinct.tolist()]
    return texts[inverse.ravel()]


def engine_batch(engine: FlowEngine, codes: list[str], symbols: np.ndarray,
                 points: tuple[np.ndarray, np.ndarray, np.ndarray], snapshot: bool) -> Batch:
    """The batch of engine `symbols` (named `codes`, in that order) with `points` =
    (rows into `symbols`, trading minutes, cumulative net per tier and last price:
    minute_points.VALUES), rows in code order and minutes ascending, as the points
    stores return them."""
    batch = Batch(snapshot=snapshot)
    # The records and details engine.record() and .detail() make, from columns: a
    # simulator of 5,000 codes changes ~1,500 a second (their calls: ~40 ms).
    values = record_values(engine, symbols)
    times = update_times(engine.last_time[symbols])
    records, details = batch.records, batch.details
    for code, time, row, turnover, trades, inflow, outflow in zip(
            codes, times, values.tolist(), engine.turnover[symbols].tolist(),
            engine.trades[symbols].tolist(), engine.buy[symbols].tolist(),
            engine.sell[symbols].tolist(), strict=True):
        records[code] = CapitalFlowRecord(code, time, *row)
        details[code] = CapitalFlowDetail(code, time, turnover, trades, tuple(inflow),
                                          tuple(outflow))
    batch.columns = RecordColumns(codes, values, times)
    rows, minutes, cum = points
    if len(rows):
        # Codes by object-array indexing: no million Python ints on the heap.
        batch.points = MinutePoints(np.asarray(codes, object)[rows].tolist(),
                                    minutes.astype(np.int32),
                                    series_values(cum[:, :4]), cum[:, 4].copy())
    return batch


def engine_trades(codes: Sequence[str], symbols: np.ndarray, times: np.ndarray,
                  price: np.ndarray, quantity: np.ndarray, big: BigOut) -> BigTrades:
    """The big trades `FlowEngine.process` handed out (`big`) for the batch it was given
    (`symbols`, `times`, `price`, `quantity`), `codes[symbol]` naming each."""
    at = big.index
    return BigTrades([codes[i] for i in symbols[at].tolist()], times[at].astype(np.float64),
                     price[at].astype(np.float64), quantity[at].astype(np.float64),
                     price[at] * quantity[at], big.side, big.tier, big.seq)
