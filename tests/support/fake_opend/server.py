"""FakeOpenD: an asyncio server in a daemon thread that answers as OpenD does; its
knobs may be set from the test's thread."""

from __future__ import annotations

import asyncio
import hashlib
import random
import threading
import time
from dataclasses import dataclass

from flowdeck.core.codes import parse_code
from flowdeck.core.markets import MARKETS

from .day import FakeDay
from .garble import mangle
from .history import (
    flow_days_response,
    kline_quota_response,
    kline_response,
    trade_dates_response,
)
from .protocol import (
    CAPITAL_FLOW,
    CAPITAL_PROTOS,
    GET_GLOBAL_STATE,
    HEADER,
    HISTORY_KL,
    HISTORY_KL_QUOTA,
    INIT_CONNECT,
    KEEP_ALIVE,
    MARKET_IDS,
    MAX_BODY,
    PERIOD_DAY,
    PLATE_SET,
    SNAPSHOT,
    STATIC_INFO,
    STOCK_PROTOS,
    SUB,
    SUB_INFO,
    SUB_PROTOS,
    TRADE_DATE,
    GetGlobalState_pb2,
    InitConnect_pb2,
    KeepAlive_pb2,
    Qot_GetPlateSecurity_pb2,
    Qot_GetPlateSet_pb2,
    Qot_GetSecuritySnapshot_pb2,
    Qot_GetStaticInfo_pb2,
    Qot_RequestHistoryKL_pb2,
    Qot_RequestHistoryKLQuota_pb2,
    Qot_RequestTradeDate_pb2,
    capital_request,
    failure,
    frame,
    request_code,
)
from .push_server import PushingOpenD
from .pushes import FakeSubscriptions
from .static import (
    plate_security_response,
    plate_set_response,
    snapshot_response,
    static_info_response,
)


@dataclass(frozen=True, slots=True)
class Request:
    at: float        # time.monotonic() when the request was read
    proto: int
    code: str        # "HK.00700" ("" for protos without a security)
    conn: int        # which connection (1, 2, ... in order of accept)
    period: int = 0  # a capital flow's Qot_Common.PeriodType (1 intraday, 2 day)
    count: int = 0   # securities asked for (a snapshot's)


