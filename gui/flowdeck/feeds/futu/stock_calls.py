"""The futu-api calls about stocks rather than flows, one SDK call each, run in worker
threads; Refused or ConnectionError as in calls.py.

- `market_names`: `get_stock_basicinfo(market, SecurityType.STOCK)`: every listed
  stock of a market and its name, in the language OpenD runs in (one name only).
- `snapshots`: `get_market_snapshot(codes)`, at most SNAPSHOT_CODES codes a request:
  each code's last price and previous close, and its name in OpenD's language now
  (names.FutuNames.check_language). A code OpenD does not know is left out.
- `plate_list`: `get_plate_list(market, Plate.ALL)`: a market's plates (code, name);
  SH and SZ give the same A-share plates.
- `plate_codes`: `get_plate_stock(plate)`: a plate's stocks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ...core.codes import Market
from ...core.stock_info import Quote
from .calls import check_answer
from .sdk import load_futu

SNAPSHOT_CODES = 400     # OpenD: codes a get_market_snapshot request may ask for


def market_names(ctx: Any, market: Market) -> dict[str, str]:
    """code -> name of the market's listed stocks."""
    futu = load_futu()
    ret, data = ctx.get_stock_basicinfo(market.value, futu.SecurityType.STOCK)
    check_answer(futu, ret, data)
    return {str(row["code"]): str(row["name"]) for row in data.to_dict("records")
            if row.get("code") and row.get("name")}


def snapshots(ctx: Any, codes: Sequence[str]) -> tuple[dict[str, Quote], dict[str, str]]:
    """code -> its Quote (last price, previous close, OpenD's update time), and code ->
    its name."""
    if len(codes) > SNAPSHOT_CODES:
        raise ValueError(f"at most {SNAPSHOT_CODES} codes a snapshot request")
    futu = load_futu()
    ret, data = ctx.get_market_snapshot(list(codes))
    check_answer(futu, ret, data)
    out, names = {}, {}
    for row in data.to_dict("records"):
        last, prev = _price(row.get("last_price")), _price(row.get("prev_close_price"))
        code = str(row.get("code", ""))
        if code:
            out[code] = Quote(code, math.nan if last is None else last, prev,
                              str(row.get("update_time") or ""))
            names[code] = str(row.get("name") or "")
    return out, names


def plate_list(ctx: Any, market: Market) -> list[tuple[str, str]]:
    """(plate code, plate name) of the market's plates."""
    futu = load_futu()
    ret, data = ctx.get_plate_list(market.value, futu.Plate.ALL)
    check_answer(futu, ret, data)
    return [(str(r["code"]), str(r["plate_name"])) for r in data.to_dict("records")]


def plate_codes(ctx: Any, plate: str) -> list[str]:
    futu = load_futu()
    ret, data = ctx.get_plate_stock(plate)
    check_answer(futu, ret, data)
    return [str(r["code"]) for r in data.to_dict("records") if r.get("code")]


def _price(value: object) -> float | None:
    """A price; None for N/A, NaN or 0 (OpenD's 0 is "none yet", never a price)."""
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) and out > 0 else None
