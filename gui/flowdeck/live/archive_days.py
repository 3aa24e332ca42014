"""The live state of codes as the archive's DayFlows (what an ArchiveWriter is handed
every few minutes and at each market's close).

From a code's detail: the nets (inflow minus outflow per tier, as the record computes
them), turnover, inflows and outflows, update_time. A code with a record but no detail
gives its record's tier nets and nothing else (unknown, not 0). A code with neither
is left out. Not here yet: the close price (the store keeps none) and the minute series
(the live history is float32; the archive keeps float64 so the API can answer from it
exactly): both stay None until the live layer has them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..core.day_flow import DayFlow
from ..core.records import TIER_NAMES
from .store import LiveStore


def day_flows_of(store: LiveStore, codes: Sequence[str], day: dt.date,
                 complete: bool = False) -> list[DayFlow]:
    out = []
    nets = {t: store.table.values_of(codes, f"{t}_net_inflow") for t in TIER_NAMES}
    for code in codes:
        detail = store.details.get(code)
        if detail is not None:
            net = tuple(float(i) - float(o) for i, o in
                        zip(detail.inflow, detail.outflow, strict=True))
            out.append(DayFlow(code, day, net, float(detail.turnover), tuple(detail.inflow),
                               tuple(detail.outflow), complete=complete,
                               update_time=detail.update_time))
        elif all(code in nets[t] for t in TIER_NAMES):
            row = store.table.row_of(code)
            update_time = str(store.table.update_time[row]) if row is not None else ""
            out.append(DayFlow(code, day, tuple(nets[t][code] for t in TIER_NAMES),
                               complete=complete, update_time=update_time))
    return out
