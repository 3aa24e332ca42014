"""Multi-day main flows over all codes at once: the net and ratio over 3, 5, 10 and 20
trading days, how many of those days are known, and the main inflow streak.

"Today" is each market's live day (trading_calendar.live_day): during a trading day,
from the open on, it is today, so a window includes today's live value; before the open
and on a day the market does not trade it is the last trading day, whose close the
table still shows. A window of N days is the live day plus the N-1 trading days before
it (the market's calendar says which days traded: a holiday is skipped, not a gap).

- net: the sum of the main nets the window knows: the live day's (its live value, or
  its archived row when there is no live value for it) and each archived day's.
- days: how many of the N days are known. Fewer than N is a partial window, which the
  table marks (`3/5`) instead of passing a partial sum off as whole. No day known: the
  net is NaN.
- ratio: the window's nets over its turnovers; NaN when a known day's turnover is
  unknown (Futu's DAY history without a day K-line): never a made-up ratio.
- streak: +k when main net was > 0 on k trading days in a row ending today, -k for
  outflow; it stops at a gap (a trading day not archived), at a sign change and at a
  day of exactly 0. Today counts when it has a non-zero value; with none yet (no trade,
  or 0 at the open) the streak is the one ending the day before, so it does not drop to
  0 at each open. It cannot look further back than the matrix's first day.

The work splits in two so the alert engine pays one vector add per batch: ArchivedPart
(everything the archive says, built at open and at each day roll) and `combine` (plus
the live values). main = super + large (tiers 0 and 1), as the record sums it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .codes import Market, parse_market
from .day_matrix import DayMatrix
from .derived_fields import DERIVED_KEYS, WINDOWS, net_key, ratio_key
from .trading_calendar import (
    WEEKDAYS,
    DateSetCalendar,
    TradingCalendar,
    previous_trading_day,
)

# The streak looks back at most this many trading days (a matrix longer than that still
# answers the windows; a 2,000-day streak is not a thing). It first looks at SHORT_DAYS
# and further back only for the codes whose run fills them.
MAX_STREAK_DAYS = 400
SHORT_DAYS = 32


@dataclass(slots=True, eq=False)
class ArchivedPart:
    """What the archive adds to each code's windows; fixed between day rolls.

    Row i is `codes[i]`; one more row at the end stands for a code the archive does not
    hold (no day known). Column w is `windows[w]`."""
    codes: list[str]
    windows: tuple[int, ...]
    live_days: dict[Market, dt.date]
    net: np.ndarray           # (n+1, W) main nets of the N-1 days before the live day
    turnover: np.ndarray      # (n+1, W) their turnover; NaN when one is unknown
    days: np.ndarray          # (n+1, W) int32: how many of those N-1 days are archived
    day_net: np.ndarray       # (n+1,) the live day's archived main net (NaN: none)
    day_turnover: np.ndarray  # (n+1,)
    streak: np.ndarray        # (n+1,) int32: the streak ending the day before the live day
    live_iso: np.ndarray      # (n+1,) "U10": the row's live day, "" for the last row
    row: dict[str, int] | None = None  # code -> row, made on the first rows_for

    def rows_for(self, codes: Sequence[str]) -> np.ndarray:
        """Rows of `codes` (the no-archive row for a code the part does not hold)."""
        if isinstance(codes, list) and codes == self.codes:  # a whole table's codes
            return np.arange(len(codes))
        if self.row is None:
            self.row = {c: i for i, c in enumerate(self.codes)}
        get, none = self.row.get, len(self.codes)
        return np.fromiter((get(c, none) for c in codes), np.intp, len(codes))


@dataclass(slots=True, eq=False)
class MultiDayNumbers:
    """Arrays aligned to the codes asked for; column w is `windows[w]`."""
    windows: tuple[int, ...]
    net: np.ndarray      # (k, W) float64, NaN when no day of the window is known
    ratio: np.ndarray    # (k, W) float64, NaN when unknown
    days: np.ndarray     # (k, W) int32, known days of the window (<= N)
    streak: np.ndarray   # (k,) int32
    turnover: np.ndarray | None = None  # (k, W) the known days' turnover (NaN unknown)

    def column(self, key: str) -> np.ndarray:
        """One derived field's values (derived_fields.DERIVED_KEYS)."""
        for w, n in enumerate(self.windows):
            if key == net_key(n):
                return self.net[:, w]
            if key == ratio_key(n):
                return self.ratio[:, w]
        if key == "main_inflow_streak":
            return self.streak.astype(np.float64)
        raise KeyError(key)

    def columns(self) -> np.ndarray:
        """(k, len(DERIVED_KEYS)) float64 in DERIVED_KEYS order: the alert engine's
        extra columns (needs the default windows)."""
        return np.column_stack([self.column(k) for k in DERIVED_KEYS])


