"""JSON shapes on the wire, encoded by the gateway and decoded (strictly) by the client.

Batch (a WebSocket message of /v1/stream):
    {"type": "batch", "snapshot": bool, "records": [14-key record, ...],
     "quotes": [{"code", "last", "prev_close", "update_time"}, ...],
     "details": [detail, ...], "points": {code: {"minutes": [int], "values": [[6]]}},
     "errors": [{"code", "ret_code", "ret_msg"}], "markets": {"HK": {"state", "local_time"}},
     "trades": [big trade, ...]}  (trades only for a client that asked: trade_wire.py)
Detail item (/v1/capital_detail, list key "capital_detail_list"):
    detail fields (code, update_time, turnover, trades, <tier>_inflow, <tier>_outflow)
    + "minutes": [int] + "series": {"main": [...], ..., "small": [...]}

Decoding never trusts the peer: a record, quote or detail with a missing key, a
non-number, NaN or infinity becomes a 1016 error for that code only; a message that is
not a batch at all raises 1016. Keys a client does not know are ignored, so a newer
gateway's additions never break an older client ("quotes" came with issue 20; a batch
without them decodes with no quotes). A quote's unknown price is null, never NaN.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

import numpy as np

from .batch import Batch, MarketStatus, MinutePoints
from .codes import normalise_code
from .envelope import error_item
from .errors import ErrorCode, FlowDeckError, source_failed
from .markets import MarketState
from .records import (
    NUMERIC_KEYS,
    RECORD_KEYS,
    SERIES_NAMES,
    TIER_NAMES,
    CapitalFlowDetail,
    CapitalFlowRecord,
)
from .stock_info import Quote
from .trade_wire import decode_trades

_MINUTES_PER_DAY = 24 * 60   # a trading-minute index is below this (int32 would wrap)
# Points beyond float32's range are refused: a window stores them as float32 to draw.
_FLOAT32_MAX = float(np.finfo(np.float32).max)
_DETAIL_NUMBERS = ("turnover", *(f"{t}_{side}" for t in TIER_NAMES
                                 for side in ("inflow", "outflow")))


# --- encoding (gateway side) ----------------------------------------------------------

def encode_points(points: MinutePoints) -> dict[str, dict]:
    out: dict[str, dict] = {}
    if not len(points):
        return out
    codes = points.codes
    starts = [0] + [i for i in range(1, len(codes)) if codes[i] != codes[i - 1]]
    bounds = [*starts, len(codes)]
    minutes, values = points.minutes.tolist(), points.values.tolist()
    for a, b in itertools.pairwise(bounds):
        out[codes[a]] = {"minutes": minutes[a:b], "values": values[a:b]}
    return out


def encode_quote(quote: Quote) -> dict:
    """A quote's wire item: an unknown price (NaN, None) is null."""
    return {"code": quote.code, "last": _finite_or_none(quote.last),
            "prev_close": _finite_or_none(quote.prev_close),
            "update_time": quote.update_time}


