"""Stock codes: `MARKET.SYMBOL`, parsed and normalised.

`HK.700` -> `HK.00700`; SH/SZ take exactly six digits; US tickers may carry a
class suffix (`US.BRK.B`). Anything else is INVALID_CODE naming the input; a
`market=` that disagrees with a prefixed code, or that is unknown, is INVALID_PARAM.

`recognise_code` also reads the ways quote sites and brokers write codes (`600519.SH`,
`600519.SS`, `SH600519`, `00700.HK`, a bare `600519` or `00700`), for pastes of their
tables. `recognise_typed_code` reads what a trader types into a search box, where a
short number or a word is a code too (`700`, `aapl`, `BRK.B`).
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from .errors import FlowDeckError, invalid_code, invalid_param

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
    raise invalid_param(f"unknown market {market!r}; expected one of {names}",
                        "market.unknown", market=repr(market), names=names)


def parse_code(text: object, market: object = None) -> Code:
    """Parse one code. `market`, when given, prefixes a bare symbol and must agree
    with a prefixed one."""
    want = None if market is None or market == "" else parse_market(market)
    if not isinstance(text, str):
        raise invalid_code(f"stock code must be a string, got {text!r}", "code.not_text",
                           text=repr(text))
    cleaned = text.strip()
    if not cleaned.isascii():
        # Before upper(): "ß".upper() is "SS", and a code must not be made up that way.
        raise invalid_code(f"invalid stock code {text!r}: codes are ASCII letters, digits "
                           f"and dots, such as HK.00700", "code.not_ascii", text=repr(text))
    cleaned = cleaned.upper()
    head, dot, rest = cleaned.partition(".")
    if dot and head in Market.__members__:
        got = Market(head)
        if want is not None and got is not want:
            raise invalid_param(f"code {text!r} is not in market {want.value}",
                                "code.wrong_market", text=repr(text), market=want.value)
        symbol = rest
    elif want is not None:
        got, symbol = want, cleaned
    else:
        raise invalid_code(f"invalid stock code {text!r}: expected MARKET.SYMBOL such as "
                           f"HK.00700", "code.format", text=repr(text))
    if not _SYMBOL_RE[got].fullmatch(symbol):
        raise invalid_code(f"invalid stock code {text!r}: {_RULES[got]}", "code.symbol",
                           text=repr(text), market=got.value)
    if got is Market.HK:
        symbol = symbol.zfill(5)
    return Code(got, symbol)


# Codes parsed already, as (text, market) -> normalised code. A gateway parses the same
# codes over and over (every subscribe and every new request of a watchlist: 500 codes
# ~4 ms, in the one event loop's turn); a hit costs well under a microsecond. Only
# codes that parse are kept (lru_cache keeps no exception), so every bad code is
# refused each time with its own message; the size bounds what odd inputs can fill.
NORMALISED_CACHE_SIZE = 1 << 16


@functools.lru_cache(maxsize=NORMALISED_CACHE_SIZE)
def _normalised(text: str, market: str | None) -> str:
    return str(parse_code(text, market))


def normalise_code(text: object, market: object = None) -> str:
    if type(text) is str and (market is None or type(market) is str):
        return _normalised(text, market)
    return str(parse_code(text, market))


def normalised_cache_info() -> tuple[int, int, int | None, int]:
    """Hits, misses and size of the parsed-codes cache (lru_cache's cache_info)."""
    return _normalised.cache_info()


# Bare numbers as East Money and Tonghuashun show them: six digits are an A-share, its
# exchange told by the first digit (6: Shanghai; 0 and 3: Shenzhen); five are Hong Kong.
_BARE_A_SHARE_RE = re.compile(r"[036][0-9]{5}")
_BARE_HK_RE = re.compile(r"[0-9]{5}")
_JOINED_RE = re.compile(r"(?:SH|SZ)[0-9]{6}|HK[0-9]{1,5}")
_A_SHARE_MARKETS = {"6": Market.SH, "0": Market.SZ, "3": Market.SZ}
# Yahoo writes Shanghai as .SS; the other suffixes are the markets' own names.
_SUFFIX_MARKETS = {**{m.value: m for m in Market}, "SS": Market.SH}


def recognise_code(text: object) -> str | None:
    """The normalised code `text` names, or None (never raises): MARKET.SYMBOL, or
    SYMBOL.MARKET (`600519.SH`, `00700.HK`, `BRK.B.US`), MARKETSYMBOL (`SH600519`,
    `HK00700`), a bare 6-digit A-share code or a bare 5-digit HK code. Shorter numbers
    and words are left alone: in a pasted table they are serial numbers and headers."""
    if not isinstance(text, str) or not text.isascii():
        return None
    cleaned = text.strip().upper()
    candidates = [cleaned]
    head, dot, tail = cleaned.rpartition(".")
    if dot and tail in _SUFFIX_MARKETS:
        candidates.append(f"{_SUFFIX_MARKETS[tail].value}.{head}")
    if _JOINED_RE.fullmatch(cleaned):
        candidates.append(f"{cleaned[:2]}.{cleaned[2:]}")
    if _BARE_A_SHARE_RE.fullmatch(cleaned):
        candidates.append(f"{_A_SHARE_MARKETS[cleaned[0]].value}.{cleaned}")
    elif _BARE_HK_RE.fullmatch(cleaned):
        candidates.append(f"HK.{cleaned}")
    for candidate in candidates:
        try:
            return normalise_code(candidate)
        except FlowDeckError:
            continue
    return None


_TYPED_HK_RE = re.compile(r"[0-9]{1,5}")
_TYPED_TICKER_RE = re.compile(r"[A-Z]{1,6}(\.[A-Z]{1,2})?")


def recognise_typed_code(text: object) -> str | None:
    """The normalised code a trader typed, or None (never raises): every form
    `recognise_code` reads, and, alone in a search box, a bare number of 1-5 digits
    (`700`: HK.00700) and a bare ticker (`aapl`, `BRK.B`: US)."""
    code = recognise_code(text)
    if code is not None or not isinstance(text, str) or not text.isascii():
        return code
    cleaned = text.strip().upper()
    if _TYPED_HK_RE.fullmatch(cleaned):
        return f"HK.{cleaned.zfill(5)}"
    if _TYPED_TICKER_RE.fullmatch(cleaned):
        return f"US.{cleaned}"
    return None


def parse_stock_list(stock_list: object, market: object = None) -> list[str]:
    """Validate a request's `stock_list` as the spec wants: a non-empty list of at most
    MAX_CODES_PER_REQUEST codes. Returns normalised codes in order, duplicates once."""
    # A mapping (a JSON object) would be read as its keys: refused like a string.
    if isinstance(stock_list, (str, bytes, Mapping)) or not isinstance(stock_list, Iterable):
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
