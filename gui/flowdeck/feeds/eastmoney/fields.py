"""`ulist.np/get`'s answer (the named codes' live fields in one request) as FlowDeck's
records, prices and names, every field checked.

The request (akshare stock/stock_fund_em.py and efinance stock/getter.py read the same
`f` numbers from push2's list endpoints; akshare issue #6121 documents ulist.np/get with
exactly these fields for named secids, and shows East Money's own numbers for 2024-10-30:
main -55,361,789,952 = large -29,342,572,544 + super -26,019,217,408 to the yuan, the
four tier nets summing to 0): `secids=1.600519,0.000001` (1 = Shanghai,
0 = Shenzhen), `fltt=2` (numbers as decimals, ratios in percent), `fields=` below. The
answer: `{"rc": 0, "data": {"total": n, "diff": [{"f12": "600519", "f13": 1, ...}]}}`;
`diff` is an object keyed "0", "1", ... without `np=1`, so both are read.

Fields: f62 main net, f184 main ratio, f66/f69 super net/ratio, f72/f75 large, f78/f81
medium, f84/f87 small, f14 name, f2 price, f3 change %, f18 previous close, f124 update
time (Unix seconds). Tier nets are yuan. main = super + large and retail = medium +
small, as FlowDeck's record defines them (East Money's own f62 is compared with
f66 + f72: `main_gaps` keeps any difference over a yuan, for the capture tool and the
log). A field published as "-" (a suspended stock, a listing without trades yet) makes
that code a 1016 "suspended / no data today": its row shows "—", never 0 or NaN. A field
missing or of another type makes that code a 1016 naming the field (upstream changed).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ...core.codes import Market
from ...core.errors import ErrorCode
from ...core.markets import local_now
from ...core.records import CapitalFlowRecord
from ...core.stock_info import Quote
from .client import ShapeError

ULIST_PATH = "/api/qt/ulist.np/get"
UT = "b2884a393a59ad64002292a3e90d46a5"   # the token East Money's own pages send
MARKET_IDS = {Market.SH: 1, Market.SZ: 0}
# series -> (net field, ratio field); main's net is derived, its f62 only checked.
TIER_FIELDS = {"super": ("f66", "f69"), "large": ("f72", "f75"),
               "medium": ("f78", "f81"), "small": ("f84", "f87")}
FLOW_FIELDS = ("f62", "f184", *(f for pair in TIER_FIELDS.values() for f in pair))
ULIST_FIELDS = ("f12", "f13", "f14", "f2", "f3", "f18", "f124", *FLOW_FIELDS)
NO_DATA = "suspended / no data today"
E1016 = int(ErrorCode.GET_CAPITAL_FLOW_FAILED)


def secid(code: str) -> str:
    """`SH.600519` -> `1.600519` (only SH and SZ: the caller filters)."""
    market, symbol = code.split(".", 1)
    return f"{MARKET_IDS[Market(market)]}.{symbol}"


def ulist_params(codes: Sequence[str]) -> dict[str, str]:
    return {"fltt": "2", "invt": "2", "np": "1", "ut": UT,
            "fields": ",".join(ULIST_FIELDS), "secids": ",".join(secid(c) for c in codes)}


def no_data(code: str) -> tuple[int, str]:
    return E1016, f"{code}: {NO_DATA}"


def changed(code: str, what: str) -> tuple[int, str]:
    return E1016, (f"{code}: East Money's answer changed ({what}); the answer is kept "
                   "for a bug report")


@dataclass(slots=True)
class Quotes:
    records: dict[str, CapitalFlowRecord] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    errors: dict[str, tuple[int, str]] = field(default_factory=dict)
    main_gaps: dict[str, float] = field(default_factory=dict)  # f62 - (f66 + f72), yuan
    shape_errors: int = 0                                      # codes whose fields changed


def parse_ulist(payload: Mapping, codes: Sequence[str]) -> Quotes:
    """The records of `codes` (those asked for) in `payload`; ShapeError when the answer
    as a whole is not the list akshare reads (then every asked code is affected)."""
    rows = _rows(payload)
    wanted = {secid(c): c for c in codes}
    out = Quotes()
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise ShapeError(f"data.diff[{i}]", "not an object")
        code = wanted.get(f"{row.get('f13')}.{row.get('f12')}")
        if code is None:
            if "f12" not in row or "f13" not in row:
                raise ShapeError(f"data.diff[{i}].f12/f13", "the code is missing")
            continue  # a code we did not ask for: ignore
        try:
            _parse_row(code, row, out)
        except ShapeError as exc:
            out.errors[code] = changed(code, str(exc))
            out.shape_errors += 1
    for code in codes:   # East Money leaves out codes it has nothing for
        if code not in out.records and code not in out.errors:
            out.errors[code] = no_data(code)
    return out


def _rows(payload: Mapping) -> list:
    if "data" not in payload:
        raise ShapeError("data", "missing")
    data = payload["data"]
    if data is None:       # none of the secids is known to East Money
        return []
    if not isinstance(data, Mapping) or "diff" not in data:
        raise ShapeError("data.diff", "missing")
    diff = data["diff"]
    if isinstance(diff, Mapping):
        return list(diff.values())
    if not isinstance(diff, list):
        raise ShapeError("data.diff", f"a {type(diff).__name__}, not a list")
    return diff


def number(row: Mapping, key: str) -> float | None:
    """The field as a float; None when East Money publishes "-"; ShapeError otherwise."""
    if key not in row:
        raise ShapeError(key, "missing")
    value = row[key]
    if value == "-":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not math.isfinite(value):
        raise ShapeError(key, f"{value!r} is not a number")
    return float(value)


def _parse_row(code: str, row: Mapping, out: Quotes) -> None:
    flows = {key: number(row, key) for key in FLOW_FIELDS}
    name = row.get("f14")
    if not isinstance(name, str):
        raise ShapeError("f14", "the name is missing")
    out.names[code] = name
    price, prev_close, stamp = number(row, "f2"), number(row, "f18"), number(row, "f124")
    when = _update_time(stamp)
    if price is not None:
        out.quotes[code] = Quote(code, price, prev_close, when)
    if any(v is None for v in flows.values()) or not when:
        out.errors[code] = no_data(code)
        return
    values: dict[str, float] = {}
    for series, (net, ratio) in TIER_FIELDS.items():
        values[f"{series}_net_inflow"] = flows[net]          # type: ignore[assignment]
        values[f"{series}_net_inflow_ratio"] = flows[ratio] / 100.0  # type: ignore[operator]
    values["main_net_inflow"] = values["super_net_inflow"] + values["large_net_inflow"]
    values["retail_net_inflow"] = values["medium_net_inflow"] + values["small_net_inflow"]
    values["main_net_inflow_ratio"] = flows["f184"] / 100.0     # type: ignore[operator]
    values["retail_net_inflow_ratio"] = (values["medium_net_inflow_ratio"]
                                         + values["small_net_inflow_ratio"])
    gap = flows["f62"] - values["main_net_inflow"]               # type: ignore[operator]
    if abs(gap) > max(1.0, 1e-6 * abs(values["main_net_inflow"])):
        out.main_gaps[code] = gap
    out.records[code] = CapitalFlowRecord(code, when, **values)


def _update_time(stamp: float | None) -> str:
    """f124 (Unix seconds) as Shanghai's `YYYY-MM-DD HH:MM:SS`; "" for "-" or 0."""
    if not stamp:
        return ""
    try:
        moment = dt.datetime.fromtimestamp(stamp, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise ShapeError("f124", f"{stamp!r} is not a time") from None
    return local_now(Market.SH, moment).strftime("%Y-%m-%d %H:%M:%S")
