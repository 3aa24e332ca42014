"""A fake Futu OpenD for tests: the real futu-api SDK connects to it over TCP.

It speaks OpenD's framing (a 44-byte little-endian header `"<1s1sI2B2I20s8s"`: 'F', 'T',
proto id, body format, version, serial number, body length, SHA-1 of the body, 8
reserved bytes) with protobuf bodies built from the SDK's own `futu.common.pb` classes,
and answers InitConnect (1001), GetGlobalState (1002), KeepAlive (1004),
Qot_GetCapitalFlow (3211) and Qot_GetCapitalDistribution (3212); any other proto gets
a failure reply (retType -1). Encryption stays off (the SDK's default).

Data come from a deterministic generator per code (`FakeDay`, seeded by the fake's seed
and the code), so a test can compare what a feed produced with what was served; `served`
holds the last day served per (proto, code). Knobs for the data: `progress` (how much
of each session has passed), `no_super` (codes served without the super tier, as OpenD
does for some), `date` (another trading day). Knobs for trouble: `fail` (retType != 0
for a code), `delay` (seconds before a capital reply), `silent` (never reply to capital
requests), `stall` (protos of any kind read and never answered), `drop_on_request`
(abort the connection when a capital request arrives), `drop_connections()`, and
`garble`: capital replies (or the protos in `garble_protos`) go out mangled, one of
GARBLES: "magic" (not 'FT'), "sha" (a wrong SHA-1), "truncate" (half the body, the
connection kept open), "huge_length" (a header declaring 2**31 bytes), "random" (random
bytes instead of a packet), "garbage_body" (a well-formed packet whose body is not
protobuf), "unknown_proto" (a well-formed packet of a proto id the SDK does not know);
`garble_codes` limits it to the replies for some codes. `garbled` counts the replies
mangled. Every capital request is counted with its monotonic timestamp in `requests`,
so a test can check the quota.

The server runs its own asyncio loop in a daemon thread; every knob may be set from the
test's thread.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import struct
import threading
import time
import zlib
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from flowdeck.core.codes import Market, parse_code
from flowdeck.core.markets import MARKETS, local_now, minute_label
from flowdeck.feeds.futu_sdk import load_futu

# Imported the FlowDeck way first: no log folder in $HOME, Ctrl+C left alone.
load_futu()

from futu.common.pb import (  # noqa: E402
    GetGlobalState_pb2,
    InitConnect_pb2,
    KeepAlive_pb2,
    Qot_GetCapitalDistribution_pb2,
    Qot_GetCapitalFlow_pb2,
)

HEADER = struct.Struct("<1s1sI2B2I20s8s")
INIT_CONNECT, GET_GLOBAL_STATE, KEEP_ALIVE = 1001, 1002, 1004
CAPITAL_FLOW, CAPITAL_DISTRIBUTION = 3211, 3212
CAPITAL_PROTOS = (CAPITAL_FLOW, CAPITAL_DISTRIBUTION)
_MAX_BODY = 1 << 20
GARBLES = ("magic", "sha", "truncate", "huge_length", "random", "garbage_body",
           "unknown_proto")
HUGE_LENGTH = 2**31
_MARKET_IDS = {1: Market.HK, 11: Market.US, 21: Market.SH, 22: Market.SZ}
# Typical value of one minute's inflow (and outflow) per tier, in the local currency.
_TIER_SCALE = {Market.HK: (6e6, 4e6, 2e6, 1e6), Market.US: (3e6, 2e6, 1e6, 5e5),
               Market.SH: (4e6, 3e6, 1.5e6, 8e5), Market.SZ: (4e6, 3e6, 1.5e6, 8e5)}


@dataclass(frozen=True, slots=True)
class Request:
    at: float        # time.monotonic() when the request was read
    proto: int
    code: str        # "HK.00700" ("" for protos without a security)
    conn: int        # which connection (1, 2, ... in order of accept)


class FakeDay:
    """One code's day so far: per trading minute, buy- and sell-initiated value per tier
    (super, big, mid, small), drawn from a generator seeded by (seed, code). The first
    `minutes` trading minutes of the same seed and code are always the same numbers."""

    def __init__(self, code: str, seed: int, minutes: int, no_super: bool = False,
                 date: str | None = None) -> None:
        self.code = code
        self.market = parse_code(code).market
        total = MARKETS[self.market].session_minutes
        self.minutes = max(1, min(int(minutes), total))
        # Another day (when a test sets one) has other numbers.
        key = zlib.crc32(f"{seed}:{code}:{date or ''}".encode())
        rng = np.random.default_rng(key)
        scale = np.array(_TIER_SCALE[self.market])
        # The whole session is drawn, then cut, so a later `minutes` extends the same day.
        inflow = rng.lognormal(0.0, 0.8, (total, 4)) * scale
        outflow = rng.lognormal(0.0, 0.8, (total, 4)) * scale
        if no_super:  # OpenD leaves super out: its trades count as big ones
            inflow[:, 1] += inflow[:, 0]
            outflow[:, 1] += outflow[:, 0]
            inflow[:, 0] = outflow[:, 0] = 0.0
        self.no_super = no_super
        self.cum_in = np.cumsum(inflow[: self.minutes], axis=0)
        self.cum_out = np.cumsum(outflow[: self.minutes], axis=0)
        self._date = date

    @cached_property
    def date(self) -> str:
        """The exchange's date today, unless the fake was told another one."""
        return self._date or local_now(self.market).strftime("%Y-%m-%d")

    def minute_time(self, index: int) -> str:
        """`YYYY-MM-DD HH:MM:00`, the start of trading minute `index` (Futu's item time)."""
        return f"{self.date} {minute_label(self.market, index)}:00"

    @property
    def update_time(self) -> str:
        """The end of the last minute served."""
        return self.minute_time(self.minutes - 1)[:-2] + "59"

    @property
    def net(self) -> np.ndarray:
        """(minutes, 4) cumulative net inflow per tier at the end of each minute."""
        return self.cum_in - self.cum_out

    def flow_response(self) -> Qot_GetCapitalFlow_pb2.Response:
        rsp = Qot_GetCapitalFlow_pb2.Response(retType=0)
        net = self.net
        for i in range(self.minutes):
            item = rsp.s2c.flowItemList.add()
            item.inFlow = float(net[i].sum())
            item.time = self.minute_time(i)
            if not self.no_super:
                item.superInFlow = float(net[i, 0])
            item.bigInFlow = float(net[i, 1])
            item.midInFlow = float(net[i, 2])
            item.smlInFlow = float(net[i, 3])
            # mainInFlow stays unset: OpenD sends it for daily periods only.
        rsp.s2c.lastValidTime = self.minute_time(self.minutes - 1)
        return rsp

    def distribution_response(self) -> Qot_GetCapitalDistribution_pb2.Response:
        rsp = Qot_GetCapitalDistribution_pb2.Response(retType=0)
        s2c = rsp.s2c
        cin, cout = self.cum_in[-1], self.cum_out[-1]
        if not self.no_super:
            s2c.capitalInSuper, s2c.capitalOutSuper = float(cin[0]), float(cout[0])
        s2c.capitalInBig, s2c.capitalOutBig = float(cin[1]), float(cout[1])
        s2c.capitalInMid, s2c.capitalOutMid = float(cin[2]), float(cout[2])
        s2c.capitalInSmall, s2c.capitalOutSmall = float(cin[3]), float(cout[3])
        s2c.updateTime = self.update_time
        return rsp