def market_of_codes(codes: Sequence[str]) -> np.ndarray:
    """Each code's market value (`HK.00700` -> "HK") as a "U2" array. Prefixes are read
    in numpy (the first three characters) and each distinct one checked once."""
    heads = np.asarray(codes, dtype="U3")
    uniq, inverse = np.unique(heads, return_inverse=True)
    names = np.asarray([parse_market(h.partition(".")[0]).value for h in uniq.tolist()],
                       dtype="U2")
    return names[inverse.reshape(-1)] if len(uniq) else np.zeros(0, "U2")


def data_calendar(matrix: DayMatrix, market: Market,
                  extra: Sequence[dt.date] = ()) -> DateSetCalendar:
    """The trading days of a source without a calendar (a replay file, East Money): the
    days on which any of the market's codes has an archived row, plus `extra` (the live
    day). Within their span a day without data is a holiday, not a gap: such a source
    cannot tell the two apart, and a gap no code shares is more likely a holiday."""
    if not matrix.codes or not matrix.days:
        return DateSetCalendar(extra)
    mine = market_of_codes(matrix.codes) == market.value
    seen = np.isfinite(matrix.net[mine][:, :, 0]).any(axis=0)
    return DateSetCalendar([d for d, s in zip(matrix.days, seen.tolist(), strict=True)
                            if s] + list(extra))


def _days_back(calendar: TradingCalendar, live: dt.date, count: int,
               not_before: dt.date | None = None) -> list[dt.date]:
    """Up to `count` trading days before `live`, most recent first, none before
    `not_before`."""
    out: list[dt.date] = []
    day: dt.date | None = live
    while len(out) < count:
        day = previous_trading_day(calendar, day)
        if day is None or (not_before is not None and day < not_before):
            break
        out.append(day)
    return out


