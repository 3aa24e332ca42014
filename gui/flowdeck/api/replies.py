"""The gateway's HTTP protocol from the client's side: paths, request bodies, and replies
turned into the spec's results. No I/O here; both clients share it."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import numpy as np

from ..core import json_text
from ..core.codes import normalise_code, parse_market
from ..core.envelope import all_failed
from ..core.errors import ErrorCode, FlowDeckError, invalid_param
from ..core.history_query import parse_history_query
from ..core.records import CapitalFlowDetail
from ..core.wire import decode_detail_item, decode_envelope, decode_quote_item, decode_record
from .peers import not_a_gateway
from .token_file import FileToken, is_local_host, token_path

CAPITAL_FLOW_PATH = "/v1/capital_flow"
CAPITAL_DETAIL_PATH = "/v1/capital_detail"
STREAM_PATH = "/v1/stream"
HEALTH_PATH = "/v1/health"
CAPITAL_FLOW_HISTORY_PATH = "/v1/capital_flow_history"
TRADING_DAYS_PATH = "/v1/trading_days"
CAPITAL_FLOW_HISTORY_KEY = "capital_flow_history_list"
# get_capital_flow_history's period_type (Futu's PeriodType names) -> the endpoint's period
PERIOD_TYPES = {"DAY": "day", "WEEK": "week", "MONTH": "month"}
CAPITAL_FLOW_KEY = "capital_flow_list"
CAPITAL_DETAIL_KEY = "capital_detail_list"
TOKEN_ENV = "FLOWDECK_TOKEN"
# A full detail reply for 500 codes is ~20 MB of JSON; anything far past that is not ours.
MAX_REPLY_BYTES = 256 * 2**20

Errors = dict[str, tuple[int, str]]
_FAILED = int(ErrorCode.GET_CAPITAL_FLOW_FAILED)
log = logging.getLogger(__name__)


def resolve_token(token: str | None) -> str | None:
    """`token`, or FLOWDECK_TOKEN when None; an empty string means no token."""
    if token is None:
        token = os.environ.get(TOKEN_ENV)
    return token or None


def _auth_value(token: str) -> str:
    return f"Bearer {token}"


def request_headers(token: str | None) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = _auth_value(token)
    return headers


class ContextSettings:
    """Where a quote context talks to and how: the part the sync and async contexts share."""

    def __init__(self, host: str = "127.0.0.1", port: int = 11111,
                 token: str | None = None, timeout: float = 10.0) -> None:
        self.host = host
        self.port = int(port)
        self.timeout = float(timeout)
        self.last_errors: Errors = {}
        self._given_token = resolve_token(token)
        # No token given: a gateway on this machine left its token in a file for us.
        self._file_token = FileToken(self.port) if self._given_token is None and \
            token != "" and is_local_host(host) else None
        self._closed = False

    def current_token(self) -> str | None:
        """The token to send now: the one given, else the local gateway's token file
        (re-read when it changes, since a restarted gateway has a new token)."""
        if self._file_token is not None:
            return self._file_token.current()
        return self._given_token

    def token_renewed(self, sent_authorization: str | None) -> bool:
        """After a refusal: whether the token file now holds another token than the
        one sent (a gateway restarted in between), so that one more try may succeed."""
        if self._file_token is None:
            return False
        token = self._file_token.current()
        return token is not None and _auth_value(token) != sent_authorization

    @property
    def _headers(self) -> dict[str, str]:
        return request_headers(self.current_token())


def request_body(codes: Sequence[str]) -> bytes:
    # The codes are already normalised (prefixed), so `market` would add nothing.
    return json.dumps({"stock_list": list(codes)}).encode("utf-8")


def parse_reply(host: str, port: int, status: int, content_type: str, body: bytes,
                list_key: str) -> tuple[list, Errors]:
    """(items, per-code errors) of a gateway reply; the envelope's error, or 1016 saying
    the peer is not a gateway, otherwise."""
    obj = _envelope(host, port, status, content_type, body)
    try:
        return decode_envelope(obj, list_key)
    except FlowDeckError as exc:
        raise _with_hint(exc, status, port) from None


def parse_health(host: str, port: int, status: int, content_type: str,
                 body: bytes) -> dict:
    """The data of a `/v1/health` reply: {source, state, uptime_s, subscribers, codes}
    and whatever newer gateways add."""
    obj = _envelope(host, port, status, content_type, body)
    data = obj.get("data")
    if obj["ret_code"] != 0 or not isinstance(data, Mapping):
        try:
            decode_envelope(obj, "data")  # raises the envelope's own error
        except FlowDeckError as exc:
            raise _with_hint(exc, status, port) from None
        raise not_a_gateway(host, port, "its health reply has no data")
    return dict(data)


def _envelope(host: str, port: int, status: int, content_type: str,
              body: bytes) -> Mapping:
    try:
        obj = json_text.loads(body)
    except ValueError:
        kind = content_type or "non-JSON"
        raise not_a_gateway(host, port, f"it answered HTTP {status} with a {kind} body "
                                        f"instead of the capital-flow envelope") from None
    if not isinstance(obj, Mapping) or "ret_code" not in obj:
        raise not_a_gateway(host, port, f"it answered HTTP {status} with JSON that is not "
                                        f"the capital-flow envelope")
    return obj


def token_hint(port: int) -> str:
    """What a client refused for its token can do about it."""
    return (f"the gateway wants its token: a gateway this user started on this machine "
            f"leaves it in {token_path(port)}, which clients read by themselves; for "
            f"another user's or machine's gateway pass token= or set {TOKEN_ENV}")


class Refused(FlowDeckError):
    """The gateway refused this client (HTTP 401 for its token, 403 or 421 for what a web
    page would send): asking again the same way is useless."""


REFUSED_STATUSES = (401, 403, 421)


def _with_hint(exc: FlowDeckError, status: int, port: int) -> FlowDeckError:
    if status == 401:
        return Refused(exc.code, f"{exc.message} ({token_hint(port)})")
    if status in REFUSED_STATUSES:
        return Refused(exc.code, exc.message)
    return exc


def _decode_items(codes: Sequence[str], items: list, errors: Errors, what: str,
                  decode: Callable[[Any], Any], code_of: Callable[[Any], str]
                  ) -> tuple[list, Errors]:
    """Decoded items in the order asked; a malformed item fails its code only (1016).
    Items for codes not asked (or without a code) are dropped; what was dropped or
    malformed is logged, one line per reply."""
    errors = dict(errors)
    asked = set(codes)
    got: dict[str, Any] = {}
    dropped: list[str] = []
    for item in items:
        hint = item.get("code") if isinstance(item, Mapping) else None
        key = wanted_code(hint, asked)
        if key is None:
            dropped.append(f"a {what} for {hint!r:.40}, which was not asked for")
            continue
        try:
            value = decode(item)
        except (ValueError, KeyError, TypeError, OverflowError, FlowDeckError) as exc:
            errors[key] = (_FAILED, f"malformed {what} from the gateway: {exc}")
            dropped.append(f"{key}: {exc}")
            continue
        got[code_of(value)] = value
    if dropped:
        log.warning("dropped %d of %d %ss from the gateway (first: %.200s)", len(dropped),
                    len(items), what, dropped[0])
    for code in codes:
        if code not in got and code not in errors:
            errors[code] = (_FAILED, "the gateway returned no data for this code")
    out = [got[c] for c in codes if c in got and c not in errors]
    if not out:
        raise all_failed(codes, errors)
    return out, errors


def wanted_code(hint: object, wanted: set[str]) -> str | None:
    """The code among `wanted` that `hint` (a code as a peer sent it) names, else None."""
    if isinstance(hint, str):
        if hint in wanted:
            return hint
        try:
            code = normalise_code(hint)
        except FlowDeckError:
            return None
        if code in wanted:
            return code
    return None


def capital_flow_rows(codes: Sequence[str], items: list,
                      errors: Errors) -> tuple[list[dict], Errors]:
    """The spec's dicts (14 keys, spec order), strictly checked, in the order asked."""
    records, errors = _decode_items(codes, items, errors, "record", decode_record,
                                    lambda r: r.code)
    return [r.to_dict() for r in records], errors


