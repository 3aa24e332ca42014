"""Live batches for the table's multi-day tests: today's record and detail of some codes
(the provider reads the main net from the record, the turnover from the detail)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np

from flowdeck.core.batch import Batch
from flowdeck.core.records import CapitalFlowDetail, CapitalFlowRecord


def live_batch(live: Mapping[str, tuple[float, float]], day: dt.date,
               time: str = "10:30:00", tier: int = 0) -> Batch:
    """code -> (net, turnover) as records and details stamped `day` `time`; the net is
    all buying (or selling) of one tier (0 super: the main net; 3 small: retail)."""
    batch = Batch()
    stamp = f"{day.isoformat()} {time}"
    for code, (main, turnover) in live.items():
        nets = np.zeros(4)
        nets[tier] = main
        buy, sell = np.maximum(nets, 0.0), np.maximum(-nets, 0.0)
        batch.records[code] = CapitalFlowRecord.from_tier_values(code, stamp, buy, sell,
                                                                 turnover)
        batch.details[code] = CapitalFlowDetail(code, stamp, turnover, 1, tuple(buy.tolist()),
                                                tuple(sell.tolist()))
    return batch
