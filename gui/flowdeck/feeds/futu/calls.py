"""The futu-api calls FutuFeed makes, one SDK call each, run in worker threads (the SDK
blocks), with OpenD's answers turned into plain data or one of two exceptions: Refused
when OpenD said no (retType != 0, with its reason), ConnectionError when the answer
never came or could not be read (a timeout, a lost connection, a corrupt packet)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from ...core.codes import Market
from ...core.quota import QuotaPolicy
from .records import (
    Distribution,
    Intraday,
    build,
    market_of_code,
    parse_distribution,
    parse_intraday,
)
from .sdk import load_futu

if TYPE_CHECKING:
    from ...core.batch import MinutePoints
    from ...core.records import CapitalFlowDetail, CapitalFlowRecord
    from .connection import FutuConnection

# The quota scheduler's method names (core/quota.py keeps a window for each).
GET_FLOW, GET_DISTRIBUTION = "get_capital_flow", "get_capital_distribution"


class Refused(Exception):
    """OpenD answered with retType != 0 (the SDK's RET_ERROR and message)."""


class Failure(Exception):
    """An answer that never came, said for people (FutuFeed raises it)."""


def queued(policy: QuotaPolicy) -> str:
    """Why a snapshot has no data for a code yet: the quota, said for people."""
    p = policy
    return (f"not fetched yet: Futu OpenD allows {p.limit} requests per {p.window:g} s "
            f"per method, so a snapshot gets about {p.used_limit} codes at once; this "
            f"one is queued and comes with the updates")


async def fetch_code(conn: FutuConnection, code: str) -> tuple[
        CapitalFlowRecord, CapitalFlowDetail, MinutePoints]:
    """A code's refresh: both requests at once, in worker threads; Refused when OpenD
    said no, Failure when the answer never came (the connection is checked then)."""
    ctx = conn.context
    if ctx is None:
        raise Failure(f"Futu OpenD: {code}: not connected")
    flow, dist = await asyncio.gather(
        conn.call(fetch_intraday, ctx, code, market_of_code(code)),
        conn.call(fetch_distribution, ctx, code),
        return_exceptions=True)
    for what, result in ((GET_FLOW, flow), (GET_DISTRIBUTION, dist)):
        if isinstance(result, Refused):
            raise Refused(f"Futu OpenD refused {what}({code}): {result}")
    for what, result in ((GET_FLOW, flow), (GET_DISTRIBUTION, dist)):
        if isinstance(result, BaseException):
            if isinstance(result, asyncio.CancelledError):
                raise result
            conn.suspect()
            raise Failure(f"Futu OpenD: {what}({code}) failed: {why(result)}")
    assert isinstance(flow, Intraday) and isinstance(dist, Distribution)
    return build(code, dist, flow)


def fetch_intraday(ctx: Any, code: str, market: Market) -> Intraday:
    futu = load_futu()
    ret, data = ctx.get_capital_flow(code, futu.PeriodType.INTRADAY)
    check_answer(futu, ret, data)
    return parse_intraday(market, data.to_dict("records"))


def fetch_distribution(ctx: Any, code: str) -> Distribution:
    futu = load_futu()
    ret, data = ctx.get_capital_distribution(code)
    check_answer(futu, ret, data)
    return parse_distribution(data.to_dict("records"))


# What the SDK itself answers when OpenD's answer never came (its PacketErr names and
# Err texts), as opposed to OpenD's own retMsg when it said no.
_TRANSPORT = frozenset({"Timeout", "Disconnect", "SendFail", "Invalid", "Connect timeout",
                        "Connection closed", "Connection lost", "Not connected",
                        "Context status bad", "Abnormal event timeout"})


# A reply whose SHA-1 does not match its body (the SDK's own words for it).
_CORRUPT = "check sha error"


def check_answer(futu: Any, ret: object, data: object) -> None:
    """Returns when OpenD answered; Refused or ConnectionError otherwise."""
    if ret == futu.RET_OK:
        return
    message = str(data) if data is not None else ""
    # The SDK says "PacketErr.Timeout" (str() of its enum member) as well as "Timeout".
    if message.removeprefix("PacketErr.") in _TRANSPORT:
        raise ConnectionError(message.removeprefix("PacketErr."))
    if _CORRUPT in message:
        raise ConnectionError(f"a corrupt answer ({message})")
    if not message:
        # OpenD always says why it refuses; an answer without a word is one the SDK
        # could not read (a body that is not protobuf leaves retType at its default).
        raise ConnectionError("an answer that could not be read")
    raise Refused(message)


def why(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
