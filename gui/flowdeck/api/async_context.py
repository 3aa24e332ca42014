"""AsyncQuoteContext: the spec's client with `await`, on aiohttp, plus the detail call
and live subscriptions over the gateway's WebSocket."""

from __future__ import annotations

import asyncio
import datetime as dt
import weakref
from collections.abc import Callable, Sequence

import aiohttp

from ..core.codes import parse_stock_list
from ..core.errors import RET_ERROR, RET_OK, FlowDeckError, source_failed
from . import peers
from .aio_failures import failure
from .replies import (
    CAPITAL_DETAIL_KEY,
    CAPITAL_DETAIL_PATH,
    CAPITAL_FLOW_KEY,
    CAPITAL_FLOW_PATH,
    HEALTH_PATH,
    MAX_REPLY_BYTES,
    QUOTE_KEY,
    QUOTE_PATH,
    ContextSettings,
    Errors,
    capital_detail_rows,
    capital_flow_rows,
    history_path,
    history_rows,
    market_path,
    parse_health,
    parse_reply,
    quote_rows,
    rank_path,
    request_body,
    trading_days_list,
    trading_days_path,
)
from .stream import Backoff, ConnectionState, Subscription
from .trade_replies import trades_list, trades_path

_Convert = Callable[[Sequence[str], list, Errors], tuple[list[dict], Errors]]


