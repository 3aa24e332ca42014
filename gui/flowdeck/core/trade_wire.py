"""Big trades on the wire: the `trades` list of a /v1/stream batch and of /v1/trades.

Each item is BigTrade.wire(): `{"code", "time", "price", "quantity", "value", "side",
"tier", "seq", "type"}`, `time` in the market's own `YYYY-MM-DD HH:MM:SS`, `side` one of
"buy" / "sell" / "neutral". Decoding never trusts the peer: an item with a missing key,
a non-number, NaN, a side or tier it does not know, or a bad code is left out and
counted (a trade is an event, not a code's state: there is nothing to mark as failed).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from .big_trades import SIDE_NAMES, BigTrades
from .codes import normalise_code
from .errors import FlowDeckError
from .markets import to_local_seconds
from .records import Tier

SIDE_OF = {name: side for side, name in SIDE_NAMES.items()}
_TIERS = frozenset(int(t) for t in Tier)


def encode_trades(trades: BigTrades) -> list[dict]:
    return [t.wire() for t in trades.rows()]


def _finite(item: Mapping, key: str) -> float:
    value = item[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{key} is not a number")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{key} is not finite")
    return value


def _row(item: object) -> tuple:
    if not isinstance(item, Mapping):
        raise ValueError("not an object")
    code = normalise_code(item["code"])
    when = dt.datetime.strptime(str(item["time"]), "%Y-%m-%d %H:%M:%S")
    price, quantity = _finite(item, "price"), _finite(item, "quantity")
    side, tier, seq = SIDE_OF[item["side"]], item["tier"], item["seq"]
    if tier not in _TIERS or isinstance(tier, bool):
        raise ValueError("unknown tier")
    if isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq < 1 << 62:
        raise ValueError("seq is not a whole number")
    kind = item.get("type")
    return (code, float(to_local_seconds(when)), price, quantity, side, int(tier), seq,
            None if kind is None else str(kind))


def decode_trades(items: object) -> tuple[BigTrades, int]:
    """(the good items as columns, in the order given; how many were left out)."""
    if items is None:
        return BigTrades.empty(), 0
    if not isinstance(items, list):
        raise ValueError(f"trades are a {type(items).__name__}, not a list")
    rows, bad = [], 0
    for item in items:
        try:
            rows.append(_row(item))
        except (KeyError, TypeError, ValueError, OverflowError, FlowDeckError):
            bad += 1
    if not rows:
        return BigTrades.empty(), bad
    codes, times, price, quantity, side, tier, seq, kinds = zip(*rows, strict=True)
    has_kinds = any(k is not None for k in kinds)
    return BigTrades.of(codes, times, price, quantity, side, tier, seq,
                        kinds if has_kinds else None), bad
