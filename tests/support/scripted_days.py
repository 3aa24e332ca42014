"""Archived days a test can add up by hand (the periods of /v1/rank and `flowdeck rank`):
a code's main net per day (all in the super tier), a fixed turnover, written through
the real ArchiveWriter as a front end's day keeper writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from flowdeck.core.day_flow import DayFlow
from flowdeck.storage.archive import ArchiveWriter


def main_days(code: str, days: Sequence[dt.date], net: float,
              turnover: float) -> list[DayFlow]:
    """`code`'s complete days, each with `net` in the super tier (main = `net`)."""
    inflow = (turnover / 2 + net / 2, 0.0, 0.0, 0.0)
    outflow = (turnover / 2 - net / 2, 0.0, 0.0, 0.0)
    return [DayFlow(code, day, (net, 0.0, 0.0, 0.0), turnover=turnover, inflow=inflow,
                    outflow=outflow, close=10.0, complete=True,
                    update_time=f"{day.isoformat()} 16:00:00") for day in days]


def write_days(path: Path, identity: str,
               scripted: Mapping[str, tuple[Sequence[dt.date], float, float]]) -> None:
    """code -> (days, net a day, turnover a day), saved for `identity` at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = ArchiveWriter(path, identity)
    writer.submit([flow for code, (days, net, turnover) in scripted.items()
                   for flow in main_days(code, days, net, turnover)])
    assert writer.close(timeout=30), "the scripted days were not saved"
