"""The parts of an alert rule as a person types them: a field's name, an operator, an
amount with units, a scope, per-market thresholds; and a value written back in a
sentence. No Qt. core/alert_rules.py says what a rule is made of.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Mapping

from .codes import normalise_code
from .derived_fields import RULE_FIELD_BY_KEY, RULE_KEYS, field_meta
from .errors import invalid_param
from .rule_thresholds import MARKET_KEYS, parse_market_key
from .units import format_amount, format_ratio


class Op(enum.StrEnum):
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    CROSSES = "crosses"


OPS: tuple[Op, ...] = tuple(Op)
_SCALES = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12,
           "万": 1e4, "亿": 1e8, "万亿": 1e12, "%": 0.01,
           "萬": 1e4, "億": 1e8, "萬億": 1e12}  # Traditional, as the zh_HK window writes them
_NUMBER = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
                     r"\s*(万亿|万|亿|萬億|萬|億|[kKmMbBtT]|%)?$")
# Field names a person may type: the key, its English or Chinese (either script) label.
_FIELD_NAMES = {name.lower(): f.key for f in RULE_FIELD_BY_KEY.values()
                for name in (f.key, f.label_en, f.label_zh, f.label_hk)}
TRADE_SIDES = ("either", "buy", "sell")


def parse_field(text: str) -> str:
    """`"main_net_inflow"`, `"Main net inflow"` or `"主力净流入"` -> the field key."""
    key = _FIELD_NAMES.get(str(text).strip().lower())
    if key is None:
        raise invalid_param(f"unknown field {text!r}; one of: {', '.join(RULE_KEYS)}")
    return key


def parse_op(text: str) -> Op:
    try:
        return Op(str(text).strip().lower())
    except ValueError:
        raise invalid_param(f"unknown operator {text!r}; one of: "
                            f"{', '.join(o.value for o in OPS)}") from None


def parse_amount(text: str | float, field: str, what: str = "threshold") -> float:
    """A threshold for `field` from text with units: amounts take K/M/B/T or 万/亿
    (`"5000万"`, `"0.5亿"`, `"50M"`, `5e7`); ratios take a percentage (`"12%"`) or a
    fraction between -1 and 1 (`0.12`); a price change a percentage (`"2%"`, `"150%"`)
    or a fraction (`0.02`); a streak a whole number of days (`3`, `-2`)."""
    meta = field_meta(field)
    if isinstance(text, bool):
        raise invalid_param(f"{what} must be a number, not {text!r}")
    if isinstance(text, int | float):
        try:
            value, suffix = float(text), ""
        except OverflowError:  # an integer past float range
            raise invalid_param(f"{what} {text!r:.40} is not a finite number") from None
    else:
        cleaned = str(text).strip().replace(",", "").replace("_", "")
        match = _NUMBER.match(cleaned)
        if match is None:
            raise invalid_param(f"{what} {text!r} is not a number (examples: 5e7, 5000万, "
                                f"0.5亿, 50M, 12% for ratios)")
        value, suffix = float(match.group(1)), (match.group(2) or "").lower()
        value *= _SCALES[suffix]
    if not math.isfinite(value):
        raise invalid_param(f"{what} {text!r} is not a finite number")
    if meta.kind == "streak":
        if suffix or value != int(value):
            raise invalid_param(f"{what} {text!r}: {field} counts trading days in a row; "
                                f"write a whole number like 3 (or -3 for outflow)")
    elif meta.kind == "ratio":
        if suffix not in ("", "%"):
            raise invalid_param(f"{what} {text!r}: {field} is a ratio; write a percentage "
                                f"like 12% or a fraction like 0.12")
        if abs(value) > 1.0:
            raise invalid_param(f"{what} {text!r}: {field} is a ratio between -100% and "
                                f"100%; write 12% or 0.12")
    elif meta.kind == "change":
        # A bare 2 is more likely 2 % than 200 %: beyond ±1 a percentage is asked for.
        if suffix not in ("", "%") or (not suffix and abs(value) > 1.0):
            raise invalid_param(f"{what} {text!r}: {field} is a price change; write a "
                                f"percentage like 2% or -3.5% (or a fraction like 0.02)")
    elif suffix == "%":
        raise invalid_param(f"{what} {text!r}: {field} is an amount, not a ratio; write "
                            f"e.g. 5000万 or 50M")
    return value


def format_value(field: str, value: float, units: str = "kmb") -> str:
    """A field's value as a trader reads it in a sentence: `7500万`, `74.07M`, `12%`
    (trailing zeros dropped; files and JSON keep the exact float)."""
    kind = field_meta(field).kind
    if kind in ("ratio", "change"):
        return format_ratio(value, trim=True)
    if kind == "streak":
        return f"{value:g}"
    return format_amount(value, units, trim=True)


def parse_scope(text: str) -> str:
    """`"code:hk.700"` -> `"code:HK.00700"`; `"watchlist:NAME"`; `"all"`."""
    raw = str(text).strip()
    kind, _, rest = raw.partition(":")
    kind = kind.strip().lower()
    if kind == "all" and not rest:
        return "all"
    if kind == "code" and rest.strip():
        return "code:" + normalise_code(rest.strip())  # 1002 when the code is bad
    if kind == "watchlist" and rest.strip():
        return "watchlist:" + rest.strip()
    raise invalid_param(f"scope {text!r} must be \"code:MARKET.CODE\", "
                        f"\"watchlist:NAME\" or \"all\"")


def parse_thresholds(table: Mapping[str, str | float] | None,
                     field: str) -> tuple[tuple[str, float], ...]:
    """`{"US": "5M", "a": "2亿"}` -> `(("US", 5e6), ("A", 2e8))`, in MARKET_KEYS order."""
    if table in (None, {}):
        return ()
    if not isinstance(table, Mapping):
        raise invalid_param(f"thresholds {table!r:.60} must be a table of market = "
                            f"threshold, e.g. {{ HK = \"50M\", US = \"5M\" }}")
    values: dict[str, float] = {}
    for market, text in table.items():
        key = parse_market_key(market)
        if key in values:
            raise invalid_param(f"thresholds: market {key} is given twice")
        values[key] = parse_amount(text, field, f"threshold for {key}")
    return tuple((k, values[k]) for k in MARKET_KEYS if k in values)

