"""Futu OpenD's two capital-flow answers as FlowDeck's record, detail and minute points.

- `get_capital_distribution(code)`: one row, the day's buy-initiated (`capital_in_*`)
  and sell-initiated (`capital_out_*`) value per tier (`super`, `big`, `mid`, `small`)
  and `update_time`. It gives the record: tier net = in - out; turnover = the sum of in
  and out over the four tiers (Futu counts each classified trade once, on its
  aggressor's side; it reports no neutral trades, so this is the turnover the tiers
  cover); each ratio = net / turnover (0 when nothing traded). main = super + large,
  retail = medium + small.
- `get_capital_flow(code, PeriodType.INTRADAY)`: one row per minute since the open,
  the cumulative net inflow per tier (`super_in_flow`, `big_in_flow`, `mid_in_flow`,
  `sml_in_flow`) at the end of the minute that starts at `capital_flow_item_time`.
  `main_in_flow` is "N/A" in this period, so main is computed as super + big here too.
  The minutes become trading-minute indexes (core.markets), so the sparklines get the
  whole day at once.

OpenD sends the super tier only where it classifies one: a missing value ("N/A") counts
as 0 (the big tier then holds those trades). Tier names map super -> super, big ->
large, mid -> medium, small/sml -> small. Plain functions of plain rows (the feed turns
the SDK's DataFrames into lists of dicts in its worker thread). Also what the feed
derives from them: the points that changed since a code was last handed out, and the
markets' states.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ...core.batch import MarketStatus, MinutePoints
from ...core.codes import Market
from ...core.history import series_values
from ...core.markets import local_now, market_state, trading_minute
from ...core.records import CapitalFlowDetail, CapitalFlowRecord

DISTRIBUTION_TIERS = ("super", "big", "mid", "small")
FLOW_COLUMNS = ("super_in_flow", "big_in_flow", "mid_in_flow", "sml_in_flow")


@dataclass(frozen=True, slots=True)
class Distribution:
    update_time: str
    inflow: np.ndarray    # (4,) float64, per Tier
    outflow: np.ndarray   # (4,) float64

    @property
    def turnover(self) -> float:
        return float(self.inflow.sum() + self.outflow.sum())


@dataclass(frozen=True, slots=True)
class Intraday:
    minutes: np.ndarray   # (k,) int32 trading-minute indexes, increasing
    values: np.ndarray    # (k, 6) float64 cumulative net per series (SERIES_NAMES)
    last_time: str        # the last item's time, `YYYY-MM-DD HH:MM:SS` ("" when none)


def number(value: object) -> float:
    """A float from an SDK cell: "N/A", None, NaN or junk count as 0."""
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return out if math.isfinite(out) else 0.0


def parse_distribution(rows: Sequence[Mapping[str, object]]) -> Distribution:
    """The first row of get_capital_distribution's frame (as dicts)."""
    if not rows:
        raise ValueError("OpenD returned an empty capital distribution")
    row = rows[0]
    inflow = np.array([number(row.get(f"capital_in_{t}")) for t in DISTRIBUTION_TIERS])
    outflow = np.array([number(row.get(f"capital_out_{t}")) for t in DISTRIBUTION_TIERS])
    return Distribution(str(row.get("update_time") or ""), inflow, outflow)


def _seconds_of_day(text: str) -> int:
    """`YYYY-MM-DD HH:MM[:SS]` -> seconds since midnight; ValueError when malformed."""
    clock = text.strip().split(" ")[-1]
    parts = [int(p) for p in clock.split(":")]
    if len(parts) < 2:
        raise ValueError(text)
    return parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) > 2 else 0)


def parse_intraday(market: Market, rows: Sequence[Mapping[str, object]]) -> Intraday:
    """get_capital_flow's intraday frame (as dicts) as one point per trading minute; a
    later row for the same minute (an auction print before the open maps to minute 0)
    wins."""
    kept: dict[int, list[float]] = {}
    last_time = ""
    for row in rows:
        when = str(row.get("capital_flow_item_time") or "")
        try:
            seconds = _seconds_of_day(when)
        except ValueError:
            continue
        minute = int(trading_minute(market, seconds))
        kept.pop(minute, None)  # re-insert: dict order stays the order of arrival
        kept[minute] = [number(row.get(c)) for c in FLOW_COLUMNS]
        last_time = when
    if not kept:
        return Intraday(np.zeros(0, np.int32), np.zeros((0, 6)), "")
    minutes = np.fromiter(kept, np.int32, len(kept))
    order = np.argsort(minutes, kind="stable")
    cum4 = np.array(list(kept.values()), np.float64)[order]
    return Intraday(minutes[order], series_values(cum4), last_time)


def build(code: str, dist: Distribution, day: Intraday
          ) -> tuple[CapitalFlowRecord, CapitalFlowDetail, MinutePoints]:
    """The record and detail from the distribution, the points from the intraday series."""
    update_time = dist.update_time or day.last_time
    record = CapitalFlowRecord.from_tier_values(code, update_time, dist.inflow,
                                                dist.outflow, dist.turnover)
    # Futu does not say how many trades there were: 0 means unknown here.
    detail = CapitalFlowDetail(code, update_time, dist.turnover, 0,
                               tuple(float(v) for v in dist.inflow),    # type: ignore[arg-type]
                               tuple(float(v) for v in dist.outflow))   # type: ignore[arg-type]
    points = MinutePoints([code] * len(day.minutes), day.minutes, day.values)
    return record, detail, points


def changed_points(old: MinutePoints, new: MinutePoints) -> MinutePoints:
    """The points of `new` (one code's day) whose minute `old` lacks or holds other
    values at: usually the last minute or two, as the day goes on."""
    if not len(old):
        return new
    at = np.minimum(np.searchsorted(old.minutes, new.minutes), len(old) - 1)
    same = (old.minutes[at] == new.minutes) & (old.values[at] == new.values).all(axis=1)
    keep = np.flatnonzero(~same)
    if len(keep) == len(new):
        return new
    return MinutePoints([new.codes[i] for i in keep.tolist()], new.minutes[keep],
                        new.values[keep])


def older(age: float | None, limit: float) -> bool:
    return age is None or age >= limit


def market_of_code(code: str) -> Market:
    return Market(code.split(".", 1)[0])


def market_states(codes: Sequence[str]) -> dict[str, MarketStatus]:
    out = {}
    for market in Market:
        if any(c.startswith(market.value + ".") for c in codes):
            local = local_now(market)
            out[market.value] = MarketStatus(market_state(market, local),
                                             local.strftime("%Y-%m-%d %H:%M:%S"))
    return out