class AsyncQuoteContext(ContextSettings):
    """The spec's quote context for asyncio code (a Qt window under qasync, a service).

    Same arguments, return convention and `last_errors` as OpenQuoteContext (the
    per-code errors of the call that finished last). One aiohttp session, opened at the
    first call inside the running loop; use the context from that loop only.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 11111,
                 token: str | None = None, timeout: float = 10.0) -> None:
        super().__init__(host, port, token, timeout)
        self._session: aiohttp.ClientSession | None = None
        self._subscriptions: weakref.WeakSet[Subscription] = weakref.WeakSet()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<AsyncQuoteContext {peers.address(self.host, self.port)} {state}>"

    async def get_capital_flow(self, stock_list: Sequence[str],
                               market: str | None = None) -> tuple[int, list[dict] | str]:
        """(RET_OK, [14-key dict per code, in the order asked]) or (RET_ERROR, message)."""
        return await self._call(stock_list, market, CAPITAL_FLOW_PATH, CAPITAL_FLOW_KEY,
                                capital_flow_rows)

    async def get_capital_detail(self, stock_list: Sequence[str],
                                 market: str | None = None) -> tuple[int, list[dict] | str]:
        """(RET_OK, [{"code": str, "detail": CapitalFlowDetail, "minutes": int32 (k,),
        "values": float64 (k, 6)}, ...]) or (RET_ERROR, message). `values` holds the
        cumulative net inflow at the end of each minute for main, retail, super, large,
        medium, small (core.records.SERIES_NAMES)."""
        return await self._call(stock_list, market, CAPITAL_DETAIL_PATH, CAPITAL_DETAIL_KEY,
                                capital_detail_rows)

    async def get_quote(self, stock_list: Sequence[str],
                        market: str | None = None) -> tuple[int, list[dict] | str]:
        """(RET_OK, [dict per code, in the order asked: code, name, name_en, name_zh,
        last, prev_close, change, change_ratio, turnover, update_time; None for what the
        gateway does not know]) or (RET_ERROR, message). The gateway's GET /v1/quote."""
        return await self._call(stock_list, market, QUOTE_PATH, QUOTE_KEY, quote_rows)

    async def get_health(self) -> tuple[int, dict | str]:
        """(RET_OK, the gateway's /v1/health data: source, state, uptime_s, subscribers,
        codes, ...) or (RET_ERROR, message)."""
        try:
            status, content_type, body = await self._fetch("GET", HEALTH_PATH)
            return RET_OK, parse_health(self.host, self.port, status, content_type, body)
        except FlowDeckError as exc:
            return RET_ERROR, str(exc)

    async def get_capital_flow_history(
            self, code: str, start: str | dt.date | None = None,
            end: str | dt.date | None = None, period_type: str = "DAY", *,
            detail: bool = False) -> tuple[int, list[dict] | str]:
        """As OpenQuoteContext.get_capital_flow_history: (RET_OK, [dict per period])
        or (RET_ERROR, message)."""
        try:
            path = history_path(code, start, end, period_type, detail)
            return RET_OK, history_rows(self.host, self.port,
                                        *await self._fetch("GET", path))
        except FlowDeckError as exc:
            return RET_ERROR, str(exc)

    async def get_trading_days(self, market: str, count: int | None = None
                               ) -> tuple[int, list[dt.date] | str]:
        """As OpenQuoteContext.get_trading_days: (RET_OK, [date, ...]) or (RET_ERROR,
        message)."""
        try:
            path = trading_days_path(market, count)
            return RET_OK, trading_days_list(self.host, self.port,
                                             *await self._fetch("GET", path))
        except FlowDeckError as exc:
            return RET_ERROR, str(exc)

    async def get_trades(self, codes: str | Sequence[str], min_value: float | str = 0.0,
                         side: str | None = None, limit: int = 200
                         ) -> tuple[int, list[dict] | str]:
        """As OpenQuoteContext.get_trades: (RET_OK, [trade dict, newest first]) or
        (RET_ERROR, message)."""
        try:
            path = trades_path(codes, min_value, side, limit)
            return RET_OK, trades_list(self.host, self.port, *await self._fetch("GET", path))
        except FlowDeckError as exc:
            return RET_ERROR, str(exc)

    async def get_market_table(self, market: str, names: bool = False,
                               encoding: str = "json") -> tuple[int, dict | str]:
        """(RET_OK, the gateway's /v1/market data: one market's whole table in columns,
        as core.market_answer describes; with `names` its names and sectors too; number
        columns as lists, or base64 strings with encoding="base64") or (RET_ERROR,
        message)."""
        try:
            reply = await self._fetch("GET", market_path(market, names, encoding))
            # A whole market's reply is 0.5-3.6 MB: parsed off the caller's loop (a
            # window's UI thread).
            return RET_OK, await asyncio.to_thread(parse_health, self.host, self.port, *reply)
        except FlowDeckError as exc:
            return RET_ERROR, str(exc)

    async def get_rank(self, market: str, period: str = "today",
                       field: str = "main_net_inflow", order: str = "desc", top: int = 20,
                       sectors: bool = False) -> tuple[int, dict | str]:
        """(RET_OK, the gateway's /v1/rank data: `rank_list` and what it was ranked
        among; with `sectors` /v1/sectors' `sector_list`) or (RET_ERROR, message)."""
        try:
            path = rank_path({"market": market, "period": period, "field": field,
                              "order": order, "top": top}, sectors)
            return RET_OK, parse_health(self.host, self.port, *await self._fetch("GET", path))
        except FlowDeckError as exc:
            return RET_ERROR, str(exc)

    def subscribe(self, stock_list: Sequence[str], market: str | None = None, *,
                  on_state: Callable[[ConnectionState], None] | None = None,
                  reconnect: bool = True, backoff: Backoff | None = None,
                  trades: float | None = None) -> Subscription:
        """Live batches for `stock_list` (see stream.Subscription): `async for batch in
        ctx.subscribe([...])`. The first batch, and the first after every reconnect, is
        a snapshot. `trades=X`: with the codes' big trades worth X or more
        (Batch.trades). Bad codes raise FlowDeckError here, before any connection."""
        if self._closed:
            raise source_failed("this AsyncQuoteContext is closed")
        codes = parse_stock_list(stock_list, market)
        sub = Subscription(self._get_session, self.host, self.port, codes,
                           timeout=self.timeout, reconnect=reconnect, backoff=backoff,
                           on_state=on_state, token_renewed=self.token_renewed,
                           trades=trades)
        self._subscriptions.add(sub)
        return sub

    async def close(self) -> None:
        """End every subscription and close the session. Safe to call twice."""
        self._closed = True
        for sub in list(self._subscriptions):
            await sub.aclose()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> AsyncQuoteContext:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- internals --------------------------------------------------------------------

    def _get_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise source_failed("this AsyncQuoteContext is closed")
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout))
        # The stream's handshake takes the session's headers: the token of now (a
        # restarted local gateway has a new one).
        headers = self._session.headers
        token = self.current_token()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        else:
            headers.pop("Authorization", None)
        return self._session

    async def _call(self, stock_list: object, market: object, path: str, list_key: str,
                    convert: _Convert) -> tuple[int, list[dict] | str]:
        try:
            codes = parse_stock_list(stock_list, market)
            status, content_type, body = await self._fetch("POST", path, request_body(codes))
            items, errors = parse_reply(self.host, self.port, status, content_type, body,
                                        list_key)
            rows, errors = convert(codes, items, errors)
        except FlowDeckError as exc:
            self.last_errors = {}
            return RET_ERROR, str(exc)
        self.last_errors = errors
        return RET_OK, rows

    async def _fetch(self, method: str, path: str,
                     body: bytes | None = None) -> tuple[int, str, bytes]:
        session = self._get_session()
        url = f"http://{peers.address(self.host, self.port)}{path}"
        headers = self._headers
        for attempt in (1, 2):
            try:
                async with session.request(method, url, data=body,
                                           headers=headers) as resp:
                    if resp.status == 401 and attempt == 1 and \
                            self.token_renewed(headers.get("Authorization")):
                        headers = self._headers   # the gateway restarted: its new token
                        continue
                    return resp.status, resp.content_type, await _read_body(resp, self)
            except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
                # The first time, likely a pooled keep-alive connection the gateway had
                # closed (or a restarted gateway): one fresh attempt decides.
                if attempt == 2 or isinstance(exc, aiohttp.ClientConnectorError):
                    raise await failure(exc, self.host, self.port, self.timeout) from None
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                raise await failure(exc, self.host, self.port, self.timeout) from None
        raise AssertionError("unreachable")


async def _read_body(resp: aiohttp.ClientResponse, ctx: AsyncQuoteContext) -> bytes:
    if resp.content_length is not None and resp.content_length > MAX_REPLY_BYTES:
        raise peers.not_a_gateway(ctx.host, ctx.port,
                                  f"its reply is {resp.content_length} bytes long")
    chunks, size = [], 0
    async for chunk in resp.content.iter_chunked(1 << 16):
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            raise peers.not_a_gateway(ctx.host, ctx.port, "its reply is too long")
        chunks.append(chunk)
    return b"".join(chunks)
