"""DayFlow <-> a `days` row (schema.DAY_COLUMNS after source and code): a day not
complete yet (a complete one is in its month's pack, day_packs.py); and the rule of
which of two versions of one code-day is kept.

Two things are stored shorter, exactly (a year of daily rows is ~35% smaller): a tier's
net is NULL when its inflow minus its outflow gives it bit for bit (a live day; Futu's
DAY rows have nets only and keep them), and an update_time that starts with the day's
date keeps only what follows it (" 16:00:00"; a stored value starting with "=" is the
whole text after the "=").
"""

from __future__ import annotations

import datetime as dt
import math

from ...core.day_flow import DayFlow
from .day_packs import day_key, day_of
from .minute_merge import merge_minutes

ROW_COLUMNS = ("day", "complete", "turnover", "close", "update_time", "net_super",
               "net_large", "net_medium", "net_small", "in_super", "in_large",
               "in_medium", "in_small", "out_super", "out_large", "out_medium",
               "out_small")


def _maybe(x: float | None) -> float | None:
    return None if x is None else float(x)


def _same(a: float, b: float) -> bool:
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def _stored_net(net: float, inflow: float | None, outflow: float | None) -> float | None:
    if inflow is not None and outflow is not None and _same(inflow - outflow, net):
        return None
    return net


def _stored_time(text: str, day: dt.date) -> str:
    prefix = day.isoformat()
    if text.startswith(prefix + " "):
        return text[len(prefix):]
    return "=" + text if text.startswith((" ", "=")) else text


def _read_time(stored: str, key: int) -> str:
    if stored.startswith(" "):
        return day_of(key).isoformat() + stored
    return stored[1:] if stored.startswith("=") else stored


def row_of(flow: DayFlow) -> tuple:
    """The values of ROW_COLUMNS (None stays NULL; floats as float64)."""
    inflow = tuple(_maybe(x) for x in flow.inflow)
    outflow = tuple(_maybe(x) for x in flow.outflow)
    nets = tuple(_stored_net(float(n), i, o)
                 for n, i, o in zip(flow.net, inflow, outflow, strict=True))
    return (day_key(flow.day), int(bool(flow.complete)), _maybe(flow.turnover),
            _maybe(flow.close), _stored_time(flow.update_time, flow.day), *nets,
            *inflow, *outflow)


def flow_of(code: str, row: tuple) -> DayFlow:
    """A DayFlow from the values of ROW_COLUMNS (no minutes)."""
    inflow, outflow = tuple(row[9:13]), tuple(row[13:17])
    net = tuple(i - o if n is None else n for n, i, o in zip(row[5:9], inflow, outflow,
                                                                  strict=True))
    return DayFlow(code=code, day=day_of(row[0]), complete=bool(row[1]), turnover=row[2],
                   close=row[3], update_time=_read_time(row[4], row[0]), net=net,
                   inflow=inflow, outflow=outflow)


def kept(old: DayFlow | None, new: DayFlow) -> DayFlow:
    """Which of two versions of a code-day stays: the newer, except that a complete day
    is never replaced by an incomplete one (a late periodic save after the close); a
    newer version without minutes keeps the older one's, and one with minutes to merge
    (DayFlow.minutes_merge) is merged over them."""
    if old is None:
        return new
    if old.complete and not new.complete:
        return old
    if old.minutes is None or (new.minutes is not None and not new.minutes_merge):
        return new
    if new.minutes is None:
        minutes, merge = old.minutes, old.minutes_merge
    else:  # new minutes to merge over the old ones: both go
        minutes = merge_minutes(old.minutes, new.minutes, new.complete)
        merge = old.minutes_merge
    return DayFlow(new.code, new.day, new.net, new.turnover, new.inflow, new.outflow,
                   new.close, new.complete, new.update_time, minutes, merge)
