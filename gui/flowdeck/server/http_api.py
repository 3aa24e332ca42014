"""The HTTP routes: /v1/capital_flow, /v1/capital_detail and /v1/quote (GET and POST),
/v1/health.

Parameters: GET `?stock_list=HK.00700,US.AAPL&market=HK` (also repeated stock_list
parameters); POST a JSON object `{"stock_list": [...], "market": "HK"}`. Known codes are
answered from the hub's memory; a GET's parsed code list is cached by its raw URL, since
clients poll the same watchlist over and over.
"""

from __future__ import annotations

from aiohttp import web

from ..core import json_text
from ..core.codes import parse_stock_list
from ..core.errors import RET_OK, invalid_param
from .appkeys import ARCHIVE, HUB
from .responses import envelope_response, json_body_response

# Bounded in entries and key length: a few watchlists polled often is the case to serve.
_PARSED: dict[str, list[str]] = {}
_PARSED_MAX = 256
_PARSED_KEY_MAX = 16 * 1024


def _query_params(request: web.Request) -> tuple[object, object]:
    query = request.query
    if "stock_list" not in query:
        raise invalid_param("stock_list is required, e.g. ?stock_list=HK.00700,US.AAPL")
    codes = [c for value in query.getall("stock_list") for c in value.split(",")
             if c.strip()]
    return codes, query.get("market")


async def _body_params(request: web.Request) -> tuple[object, object]:
    try:
        raw = await request.read()   # over the app's client_max_size: HTTP 413
    except web.RequestPayloadError as exc:  # a body that does not decode (Content-Encoding)
        raise invalid_param(f"request body could not be read: {exc}") from None
    try:
        obj = json_text.loads(raw)
    except ValueError as exc:
        raise invalid_param(f"request body is not valid JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise invalid_param('request body must be a JSON object such as '
                            '{"stock_list": ["HK.00700"], "market": "HK"}')
    if "stock_list" not in obj:
        raise invalid_param("stock_list is required in the request body")
    return obj["stock_list"], obj.get("market")


def client_of(request: web.Request) -> str:
    """Whose budget of new codes a request spends (admission.py): its peer address."""
    return request.remote or ""


async def requested_codes(request: web.Request) -> list[str]:
    """The request's codes, validated and normalised (1001/1002 otherwise)."""
    if request.method == "GET":
        key = request.raw_path
        codes = _PARSED.get(key)
        if codes is None:
            codes = parse_stock_list(*_query_params(request))
            if len(key) <= _PARSED_KEY_MAX:
                if len(_PARSED) >= _PARSED_MAX:
                    _PARSED.clear()
                _PARSED[key] = codes
        return codes
    return parse_stock_list(*await _body_params(request))


async def capital_flow(request: web.Request) -> web.Response:
    codes = await requested_codes(request)
    hub = request.app[HUB]
    failed = await hub.ensure(codes, client_of(request))
    return json_body_response(hub.flow_body(codes, failed))


async def capital_detail(request: web.Request) -> web.Response:
    codes = await requested_codes(request)
    hub = request.app[HUB]
    failed = await hub.ensure(codes, client_of(request))
    return json_body_response(hub.detail_body(codes, failed))


async def quote(request: web.Request) -> web.Response:
    codes = await requested_codes(request)
    hub = request.app[HUB]
    failed = await hub.ensure(codes, client_of(request))
    return json_body_response(hub.quote_body(codes, failed))


async def health(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    data = hub.health()
    tape = hub.state.tape   # the day's big trades kept, and those the caps let go
    data["tape"] = {"trades": len(tape), "dropped": tape.dropped, "per_code": tape.per_code,
                    "total": tape.total}
    archive = request.app.get(ARCHIVE)
    if archive is not None:   # the gateway's own (serve() always has one)
        data["archive"] = archive.health()
    return envelope_response({"ret_code": RET_OK, "ret_msg": "SUCCESS", "data": data})


def add_routes(app: web.Application) -> None:
    app.router.add_route("GET", "/v1/capital_flow", capital_flow)
    app.router.add_route("POST", "/v1/capital_flow", capital_flow)
    app.router.add_route("GET", "/v1/capital_detail", capital_detail)
    app.router.add_route("POST", "/v1/capital_detail", capital_detail)
    app.router.add_route("GET", "/v1/quote", quote)
    app.router.add_route("POST", "/v1/quote", quote)
    app.router.add_route("GET", "/v1/health", health)
