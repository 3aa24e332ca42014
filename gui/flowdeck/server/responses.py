"""HTTP answers in the spec's envelope, success or error, and the middleware that
turns every failure (bad parameters, unknown routes, too large bodies, bugs) into one."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from ..core.errors import ErrorCode, FlowDeckError, invalid_param, source_failed
from .fragments import dumps

log = logging.getLogger("flowdeck.server")

JSON = "application/json"
MAX_BODY_BYTES = 64 * 1024
_STATUS = {ErrorCode.INVALID_PARAM: 400, ErrorCode.INVALID_CODE: 400,
           ErrorCode.GET_CAPITAL_FLOW_FAILED: 503}


def json_body_response(body: bytes, status: int = 200) -> web.Response:
    return web.Response(body=body, status=status, content_type=JSON)


def envelope_response(envelope: dict, status: int = 200) -> web.Response:
    return json_body_response(dumps(envelope).encode(), status)


def error_response(error: FlowDeckError, status: int | None = None,
                   headers: dict[str, str] | None = None) -> web.Response:
    resp = envelope_response(error.envelope(), status or _STATUS[error.code])
    if headers:
        resp.headers.update(headers)
    return resp


def routes_hint(app: web.Application) -> str:
    """`routes: GET|POST /v1/capital_flow, ..., GET /v1/trades`: the app's own routes
    (a list written by hand had fallen behind: no /v1/quote, /v1/rank, /v1/trades)."""
    methods: dict[str, set[str]] = {}
    for route in app.router.routes():
        path = route.resource.canonical if route.resource is not None else ""
        if path and route.method not in ("HEAD", "OPTIONS", "*"):
            methods.setdefault(path, set()).add(route.method)
    return "routes: " + ", ".join(f"{'|'.join(sorted(m))} {path}"
                                  for path, m in sorted(methods.items()))


def _http_error_message(request: web.Request, exc: web.HTTPException) -> str:
    if exc.status == 404:
        return f"no such route: {request.method} {request.path}; {routes_hint(request.app)}"
    if exc.status == 405:
        return (f"method {request.method} is not allowed on {request.path}; "
                f"{routes_hint(request.app)}")
    if exc.status == 413:
        return f"request body too large: at most {MAX_BODY_BYTES} bytes"
    return f"{exc.status} {exc.reason}"


@web.middleware
async def envelope_errors(request: web.Request, handler) -> web.StreamResponse:
    """Every error as the spec's envelope: 1001/1002 with HTTP 400, 1016 with 503,
    HTTP errors (404, 405, 413...) as 1001 with their status, anything unexpected as
    1016 with 500 and a logged traceback. The gateway keeps serving."""
    try:
        return await handler(request)
    except FlowDeckError as exc:
        return error_response(exc)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return error_response(invalid_param(_http_error_message(request, exc)), exc.status)
    except (asyncio.CancelledError, ConnectionResetError):
        raise
    except Exception as exc:
        log.exception("internal error", extra={"fields": {"path": request.path}})
        return error_response(source_failed(f"internal error: {type(exc).__name__}"), 500)
