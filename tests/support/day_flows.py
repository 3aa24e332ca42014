"""Synthetic DayFlows for the archive's tests, drill and bench: deterministic for a
seed, minute series shaped like a live day's (cumulative float64 per tier, flat in
minutes without trades, NaN before the first trade, values with cents)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from flowdeck.core.day_flow import DayFlow


def trading_days(n: int, last: dt.date = dt.date(2026, 12, 4)) -> list[dt.date]:
    """The n weekdays up to `last`, oldest first."""
    out, d = [], last
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d -= dt.timedelta(days=1)
    return out[::-1]


def minute_series(rng: np.random.Generator, count: int, minutes: int = 330) -> np.ndarray:
    """(count, minutes, 4) float64 cumulative nets: per minute a trade in a tier with
    probability 0.6, a value of lots times a price with a tick of 0.01."""
    lots = rng.integers(-400, 400, (count, minutes, 4)) * 100
    price = np.round(rng.uniform(1, 500, (count, 1, 1)), 2)
    step = np.where(rng.random((count, minutes, 4)) < 0.6, lots * price, 0.0)
    series = np.cumsum(step, axis=1)
    first = rng.integers(0, 5, count)
    series[np.arange(minutes)[None, :] < first[:, None]] = np.nan
    return series


def day_flows(codes: list[str], day: dt.date, seed: int, *, minutes: bool = True,
              complete: bool = True, known_flows: bool = True) -> list[DayFlow]:
    """One DayFlow per code for `day`; `known_flows` False: nets only (Futu's DAY
    history: inflow, outflow and turnover unknown)."""
    rng = np.random.default_rng([seed, day.toordinal()])
    n = len(codes)
    inflow = np.round(rng.uniform(0, 1e8, (n, 4)), 2)
    outflow = np.round(rng.uniform(0, 1e8, (n, 4)), 2)
    close = np.round(rng.uniform(1, 500, n), 2)
    series = minute_series(rng, n) if minutes else None
    out = []
    for i, code in enumerate(codes):
        net = tuple(float(x) for x in inflow[i] - outflow[i])
        kw: dict = {}
        if known_flows:
            kw = {"turnover": float(inflow[i].sum() + outflow[i].sum()),
                  "inflow": tuple(inflow[i].tolist()), "outflow": tuple(outflow[i].tolist())}
        out.append(DayFlow(code, day, net, close=float(close[i]), complete=complete,
                           update_time=f"{day.isoformat()} 16:00:00" if complete else
                           f"{day.isoformat()} 11:00:00",
                           minutes=series[i] if series is not None else None, **kw))
    return out


def codes_for(n: int) -> list[str]:
    return [f"HK.{i:05d}" for i in range(1, n + 1)]