def _streaks(hist: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Signed run length of the leading equal signs of each row (most recent first),
    a NaN (gap) or a 0 ending a run; and which rows ran to the last column."""
    if not hist.shape[1]:
        return np.zeros(len(hist), np.int32), np.zeros(len(hist), bool)
    sign = np.sign(hist)
    lead = np.nan_to_num(sign[:, 0])
    same = (sign == lead[:, None]) & (lead != 0)[:, None]
    whole = same.all(axis=1)
    run = np.where(whole, hist.shape[1], np.argmin(same, axis=1))
    return (run * lead).astype(np.int32), whole


def archived_part(matrix: DayMatrix, calendars: Mapping[Market, TradingCalendar],
                  live_days: Mapping[Market, dt.date], codes: Sequence[str] | None = None,
                  windows: tuple[int, ...] = WINDOWS) -> ArchivedPart:
    """The archive's share of every code's windows (codes: default the matrix's).
    A market missing from `calendars` trades on weekdays; every code's market must be in
    `live_days`."""
    codes = list(matrix.codes if codes is None else codes)
    n, w_count = len(codes), len(windows)
    net = np.zeros((n + 1, w_count))
    turnover = np.zeros((n + 1, w_count))
    days = np.zeros((n + 1, w_count), np.int32)
    day_net = np.full(n + 1, np.nan)
    day_turnover = np.full(n + 1, np.nan)
    streak = np.zeros(n + 1, np.int32)
    live_iso = np.full(n + 1, "", dtype="U10")
    col_of = {d: j for j, d in enumerate(matrix.days)}
    if codes == matrix.codes:
        rows_all = np.arange(n)
    else:
        matrix_row = matrix.row_of()
        rows_all = np.fromiter((matrix_row.get(c, -1) for c in codes), np.intp, n)
    markets = market_of_codes(codes)
    # Every window, and nearly every streak, lies within the first SHORT_DAYS.
    short = max(max(windows) - 1, SHORT_DAYS)
    plan = []
    for market_name in np.unique(markets).tolist():
        market = Market(market_name)
        calendar = calendars.get(market, WEEKDAYS)
        live = live_days[market]
        back = _days_back(calendar, live, short)
        cols = np.asarray([col_of.get(d, -1) for d in [live, *back]], np.intp)
        plan.append((market, calendar, np.flatnonzero(markets == market_name), cols,
                     len(back) == short))
    block = _Block(matrix, np.concatenate([p[3] for p in plan]) if plan else ())
    for market, calendar, mine, cols, full in plan:
        rows, live = rows_all[mine], live_days[market]
        live_iso[mine] = live.isoformat()
        hist, turn = block.gather(rows, cols)
        day_net[mine], day_turnover[mine] = hist[:, 0], turn[:, 0]
        hist, turn = hist[:, 1:], turn[:, 1:]
        streak[mine], whole = _streaks(hist)
        if whole.any() and matrix.days and full:
            longer = _days_back(calendar, live, MAX_STREAK_DAYS, matrix.days[0])
            cols = np.asarray([col_of.get(d, -1) for d in longer], np.intp)
            sub = rows[whole]
            renumbered = np.where(sub < 0, -1, np.arange(len(sub)))
            streak[mine[whole]] = _streaks(
                _Block(matrix, cols, sub).gather(renumbered, cols)[0])[0]
        _window_sums(hist, turn, windows, net, turnover, days, mine)
    return ArchivedPart(codes, tuple(windows), dict(live_days), net, turnover, days,
                        day_net, day_turnover, streak, live_iso)


class _Block:
    """The matrix's main nets and turnovers over the span of columns some gathers need,
    for all codes: a slice (memory read in order) rather than a fancy index per cell,
    which costs several times more over a 40 MB matrix."""

    def __init__(self, matrix: DayMatrix, cols: np.ndarray,
                 rows: np.ndarray | None = None) -> None:
        """`rows`: only these (-1: none), renumbered from 0; default every code."""
        cols = np.asarray(cols, np.intp)
        valid = cols[cols >= 0]
        self.lo = int(valid.min()) if len(valid) else 0
        hi = int(valid.max()) + 1 if len(valid) else 0
        net, turnover = matrix.net[:, self.lo:hi], matrix.turnover[:, self.lo:hi]
        if rows is not None:
            picked = np.where(rows < 0, 0, rows)
            net, turnover = net[picked], turnover[picked]
        self.main = net[:, :, 0] + net[:, :, 1]
        self.turnover = turnover

    def gather(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Main nets and turnovers at (rows x cols); NaN where a row or column is -1."""
        if not self.main.shape[1] or not len(rows) or not len(cols):
            blank = np.full((len(rows), len(cols)), np.nan)
            return blank, blank.copy()
        r = np.where(rows < 0, 0, rows)
        c = np.where(cols < 0, 0, cols - self.lo)
        hist = self.main.take(r, axis=0).take(c, axis=1)
        turn = self.turnover.take(r, axis=0).take(c, axis=1)
        missing = (rows < 0)[:, None] | (cols < 0)[None, :]
        if missing.any():
            hist[missing] = np.nan
            turn[missing] = np.nan
        return hist, turn


def _window_sums(hist: np.ndarray, turn: np.ndarray, windows: tuple[int, ...],
                 net: np.ndarray, turnover: np.ndarray, days: np.ndarray,
                 rows: np.ndarray) -> None:
    """Fill rows of net/turnover/days with each window's N-1 days before the live day.
    One reduceat over the four quantities, cut at the windows' ends (cumulative sums
    over every column cost five times more)."""
    # Fewer history columns than a window (a calendar with no earlier day) caps there.
    ends = [min(n - 1, hist.shape[1]) for n in windows]
    cuts = sorted(set(ends) - {0})
    if not cuts or not len(hist):
        net[rows], days[rows], turnover[rows] = 0.0, 0, 0.0
        return
    width = cuts[-1]
    hist, turn = hist[:, :width], turn[:, :width]
    known = np.isfinite(hist)
    turn_known = known & np.isfinite(turn)
    quantities = np.stack([np.where(known, hist, 0.0), known,
                           np.where(turn_known, turn, 0.0), known & ~turn_known])
    parts = np.add.reduceat(quantities, [0, *cuts[:-1]], axis=2).cumsum(axis=2)
    zero = np.zeros((*quantities.shape[:2], 1))
    sums = np.concatenate([zero, parts], axis=2)        # column k: the first cuts[k-1]
    at = [0 if e == 0 else cuts.index(e) + 1 for e in ends]
    net[rows] = sums[0][:, at]
    days[rows] = sums[1][:, at]
    turnover[rows] = np.where(sums[3][:, at] > 0, np.nan, sums[2][:, at])


def combine(part: ArchivedPart, rows: np.ndarray, live_main: np.ndarray,
            live_turnover: np.ndarray) -> MultiDayNumbers:
    """The windows of `part`'s `rows` with their live day's main net and turnover
    (aligned to `rows`; NaN: no live value for the live day, its archived row counts
    instead). A handful of vector operations: what the alert engine pays per batch."""
    live_main = np.asarray(live_main, np.float64)
    live_turnover = np.asarray(live_turnover, np.float64)
    has_live = np.isfinite(live_main)
    today = np.where(has_live, live_main, part.day_net[rows])
    today_turnover = np.where(has_live, live_turnover, part.day_turnover[rows])
    known = np.isfinite(today)
    days = part.days[rows] + known[:, None]
    net = part.net[rows] + np.where(known, today, 0.0)[:, None]
    net[days == 0] = np.nan
    # A known day with an unknown turnover makes the window's ratio unknown: NaN adds.
    turnover = part.turnover[rows] + np.where(known, today_turnover, 0.0)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.clip(net / turnover, -1.0, 1.0)
    # Nothing traded in the window: 0, as the record's ratio says for a quiet day.
    ratio[(turnover == 0) & (days > 0)] = 0.0
    before = part.streak[rows]
    streak = np.where(today > 0, np.where(before > 0, before + 1, 1),
                      np.where(today < 0, np.where(before < 0, before - 1, -1), before))
    return MultiDayNumbers(part.windows, net, ratio, days.astype(np.int32),
                           streak.astype(np.int32), turnover)


def multiday_numbers(matrix: DayMatrix, calendars: Mapping[Market, TradingCalendar],
                     live_days: Mapping[Market, dt.date], live_main: np.ndarray,
                     live_turnover: np.ndarray, codes: Sequence[str] | None = None,
                     windows: tuple[int, ...] = WINDOWS) -> MultiDayNumbers:
    """Every code's windows in one call (codes: default the matrix's; the live arrays
    aligned to them). Codes of several markets mix: each has its calendar and live
    day."""
    part = archived_part(matrix, calendars, live_days, codes, windows)
    return combine(part, np.arange(len(part.codes)), live_main, live_turnover)
