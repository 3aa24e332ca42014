"""OpenQuoteContext: the spec's blocking client, on the standard library only.

It never creates or runs an asyncio loop, so it works the same in a script, in Jupyter,
and called from inside a running Qt/qasync or asyncio loop (where it blocks that loop
for the length of one request, like any blocking call).
"""

from __future__ import annotations

import datetime as dt
import http.client
import threading
from collections.abc import Callable, Sequence

from ..core.codes import parse_stock_list
from ..core.errors import RET_ERROR, RET_OK, FlowDeckError, source_failed
from . import peers
from .replies import (
    CAPITAL_DETAIL_KEY,
    CAPITAL_DETAIL_PATH,
    CAPITAL_FLOW_KEY,
    CAPITAL_FLOW_PATH,
    MAX_REPLY_BYTES,
    QUOTE_KEY,
    QUOTE_PATH,
    ContextSettings,
    Errors,
    capital_detail_rows,
    capital_flow_rows,
    history_path,
    history_rows,
    parse_reply,
    quote_rows,
    request_body,
    trading_days_list,
    trading_days_path,
)
from .trade_replies import trades_list, trades_path


class _PeerBytes(Exception):
    """The reply did not start like HTTP; carries what it did start with."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.data = data


class _SniffingResponse(http.client.HTTPResponse):
    # Look at the first bytes before http.client parses them: a Futu OpenD frame or a
    # banner would otherwise surface as a bare BadStatusLine, or as a timeout when the
    # peer sends no newline.
    def begin(self) -> None:
        first = self.fp.peek(len(peers.HTTP_MAGIC))
        if not peers.HTTP_MAGIC.startswith(first[:len(peers.HTTP_MAGIC)]) or not first:
            raise _PeerBytes(first[:64])
        super().begin()


class _Connection(http.client.HTTPConnection):
    response_class = _SniffingResponse


class OpenQuoteContext(ContextSettings):
    """The spec's quote context, talking to a flowdeck-gateway at `host:port`.

    `token` is sent as `Authorization: Bearer TOKEN`; None reads FLOWDECK_TOKEN, else,
    for a gateway on this machine, the token file it left (token_file.py). One
    kept-alive HTTP connection is opened at the first request (so constructing never
    fails) and re-opened once if the gateway dropped it while idle. `timeout` bounds the
    connect and each wait for the peer. Calls are serialised by a lock, so one context
    may be shared between threads.

    Every call returns `(RET_OK, data)` or `(RET_ERROR, message)`; the message starts
    with the spec's error name (`INVALID_PARAM: `, `INVALID_CODE: `,
    `GET_CAPITAL_FLOW_FAILED: `). When only some codes failed at the source, the call
    returns RET_OK with the others, and `last_errors` maps each failed code to
    `(ret_code, message)` until the next call.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 11111,
                 token: str | None = None, timeout: float = 10.0) -> None:
        super().__init__(host, port, token, timeout)
        self._conn: _Connection | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<OpenQuoteContext {peers.address(self.host, self.port)} {state}>"

    def get_capital_flow(self, stock_list: Sequence[str],
                         market: str | None = None) -> tuple[int, list[dict] | str]:
        """The spec's call: (RET_OK, [14-key dict per code, in the order asked]) or
        (RET_ERROR, message). Codes are checked here first, without a round trip."""
        return self._call(stock_list, market, CAPITAL_FLOW_PATH, CAPITAL_FLOW_KEY,
                          capital_flow_rows)

    def get_capital_detail(self, stock_list: Sequence[str],
                           market: str | None = None) -> tuple[int, list[dict] | str]:
        """(RET_OK, [{"code", "detail", "minutes", "values"}, ...]) with each code's
        turnover, in/out per tier and the day's per-minute series (see
        replies.capital_detail_rows), or (RET_ERROR, message)."""
        return self._call(stock_list, market, CAPITAL_DETAIL_PATH, CAPITAL_DETAIL_KEY,
                          capital_detail_rows)

    def get_quote(self, stock_list: Sequence[str],
                  market: str | None = None) -> tuple[int, list[dict] | str]:
        """(RET_OK, [dict per code, in the order asked: code, name, name_en, name_zh,
        last, prev_close, change, change_ratio, turnover, update_time; None for what the
        gateway does not know]) or (RET_ERROR, message). The gateway's GET /v1/quote."""
        return self._call(stock_list, market, QUOTE_PATH, QUOTE_KEY, quote_rows)

    def get_capital_flow_history(self, code: str, start: str | dt.date | None = None,
                                 end: str | dt.date | None = None, period_type: str = "DAY",
                                 *, detail: bool = False) -> tuple[int, list[dict] | str]:
        """A code's archived days, weeks or months (period_type DAY, WEEK or MONTH) from
        `start` to `end` (inclusive; ISO dates or dates, None: open): (RET_OK, [dict per
        period, oldest first: the spec's 14 keys, `day` (the period's start) and
        `complete`]) or (RET_ERROR, message). A ratio the gateway cannot know (a day
        without its turnover) is None. Nothing archived is an empty list. `detail`
        (days only) adds turnover, close and each tier's inflow and outflow."""
        try:
            path = history_path(code, start, end, period_type, detail)
            return RET_OK, history_rows(self.host, self.port,
                                        *self._post(path, None, "GET"))
        except FlowDeckError as exc:
            return RET_ERROR, str(exc)

    def get_trading_days(self, market: str, count: int | None = None
                         ) -> tuple[int, list[dt.date] | str]:
        """The market's completed days the gateway has archived, oldest first (the
        last `count`): (RET_OK, [date, ...]) or (RET_ERROR, message)."""
        try:
            path = trading_days_path(market, count)
            return RET_OK, trading_days_list(self.host, self.port,
                                             *self._post(path, None, "GET"))
        except FlowDeckError as exc:
            return RET_ERROR, str(exc)

    def get_trades(self, codes: str | Sequence[str], min_value: float | str = 0.0,
                   side: str | None = None, limit: int = 200) -> tuple[int, list[dict] | str]:
        """The day's big trades the gateway kept of `codes` worth `min_value` or more
        (units as "500万" allowed), of one `side` ("buy", "sell") when given, newest
        first, at most `limit` (1..2,000): (RET_OK, [{"code", "time", "price",
        "quantity", "value", "side", "tier", "seq", "type"}, ...]) or (RET_ERROR,
        message). The gateway's GET /v1/trades."""
        try:
            path = trades_path(codes, min_value, side, limit)
            return RET_OK, trades_list(self.host, self.port, *self._post(path, None, "GET"))
        except FlowDeckError as exc:
            return RET_ERROR, str(exc)

    def close(self) -> None:
        """Close the connection; later calls return RET_ERROR. Safe to call twice."""
        with self._lock:
            self._closed = True
            self._drop()

    def __enter__(self) -> OpenQuoteContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals --------------------------------------------------------------------

    def _call(self, stock_list: object, market: object, path: str, list_key: str,
              convert: Callable[[Sequence[str], list, Errors], tuple[list[dict], Errors]]
              ) -> tuple[int, list[dict] | str]:
        self.last_errors = {}
        try:
            codes = parse_stock_list(stock_list, market)
            status, content_type, body = self._post(path, request_body(codes))
            items, errors = parse_reply(self.host, self.port, status, content_type, body,
                                        list_key)
            rows, errors = convert(codes, items, errors)
        except FlowDeckError as exc:
            return RET_ERROR, str(exc)
        self.last_errors = errors
        return RET_OK, rows

    def _post(self, path: str, body: bytes | None,
              method: str = "POST") -> tuple[int, str, bytes]:
        with self._lock:
            if self._closed:
                raise source_failed("this OpenQuoteContext is closed")
            headers = self._headers
            reply = self._post_fresh(path, body, headers, method)
            if reply[0] == 401 and self.token_renewed(headers.get("Authorization")):
                # The gateway restarted with a new token since this request was made.
                reply = self._post_fresh(path, body, self._headers, method)
            return reply

    def _post_fresh(self, path: str, body: bytes | None, headers: dict[str, str],
                    method: str = "POST") -> tuple[int, str, bytes]:
        try:
            return self._post_once(path, body, headers, method)
        except _StaleConnection:
            # The gateway closed the idle kept-alive connection (or restarted):
            # one fresh connection decides.
            try:
                return self._post_once(path, body, headers, method)
            except _StaleConnection:
                raise peers.closed_without_answer(self.host, self.port) from None

    def _post_once(self, path: str, body: bytes | None, headers: dict[str, str],
                   method: str = "POST") -> tuple[int, str, bytes]:
        reused = self._conn is not None and self._conn.sock is not None
        if self._conn is None:
            self._conn = _Connection(self.host, self.port, timeout=self.timeout)
        conn = self._conn
        try:
            conn.request(method, path, body, headers)
            resp = conn.getresponse()
            data = _read_body(resp, self.host, self.port)
            if resp.will_close:
                self._drop()
            return resp.status, resp.getheader("Content-Type", "") or "", data
        except _PeerBytes as exc:
            self._drop()
            if not exc.data and reused:
                raise _StaleConnection from None
            error = peers.classify_first_bytes(self.host, self.port, exc.data)
            raise error or peers.not_a_gateway(self.host, self.port, "bad reply") from None
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
            self._drop()
            if reused:
                raise _StaleConnection from None
            raise peers.closed_without_answer(self.host, self.port) from None
        except ConnectionRefusedError:
            self._drop()
            raise peers.not_running(self.host, self.port) from None
        except TimeoutError:
            self._drop()
            raise peers.timed_out(self.host, self.port, self.timeout) from None
        except http.client.IncompleteRead:
            self._drop()
            raise source_failed(f"the gateway at {peers.address(self.host, self.port)} "
                                f"closed the connection in the middle of its reply") from None
        except http.client.HTTPException as exc:
            self._drop()
            raise peers.not_a_gateway(self.host, self.port,
                                      f"malformed HTTP reply ({exc!r:.80})") from None
        except FlowDeckError:
            self._drop()
            raise
        except OSError as exc:
            self._drop()
            raise peers.unreachable(self.host, self.port, exc) from None

    def _drop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class _StaleConnection(Exception):
    """A reused connection was found closed by the peer; retry on a fresh one."""


def _read_body(resp: http.client.HTTPResponse, host: str, port: int) -> bytes:
    length = resp.getheader("Content-Length")
    if length is not None and length.isdigit() and int(length) > MAX_REPLY_BYTES:
        raise peers.not_a_gateway(host, port, f"its reply is {int(length)} bytes long")
    data = resp.read(MAX_REPLY_BYTES + 1)
    if len(data) > MAX_REPLY_BYTES:
        raise peers.not_a_gateway(host, port, "its reply is too long")
    return data
