"""What the fake answers about subscriptions and what it pushes: Qot_Sub (3001),
Qot_RegQotPush (3002), Qot_GetSubInfo (3003), and the pushes Qot_UpdateBasicQot (3005)
and Qot_UpdateTicker (3011), from the SDK's own pb classes.

As OpenD does it:
- a subscription is one quota unit per (code, type), counted once however many
  connections hold it; `quota` is the account's total (100 for a basic account);
  a subscription beyond it is refused and nothing of that request is taken;
- a market without quote rights (`no_rights`, e.g. {"HK"} for a BMP account) refuses the
  whole request with OpenD's words for it (in the fake's language);
- an unsubscription sooner than `min_sub_s` (60 s) after the subscription is refused;
- a closed connection's subscriptions keep their quota for `linger_s` (60 s) more;
- a push goes to each connection that subscribed the code's type with push on.

`clock` (monotonic seconds) is the fake's own, so that a test may move it on.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flowdeck.core.codes import Market, parse_code
from flowdeck.core.markets import local_now

from .protocol import MARKET_IDS, failure
from .protocol import Qot_GetSubInfo_pb2 as GetSubInfo
from .protocol import Qot_RegQotPush_pb2 as RegQotPush
from .protocol import Qot_Sub_pb2 as Sub
from .protocol import Qot_UpdateBasicQot_pb2 as UpdateBasicQot
from .protocol import Qot_UpdateTicker_pb2 as UpdateTicker

SUB_BASIC, SUB_TICKER = 1, 4                   # Qot_Common.SubType
DIR_BID, DIR_ASK, DIR_NEUTRAL = 1, 2, 3        # Qot_Common.TickerDirection
TYPE_AUTOMATCH = 1                             # Qot_Common.TickerType_Automatch
_IDS = {m: i for i, m in MARKET_IDS.items()}
_MARKET_WORDS = {"HK": ("香港", "HK"), "US": ("美国", "US"), "SH": ("A股", "CN"),
                 "SZ": ("A股", "CN")}
Pair = tuple[str, int]   # (code, sub type)


def no_right_message(code: str, language: str) -> str:
    """OpenD's refusal of a market without quote rights: its Chinese words (py-futu-api
    #230: 无权限订阅US.GOOG的行情，请检查美国市场股票行情权限), its English ones
    (py-futu-api #130: "No right to subscribe 00700")."""
    market = code.split(".", 1)[0]
    if language == "en":
        return f"No right to subscribe {code.split('.', 1)[1]}"
    return f"无权限订阅{code}的行情，请检查{_MARKET_WORDS[market][0]}市场股票行情权限"


@dataclass(slots=True)
class FakeTicker:
    """One ticker to push: `direction` is Futu's (1 bid = buy, 2 ask = sell, 3
    neutral); `sequence` and `time` are filled when pushed if left out."""
    price: float
    volume: int
    direction: int = DIR_BID
    type: int = TYPE_AUTOMATCH
    sequence: int | None = None
    time: str | None = None
    code: str = ""

    @property
    def turnover(self) -> float:
        return self.price * self.volume


class FakeSubscriptions:
    """The subscription state of one OpenD process (a restart starts a new one)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.quota = 100
        self.no_rights: set[str] = set()       # markets refused ("HK", ...)
        self.min_sub_s = 60.0
        self.linger_s = 60.0
        self.subs: dict[int, dict[Pair, float]] = {}   # conn -> (code, type) -> since
        self.push_on: dict[int, set[Pair]] = {}        # conn -> pairs pushed to it
        self.requests: list[tuple[int, int, bool, list[Pair]]] = []  # conn, proto, sub?
        self._lingering: list[tuple[float, set[Pair]]] = []
        self._sequence: dict[str, int] = {}
        self._lock = threading.Lock()

    # --- what tests read ---------------------------------------------------------------

    def used(self) -> int:
        with self._lock:
            return len(self._held())

    def subscribed(self, sub_type: int = SUB_TICKER) -> set[str]:
        """Codes some live connection holds `sub_type` of."""
        with self._lock:
            return {c for pairs in self.subs.values() for c, t in pairs if t == sub_type}

    # --- the protos --------------------------------------------------------------------

    def answer_sub(self, conn: int, body: bytes, language: str):
        c2s = Sub.Request.FromString(body).c2s
        if c2s.isUnsubAll:
            with self._lock:
                self.subs.pop(conn, None)
                self.push_on.pop(conn, None)
            return Sub.Response(retType=0)
        pairs = [(f"{MARKET_IDS[s.market].value}.{s.code}", t)
                 for s in c2s.securityList for t in c2s.subTypeList if s.market in MARKET_IDS]
        with self._lock:
            self.requests.append((conn, 3001, c2s.isSubOrUnSub, pairs))
            mine = self.subs.setdefault(conn, {})
            if c2s.isSubOrUnSub:
                for code, _ in pairs:
                    if parse_code(code).market.value in self.no_rights:
                        return failure(no_right_message(code, language))
                new = {p for p in pairs if p not in self._held()}
                if len(self._held()) + len(new) > self.quota:
                    return failure(f"订阅额度不足 (quota {self.quota}, used "
                                   f"{len(self._held())}, asked {len(new)} more)")
                now = self.clock()
                for pair in pairs:
                    mine.setdefault(pair, now)
                if c2s.HasField("isRegOrUnRegPush"):
                    self._register(conn, pairs, c2s.isRegOrUnRegPush)
                return Sub.Response(retType=0)
            young = [p for p in pairs if p in mine and self.clock() - mine[p] < self.min_sub_s]
            if young:
                return failure(f"unsubscribing {young[0][0]} needs at least one minute "
                               f"after subscribing it")
            for pair in pairs:
                mine.pop(pair, None)
            self._register(conn, pairs, False)
        return Sub.Response(retType=0)

    def answer_reg(self, conn: int, body: bytes):
        c2s = RegQotPush.Request.FromString(body).c2s
        pairs = [(f"{MARKET_IDS[s.market].value}.{s.code}", t)
                 for s in c2s.securityList for t in c2s.subTypeList if s.market in MARKET_IDS]
        with self._lock:
            self.requests.append((conn, 3002, c2s.isRegOrUnReg, pairs))
            self._register(conn, pairs, c2s.isRegOrUnReg)
        return RegQotPush.Response(retType=0)

    def answer_info(self, conn: int, body: bytes):
        every = GetSubInfo.Request.FromString(body).c2s.isReqAllConn
        rsp = GetSubInfo.Response(retType=0)
        with self._lock:
            held = self._held()
            rsp.s2c.totalUsedQuota = len(held)
            rsp.s2c.remainQuota = max(0, self.quota - len(held))
            for other, pairs in self.subs.items():
                if other != conn and not every:
                    continue
                info = rsp.s2c.connSubInfoList.add()
                info.usedQuota = len(pairs)
                info.isOwnConnData = other == conn
                for sub_type in sorted({t for _, t in pairs}):
                    sub = info.subInfoList.add()
                    sub.subType = sub_type
                    for code, t in pairs:
                        if t == sub_type:
                            _security(sub.securityList.add(), code)
        return rsp

    def closed(self, conn: int) -> None:
        """A connection went: its subscriptions hold their quota `linger_s` more."""
        with self._lock:
            pairs = set(self.subs.pop(conn, {}))
            self.push_on.pop(conn, None)
            if pairs:
                self._lingering.append((self.clock() + self.linger_s, pairs))

    # --- pushes ------------------------------------------------------------------------

    def ticker_push(self, code: str, tickers: Iterable[FakeTicker]) -> tuple[list[int], bytes]:
        """The connections to push to and the push's body; fills each ticker's
        sequence (per code, increasing) and time (the market's clock now)."""
        rsp = UpdateTicker.Response(retType=0)
        _security(rsp.s2c.security, code)
        market = parse_code(code).market
        with self._lock:
            for ticker in tickers:
                if ticker.sequence is None:
                    ticker.sequence = self._sequence.get(code, 0) + 1
                self._sequence[code] = max(self._sequence.get(code, 0), ticker.sequence)
                ticker.time = ticker.time or _market_time(market)
                ticker.code = code
                pb = rsp.s2c.tickerList.add()
                pb.time, pb.sequence, pb.dir = ticker.time, ticker.sequence, ticker.direction
                pb.price, pb.volume, pb.turnover = ticker.price, ticker.volume, ticker.turnover
                pb.type = ticker.type
                pb.recvTime = time.time()
            targets = self._targets((code, SUB_TICKER))
        return targets, rsp.SerializeToString()

    def quote_push(self, code: str, last: float, prev_close: float) -> tuple[list[int], bytes]:
        rsp = UpdateBasicQot.Response(retType=0)
        qot = rsp.s2c.basicQotList.add()
        _security(qot.security, code)
        qot.isSuspended, qot.listTime, qot.priceSpread = False, "2004-06-16", 0.2
        qot.updateTime = _market_time(parse_code(code).market)
        qot.highPrice = qot.openPrice = qot.lowPrice = qot.curPrice = last
        qot.lastClosePrice = prev_close
        qot.volume, qot.turnover, qot.turnoverRate, qot.amplitude = 0, 0.0, 0.0, 0.0
        with self._lock:
            targets = self._targets((code, SUB_BASIC))
        return targets, rsp.SerializeToString()

    # --- inside the lock ---------------------------------------------------------------

    def _held(self) -> set[Pair]:
        now = self.clock()
        self._lingering = [(until, p) for until, p in self._lingering if until > now]
        held = {p for pairs in self.subs.values() for p in pairs}
        for _, pairs in self._lingering:
            held |= pairs
        return held

    def _register(self, conn: int, pairs: list[Pair], on: bool) -> None:
        pushed = self.push_on.setdefault(conn, set())
        if on:
            pushed.update(p for p in pairs if p in self.subs.get(conn, {}))
        else:
            pushed.difference_update(pairs)

    def _targets(self, pair: Pair) -> list[int]:
        return [conn for conn, pairs in self.push_on.items() if pair in pairs]


def _security(pb, code: str) -> None:
    parsed = parse_code(code)
    pb.market = _IDS[parsed.market]
    pb.code = parsed.symbol


def _market_time(market: Market) -> str:
    now = local_now(market, dt.datetime.now(dt.UTC))
    return now.strftime("%Y-%m-%d %H:%M:%S.") + f"{now.microsecond // 1000:03d}"
