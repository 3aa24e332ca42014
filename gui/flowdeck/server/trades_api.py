"""GET /v1/trades: the day's kept big trades of some codes, newest first, from the
gateway's tape (state.FlowState.tape: the last 2,000 a code, 50,000 in all).

`/v1/trades?code=HK.00700&min_value=5e6&side=buy&limit=200` -> the envelope with
`data.trade_list` (trade_wire.py's items) and `data.dropped` (per code, the trades its
tape let go today: a trade_list that starts later than the open says why). Parameters:
core/trade_query.py (1001 naming a bad one, 1002 a bad code). A code the gateway does
not follow yet is followed from now on, as /v1/quote does (its snapshot's trades, when
the source keeps them, and every one after); one whose snapshot fails is in
`data.errors`, and when every code failed the answer is that error.
"""

from __future__ import annotations

from aiohttp import web

from ..core.envelope import all_failed, error_item
from ..core.errors import source_failed
from ..core.trade_query import parse_trades_query
from .appkeys import HUB
from .fragments import dumps
from .http_api import client_of
from .responses import json_body_response


async def trades(request: web.Request) -> web.Response:
    query = parse_trades_query(request.query)
    hub = request.app[HUB]
    failed = await hub.ensure(query.codes, client_of(request))
    if hub.status == "error":
        raise source_failed(f"source {hub.source} failed: {hub.last_error}")
    if len(failed) == len(query.codes):
        raise all_failed(query.codes, failed)
    tape = hub.state.tape
    codes = [c for c in query.codes if c not in failed]
    kept = tape.recent(codes=codes, min_value=query.min_value, side=query.side,
                       limit=query.limit)
    data = {"trade_list": [t.wire() for t in kept.rows()],
            "dropped": {c: tape.dropped_of(c) for c in codes}}
    if failed:
        data["errors"] = [error_item(c, e) for c, e in failed.items()]
    return json_body_response(dumps({"ret_code": 0, "ret_msg": "SUCCESS",
                                     "data": data}).encode())


def add_trades_route(app: web.Application) -> None:
    app.router.add_route("GET", "/v1/trades", trades)
