"""The gateway's followed codes as the archive's DayFlows (what its own archive saves
every few minutes, at each market's close and at shutdown).

The gateway's FlowState holds what an archive row needs, exactly: the record's tier
nets (what /v1/capital_flow answered), the detail's turnover and in/outflows, and the
day's minute series in float64 (the engine's sums: its last minute equals the record).
So the whole series is saved as it stands (`minutes_merge` False), unlike the window,
whose drawing store is float32 (live/day_keeper.py). The close price is not kept.

A code's day is its record's date; it is complete by core.day_flow.day_is_over (the
window's DayKeeper uses the same rule).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np

from ..core.batch import MarketStatus
from ..core.day_flow import DayFlow, day_is_over
from .state import FlowState


def day_is_complete(markets: Mapping[str, MarketStatus], code: str, day: str) -> bool:
    """Whether `code`'s day `day` (YYYY-MM-DD) is over as the market states say."""
    status = markets.get(code.partition(".")[0])
    if status is None:
        return False
    return day_is_over(status.state, status.local_time, day)


def day_flow_of(state: FlowState, code: str) -> DayFlow | None:
    """`code`'s day so far (complete once over), or None: not followed, no record yet,
    or no trade counted yet (an empty update_time)."""
    st = state.codes.get(code)
    if st is None or st.record is None or len(st.record.update_time) < 10:
        return None
    rec = st.record
    day_text = rec.update_time[:10]
    try:
        day = dt.date.fromisoformat(day_text)
    except ValueError:
        return None
    complete = day_is_complete(state.markets, code, day_text)
    flow = DayFlow(code, day, (rec.super_net_inflow, rec.large_net_inflow,
                               rec.medium_net_inflow, rec.small_net_inflow),
                   complete=complete, update_time=rec.update_time)
    det = st.detail
    if det is not None and det.update_time[:10] == day_text:
        flow.turnover = float(det.turnover)
        flow.inflow = tuple(float(v) for v in det.inflow)     # type: ignore[assignment]
        flow.outflow = tuple(float(v) for v in det.outflow)   # type: ignore[assignment]
    flow.minutes = _minutes(state, code, complete)
    return flow


def _minutes(state: FlowState, code: str, complete: bool) -> np.ndarray | None:
    history = state.history
    if code not in history:
        return None
    last = history.last_minute(code)
    if last < 0:
        return None
    minutes = np.array(history.series(code)[2:].T, np.float64)   # (session minutes, 4)
    if complete:
        # The day is over: every later minute holds the day's number.
        minutes[last + 1:] = minutes[last]
    return minutes
