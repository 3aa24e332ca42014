"""GET /v1/capital_flow_history: one code's archived days, weeks or months.

`?code=HK.00700&start=2026-01-01&end=2026-12-04&period=day|week|month` (start and end
optional, inclusive) -> the spec's envelope with `data.capital_flow_history_list`:
one dict per period, the spec's 14 keys plus `day` (the period's start) and `complete`
(core/history_query.py). Nothing archived for the code is an empty list, not an error.
`&detail=1` (days only) adds each day's `turnover`, `close` and `<tier>_inflow` /
`<tier>_outflow` (null where unknown): what a downstream FlowDeck's backfill keeps.

GET /v1/trading_days?market=HK[&count=N]: the market's completed days archived, oldest
first (the last N), as `data.trading_days` (ISO dates): what a downstream backfill
asks for (feeds/gateway_history.py).

The archive is SQLite: it is read in a worker thread, never on the loop that serves
everyone else.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Protocol

from aiohttp import web

from ..core.codes import parse_market
from ..core.day_flow import DayFlow
from ..core.errors import RET_OK, invalid_param, source_failed
from ..core.history_query import history_list, parse_history_query
from ..core.markets import local_now, market_of
from ..core.records import TIER_NAMES
from .responses import envelope_response


class DayReader(Protocol):
    """What the endpoint reads: one code's archived days in a range, ascending (the
    archive of the gateway's source identity)."""

    def days(self, code: str, start: dt.date | None = None,
             end: dt.date | None = None) -> Sequence[DayFlow]: ...


HISTORY = web.AppKey("history", object)   # a DayReader, or None: no archive kept
TODAY = web.AppKey("history_today", object)  # market -> its local date (injectable)


def _today(market) -> dt.date:
    return local_now(market).date()


def _reader(request: web.Request) -> DayReader:
    reader: DayReader | None = request.app.get(HISTORY)
    if reader is None:
        raise source_failed("this gateway keeps no archive of past days",
                            "history.none")
    return reader


def _flag(params: dict[str, str], key: str) -> bool:
    value = params.pop(key, "0").strip().lower()
    if value not in ("0", "1", "true", "false", ""):
        raise invalid_param(f"{key} is 1 or 0, got {value!r}", "history.param", name=key)
    return value in ("1", "true")


async def capital_flow_history(request: web.Request) -> web.Response:
    params = {key: ",".join(request.query.getall(key)) for key in request.query}
    detail = _flag(params, "detail")
    query = parse_history_query(params)
    if detail and query.period != "day":
        raise invalid_param("detail=1 is for days only (period=day)", "history.param",
                            name="detail")
    reader = _reader(request)
    days = list(await asyncio.to_thread(reader.days, query.code, query.start, query.end))
    today: Callable = request.app.get(TODAY) or _today
    items = history_list(days, query.period, today(market_of(query.code)))
    if detail:
        for item, day in zip(items, days, strict=True):
            item.update(day_detail(day))
    return envelope_response({"ret_code": RET_OK, "ret_msg": "SUCCESS",
                              "data": {"capital_flow_history_list": items}})


def day_detail(day: DayFlow) -> dict:
    """What a day holds beyond the spec's keys (None where unknown)."""
    out: dict = {"turnover": day.turnover, "close": day.close}
    for i, name in enumerate(TIER_NAMES):
        out[f"{name}_inflow"] = day.inflow[i]
        out[f"{name}_outflow"] = day.outflow[i]
    return out


async def trading_days(request: web.Request) -> web.Response:
    query = request.query
    unknown = sorted(set(query) - {"market", "count"})
    if unknown:
        raise invalid_param(f"unknown parameter {unknown[0]!r}: expected market, count",
                            "history.param", name=unknown[0])
    market = parse_market(query.get("market", ""))
    raw = query.get("count", "")
    try:
        count = int(raw) if raw.strip() else None
    except ValueError:
        count = -1
    if count is not None and not 0 <= count <= 100_000:
        raise invalid_param(f"count is a number of days (0 or more), got {raw!r}",
                            "history.param", name="count")
    reader = _reader(request)
    market_days = getattr(reader, "market_days", None)
    if market_days is None:
        raise source_failed("this gateway's archive cannot list its days",
                            "history.none")
    days = await asyncio.to_thread(market_days, market.value, count)
    return envelope_response({"ret_code": RET_OK, "ret_msg": "SUCCESS",
                              "data": {"market": market.value,
                                       "trading_days": [d.isoformat() for d in days]}})


def add_history_route(app: web.Application, reader: DayReader | None,
                      today: Callable | None = None) -> None:
    app[HISTORY] = reader
    if today is not None:
        app[TODAY] = today
    app.router.add_route("GET", "/v1/capital_flow_history", capital_flow_history)
    app.router.add_route("GET", "/v1/trading_days", trading_days)
