"""Day matrices for the multi-day tests and bench, and a naive per-code reading of the
multi-day rules (core/multiday.py's docstring) to check the vectorised one against."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

import numpy as np

from flowdeck.core.day_matrix import DayMatrix

# code -> day -> (main net, turnover); the main net is put in the super tier, with the
# large tier 0 (main = super + large). A turnover of None is unknown.
Days = Mapping[str, Mapping[dt.date, tuple[float, float | None]]]


def matrix_of(days: Days, columns: Sequence[dt.date] | None = None,
              codes: Sequence[str] | None = None) -> DayMatrix:
    codes = list(codes if codes is not None else days)
    columns = sorted(columns if columns is not None
                     else {d for per in days.values() for d in per})
    net = np.full((len(codes), len(columns), 4), np.nan)
    turnover = np.full((len(codes), len(columns)), np.nan)
    col = {d: j for j, d in enumerate(columns)}
    for i, code in enumerate(codes):
        for day, (main, turn) in days.get(code, {}).items():
            net[i, col[day]] = (main, 0.0, 1.0, -1.0)
            turnover[i, col[day]] = np.nan if turn is None else turn
    return DayMatrix(codes, columns, net, turnover)


def naive_windows(history: Sequence[tuple[float, float]], today: float,
                  today_turnover: float, n: int) -> tuple[float, float, int]:
    """(net, ratio, known days) of one code's window. `history` is its (main, turnover)
    on the trading days before the live day, most recent first, NaN main: not archived;
    `today` its live day's main net (NaN: none)."""
    entries = [(today, today_turnover), *history[:n - 1]]
    known = [(m, t) for m, t in entries if not math.isnan(m)]
    if not known:
        return math.nan, math.nan, 0
    net = sum(m for m, _ in known)
    turnover = sum(t for _, t in known)
    if math.isnan(turnover):
        return net, math.nan, len(known)
    ratio = 0.0 if turnover == 0 else max(-1.0, min(1.0, net / turnover))
    return net, ratio, len(known)


def naive_streak(history: Sequence[float], today: float) -> int:
    """Signed days in a row of main inflow ending today (see core/multiday.py)."""
    values = ([today] if not math.isnan(today) and today != 0 else []) + list(history)
    if not values or math.isnan(values[0]) or values[0] == 0:
        return 0
    sign = 1 if values[0] > 0 else -1
    run = 0
    for v in values:
        if math.isnan(v) or v == 0 or (v > 0) != (sign > 0):
            break
        run += 1
    return sign * run
