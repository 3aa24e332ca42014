"""A fake Futu OpenD for tests: the real futu-api SDK connects to it over TCP.

In four parts: protocol.py (framing, proto ids, requests and failure replies), day.py
(the data served, FakeDay), garble.py (replies mangled on purpose), server.py (FakeOpenD:
the asyncio server in its thread, its knobs and what it counts).

It speaks OpenD's framing (a 44-byte little-endian header `"<1s1sI2B2I20s8s"`: 'F', 'T',
proto id, body format, version, serial number, body length, SHA-1 of the body, 8
reserved bytes) with protobuf bodies built from the SDK's own `futu.common.pb` classes,
and answers InitConnect (1001, loginUserID = `user_id`), GetGlobalState (1002),
KeepAlive (1004), Qot_GetCapitalFlow (3211: the INTRADAY period from FakeDay, the DAY
period a row per trading day from history.py), Qot_GetCapitalDistribution (3212),
Qot_RequestTradeDate (3219: weekdays less the fake's holidays, `is_fake_trading_day`),
Qot_RequestHistoryKL (3103: day K-lines with turnover and close, under `kline_quota`,
the codes that may still be fetched; `kline_codes` those fetched) and
Qot_RequestHistoryKLQuota (3104), and, from static.py, Qot_GetStaticInfo (3202: each
market's stocks and names), Qot_GetSecuritySnapshot (3203: last price and previous
close, `prices` to set them), Qot_GetPlateSet (3204) and Qot_GetPlateSecurity (3205);
`refuse[proto] = message` answers one of those with retType -1 (quota, rights); any
other proto gets a failure reply (retType -1).
Encryption stays off (the SDK's default).

Subscriptions and pushes (pushes.py, push_server.py): Qot_Sub (3001), Qot_RegQotPush
(3002) and Qot_GetSubInfo (3003) against `subscriptions` (its `quota` in (code, type)
units, `no_rights` markets refused with OpenD's words, the one-minute minimum before an
unsubscription, a closed connection's units kept a minute, its own `clock`);
`push_tickers(code, [FakeTicker ...])` (Qot_UpdateTicker 3011), `push_many` (several
pushes in one hop) and `push_quote(code, last, prev_close)` (Qot_UpdateBasicQot 3005)
go to the connections subscribed; `silent_pushes` drops them while the connection
stays up (futuquant#104); `restart()` is OpenD restarted on the same port.

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
mangled. Every capital, K-line and calendar request is counted with its monotonic
timestamp (and a capital flow's period) in `requests`, so a test can check the quota.

The server runs its own asyncio loop in a daemon thread; every knob may be set from the
test's thread.
"""

from .day import FakeDay
from .garble import GARBLES, HUGE_LENGTH
from .history import day_kline, day_nets, fake_trading_days, is_fake_trading_day
from .protocol import (
    CAPITAL_DISTRIBUTION,
    CAPITAL_FLOW,
    CAPITAL_PROTOS,
    GET_GLOBAL_STATE,
    HEADER,
    HISTORY_KL,
    HISTORY_KL_QUOTA,
    INIT_CONNECT,
    KEEP_ALIVE,
    PERIOD_DAY,
    PERIOD_INTRADAY,
    PLATE_SECURITY,
    PLATE_SET,
    REG_PUSH,
    SNAPSHOT,
    STATIC_INFO,
    SUB,
    SUB_INFO,
    TRADE_DATE,
    UPDATE_BASIC_QOT,
    UPDATE_TICKER,
    frame,
)
from .pushes import (
    DIR_ASK,
    DIR_BID,
    DIR_NEUTRAL,
    SUB_BASIC,
    SUB_TICKER,
    FakeSubscriptions,
    FakeTicker,
    no_right_message,
)
from .server import FakeOpenD, Request
from .static import fake_name, fake_plates, fake_price, fake_stocks

__all__ = [
    "CAPITAL_DISTRIBUTION", "CAPITAL_FLOW", "CAPITAL_PROTOS", "DIR_ASK", "DIR_BID",
    "DIR_NEUTRAL", "GARBLES", "GET_GLOBAL_STATE",
    "HEADER", "HISTORY_KL", "HISTORY_KL_QUOTA", "HUGE_LENGTH", "INIT_CONNECT", "KEEP_ALIVE",
    "PERIOD_DAY", "PERIOD_INTRADAY", "PLATE_SECURITY", "PLATE_SET", "REG_PUSH", "SNAPSHOT",
    "STATIC_INFO", "SUB", "SUB_BASIC", "SUB_INFO", "SUB_TICKER", "TRADE_DATE",
    "UPDATE_BASIC_QOT", "UPDATE_TICKER", "FakeDay", "FakeOpenD", "FakeSubscriptions",
    "FakeTicker", "Request", "day_kline", "day_nets", "fake_name",
    "fake_plates", "fake_price", "fake_stocks", "fake_trading_days", "frame",
    "is_fake_trading_day", "no_right_message",
]
