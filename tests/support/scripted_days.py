"""Archived days a test can add up by hand (the periods of /v1/rank, `flowdeck rank` and
the Market view): a code's net per day in one tier (the super tier: the main net), a
fixed turnover, written through the real ArchiveWriter as a front end's day keeper
writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from flowdeck.core.day_flow import DayFlow
from flowdeck.storage.archive import ArchiveWriter


def main_days(code: str, days: Sequence[dt.date], net: float,
              turnover: float, tier: int = 0) -> list[DayFlow]:
    """`code`'s complete days, each with `net` in one tier: the super tier (main =
    `net`), or `tier` (3: small, retail = `net`)."""
    nets, inflow, outflow = [0.0] * 4, [0.0] * 4, [0.0] * 4
    nets[tier] = net
    inflow[tier], outflow[tier] = turnover / 2 + net / 2, turnover / 2 - net / 2
    return [DayFlow(code, day, tuple(nets), turnover=turnover, inflow=tuple(inflow),
                    outflow=tuple(outflow), close=10.0, complete=True,
                    update_time=f"{day.isoformat()} 16:00:00") for day in days]


def write_days(path: Path, identity: str,
               scripted: Mapping[str, tuple[Sequence[dt.date], float, float]],
               tier: int = 0) -> None:
    """code -> (days, net a day, turnover a day) in `tier`, saved for `identity` at
    `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = ArchiveWriter(path, identity)
    writer.submit([flow for code, (days, net, turnover) in scripted.items()
                   for flow in main_days(code, days, net, turnover, tier)])
    assert writer.close(timeout=30), "the scripted days were not saved"
