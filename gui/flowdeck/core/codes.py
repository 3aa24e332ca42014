"""Stock codes: `MARKET.SYMBOL`, parsed and normalised.

`HK.700` -> `HK.00700`; SH/SZ take exactly six digits; US tickers may carry a
class suffix (`US.BRK.B`). Anything else is INVALID_CODE naming the input; a
`market=` that disagrees with a prefixed code, or that is unknown, is INVALID_PARAM.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from typing import NamedTuple

from .errors import invalid_code, invalid_param

MAX_CODES_PER_REQUEST = 500


class Market(enum.StrEnum):
    HK = "HK"
    US = "US"
    SH = "SH"
    SZ = "SZ"


# ASCII only: `\d` would take other scripts' digits ("HK.٧٠٠").
_SYMBOL_RE = {
    Market.HK: re.compile(r"[0-9]{1,5}"),
    Market.US: re.compile(r"[A-Z]{1,6}(\.[A-Z]{1,2})?"),
    Market.SH: re.compile(r"[0-9]{6}"),
    Market.SZ: re.compile(r"[0-9]{6}"),
}
_RULES = {
    Market.HK: "HK symbols are 1-5 digits",
    Market.US: "US tickers are 1-6 letters with an optional class suffix such as .B",
    Market.SH: "SH symbols are exactly 6 digits",
    Market.SZ: "SZ symbols are exactly 6 digits",
}


class Code(NamedTuple):
    market: Market
    symbol: str

    def __str__(self) -> str:
        return f"{self.market.value}.{self.symbol}"


def parse_market(market: object) -> Market:
    """A market name (`'hk'`, `' HK '`) as Market; INVALID_PARAM otherwise."""
    if isinstance(market, Market):
        return market
    if isinstance(market, str):
        try:
            return Market(market.strip().upper())
        except ValueError:
            pass
    names = ", ".join(m.value for m in Market)
    raise invalid_param(f"unknown market {market!r}; expected one of {names}")


def parse_code(text: object, market: object = None) -> Code:
    """Parse one code. `market`, when given, prefixes a bare symbol and must agree
    with a prefixed one."""
    want = None if market is None or market == "" else parse_market(market)
    if not isinstance(text, str):
        raise invalid_code(f"stock code must be a string, got {text!r}")
    cleaned = text.strip()
    if not cleaned.isascii():
        # Before upper(): "ß".upper() is "SS", and a code must not be made up that way.
        raise invalid_code(f"invalid stock code {text!r}: codes are ASCII letters, digits "
                           f"and dots, such as HK.00700")
    cleaned = cleaned.upper()
    head, dot, rest = cleaned.partition(".")
    if dot and head in Market.__members__:
        got = Market(head)
        if want is not None and got is not want:
            raise invalid_param(f"code {text!r} is not in market {want.value}")
        symbol = rest
    elif want is not None:
        got, symbol = want, cleaned
    else:
        raise invalid_code(f"invalid stock code {text!r}: expected MARKET.SYMBOL such as HK.00700")
    if not _SYMBOL_RE[got].fullmatch(symbol):
        raise invalid_code(f"invalid stock code {text!r}: {_RULES[got]}")
    if got is Market.HK:
        symbol = symbol.zfill(5)
    return Code(got, symbol)


def normalise_code(text: object, market: object = None) -> str:
    return str(parse_code(text, market))


def parse_stock_list(stock_list: object, market: object = None) -> list[str]:
    """Validate a request's `stock_list` as the spec wants: a non-empty list of at most
    MAX_CODES_PER_REQUEST codes. Returns normalised codes in order, duplicates once."""
    if isinstance(stock_list, (str, bytes)) or not isinstance(stock_list, Iterable):
        raise invalid_param(f"stock_list must be a list of codes, got {type(stock_list).__name__}")
    items = list(stock_list)
    if not items:
        raise invalid_param("stock_list is empty")
    if len(items) > MAX_CODES_PER_REQUEST:
        raise invalid_param(
            f"stock_list has {len(items)} codes; at most {MAX_CODES_PER_REQUEST} per request"
        )
    if market is not None and market != "":
        parse_market(market)
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(normalise_code(item, market), None)
    return list(seen)
