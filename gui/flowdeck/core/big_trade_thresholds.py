"""Which trades are big enough for the tape, and how much of the tape is kept.

A trade goes to the tape when its value (price x quantity, in the market's currency)
is at least its code's minimum: the user's value for that code, else the user's value
for its market, else the market's default, the large tier's lower bound
(core/tiers.py FIXED_THRESHOLDS: HK 500,000 HKD, US 40,000 USD, SH/SZ 200,000 CNY).
The tape keeps the last `per_code` trades of each code and `total` in all
(core/trade_tape.py).

In the settings file (storage/config.py) it is the `[tape]` table:

    [tape]
    per_code = 2000                 # the last trades kept per code and day
    total = 50000                   # ... and in all
    [tape.min_value]                # a market or a code -> its minimum trade value
    HK = "100万"                    # numbers, or text with units: 5e6, "500万", "5M"
    "HK.00700" = "1000万"

Read leniently (`tape_from_table`): a bad value is named and its default used, the
others kept; checked strictly for a dialog or an API (`check_min_value`, 1001 naming
the value).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .alert_rules import parse_amount
from .codes import Market, normalise_code, parse_code, parse_market
from .errors import FlowDeckError, invalid_param
from .markets import MARKET_ORDER
from .tiers import FIXED_THRESHOLDS
from .trade_tape import PER_CODE, TOTAL

#: The default minimum per market: the large tier's lower bound.
DEFAULT_MIN_VALUES: dict[Market, float] = {m: t.large for m, t in FIXED_THRESHOLDS.items()}
#: Caps a settings file may set (the tape's memory is about 60 bytes a trade).
MAX_PER_CODE = 100_000
MAX_TOTAL = 2_000_000
_AMOUNT_FIELD = "large_net_inflow"  # any amount field: parse_amount's units for amounts


def check_min_value(value: object, name: str = "minimum trade value") -> float:
    """A minimum trade value: a number or text with units (`5e6`, `"500万"`, `"5M"`),
    finite and >= 0; 1001 naming `name` and the value otherwise."""
    try:
        amount = parse_amount(value, _AMOUNT_FIELD)  # type: ignore[arg-type]
    except FlowDeckError:
        amount = math.nan
    if not (math.isfinite(amount) and amount >= 0):
        raise invalid_param(f"{name} must be an amount >= 0 such as 5e6, 500万 or 5M, "
                            f"got {value!r:.40}")
    return amount


def check_cap(value: object, name: str, most: int) -> int:
    """A tape cap: a whole number from 1 to `most`; 1001 naming it otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        raise invalid_param(f"the tape's {name} must be a whole number from 1 to "
                            f"{most:,}, got {value!r:.40}")
    return value


@dataclass(frozen=True, slots=True)
class BigTradeThresholds:
    """The user's minimum trade values per market and per code (defaults elsewhere)."""
    markets: Mapping[Market, float] = field(default_factory=dict)
    codes: Mapping[str, float] = field(default_factory=dict)

    def of_market(self, market: Market | str) -> float:
        market = parse_market(market)
        return self.markets.get(market, DEFAULT_MIN_VALUES[market])

    def min_value(self, code: str) -> float:
        """`code`'s minimum: its own, else its market's."""
        own = self.codes.get(code)
        return own if own is not None else self.of_market(parse_code(code).market)

    def per_symbol(self, market_index: np.ndarray, symbols: Mapping[str, int]) -> np.ndarray:
        """float64 minimum per engine symbol: `market_index` is each symbol's position
        in MARKET_ORDER (FlowEngine.market_index), `symbols` code -> symbol for the
        per-code values (codes not there are ignored)."""
        table = np.array([self.of_market(m) for m in MARKET_ORDER], np.float64)
        out = table[np.asarray(market_index, np.intp)]
        for code, value in self.codes.items():
            i = symbols.get(code)
            if i is not None and i < len(out):
                out[i] = value
        return out

    def with_market(self, market: Market | str, value: object | None) -> BigTradeThresholds:
        """A copy with `market`'s minimum set (None: back to the default)."""
        market = parse_market(market)
        markets = dict(self.markets)
        markets.pop(market, None)
        if value is not None:
            markets[market] = check_min_value(value, f"the minimum of {market.value}")
        return replace(self, markets=markets)

    def with_code(self, code: str, value: object | None) -> BigTradeThresholds:
        """A copy with `code`'s own minimum set (None: its market's again)."""
        code = normalise_code(code)
        codes = dict(self.codes)
        codes.pop(code, None)
        if value is not None:
            codes[code] = check_min_value(value, f"the minimum of {code}")
        return replace(self, codes=codes)


@dataclass(frozen=True, slots=True)
class TapeSettings:
    """The `[tape]` settings: the thresholds and the tape's two caps."""
    thresholds: BigTradeThresholds = field(default_factory=BigTradeThresholds)
    per_code: int = PER_CODE
    total: int = TOTAL


def tape_from_table(table: object) -> tuple[TapeSettings, list[str]]:
    """The settings' `[tape]` table, leniently: each bad value is named in the problems
    and its default used; the rest is kept. None or {}: the defaults."""
    if table is None:
        return TapeSettings(), []
    if not isinstance(table, Mapping):
        return TapeSettings(), [f"[tape] is not a table ({table!r:.60})"]
    problems: list[str] = []
    caps = {"per_code": PER_CODE, "total": TOTAL}
    for name, most in (("per_code", MAX_PER_CODE), ("total", MAX_TOTAL)):
        if name in table:
            try:
                caps[name] = check_cap(table[name], name, most)
            except FlowDeckError as exc:
                problems.append(f"tape.{name}: {exc.message}")
    raw = table.get("min_value", {})
    if not isinstance(raw, Mapping):
        problems.append(f"tape.min_value is not a table ({raw!r:.60})")
        raw = {}
    thresholds = BigTradeThresholds()
    for key, value in raw.items():
        try:
            if str(key).strip().upper() in Market.__members__:
                thresholds = thresholds.with_market(str(key), value)
            else:
                thresholds = thresholds.with_code(key, value)
        except FlowDeckError as exc:
            problems.append(f"tape.min_value.{key}: {exc.message}")
    return TapeSettings(thresholds, caps["per_code"], caps["total"]), problems


def tape_to_table(settings: TapeSettings) -> dict[str, Any]:
    """The `[tape]` table of `settings`; tape_from_table gives the same settings back."""
    values: dict[str, float] = {m.value: v for m, v in settings.thresholds.markets.items()}
    values.update(settings.thresholds.codes)
    table: dict[str, Any] = {"per_code": settings.per_code, "total": settings.total}
    if values:
        table["min_value"] = values
    return table
