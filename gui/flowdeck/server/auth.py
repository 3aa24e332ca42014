"""Bearer-token check: with a token configured, every request (health and the
WebSocket upgrade included) must carry `Authorization: Bearer <token>`."""

from __future__ import annotations

import hmac

from aiohttp import web

from ..core.errors import invalid_param
from .responses import error_response


def token_middleware(token: str):
    """An aiohttp middleware answering 401 (the spec's envelope, 1001) to a request
    whose token is missing or wrong."""
    expected = f"Bearer {token}".encode()

    @web.middleware
    async def check_token(request: web.Request, handler) -> web.StreamResponse:
        header = request.headers.get("Authorization")
        if not header:
            return _unauthorized("missing token: send the header "
                                 "'Authorization: Bearer <token>'")
        given = header.strip().encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, expected):
            return _unauthorized("wrong token in the Authorization header")
        return await handler(request)

    return check_token


def _unauthorized(message: str) -> web.Response:
    return error_response(invalid_param(message), 401,
                          headers={"WWW-Authenticate": 'Bearer realm="flowdeck-gateway"'})
