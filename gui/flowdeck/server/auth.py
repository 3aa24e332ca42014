"""Bearer-token check: every request (health and the WebSocket upgrade included) must
carry `Authorization: Bearer <token>`; the scheme's case does not matter (RFC 7235).
The gateway always has a token, on loopback too: a web page in a browser on this
machine can reach 127.0.0.1, but it cannot read the token file (api/token_file.py).
The check runs before any parameter is parsed, so a refused request learns nothing
(not even, from the time the answer takes, which codes the gateway follows)."""

from __future__ import annotations

import hmac

from aiohttp import web

from ..core.errors import invalid_param
from .refusals import RefusalLog
from .responses import error_response


def bearer_credentials(header: str) -> bytes | None:
    """The credentials of a `Bearer` Authorization header value, else None."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return rest.strip().encode("utf-8", "surrogateescape")


def token_middleware(token: str, refusals: RefusalLog | None = None):
    """An aiohttp middleware answering 401 (the spec's envelope, 1001) to a request
    whose token is missing or wrong; each refusal is logged (without the token)."""
    if not token:
        raise ValueError("the gateway needs a non-empty token")
    expected = token.encode("utf-8", "surrogateescape")
    refusals = refusals or RefusalLog()

    @web.middleware
    async def check_token(request: web.Request, handler) -> web.StreamResponse:
        header = request.headers.get("Authorization")
        if not header:
            reason = "missing token"
            message = "missing token: send the header 'Authorization: Bearer <token>'"
        else:
            given = bearer_credentials(header)
            if given is not None and hmac.compare_digest(given, expected):
                return await handler(request)
            reason = message = "wrong token in the Authorization header"
        refusals.note(request, 401, reason)
        return _unauthorized(message)

    return check_token


def _unauthorized(message: str) -> web.Response:
    return error_response(invalid_param(message), 401,
                          headers={"WWW-Authenticate": 'Bearer realm="flowdeck-gateway"'})
