"""Hypothesis strategies for the fuzz targets: arbitrary JSON-ish values, and the
spec's shapes (records, details, envelopes, stream batches, rule tables) with any part
swapped for an arbitrary value, so the fuzzer gets past the first check."""

from __future__ import annotations

import json

from hypothesis import strategies as st

from flowdeck.core.records import NUMERIC_KEYS, SERIES_NAMES, TIER_NAMES

from .targets import ASKED

KNOWN_KEYS = ["code", "update_time", *NUMERIC_KEYS, "ret_code", "ret_msg", "data",
              "capital_flow_list", "capital_detail_list", "errors", "type", "snapshot",
              "records", "details", "points", "markets", "minutes", "values", "series",
              "state", "local_time", "op", "stock_list", "market", "turnover", "trades",
              "scope", "field", "threshold", "hysteresis", "cooldown_s", "enabled", "note"]
CODES = [*ASKED, "HK.700", "hk.00700", " US.aapl ", "US.BRK.B", "SZ.000001", "HK.00005",
         "HK.", "US.", "XX.1", "HK.123456", "SH.60051", "US.TOOLONG", "00700", "AAPL",
         "HK.٧٠٠", "US.ß", "HK.00700\x00", "HK.0070０"]
BIG = [0, -1, 1, 1001, 1002, 1016, 2**31, 2**31 - 1, -(2**31), 2**53 + 1, 2**63, 2**64,
       10**400, -(10**400)]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from(BIG),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=24), st.sampled_from(CODES),
    st.sampled_from(["batch", "error", "snapshot", "open", "closed", "NaN", "Infinity",
                     "", " ", "0", "1e400", "2025-03-12 10:00:00", ">", "crosses"]),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=8))
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(keys, inner, max_size=5)),
    max_leaves=20)


def maybe(good: st.SearchStrategy, p_bad: int = 4) -> st.SearchStrategy:
    """Mostly `good`, sometimes anything (about 1 in `p_bad`)."""
    return st.one_of(*([good] * (p_bad - 1)), json_values)


def _finite(lo: float = -1e12, hi: float = 1e12) -> st.SearchStrategy:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def shaped(draw, fields: dict[str, st.SearchStrategy]) -> dict:
    """A dict of `fields`, some values swapped, some keys dropped, unknown keys added."""
    out = {}
    for key, strategy in fields.items():
        if draw(st.integers(0, 20)) == 0:
            continue  # a key missing
        out[key] = draw(maybe(strategy, 8))
    out.update(draw(st.dictionaries(keys, json_values, max_size=2)))
    return out


def record() -> st.SearchStrategy:
    fields = {"code": st.sampled_from(CODES), "update_time": st.just("2025-03-12 10:00:00")}
    for key in NUMERIC_KEYS:
        fields[key] = _finite(-1, 1) if key.endswith("_ratio") else _finite()
    return shaped(fields)


def detail_item() -> st.SearchStrategy:
    fields: dict[str, st.SearchStrategy] = {
        "code": st.sampled_from(CODES), "update_time": st.just("2025-03-12 10:00:00"),
        "turnover": _finite(0), "trades": st.integers(0, 10**6)}
    for tier in TIER_NAMES:
        fields[f"{tier}_inflow"] = _finite(0)
        fields[f"{tier}_outflow"] = _finite(0)
    fields["minutes"] = st.just([0, 1, 2])
    fields["series"] = st.fixed_dictionaries(
        {name: st.lists(maybe(_finite(), 10), min_size=3, max_size=3)
         for name in SERIES_NAMES})
    return shaped(fields)


def error_item() -> st.SearchStrategy:
    return shaped({"code": st.sampled_from(CODES),
                   "ret_code": st.sampled_from([1001, 1002, 1016]),
                   "ret_msg": st.just("GET_CAPITAL_FLOW_FAILED: nope")})


def points() -> st.SearchStrategy:
    point = shaped({"minutes": st.lists(st.integers(0, 400), max_size=3),
                    "values": st.lists(st.lists(maybe(_finite(), 10), min_size=6, max_size=6),
                                       max_size=3)})
    return st.dictionaries(st.sampled_from(CODES), maybe(point, 8), max_size=3)


def envelopes() -> st.SearchStrategy:
    items = st.lists(st.one_of(record(), detail_item(), json_values), max_size=5)
    data = shaped({"capital_flow_list": items, "capital_detail_list": items,
                   "errors": st.lists(maybe(error_item()), max_size=3)})
    return st.one_of(
        json_values,
        shaped({"ret_code": st.sampled_from([0, 0, 0, 1001, 1002, 1016, 7]),
                "ret_msg": st.just("SUCCESS"), "data": data}))


