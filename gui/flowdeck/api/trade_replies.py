"""GET /v1/trades for the API's contexts: the request's path and the reply's trades."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from ..core.codes import parse_stock_list
from ..core.trade_wire import decode_trades
from .peers import not_a_gateway
from .replies import parse_health

TRADES_PATH = "/v1/trades"


def trades_path(codes: str | Sequence[str], min_value: float | str = 0.0,
                side: str | None = None, limit: int = 200) -> str:
    """The path asking for `codes`' trades (checked here: 1001/1002 before any round
    trip); the gateway checks the rest (1001 naming a bad one)."""
    listed = parse_stock_list([codes] if isinstance(codes, str) else list(codes))
    params = {"code": ",".join(listed), "min_value": str(min_value), "limit": str(limit)}
    if side is not None:
        params["side"] = side
    return f"{TRADES_PATH}?{urlencode(params)}"


def trades_list(host: str, port: int, status: int, content_type: str,
                body: bytes) -> list[dict]:
    """The trades of a /v1/trades reply, newest first (core.trade_wire's items; one a
    peer sent malformed is left out)."""
    data = parse_health(host, port, status, content_type, body)   # the same envelope
    items = data.get("trade_list")
    if not isinstance(items, list):
        raise not_a_gateway(host, port, "its trades reply has no trade_list")
    trades, _left_out = decode_trades(items)
    return [t.wire() for t in trades.rows()]