def frame(proto: int, serial: int, body: bytes) -> bytes:
    """One packet: header + body."""
    return HEADER.pack(b"F", b"T", proto, 0, 0, serial, len(body),
                       hashlib.sha1(body).digest(), b"\0" * 8) + body


class FakeOpenD:
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
        self.requests: list[Request] = []
        self.protos_seen: list[int] = []  # every proto id read, in order
        self.connections = 0              # accepted so far
        self.served: dict[tuple[int, str], FakeDay] = {}
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
        try:
            while True:
                head = await reader.readexactly(HEADER.size)
                (f, t, proto, _fmt, _ver, serial, length, sha, _reserved) = HEADER.unpack(head)
                # Not OpenD's protocol: a real OpenD drops the connection too.
                if (f, t) != (b"F", b"T") or length > _MAX_BODY:
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
                self.garble_codes is None or _request_code(proto, body) in self.garble_codes):
            with self._lock:
                self.garbled += 1
            data = self._mangle(mode, proto, serial, data)
        writer.write(data)

    def _mangle(self, mode: str, proto: int, serial: int, data: bytes) -> bytes:
        head, body = data[:HEADER.size], data[HEADER.size:]
        fields = list(HEADER.unpack(head))
        if mode == "magic":
            return b"XY" + data[2:]
        if mode == "sha":
            fields[7] = hashlib.sha1(b"not the body").digest()
            return HEADER.pack(*fields) + body
        if mode == "truncate":
            return data[: HEADER.size + len(body) // 2]
        if mode == "huge_length":
            fields[6] = HUGE_LENGTH
            return HEADER.pack(*fields) + body
        if mode == "random":
            return self._rng.randbytes(self._rng.randint(1, 4096))
        if mode == "garbage_body":
            # Field 1 as a length-delimited field claiming more bytes than follow:
            # protobuf cannot parse it.
            return frame(proto, serial, b"\x0a\xff\xff\xff\x0f" + self._rng.randbytes(32))
        if mode == "unknown_proto":
            return frame(65000, serial, body)
        raise ValueError(f"unknown garble {mode!r}; one of {', '.join(GARBLES)}")

    async def _reply(self, conn: int, proto: int, body: bytes):
        if proto == INIT_CONNECT:
            req = InitConnect_pb2.Request.FromString(body)
            if req.c2s.packetEncAlgo not in (-1,):
                return _failure(f"encryption {req.c2s.packetEncAlgo} is not supported")
            rsp = InitConnect_pb2.Response(retType=0)
            rsp.s2c.serverVer = 900
            rsp.s2c.loginUserID = 12345678
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
        return _failure(f"unknown proto {proto}")

    async def _capital(self, conn: int, proto: int, body: bytes):
        req_market = _request(proto, body).c2s.security.market
        market = _MARKET_IDS.get(req_market)
        code = _request_code(proto, body)
        with self._lock:
            self.requests.append(Request(time.monotonic(), proto, code, conn))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.silent:
            return None
        if market is None:
            return _failure(f"unknown market {req_market}")
        if code in self.fail:
            ret_type, message = self.fail[code]
            return _failure(message, ret_type)
        day = self.day(code)
        with self._lock:
            self.served[(proto, code)] = day
        return day.flow_response() if proto == CAPITAL_FLOW else day.distribution_response()


def _request(proto: int, body: bytes):
    module = (Qot_GetCapitalFlow_pb2 if proto == CAPITAL_FLOW
              else Qot_GetCapitalDistribution_pb2)
    return module.Request.FromString(body)


def _request_code(proto: int, body: bytes) -> str:
    """"HK.00700" of a capital request ("" for other protos and unknown markets)."""
    if proto not in CAPITAL_PROTOS:
        return ""
    security = _request(proto, body).c2s.security
    market = _MARKET_IDS.get(security.market)
    return f"{market.value}.{security.code}" if market else ""


def _failure(message: str, ret_type: int = -1) -> KeepAlive_pb2.Response:
    # Every OpenD response starts with retType = 1 and retMsg = 2, so one message type
    # encodes a failure for any proto.
    return KeepAlive_pb2.Response(retType=ret_type, retMsg=message)
