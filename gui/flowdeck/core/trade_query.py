"""The parameters of GET /v1/trades, checked: which codes, the least value, one side,
how many. No I/O: the gateway's handler (server/trades_api.py) answers from its tape.

`?code=HK.00700[,US.AAPL...]&min_value=5e6&side=buy&limit=200`: `code` is required
(`stock_list` is taken as its other name, as the other routes spell it); `min_value`
an amount with units (5e6, 500万, 5M; default 0); `side` buy, sell or neutral (default
any); `limit` 1..MAX_LIMIT (default DEFAULT_LIMIT). Anything else, or a bad value, is
1001 naming the parameter; a malformed code is 1002 naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .alert_rules import parse_amount
from .codes import parse_stock_list
from .errors import FlowDeckError, invalid_param
from .trade_wire import SIDE_OF

TRADE_PARAMS = ("code", "min_value", "side", "limit")
DEFAULT_LIMIT = 200
MAX_LIMIT = 2_000


@dataclass(frozen=True, slots=True)
class TradesQuery:
    codes: list[str]
    min_value: float = 0.0
    side: int | None = None
    limit: int = DEFAULT_LIMIT


def _bad(name: str, message: str) -> FlowDeckError:
    return invalid_param(f"{name}: {message}", "trades.param", name=name)


def parse_trades_query(params: Mapping[str, str]) -> TradesQuery:
    params = dict(params)
    if "stock_list" in params and "code" not in params:
        params["code"] = params.pop("stock_list")
    unknown = sorted(set(params) - set(TRADE_PARAMS))
    if unknown:
        raise _bad(unknown[0], "unknown parameter; expected " + ", ".join(TRADE_PARAMS))
    text = str(params.get("code", "")).strip()
    if not text:
        raise _bad("code", "required, e.g. ?code=HK.00700 (several: HK.00700,US.AAPL)")
    codes = parse_stock_list([c for c in text.split(",") if c.strip()])
    try:
        low = parse_amount(params.get("min_value", "0"), "main_net_inflow", "min_value")
    except FlowDeckError as exc:
        raise _bad("min_value", exc.message) from None
    if low < 0:
        raise _bad("min_value", f"must be 0 or more, got {params['min_value']!r}")
    side = params.get("side")
    if side is not None and side.strip().lower() not in SIDE_OF:
        raise _bad("side", f"must be buy, sell or neutral, got {side!r:.40}")
    limit_text = str(params.get("limit", DEFAULT_LIMIT)).strip()
    if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_LIMIT:
        raise _bad("limit", f"must be a whole number from 1 to {MAX_LIMIT}, got "
                            f"{params.get('limit')!r:.40}")
    return TradesQuery(codes, low, None if side is None else SIDE_OF[side.strip().lower()],
                       int(limit_text))
