"""A batch from a FlowEngine's accumulators: what the simulator and the replay both send.
Records and details per code, the same numbers in columns (one numpy step, so the
window need not read thousands of records), and the minute points a points store
(minute_points) handed back for those codes."""

from __future__ import annotations

import numpy as np

from ..core.batch import Batch, MinutePoints, RecordColumns
from ..core.engine import FlowEngine
from ..core.history import series_values
from ..core.records import SERIES_NAMES


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


def engine_batch(engine: FlowEngine, codes: list[str], symbols: np.ndarray,
                 points: tuple[np.ndarray, np.ndarray, np.ndarray], snapshot: bool) -> Batch:
    """The batch of engine `symbols` (named `codes`, in that order) with `points` =
    (rows into `symbols`, trading minutes, cumulative net per tier and last price:
    minute_points.VALUES), rows in code order and minutes ascending, as the points
    stores return them."""
    batch = Batch(snapshot=snapshot)
    for code, i in zip(codes, symbols.tolist(), strict=True):
        batch.records[code] = engine.record(i, code)
        batch.details[code] = engine.detail(i, code)
    batch.columns = RecordColumns(codes, record_values(engine, symbols),
                                  [r.update_time for r in batch.records.values()])
    rows, minutes, cum = points
    if len(rows):
        # Codes by object-array indexing: no million Python ints on the heap.
        batch.points = MinutePoints(np.asarray(codes, object)[rows].tolist(),
                                    minutes.astype(np.int32),
                                    series_values(cum[:, :4]), cum[:, 4].copy())
    return batch
