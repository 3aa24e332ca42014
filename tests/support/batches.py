"""Small batches for the live-layer tests: records, details and points by hand."""

from __future__ import annotations

import numpy as np

from flowdeck.core.batch import Batch, MinutePoints
from flowdeck.core.records import CapitalFlowDetail, CapitalFlowRecord


def rec(code: str, main: float, t: str = "10:00:00") -> CapitalFlowRecord:
    """A record whose main (and super) net inflow is `main`, at 2025-03-14 `t`."""
    return CapitalFlowRecord(code, f"2025-03-14 {t}", main_net_inflow=main,
                             super_net_inflow=main)


def detail(code: str, turnover: float) -> CapitalFlowDetail:
    return CapitalFlowDetail(code, "2025-03-14 10:00:00", turnover, 1,
                             (0.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0))


def points(rows: list[tuple[str, int, float]]) -> MinutePoints:
    """Points (code, minute, value for every series), sorted as feeds send them."""
    rows = sorted(rows, key=lambda r: (r[0], r[1]))
    return MinutePoints([r[0] for r in rows], np.array([r[1] for r in rows], np.int32),
                        np.array([[r[2]] * 6 for r in rows], np.float32).reshape(-1, 6))


def values(snapshot: bool = False, t: str = "10:00:00", **mains: float) -> Batch:
    """A batch with one record per keyword: values(HK_00700=5e7) -> HK.00700 at 5e7."""
    records = {}
    for key, main in mains.items():
        code = key.replace("_", ".", 1)
        records[code] = rec(code, main, t)
    return Batch(records=records, snapshot=snapshot)