def capital_detail_rows(codes: Sequence[str], items: list,
                        errors: Errors) -> tuple[list[dict], Errors]:
    """One dict per code: {"code", "detail": CapitalFlowDetail, "minutes": int32 (k,),
    "values": float64 (k, 6) in SERIES_NAMES order (cumulative net inflow at the end of
    each minute)}."""
    decoded, errors = _decode_items(codes, items, errors, "detail", decode_detail_item,
                                    lambda t: t[0].code)
    return [_detail_row(*t) for t in decoded], errors


def _detail_row(detail: CapitalFlowDetail, minutes: np.ndarray, values: np.ndarray) -> dict:
    return {"code": detail.code, "detail": detail, "minutes": minutes, "values": values}


def _date_text(value: object, key: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise invalid_param(f"{key} must be a date or YYYY-MM-DD, got {value!r}",
                        "history.date", key=key, value=repr(value))


def history_path(code: object, start: object = None, end: object = None,
                 period_type: object = "DAY", detail: bool = False) -> str:
    """The GET path of get_capital_flow_history, checked here first (1001/1002 without
    a round trip): one code, ISO dates or dates, DAY / WEEK / MONTH."""
    name = getattr(period_type, "name", period_type)
    period = PERIOD_TYPES.get(name.strip().upper()) if isinstance(name, str) else None
    if period is None:
        raise invalid_param(f"unknown period_type {period_type!r}: expected DAY, WEEK or "
                            "MONTH", "history.period", period=str(period_type))
    if isinstance(code, (list, tuple)):
        if len(code) != 1:
            raise invalid_param("one code per query: give a single code, e.g. HK.00700",
                                "history.one_code")
        code = code[0]
    query = parse_history_query({"code": code, "start": _date_text(start, "start"),
                                 "end": _date_text(end, "end"), "period": period})
    params = {"code": query.code, "period": query.period}
    if query.start:
        params["start"] = query.start.isoformat()
    if query.end:
        params["end"] = query.end.isoformat()
    if detail:
        params["detail"] = "1"
    return f"{CAPITAL_FLOW_HISTORY_PATH}?{urlencode(params)}"


def history_rows(host: str, port: int, status: int, content_type: str,
                 body: bytes) -> list[dict]:
    """The periods of a /v1/capital_flow_history reply, as sent: the spec's 14 keys,
    `day` and `complete` (a ratio or amount unknown to the gateway is None)."""
    obj = _envelope(host, port, status, content_type, body)
    try:
        items, _ = decode_envelope(obj, CAPITAL_FLOW_HISTORY_KEY)
    except FlowDeckError as exc:
        raise _with_hint(exc, status, port) from None
    rows = []
    for item in items:
        if not isinstance(item, Mapping) or not isinstance(item.get("day"), str):
            raise not_a_gateway(host, port, f"a history item without a day: {item!r:.80}")
        rows.append(dict(item))
    return rows


def trading_days_path(market: object, count: int | None = None) -> str:
    params = {"market": parse_market(market).value}
    if count is not None:
        if not isinstance(count, int) or count < 0:
            raise invalid_param(f"count is a number of days (0 or more), got {count!r}")
        params["count"] = str(count)
    return f"{TRADING_DAYS_PATH}?{urlencode(params)}"


def trading_days_list(host: str, port: int, status: int, content_type: str,
                      body: bytes) -> list[dt.date]:
    """The days of a /v1/trading_days reply, oldest first."""
    data = parse_health(host, port, status, content_type, body)  # the same envelope
    days = data.get("trading_days")
    if not isinstance(days, list):
        raise not_a_gateway(host, port, "its trading days reply has no trading_days")
    try:
        return [dt.date.fromisoformat(d) for d in days]
    except (TypeError, ValueError):
        raise not_a_gateway(host, port, "its trading days are not ISO dates") from None


QUOTE_PATH, QUOTE_KEY = "/v1/quote", "quote_list"
MARKET_PATH = "/v1/market"


def market_path(market: str, names: bool = False, encoding: str = "json") -> str:
    """GET /v1/market's path; the gateway checks the market (1001 naming it)."""
    query = {"market": market, "names": str(names).lower(), "encoding": encoding}
    return f"{MARKET_PATH}?{urlencode(query)}"


def rank_path(params: Mapping[str, object], sectors: bool = False) -> str:
    """GET /v1/rank's (or /v1/sectors') path with `params` (market, period, field, order,
    top); the gateway checks them (1001 naming a bad one)."""
    return f"{'/v1/sectors' if sectors else '/v1/rank'}?{urlencode(params)}"


def quote_rows(codes: Sequence[str], items: list, errors: Errors
               ) -> tuple[list[dict], Errors]:
    """/v1/quote items checked, in the order asked; a malformed item fails its code only
    (1016), items for codes not asked are dropped."""
    errors = dict(errors)
    asked = set(codes)
    got: dict[str, dict] = {}
    for item in items:
        code = wanted_code(item.get("code") if isinstance(item, Mapping) else None, asked)
        if code is None:
            continue
        try:
            got[code] = decode_quote_item(item)
        except (ValueError, KeyError, TypeError, OverflowError, FlowDeckError) as exc:
            errors[code] = (int(ErrorCode.GET_CAPITAL_FLOW_FAILED),
                            f"malformed quote from the gateway: {exc}")
    for code in codes:
        if code not in got and code not in errors:
            errors[code] = (int(ErrorCode.GET_CAPITAL_FLOW_FAILED),
                            "the gateway returned no data for this code")
    rows = [got[c] for c in codes if c in got and c not in errors]
    if not rows:
        raise all_failed(codes, errors)
    return rows, errors
