"""The answer of GET /v1/market: one market's whole table (every code of the source's
universe, core.rank_answer.MarketTableLike) in columns, so that a client ranks it
itself (gateway:// in the Market view) instead of asking /v1/rank again per field,
order and period.

Columns, not one object a row: ~4,000 rows of 16 values each as objects would repeat
every key 4,000 times (about twice the bytes). `data` holds `market`, `codes`, one list
a field under `fields` (the record's 12 numbers, NUMERIC_KEYS), `turnover`, `last`,
`prev_close`, `update_time`, each in `codes`' order; null (never NaN) where unknown.
With `names=true` also `name_en`, `name_zh`, `name_zh_hant` (Traditional, "" where the
source has one script), `sector` (the code's sector id, "" none) and `sector_names`
({id: {name_en, name_zh, name_zh_hant}}): a client asks those once a market, as
names are fixed for the day.

`encoding=base64` hands each number column as the base64 of its little-endian float64
array (NaN unknown) instead of a list: the same numbers to the bit, ~half the bytes,
and ~1 ms to encode or decode where JSON's float texts take ~80 ms to write and ~40 ms
to read for 2,600 codes (a window asking 4 times a second reads them on its UI thread).

No sparkline series: a minute series a code would be ~300 numbers x 4,000 codes each
time; a client draws its followed codes' from its own stream and none for the rest.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping

import numpy as np

from .errors import invalid_param
from .rank_answer import MarketTableLike, Names
from .ranking import MARKET_CHOICES
from .records import NUMERIC_KEYS
from .stock_info import info_of

MARKET_PARAMS = ("market", "names", "encoding")
ENCODINGS = ("json", "base64")
_TRUE = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


def parse_market_params(params: Mapping[str, str]) -> tuple[str, bool, str]:
    """(MARKET_CHOICES key, names wanted, encoding) of a query; 1001 naming the
    parameter."""
    unknown = sorted(set(params) - set(MARKET_PARAMS))
    if unknown:
        raise invalid_param(f"unknown parameter {unknown[0]!r}: expected "
                            + ", ".join(MARKET_PARAMS), "market.param", name=unknown[0])
    market = str(params.get("market", "")).strip().upper()
    if market not in MARKET_CHOICES:
        raise invalid_param(f"market must be one of {', '.join(MARKET_CHOICES)}, got "
                            f"{params.get('market', '')!r}", "market.param", name="market")
    names = str(params.get("names", "false")).strip().lower()
    if names not in _TRUE:
        raise invalid_param(f"names must be true or false, got {params.get('names')!r}",
                            "market.param", name="names")
    encoding = str(params.get("encoding", "json")).strip().lower()
    if encoding not in ENCODINGS:
        raise invalid_param(f"encoding must be json or base64, got "
                            f"{params.get('encoding')!r}", "market.param", name="encoding")
    return market, _TRUE[names], encoding


def column(values: np.ndarray, encoding: str = "json") -> list[float | None] | str:
    """float64 values as JSON numbers (None where NaN or infinite) or as base64."""
    array = np.asarray(values, np.float64)
    if encoding == "base64":
        return base64.b64encode(array.astype("<f8").tobytes()).decode("ascii")
    return [v if math.isfinite(v) else None for v in array.tolist()]


def market_data(table: MarketTableLike, market: str, names: Names | None = None,
                with_names: bool = False, encoding: str = "json") -> dict:
    """`data` of /v1/market for the table of MARKET_CHOICES key `market`."""
    data: dict = {
        "market": market, "encoding": encoding, "codes": list(table.codes),
        "fields": {key: column(table.values[:, k], encoding)
                   for k, key in enumerate(NUMERIC_KEYS)},
        "turnover": column(table.turnover, encoding), "last": column(table.last, encoding),
        "prev_close": column(table.prev_close, encoding),
        "update_time": [str(t) for t in np.asarray(table.update_time).tolist()],
    }
    if with_names:
        infos = [info_of(names, code) for code in table.codes]  # type: ignore[arg-type]
        data["name_en"] = [i.name_en for i in infos]
        data["name_zh"] = [i.name_zh for i in infos]
        data["name_zh_hant"] = [i.name_zh_hant for i in infos]
        data["sector"] = [i.sector for i in infos]
        sectors = names.sectors() if names is not None else {}
        data["sector_names"] = {
            s: {"name_en": sectors[s].name_en, "name_zh": sectors[s].name_zh,
                "name_zh_hant": sectors[s].name_zh_hant}
            for s in dict.fromkeys(i.sector for i in infos) if s in sectors}
    return data
