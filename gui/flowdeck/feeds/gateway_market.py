"""A `gateway://` source's whole market: the upstream's GET /v1/market (one market's
table in columns, core/market_answer.py) as a table the Market view ranks
(core.rank_answer.MarketTableLike), so the view ranks the gateway's universe rather
than the codes the window follows.

Number columns come as base64 float64 (core/market_answer.py says why): the same
numbers to the bit, read in a few ms (parsed and decoded in a worker thread: the
window's loop is its UI thread).

The first table of a market asks for its names and sectors too (fixed for the day)
and hands them to the feed's GatewayNames: the view names every row and ranks the
market's sectors. They are asked again when the market's code list changes (the
upstream restarted on another universe).

No sparkline series come with a table (market_answer.py says why): `followed` marks
every row, so the view draws the live store's series where the window follows the
code, and none elsewhere (`blocks` is empty).
"""

from __future__ import annotations

import asyncio
import base64

import numpy as np

from ..api import RET_OK
from ..api.async_context import AsyncQuoteContext
from ..core.errors import source_failed
from ..core.markets import MARKET_ORDER
from ..core.records import NUMERIC_KEYS
from ..core.stock_info import Sector, StockInfo
from .gateway_names import GatewayNames
from .market_table import MarketTable

_POSITION = {m.value: k for k, m in enumerate(MARKET_ORDER)}


def _floats(data: dict, key: str, n: int, where: str) -> np.ndarray:
    """A number column: base64 of little-endian float64, or a list (null unknown)."""
    values = data.get(key)
    try:
        if isinstance(values, str):
            out = np.frombuffer(base64.b64decode(values, validate=True), "<f8")
            if len(out) == n:
                return out.astype(np.float64)
        elif isinstance(values, list) and len(values) == n:
            return np.array([np.nan if v is None else v for v in values], np.float64)
    except (TypeError, ValueError):  # binascii.Error is a ValueError
        pass
    raise source_failed(f"{where}: its market table's {key!r} is not {n} numbers")


def decode_table(data: object, where: str, kept: MarketTable | None = None
                 ) -> MarketTable:
    """A MarketTable of /v1/market's `data`; 1016 naming the part that is wrong.
    `kept` is the previous table of the market: its codes list and markets are reused
    while the codes are the same."""
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list):
        raise source_failed(f"{where}: its market table has no codes")
    codes = [str(c) for c in data["codes"]]
    n = len(codes)
    fields = data.get("fields")
    if not isinstance(fields, dict):
        raise source_failed(f"{where}: its market table has no fields")
    values = np.empty((n, len(NUMERIC_KEYS)))
    for k, key in enumerate(NUMERIC_KEYS):
        values[:, k] = _floats(fields, key, n, where)
    times = data.get("update_time")
    if not isinstance(times, list) or len(times) != n:
        raise source_failed(f"{where}: its market table's update times do not match")
    if kept is not None and kept.codes == codes:
        codes, markets = kept.codes, kept.market
    else:
        try:
            markets = np.array([_POSITION[c.partition(".")[0]] for c in codes], np.int8)
        except KeyError as exc:
            raise source_failed(f"{where}: its market table has a code of no "
                                f"market ({exc.args[0]!r})") from None
    return MarketTable(codes, values, markets, np.array(times, dtype=str),
                       _floats(data, "turnover", n, where), _floats(data, "last", n, where),
                       _floats(data, "prev_close", n, where), np.ones(n, bool), "gateway")


def names_of(data: dict) -> tuple[list[StockInfo], dict[str, Sector]]:
    """The StockInfos and Sectors a `names=true` answer carries (empty without)."""
    codes, en, zh, sector = (data.get(k) for k in ("codes", "name_en", "name_zh", "sector"))
    if not all(isinstance(x, list) and len(x) == len(codes) for x in (en, zh, sector)):
        return [], {}
    hant = data.get("name_zh_hant")  # an older gateway: one Chinese script
    if not isinstance(hant, list) or len(hant) != len(codes):
        hant = [""] * len(codes)
    infos = [StockInfo(c, str(e or ""), str(z or ""), str(s or ""), str(h or ""))
             for c, e, z, s, h in zip(codes, en, zh, sector, hant, strict=True)]
    named = data.get("sector_names")
    sectors = {}
    for sector_id, names in (named.items() if isinstance(named, dict) else ()):
        if isinstance(names, dict):
            sectors[sector_id] = Sector(sector_id, sector_id.partition(".")[0],
                                        str(names.get("name_en") or sector_id),
                                        str(names.get("name_zh") or sector_id),
                                        str(names.get("name_zh_hant") or ""))
    return infos, sectors


class GatewayMarket:
    """The upstream's market tables for one GatewayFeed, the names learnt on the way."""

    def __init__(self, context: AsyncQuoteContext, names: GatewayNames, where: str) -> None:
        self.context = context
        self.names = names
        self.where = where
        self._kept: dict[str, MarketTable] = {}

    async def table(self, markets: str) -> MarketTable:
        key = str(markets).upper()
        kept = self._kept.get(key)
        ret, data = await self.context.get_market_table(key, names=kept is None,
                                                        encoding="base64")
        if ret != RET_OK:
            raise source_failed(f"{self.where}: {data}")
        table = await asyncio.to_thread(decode_table, data, self.where, kept)
        if kept is None:
            self.names.take(*names_of(data))  # type: ignore[arg-type]
        # Other codes than before: their names are asked with the next table.
        if kept is None or table.codes is kept.codes:
            self._kept[key] = table
        else:
            self._kept.pop(key, None)
        return table

