"""OpenD's framing and the protos the fake knows: a 44-byte little-endian header
(`"<1s1sI2B2I20s8s"`: 'F', 'T', proto id, body format, version, serial number, body
length, SHA-1 of the body, 8 reserved bytes) and protobuf bodies from the SDK's own
`futu.common.pb` classes (imported here, after load_futu)."""

from __future__ import annotations

import hashlib
import struct

from flowdeck.core.codes import Market
from flowdeck.feeds.futu.sdk import load_futu

# Imported the FlowDeck way first: no log folder in $HOME, Ctrl+C left alone.
load_futu()

from futu.common.pb import (  # noqa: E402
    GetGlobalState_pb2,
    InitConnect_pb2,
    KeepAlive_pb2,
    Qot_GetCapitalDistribution_pb2,
    Qot_GetCapitalFlow_pb2,
    Qot_GetPlateSecurity_pb2,
    Qot_GetPlateSet_pb2,
    Qot_GetSecuritySnapshot_pb2,
    Qot_GetStaticInfo_pb2,
    Qot_GetSubInfo_pb2,
    Qot_RegQotPush_pb2,
    Qot_RequestHistoryKL_pb2,
    Qot_RequestHistoryKLQuota_pb2,
    Qot_RequestTradeDate_pb2,
    Qot_Sub_pb2,
    Qot_UpdateBasicQot_pb2,
    Qot_UpdateTicker_pb2,
)

# The protobuf modules too: the other parts import them from here, after load_futu.
__all__ = [
    "CAPITAL_DISTRIBUTION", "CAPITAL_FLOW", "CAPITAL_PROTOS", "GET_GLOBAL_STATE", "HEADER",
    "HISTORY_KL", "HISTORY_KL_QUOTA", "INIT_CONNECT", "KEEP_ALIVE", "MARKET_IDS",
    "MAX_BODY", "PERIOD_DAY", "PERIOD_INTRADAY", "PLATE_SECURITY", "PLATE_SET", "REG_PUSH",
    "SNAPSHOT", "STATIC_INFO", "STOCK_PROTOS", "SUB", "SUB_INFO", "SUB_PROTOS", "TRADE_DATE",
    "UPDATE_BASIC_QOT", "UPDATE_TICKER", "GetGlobalState_pb2",
    "InitConnect_pb2", "KeepAlive_pb2", "Qot_GetCapitalDistribution_pb2",
    "Qot_GetCapitalFlow_pb2", "Qot_GetPlateSecurity_pb2", "Qot_GetPlateSet_pb2",
    "Qot_GetSecuritySnapshot_pb2", "Qot_GetStaticInfo_pb2", "Qot_GetSubInfo_pb2",
    "Qot_RegQotPush_pb2", "Qot_RequestHistoryKLQuota_pb2", "Qot_RequestHistoryKL_pb2",
    "Qot_RequestTradeDate_pb2", "Qot_Sub_pb2", "Qot_UpdateBasicQot_pb2",
    "Qot_UpdateTicker_pb2", "capital_request", "failure", "frame", "request_code",
]

HEADER = struct.Struct("<1s1sI2B2I20s8s")
INIT_CONNECT, GET_GLOBAL_STATE, KEEP_ALIVE = 1001, 1002, 1004
CAPITAL_FLOW, CAPITAL_DISTRIBUTION = 3211, 3212
CAPITAL_PROTOS = (CAPITAL_FLOW, CAPITAL_DISTRIBUTION)
HISTORY_KL, HISTORY_KL_QUOTA, TRADE_DATE = 3103, 3104, 3219
STATIC_INFO, SNAPSHOT, PLATE_SET, PLATE_SECURITY = 3202, 3203, 3204, 3205
STOCK_PROTOS = (STATIC_INFO, SNAPSHOT, PLATE_SET, PLATE_SECURITY)
SUB, REG_PUSH, SUB_INFO = 3001, 3002, 3003
SUB_PROTOS = (SUB, REG_PUSH, SUB_INFO)
UPDATE_BASIC_QOT, UPDATE_TICKER = 3005, 3011    # pushes
PERIOD_INTRADAY, PERIOD_DAY = 1, 2    # Qot_Common.PeriodType
MAX_BODY = 1 << 20
MARKET_IDS = {1: Market.HK, 11: Market.US, 21: Market.SH, 22: Market.SZ}


def frame(proto: int, serial: int, body: bytes) -> bytes:
    """One packet: header + body."""
    return HEADER.pack(b"F", b"T", proto, 0, 0, serial, len(body),
                       hashlib.sha1(body).digest(), b"\0" * 8) + body


def capital_request(proto: int, body: bytes):
    module = (Qot_GetCapitalFlow_pb2 if proto == CAPITAL_FLOW
              else Qot_GetCapitalDistribution_pb2)
    return module.Request.FromString(body)


def request_code(proto: int, body: bytes) -> str:
    """"HK.00700" of a capital or K-line request ("" for other protos and unknown
    markets)."""
    if proto == HISTORY_KL:
        security = Qot_RequestHistoryKL_pb2.Request.FromString(body).c2s.security
    elif proto in CAPITAL_PROTOS:
        security = capital_request(proto, body).c2s.security
    else:
        return ""
    market = MARKET_IDS.get(security.market)
    return f"{market.value}.{security.code}" if market else ""


def failure(message: str, ret_type: int = -1) -> KeepAlive_pb2.Response:
    # Every OpenD response starts with retType = 1 and retMsg = 2, so one message type
    # encodes a failure for any proto.
    return KeepAlive_pb2.Response(retType=ret_type, retMsg=message)