def _finite_or_none(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def encode_batch(batch: Batch) -> dict:
    return {
        "type": "batch",
        "snapshot": batch.snapshot,
        "records": [r.to_dict() for r in batch.records.values()],
        "quotes": [encode_quote(q) for q in batch.quotes.values()],
        "details": [d.to_dict() for d in batch.details.values()],
        "points": encode_points(batch.points),
        "errors": [error_item(c, e) for c, e in batch.errors.items()],
        "markets": {m: {"state": s.state.value, "local_time": s.local_time}
                    for m, s in batch.markets.items()},
    }


def encode_detail_item(detail: CapitalFlowDetail, minutes: np.ndarray,
                       values: np.ndarray) -> dict:
    """A detail with its day's series: `values` is (k, 6) in SERIES_NAMES order."""
    cols = np.asarray(values, np.float64).T.tolist() if len(minutes) else [[]] * 6
    return {**detail.to_dict(), "minutes": np.asarray(minutes).tolist(),
            "series": dict(zip(SERIES_NAMES, cols, strict=True))}


# --- decoding (client side) -----------------------------------------------------------

def _number(d: Mapping, key: str) -> float:
    value = d[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{key} is not a number: {value!r:.80}")
    try:
        value = float(value)
    except OverflowError:  # an integer past float range (JSON allows any length)
        raise ValueError(f"{key} is out of range: {value!r:.40}") from None
    if not math.isfinite(value):
        raise ValueError(f"{key} is not finite: {value!r}")
    return value


def _code(d: Mapping) -> str:
    return normalise_code(d.get("code"))


def decode_record(d: object) -> CapitalFlowRecord:
    """A record from the wire; ValueError/KeyError/FlowDeckError when malformed."""
    if not isinstance(d, Mapping):
        raise ValueError(f"record is not an object: {d!r:.80}")
    values = {k: _number(d, k) for k in NUMERIC_KEYS}
    for k in NUMERIC_KEYS:
        if k.endswith("_ratio") and not -1.0 <= values[k] <= 1.0:
            raise ValueError(f"{k} outside [-1, 1]: {values[k]!r}")
    update_time = d["update_time"]
    if not isinstance(update_time, str):
        raise ValueError(f"update_time is not a string: {update_time!r}")
    return CapitalFlowRecord(code=_code(d), update_time=update_time, **values)


def decode_quote(d: object) -> Quote:
    """A quote from the wire: `last` null is no trade yet (NaN), `prev_close` null is
    unknown (None); ValueError/KeyError/FlowDeckError when malformed."""
    if not isinstance(d, Mapping):
        raise ValueError(f"quote is not an object: {d!r:.80}")
    last = math.nan if d["last"] is None else _number(d, "last")
    prev_close = None if d["prev_close"] is None else _number(d, "prev_close")
    update_time = d["update_time"]
    if not isinstance(update_time, str):
        raise ValueError(f"update_time is not a string: {update_time!r:.80}")
    return Quote(_code(d), last, prev_close, update_time)


QUOTE_ITEM_KEYS = ("code", "name", "name_en", "name_zh", "name_zh_hant", "last",
                   "prev_close", "change", "change_ratio", "turnover", "update_time")
_QUOTE_NUMBERS = ("last", "prev_close", "change", "change_ratio", "turnover")


def decode_quote_item(d: object) -> dict:
    """A /v1/quote item (core.stock_info.quote_dict's keys) checked: names and
    update_time strings (name_zh_hant "" when absent), each number finite or None
    (null: unknown)."""
    if not isinstance(d, Mapping):
        raise ValueError(f"quote item is not an object: {d!r:.80}")
    out: dict = {"code": _code(d)}
    for key in ("name", "name_en", "name_zh", "name_zh_hant", "update_time"):
        # A gateway older than name_zh_hant has one Chinese script: "" for it.
        value = d.get(key, "") if key == "name_zh_hant" else d[key]
        if not isinstance(value, str):
            raise ValueError(f"{key} is not a string: {value!r:.80}")
        out[key] = value
    for key in _QUOTE_NUMBERS:
        out[key] = None if d[key] is None else _number(d, key)
    return {k: out[k] for k in QUOTE_ITEM_KEYS}


def decode_detail(d: object) -> CapitalFlowDetail:
    if not isinstance(d, Mapping):
        raise ValueError(f"detail is not an object: {d!r:.80}")
    nums = {k: _number(d, k) for k in _DETAIL_NUMBERS}
    trades = _number(d, "trades")
    if not isinstance(d["update_time"], str):
        raise ValueError("update_time is not a string")
    return CapitalFlowDetail(
        code=_code(d), update_time=d["update_time"], turnover=nums["turnover"],
        trades=int(trades),
        inflow=tuple(nums[f"{t}_inflow"] for t in TIER_NAMES),     # type: ignore[arg-type]
        outflow=tuple(nums[f"{t}_outflow"] for t in TIER_NAMES))   # type: ignore[arg-type]


def _series(minutes: object, values: object, rows_are_points: bool) -> tuple[np.ndarray,
                                                                            np.ndarray]:
    try:
        m = np.asarray(minutes, dtype=np.float64)
        v = np.asarray(values, dtype=np.float64)
    except OverflowError:  # an integer past float range
        raise ValueError("series holds a number out of range") from None
    if not rows_are_points:
        v = v.T
    if m.shape == (0,) and v.shape == (0,):   # no point yet: JSON's [] has no columns
        v = v.reshape(0, 6)
    if m.ndim != 1 or v.shape != (len(m), 6):
        raise ValueError("series shape does not match its minutes")
    if not (np.isfinite(m).all() and np.isfinite(v).all()) or (m < 0).any() or \
            (m >= _MINUTES_PER_DAY).any() or (m != np.floor(m)).any():
        raise ValueError("series holds a non-finite value or a bad minute")
    if (np.abs(v) > _FLOAT32_MAX).any():
        raise ValueError("series holds a value out of range")
    return m.astype(np.int32), np.ascontiguousarray(v)


def decode_detail_item(d: object) -> tuple[CapitalFlowDetail, np.ndarray, np.ndarray]:
    detail = decode_detail(d)
    assert isinstance(d, Mapping)
    series = d.get("series")
    if not isinstance(series, Mapping):
        raise ValueError("detail has no series")
    minutes, values = _series(d.get("minutes"), [series.get(n) for n in SERIES_NAMES], False)
    return detail, minutes, values


def _guard(what: str, code_hint: object, func, item, errors: dict):
    try:
        return func(item)
    except (ValueError, KeyError, TypeError, OverflowError, FlowDeckError) as exc:
        key = _error_key(code_hint, errors)
        errors[key] = (int(ErrorCode.GET_CAPITAL_FLOW_FAILED), f"malformed {what}: {exc}")
        return None


def _error_key(code_hint: object, errors: dict) -> str:
    """Whose error a malformed item is: its code normalised (so it lands on the row of
    "HK.00700" when the peer wrote "HK.700"), as given when that fails."""
    if not isinstance(code_hint, str):
        return f"?{len(errors)}"
    try:
        return normalise_code(code_hint)
    except FlowDeckError:
        return code_hint


def _decode_items(items: object, what: str, decode, errors: dict) -> dict:
    """{code: decoded} of a list of records or details; a bad item is a 1016 for its code."""
    if items is not None and not isinstance(items, list):
        raise ValueError(f"{what}s are a {type(items).__name__}, not a list")
    out = {}
    for item in items or []:
        hint = item.get("code") if isinstance(item, Mapping) else None
        got = _guard(what, hint, decode, item, errors)
        if got is not None:
            out[got.code] = got
    return out


def decode_batch(msg: object) -> Batch:
    """A Batch from a stream message. Bad items become per-code 1016 errors; a message
    that is not a batch raises 1016."""
    if not isinstance(msg, Mapping) or msg.get("type") != "batch":
        raise source_failed(f"not a batch message: {msg!r:.120}")
    errors: dict[str, tuple[int, str]] = {}
    try:
        records = _decode_items(msg.get("records"), "record", decode_record, errors)
        quotes = _decode_items(msg.get("quotes"), "quote", decode_quote, errors)
        details = _decode_items(msg.get("details"), "detail", decode_detail, errors)
        points = _decode_points(msg.get("points") or {}, errors)
        for item in msg.get("errors") or []:
            code = normalise_code(item["code"])
            number = int(item["ret_code"])
            text = str(item.get("ret_msg", ""))
            prefix = f"{ErrorCode(number).name}: "
            errors[code] = (number, text.removeprefix(prefix))
        markets = {str(m): MarketStatus(MarketState(s["state"]), str(s["local_time"]))
                   for m, s in (msg.get("markets") or {}).items()}
        trades, _left_out = decode_trades(msg.get("trades"))
    except (AttributeError, KeyError, TypeError, ValueError, OverflowError,
            FlowDeckError) as exc:
        raise source_failed(f"malformed batch: {exc}") from exc
    for code in errors:
        records.pop(code, None)
        details.pop(code, None)
        quotes.pop(code, None)
    return Batch(records=records, details=details, points=points, errors=errors,
                 markets=markets, snapshot=bool(msg.get("snapshot", False)), quotes=quotes,
                 trades=trades)


def _decode_points(raw: Mapping, errors: dict) -> MinutePoints:
    if not isinstance(raw, Mapping):  # a list would be indexed by its own items
        raise ValueError(f"points are a {type(raw).__name__}, not an object")
    codes: list[str] = []
    minutes, values = [], []
    for code in sorted(raw):
        item = raw[code]

        def one(item=item, code=code):
            c = normalise_code(code)
            m, v = _series(item["minutes"], item["values"], True)
            order = np.argsort(m, kind="stable")
            return c, m[order], v[order]

        got = _guard("minute points", code, one, item, errors)
        if got is not None:
            c, m, v = got
            codes.extend([c] * len(m))
            minutes.append(m)
            values.append(v)
    if not codes:
        return MinutePoints.empty()
    return MinutePoints(codes, np.concatenate(minutes), np.concatenate(values))


def decode_envelope(obj: object, list_key: str) -> tuple[list, dict[str, tuple[int, str]]]:
    """(items, per-code errors) of a success envelope; raises the envelope's error
    (FlowDeckError with its code) otherwise, and 1016 when it is not an envelope."""
    if not isinstance(obj, Mapping) or "ret_code" not in obj:
        raise source_failed(f"not a capital-flow envelope: {obj!r:.120}")
    ret = obj["ret_code"]
    if ret != 0:
        msg = str(obj.get("ret_msg", ""))
        try:
            code = ErrorCode(int(ret))
        except (TypeError, ValueError, OverflowError):
            raise source_failed(f"unknown error {ret!r:.40}: {msg:.200}") from None
        raise FlowDeckError(code, msg.removeprefix(f"{code.name}: "))
    data = obj.get("data")
    if not isinstance(data, Mapping) or not isinstance(data.get(list_key), list):
        raise source_failed(f"envelope without data.{list_key}")
    errors: dict[str, tuple[int, str]] = {}
    items = data.get("errors") or []
    if not isinstance(items, list):
        raise source_failed(f"malformed data.errors: a {type(items).__name__}, not a list")
    for item in items:
        try:
            number = int(item["ret_code"])
            name = ErrorCode(number).name
            errors[normalise_code(item["code"])] = (
                number, str(item.get("ret_msg", "")).removeprefix(f"{name}: "))
        except (KeyError, TypeError, ValueError, OverflowError, FlowDeckError) as exc:
            raise source_failed(f"malformed errors item: {exc}") from exc
    return data[list_key], errors


__all__ = ["RECORD_KEYS", "decode_batch", "decode_detail_item", "decode_envelope",
           "decode_quote", "decode_quote_item", "decode_record", "encode_batch",
           "encode_detail_item", "encode_points", "encode_quote"]
