"""A capital-flow history query (`/v1/capital_flow_history`, `flowdeck history`, the
client's `get_capital_flow_history`): its parameters checked the spec's way, and
archived days summed into days, weeks or months.

One code per query; `start` and `end` are ISO dates, inclusive, `end` at most today's
date is not required (a future end just finds nothing yet). A week starts on Monday, a
month on its first day; a period is named by its start (`day`). A week or month sums
its days' nets and divides by their summed turnover; when any of its days has an
unknown turnover (Futu's DAY history without a day K-line), its ratios are unknown
(None, JSON null), never the ratio of a part. `complete` is true when every day in the
period is complete and the period is over (its last weekday is before `today`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .codes import normalise_code
from .day_flow import DayFlow
from .errors import invalid_param
from .records import SERIES_NAMES, ratio

PERIODS = ("day", "week", "month")
MAX_SPAN_DAYS = 366 * 50  # a sanity bound on the range, not on the archive


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    code: str
    start: dt.date | None
    end: dt.date | None
    period: str = "day"


def parse_history_query(params: Mapping[str, object]) -> HistoryQuery:
    """`code`, `start`, `end`, `period` from a query's parameters; 1001 naming what is
    wrong (a bad date, an inverted range, more than one code, an unknown period), 1002
    for a code that is not one."""
    unknown = sorted(set(params) - {"code", "start", "end", "period"})
    if unknown:
        raise invalid_param(f"unknown parameter {unknown[0]!r}: expected code, start, end, "
                            "period", "history.param", name=unknown[0])
    raw = params.get("code")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise invalid_param("code is required (one code, e.g. HK.00700)", "history.code")
    if not isinstance(raw, str) or "," in raw:
        raise invalid_param("one code per query: give a single code, e.g. HK.00700",
                            "history.one_code")
    code = normalise_code(raw)
    start, end = _date(params, "start"), _date(params, "end")
    if start and end and start > end:
        raise invalid_param(f"start {start.isoformat()} is after end {end.isoformat()}",
                            "history.range", start=start.isoformat(), end=end.isoformat())
    if start and end and (end - start).days > MAX_SPAN_DAYS:
        raise invalid_param(f"the range spans more than {MAX_SPAN_DAYS} days",
                            "history.span")
    period = params.get("period", "day")
    if not isinstance(period, str) or period.strip().lower() not in PERIODS:
        raise invalid_param(f"unknown period {period!r}: expected day, week or month",
                            "history.period", period=str(period))
    return HistoryQuery(code, start, end, period.strip().lower())


def _date(params: Mapping[str, object], key: str) -> dt.date | None:
    value = params.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise invalid_param(f"{key} must be a date as YYYY-MM-DD, got {value!r}",
                            "history.date", key=key, value=str(value))
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise invalid_param(f"{key} must be a date as YYYY-MM-DD, got {value!r}",
                            "history.date", key=key, value=value) from None


def period_start(day: dt.date, period: str) -> dt.date:
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def _period_last(start: dt.date, period: str) -> dt.date:
    """The period's last weekday (no market here trades at weekends): a week read on
    Saturday is over."""
    if period == "week":
        last = start + dt.timedelta(days=6)
    elif period == "month":
        following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        last = following - dt.timedelta(days=1)
    else:
        return start
    while last.weekday() >= 5:
        last -= dt.timedelta(days=1)
    return last


def history_list(days: Sequence[DayFlow], period: str, today: dt.date) -> list[dict]:
    """One dict per period (ascending): the spec's 14 keys, `day` (the period's start)
    and `complete`. `days` are one code's archived days, ascending."""
    groups: dict[dt.date, list[DayFlow]] = {}
    for d in days:
        groups.setdefault(period_start(d.day, period), []).append(d)
    return [_period_dict(start, group, period, today) for start, group in groups.items()]


def _period_dict(start: dt.date, group: list[DayFlow], period: str, today: dt.date) -> dict:
    last = group[-1]
    if len(group) == 1:
        out = last.record_dict()
        complete = last.complete and _period_last(start, period) < today
    else:
        tiers = [math.fsum(d.net[t] for d in group) for t in range(4)]
        turnovers = [d.turnover for d in group]
        turnover = None if None in turnovers else math.fsum(turnovers)
        nets = {"super": tiers[0], "large": tiers[1], "medium": tiers[2], "small": tiers[3]}
        nets["main"] = nets["super"] + nets["large"]
        nets["retail"] = nets["medium"] + nets["small"]
        out = {"code": last.code, "update_time": last.update_time}
        for s in SERIES_NAMES:
            out[f"{s}_net_inflow"] = nets[s]
            out[f"{s}_net_inflow_ratio"] = None if turnover is None else ratio(nets[s], turnover)
        complete = all(d.complete for d in group) and _period_last(start, period) < today
    out["day"] = start.isoformat()
    out["complete"] = bool(complete)
    return out
