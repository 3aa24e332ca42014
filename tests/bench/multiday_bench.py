"""Multi-day numbers benchmark: prints one JSON line.

    PYTHONPATH=gui python tests/bench/multiday_bench.py [--codes 5000] [--days 250]

- window_query_ms: median time of core.multiday.multiday_numbers for 5,000 codes (4,000
  HK, 500 US, 500 SH, each market its own calendar, HK with 10 holidays) over a
  one-year matrix (250 trading days, 3% of code-days missing, 1% with an unknown
  turnover): the archive's part and the live values, i.e. 3/5/10/20-day nets, ratios,
  known-day counts and streaks. Also window_query_p99_ms.
- combine_ms: the per-batch share once the archive's part is built (MultiDayColumns.
  extra_columns on a 5,000-code batch: what the alert engine pays per batch).
- naive_ms: the same numbers code by code in Python (tests/support/day_matrices.py's
  reading, history walked per code), with naive_ratio = naive / ours; the two agree.
Goal: window_query_ms <= 30.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from tests.support.day_matrices import naive_streak, naive_windows  # noqa: E402

from flowdeck.core.batch import RecordColumns  # noqa: E402
from flowdeck.core.codes import Market  # noqa: E402
from flowdeck.core.day_matrix import DayMatrix  # noqa: E402
from flowdeck.core.derived_fields import WINDOWS  # noqa: E402
from flowdeck.core.multiday import (  # noqa: E402
    archived_part,
    market_of_codes,
    multiday_numbers,
)
from flowdeck.core.multiday_columns import MultiDayColumns  # noqa: E402
from flowdeck.core.records import NUMERIC_KEYS  # noqa: E402
from flowdeck.core.trading_calendar import (  # noqa: E402
    WEEKDAYS,
    DateSetCalendar,
    previous_trading_day,
    trading_days,
)

TODAY = dt.date(2026, 12, 4)


def build(n_codes: int, n_days: int, rng: np.random.Generator):
    codes = ([f"HK.{i:05d}" for i in range(n_codes * 4 // 5)]
             + [f"US.S{i}" for i in range(n_codes // 10)]
             + [f"SH.{600000 + i}" for i in range(n_codes - n_codes * 4 // 5 - n_codes // 10)])
    weekdays = trading_days(WEEKDAYS, TODAY - dt.timedelta(days=2 * n_days), TODAY)
    weekdays = weekdays[-(n_days + 1):-1]
    holidays = set(weekdays[5::26][:10])
    hk = DateSetCalendar([d for d in weekdays if d not in holidays] + [TODAY])
    days = sorted(weekdays)
    net = rng.normal(0, 1e7, (len(codes), len(days), 4))
    turnover = rng.uniform(1e8, 1e9, (len(codes), len(days)))
    hk_rows = np.asarray([c.startswith("HK.") for c in codes])
    holiday_cols = [j for j, d in enumerate(days) if d in holidays]
    net[np.ix_(hk_rows, holiday_cols)] = np.nan
    missing = rng.random((len(codes), len(days))) < 0.03
    net[missing] = np.nan
    turnover[np.isnan(net[:, :, 0])] = np.nan
    turnover[rng.random((len(codes), len(days))) < 0.01] = np.nan
    matrix = DayMatrix(codes, days, net, turnover)
    return matrix, {Market.HK: hk}, {m: TODAY for m in Market}


def naive(matrix: DayMatrix, calendars, live_days, live_main, live_turnover):
    """Code by code: walk the calendar back from the live day, read each day's cell."""
    col = {d: j for j, d in enumerate(matrix.days)}
    markets = market_of_codes(matrix.codes)
    out_net, out_ratio, out_days, out_streak = [], [], [], []
    backs: dict = {}
    for i, market in enumerate(markets):
        back = backs.get(market)
        if back is None:
            calendar, back, day = calendars.get(market, WEEKDAYS), [], live_days[market]
            while day is not None and day > matrix.days[0]:
                day = previous_trading_day(calendar, day)
                back.append(day)
            backs[market] = back
        history = []
        for d in back:
            j = col.get(d)
            main = math.nan if j is None else matrix.net[i, j, 0] + matrix.net[i, j, 1]
            history.append((main, math.nan if j is None else matrix.turnover[i, j]))
        windows = [naive_windows(history, live_main[i], live_turnover[i], n)
                   for n in WINDOWS]
        out_net.append([w[0] for w in windows])
        out_ratio.append([w[1] for w in windows])
        out_days.append([w[2] for w in windows])
        out_streak.append(naive_streak([m for m, _ in history], live_main[i]))
    return (np.asarray(out_net), np.asarray(out_ratio), np.asarray(out_days),
            np.asarray(out_streak))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--codes", type=int, default=5000)
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    rng = np.random.default_rng(19)
    matrix, calendars, live_days = build(args.codes, args.days, rng)
    live_main = rng.normal(0, 1e7, len(matrix.codes))
    live_turnover = rng.uniform(1e8, 1e9, len(matrix.codes))

    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        ours = multiday_numbers(matrix, calendars, live_days, live_main, live_turnover)
        times.append((time.perf_counter() - t0) * 1e3)

    provider = MultiDayColumns(archived_part(matrix, calendars, live_days))
    provider.note_turnover(matrix.codes, live_turnover)
    values = np.zeros((len(matrix.codes), len(NUMERIC_KEYS)))
    values[:, NUMERIC_KEYS.index("main_net_inflow")] = live_main
    batch = RecordColumns(list(matrix.codes), values,
                          [f"{TODAY.isoformat()} 10:00:00"] * len(matrix.codes))
    combine_times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        provider.extra_columns(batch)
        combine_times.append((time.perf_counter() - t0) * 1e3)

    t0 = time.perf_counter()
    ref = naive(matrix, calendars, live_days, live_main, live_turnover)
    naive_ms = (time.perf_counter() - t0) * 1e3
    np.testing.assert_allclose(ours.net, ref[0], rtol=1e-9, equal_nan=True)
    np.testing.assert_allclose(ours.ratio, ref[1], rtol=1e-9, equal_nan=True)
    assert (ours.days == ref[2]).all() and (ours.streak == ref[3]).all()

    window_ms = statistics.median(times)
    print(json.dumps({
        "bench": "multiday", "codes": len(matrix.codes), "days": len(matrix.days),
        "window_query_ms": round(window_ms, 2),
        "window_query_p99_ms": round(float(np.percentile(times, 99)), 2),
        "combine_ms": round(statistics.median(combine_times), 3),
        "naive_ms": round(naive_ms, 1), "naive_ratio": round(naive_ms / window_ms, 1),
        "partial_5d_share": round(float((ours.days[:, 1] < 5).mean()), 3),
        "goal_window_query_ms": 30}))


if __name__ == "__main__":
    main()