def batches() -> st.SearchStrategy:
    markets = st.dictionaries(st.sampled_from(["HK", "US", "SH", "SZ", "XX"]),
                              maybe(shaped({"state": st.sampled_from(["open", "closed"]),
                                            "local_time": st.just("2025-03-12 10:00:00")})),
                              max_size=2)
    return st.one_of(
        json_values,
        shaped({"type": st.sampled_from(["batch", "batch", "error", "hello"]),
                "snapshot": st.booleans(),
                "records": st.lists(maybe(record()), max_size=4),
                "details": st.lists(maybe(detail_item()), max_size=3),
                "points": points(),
                "errors": st.lists(maybe(error_item()), max_size=3),
                "markets": markets,
                "ret_code": st.sampled_from([1001, 1002, 1016, 5]),
                "ret_msg": st.text(max_size=10)}))


def deep_json() -> st.SearchStrategy:
    """Nesting deep enough to exhaust the recursion limit of json.loads."""
    return st.builds(lambda n, c: c[0] * n + c[1] * n, st.integers(1, 200_000),
                     st.sampled_from([("[", "]"), ('{"a":', "}")]))


def json_texts(values: st.SearchStrategy) -> st.SearchStrategy:
    """Text of `values` (NaN and Infinity as Python writes them), or any text, or
    nesting too deep for json."""
    return st.one_of(values.map(_dumps), st.text(max_size=60), deep_json())


def _dumps(value: object) -> str:
    try:
        return json.dumps(value)
    except ValueError:  # an integer too long to write (over 4300 digits)
        return "null"


def rule_tables() -> st.SearchStrategy:
    table = shaped({
        "scope": st.sampled_from(["all", "code:HK.700", "watchlist:Core", "code:XX",
                                  "code:", "everything"]),
        "field": st.sampled_from([*NUMERIC_KEYS, "Main net inflow", "主力净流入", "price"]),
        "op": st.sampled_from([">", ">=", "<", "<=", "crosses", "=", "CROSSES"]),
        "threshold": st.one_of(_finite(), st.sampled_from(
            ["5000万", "0.5亿", "50M", "12%", "1e400", "-0", "1,000", "万", "5 亿"])),
        "hysteresis": st.one_of(_finite(0), st.just("1%")),
        "cooldown_s": st.one_of(_finite(0, 1e6), st.just("300")),
        "enabled": st.booleans(),
        "note": st.text(max_size=10)})
    # Issue 22's keys, each present or not: AND conditions, once a day, expiry, channels.
    condition = shaped({
        "field": st.sampled_from([*NUMERIC_KEYS, "change_pct", "涨跌幅", "price"]),
        "op": st.sampled_from([">", "<", "crosses", "="]),
        "threshold": st.one_of(_finite(-2, 2), st.sampled_from(["2%", "150%", "5000万", "2"])),
        "hysteresis": st.one_of(_finite(0, 1), st.just("0.5%"))})
    more = st.fixed_dictionaries({}, optional={
        "conditions": maybe(st.lists(maybe(condition), max_size=3)),
        "once_per_day": st.one_of(st.booleans(), st.just("yes")),
        "expires": st.sampled_from(["2026-12-31", "31/12/2026", "", "2026-02-30"]),
        "channels": st.one_of(st.lists(st.text(max_size=6), max_size=3), st.just("desk"))})
    return st.lists(maybe(st.builds(lambda t, m: {**t, **m}, table, more)), max_size=4)


def rule_expressions() -> st.SearchStrategy:
    field = st.sampled_from([*NUMERIC_KEYS, "Main net inflow", "主力净流入", "x", ""])
    op = st.sampled_from([">", ">=", "<", "<=", "crosses", "CROSSES", "=", "=>", ""])
    threshold = st.one_of(st.text(max_size=12), st.sampled_from(
        ["5e7", "5000万", "0.5亿", "50M", "12%", "0.12", "1e400", "nan", "-inf", "1万亿"]))
    one = st.builds(lambda f, o, t, sp: f"{f}{sp}{o}{sp}{t}", field, op, threshold,
                    st.sampled_from(["", " ", "  ", "\t"]))
    return st.one_of(st.text(max_size=40), one,  # and conditions joined (issue 22)
                     st.builds(lambda a, b, j: f"{a}{j}{b}", one, one,
                               st.sampled_from([" and ", " AND ", "&&", " and"])))
