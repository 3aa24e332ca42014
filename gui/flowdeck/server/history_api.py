"""GET /v1/capital_flow_history: one code's archived days, weeks or months.

`?code=HK.00700&start=2026-01-01&end=2026-12-04&period=day|week|month` (start and end
optional, inclusive) -> the spec's envelope with `data.capital_flow_history_list`:
one dict per period, the spec's 14 keys plus `day` (the period's start) and `complete`
(core/history_query.py). Nothing archived for the code is an empty list, not an error.
The archive is SQLite: it is read in a worker thread, never on the loop that serves
everyone else.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Protocol

from aiohttp import web

from ..core.day_flow import DayFlow
from ..core.errors import RET_OK, source_failed
from ..core.history_query import history_list, parse_history_query
from ..core.markets import local_now, market_of
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


async def capital_flow_history(request: web.Request) -> web.Response:
    params = {key: ",".join(request.query.getall(key)) for key in request.query}
    query = parse_history_query(params)
    reader: DayReader | None = request.app.get(HISTORY)
    if reader is None:
        raise source_failed("this gateway keeps no archive of past days",
                            "history.none")
    days = await asyncio.to_thread(reader.days, query.code, query.start, query.end)
    today: Callable = request.app.get(TODAY) or _today
    items = history_list(list(days), query.period, today(market_of(query.code)))
    return envelope_response({"ret_code": RET_OK, "ret_msg": "SUCCESS",
                              "data": {"capital_flow_history_list": items}})


def add_history_route(app: web.Application, reader: DayReader | None,
                      today: Callable | None = None) -> None:
    app[HISTORY] = reader
    if today is not None:
        app[TODAY] = today
    app.router.add_route("GET", "/v1/capital_flow_history", capital_flow_history)