class FakeOpenD(PushingOpenD):
    """Start with `start()` (or `with FakeOpenD() as fake:`); `port` is where it listens."""

    def __init__(self, seed: int = 0, progress: float = 0.5, host: str = "127.0.0.1",
                 port: int = 0, keep_alive_interval: int = 10) -> None:
        self.seed = seed
        self.progress = progress          # fraction of each market's session served
        self.host, self.port = host, port
        self.keep_alive_interval = keep_alive_interval
        self.fail: dict[str, tuple[int, str]] = {}   # code -> (retType, retMsg)
        self.delay = 0.0                  # seconds before every capital reply
        self.silent = False               # read capital requests, never answer
        self.stall: set[int] = set()      # protos (any) read and never answered
        self.drop_on_request = False      # abort the connection on a capital request
        self.garble: str | None = None    # one of GARBLES: how replies go out mangled
        self.garble_protos: frozenset[int] = frozenset(CAPITAL_PROTOS)
        self.garble_codes: set[str] | None = None   # only replies for these (None: all)
        self.garbled = 0                  # replies mangled so far
        self._rng = random.Random(seed)
        self.no_super: set[str] = set()   # codes served without the super tier
        self.date: str | None = None      # the trading day served (default: today)
        self.user_id = 12345678           # InitConnect's loginUserID
        self.kline_quota = 100            # codes whose K-lines may still be fetched
        self.kline_codes: list[str] = []  # codes fetched (a code again is free)
        # Names, snapshots and plates (static.py): a proto in `refuse` is answered with
        # retType -1 and that message (OpenD's quota or rights refusals); `prices`
        # overrides a code's (last, previous close).
        self.refuse: dict[int, str] = {}
        self.prices: dict[str, tuple[float, float]] = {}
        self.language = "zh"              # OpenD's language: its names' ("zh" or "en")
        self.requests: list[Request] = []
        self.protos_seen: list[int] = []  # every proto id read, in order
        self.connections = 0              # accepted so far
        self.served: dict[tuple[int, str], FakeDay] = {}
        # Subscriptions and pushes (pushes.py): `subscriptions.quota`, `.no_rights`, `.clock`;
        # `silent_pushes` drops every push while the connection stays up (futuquant#104).
        self.subscriptions = FakeSubscriptions()
        self.silent_pushes = False
        self.pushes_sent = 0              # push packets written
        self._conn_writers: dict[int, asyncio.StreamWriter] = {}
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._thread: threading.Thread | None = None

    # --- what tests read ---------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"futu://{self.host}:{self.port}"

    def day(self, code: str) -> FakeDay:
        """What a request for `code` would be answered with now."""
        market = parse_code(code).market
        minutes = round(self.progress * MARKETS[market].session_minutes)
        return FakeDay(code, self.seed, minutes, code in self.no_super, self.date)

    def capital_requests(self, proto: int | None = None) -> list[Request]:
        with self._lock:
            return [r for r in self.requests
                    if r.proto in CAPITAL_PROTOS and (proto is None or r.proto == proto)]

    # --- life cycle ----------------------------------------------------------------------

    def start(self) -> FakeOpenD:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._listen())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="fake-opend", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fake OpenD did not start")
        return self

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        """Stop listening and drop every connection."""
        if self._loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        self._loop.close()
        self._loop = None

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        self._close_writers()

    def drop_connections(self) -> None:
        """Close every client connection now (the listener stays)."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._close_writers)

    def _close_writers(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()  # a reset, like a crashed or restarted OpenD
        self._writers.clear()

    def __enter__(self) -> FakeOpenD:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the protocol --------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with self._lock:
            self.connections += 1
            conn = self.connections
        self._writers.add(writer)
        self._conn_writers[conn] = writer
        try:
            while True:
                head = await reader.readexactly(HEADER.size)
                (f, t, proto, _fmt, _ver, serial, length, sha, _reserved) = HEADER.unpack(head)
                # Not OpenD's protocol: a real OpenD drops the connection too.
                if (f, t) != (b"F", b"T") or length > MAX_BODY:
                    break
                body = await reader.readexactly(length)
                if hashlib.sha1(body).digest() != sha:
                    break
                with self._lock:
                    self.protos_seen.append(proto)
                # One task per request, as OpenD answers requests concurrently: a delayed
                # reply must not hold up the keep-alives behind it.
                asyncio.get_running_loop().create_task(
                    self._answer(writer, conn, proto, serial, body))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self._writers.discard(writer)
            self._conn_writers.pop(conn, None)
            self.subscriptions.closed(conn)
            writer.transport.abort()

    async def _answer(self, writer: asyncio.StreamWriter, conn: int, proto: int,
                      serial: int, body: bytes) -> None:
        reply = await self._reply(conn, proto, body)
        if reply is None or writer.is_closing() or proto in self.stall:
            return
        if self.drop_on_request and proto in CAPITAL_PROTOS:
            writer.transport.abort()   # cut off in the middle of a request
            return
        data = frame(proto, serial, reply.SerializeToString())
        mode = self.garble
        if mode is not None and proto in self.garble_protos and (
                self.garble_codes is None or request_code(proto, body) in self.garble_codes):
            with self._lock:
                self.garbled += 1
            data = mangle(mode, proto, serial, data, self._rng)
        writer.write(data)

    async def _reply(self, conn: int, proto: int, body: bytes):
        if proto == INIT_CONNECT:
            req = InitConnect_pb2.Request.FromString(body)
            if req.c2s.packetEncAlgo not in (-1,):
                return failure(f"encryption {req.c2s.packetEncAlgo} is not supported")
            rsp = InitConnect_pb2.Response(retType=0)
            rsp.s2c.serverVer = 900
            rsp.s2c.loginUserID = self.user_id
            rsp.s2c.connID = 7_000_000 + conn
            rsp.s2c.connAESKey = "0123456789abcdef"
            rsp.s2c.keepAliveInterval = self.keep_alive_interval
            return rsp
        if proto == KEEP_ALIVE:
            rsp = KeepAlive_pb2.Response(retType=0)
            rsp.s2c.time = int(time.time())
            return rsp
        if proto == GET_GLOBAL_STATE:
            rsp = GetGlobalState_pb2.Response(retType=0)
            s2c = rsp.s2c
            s2c.marketHK = s2c.marketUS = s2c.marketSH = s2c.marketSZ = 0
            s2c.marketHKFuture = 0
            s2c.qotLogined, s2c.trdLogined = True, False
            s2c.serverVer, s2c.serverBuildNo, s2c.time = 900, 1, int(time.time())
            return rsp
        if proto in CAPITAL_PROTOS:
            return await self._capital(conn, proto, body)
        if proto in (HISTORY_KL, HISTORY_KL_QUOTA, TRADE_DATE):
            return self._history(conn, proto, body)
        if proto in STOCK_PROTOS:
            return self._stocks(conn, proto, body)
        if proto in SUB_PROTOS:
            subs = self.subscriptions
            if proto == SUB:
                return subs.answer_sub(conn, body, self.language)
            return subs.answer_info(conn, body) if proto == SUB_INFO else \
                subs.answer_reg(conn, body)
        return failure(f"unknown proto {proto}")

    def _stocks(self, conn: int, proto: int, body: bytes):
        """Names, snapshots, plates and their stocks (static.py), or the refusal set."""
        if proto == SNAPSHOT:
            request = Qot_GetSecuritySnapshot_pb2.Request.FromString(body)
            count = len(request.c2s.securityList)
        else:
            request, count = None, 0
        with self._lock:
            self.requests.append(Request(time.monotonic(), proto, "", conn, count=count))
            refused = self.refuse.get(proto)
            prices, language = dict(self.prices), self.language
        if refused is not None:
            return failure(refused)
        if proto == STATIC_INFO:
            c2s = Qot_GetStaticInfo_pb2.Request.FromString(body).c2s
            return static_info_response(c2s.market, c2s.secType, language)
        if proto == SNAPSHOT:
            return snapshot_response(self.seed, request, prices, language)
        if proto == PLATE_SET:
            return plate_set_response(Qot_GetPlateSet_pb2.Request.FromString(body).c2s.market)
        rsp = plate_security_response(Qot_GetPlateSecurity_pb2.Request.FromString(body),
                                      language)
        return rsp if rsp is not None else failure("unknown plate")

    def stock_requests(self, proto: int) -> list[Request]:
        """The requests of one of STOCK_PROTOS, in order."""
        with self._lock:
            return [r for r in self.requests if r.proto == proto]

    def _history(self, conn: int, proto: int, body: bytes):
        """Trading days, day K-lines under the K-line quota, and that quota."""
        code = request_code(proto, body)
        with self._lock:
            self.requests.append(Request(time.monotonic(), proto, code, conn))
        if proto == TRADE_DATE:
            c2s = Qot_RequestTradeDate_pb2.Request.FromString(body).c2s
            return trade_dates_response(c2s.market, c2s.beginTime, c2s.endTime)
        if proto == HISTORY_KL_QUOTA:
            c2s = Qot_RequestHistoryKLQuota_pb2.Request.FromString(body).c2s
            with self._lock:
                return kline_quota_response(list(self.kline_codes), self.kline_quota,
                                            c2s.bGetDetail)
        if code in self.fail:
            ret_type, message = self.fail[code]
            return failure(message, ret_type)
        with self._lock:
            if code not in self.kline_codes:
                if self.kline_quota <= 0:
                    return failure("historical K-line quota used up")
                self.kline_quota -= 1
                self.kline_codes.append(code)
        return kline_response(self.seed, code, Qot_RequestHistoryKL_pb2.Request.FromString(body))

    async def _capital(self, conn: int, proto: int, body: bytes):
        c2s = capital_request(proto, body).c2s
        req_market = c2s.security.market
        market = MARKET_IDS.get(req_market)
        code = request_code(proto, body)
        period = c2s.periodType if proto == CAPITAL_FLOW else 0
        with self._lock:
            self.requests.append(Request(time.monotonic(), proto, code, conn, period))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.silent:
            return None
        if market is None:
            return failure(f"unknown market {req_market}")
        if code in self.fail:
            ret_type, message = self.fail[code]
            return failure(message, ret_type)
        if period == PERIOD_DAY:
            return flow_days_response(self.seed, code, c2s.beginTime, c2s.endTime,
                                      code in self.no_super)
        day = self.day(code)
        with self._lock:
            self.served[(proto, code)] = day
        return day.flow_response() if proto == CAPITAL_FLOW else day.distribution_response()
