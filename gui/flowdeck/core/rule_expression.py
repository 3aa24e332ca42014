"""`flowdeck watch --alert` expressions: `"main_net_inflow > 5e7"`,
`"main_net_inflow > 78M HKD"`, `"main_net_inflow > 50M; US 5M; A 2亿"`, `"trade buy >= 10M"`.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import FlowDeckError, invalid_param
from .rule import Rule, make_rule, make_trade_rule
from .rule_thresholds import parse_market_key

_EXPRESSION = re.compile(r"^\s*(.+?)\s*(>=|<=|>|<|\bcrosses\b)\s*(.+?)\s*$", re.IGNORECASE)
_TRADE_EXPRESSION = re.compile(r"^\s*trade(?:\s+(buy|sell|either))?\s*>=?\s*(.+?)\s*$",
                               re.IGNORECASE)
_AND = re.compile(r"\s+and\s+|\s*&&\s*", re.IGNORECASE)


def parse_expression(text: str, scope: str = "all", **options: Any) -> Rule:
    """`"main_net_inflow > 5e7"` (the CLI's --alert) -> a Rule. The threshold may name
    its currency (`"main_net_inflow > 78M HKD"`) and be followed by per-market ones
    (`"main_net_inflow > 50M; US 5M; A 2亿"`). `"trade >= 1000万"`, `"trade buy >= 10M"`:
    a trade rule. Two or three conditions joined by `and` (or `&&`) make an AND rule:
    `"main_net_inflow crosses 0 and main_net_inflow_ratio > 2%"`; the ones after the
    first compare with the threshold as typed."""
    trade = _TRADE_EXPRESSION.match(str(text))
    if trade is not None:
        side, value = trade.groups()
        try:
            return make_trade_rule(scope, value, side or "either", **options)
        except FlowDeckError as exc:
            raise type(exc)(exc.code, f"alert {text!r}: {exc.message}") from None
    head, *rest = _AND.split(str(text).strip())
    field, op, threshold = _parts(head, text)
    more = [dict(zip(("field", "op", "threshold"), _parts(part, text), strict=True))
            for part in rest]
    if more:
        options["conditions"] = more
    try:
        first, *markets = (part.strip() for part in threshold.split(";"))
        words = first.split()
        if len(words) == 2 and len(words[1]) == 3 and words[1].isascii() \
                and words[1].isalpha():
            first, options["currency"] = words
        per_market: dict[str, str] = {}
        for part in markets:
            market, _, value = part.partition(" ")
            if not value.strip():
                raise invalid_param(f"per-market threshold {part!r} must look like 'US 5M'")
            if parse_market_key(market) in per_market:
                raise invalid_param(f"thresholds: market {market} is given twice")
            per_market[parse_market_key(market)] = value.strip()
        return make_rule(scope, field, op, first, thresholds=per_market, **options)
    except FlowDeckError as exc:
        raise type(exc)(exc.code, f"alert {text!r}: {exc.message}") from None


def _parts(condition: str, text: str) -> tuple[str, str, str]:
    match = _EXPRESSION.match(condition)
    if match is None:
        raise invalid_param(f"alert {text!r} must look like 'FIELD OP THRESHOLD', e.g. "
                            f"'main_net_inflow > 5e7' (OP: >, >=, <, <=, crosses), "
                            f"conditions joined by 'and'")
    field, op, threshold = match.groups()
    return field, op, threshold
