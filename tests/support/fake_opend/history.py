"""The past the fake serves: a trading calendar, a year of daily capital-flow nets per
code (OpenD's DAY period) and day K-lines (turnover and close), all drawn from
generators per (seed, code, day), so a test can compute what it should have got."""

from __future__ import annotations

import datetime as dt
import zlib

import numpy as np

from flowdeck.core.codes import Market, parse_code
from flowdeck.core.markets import local_now

from .day import TIER_SCALE
from .protocol import (
    Qot_GetCapitalFlow_pb2,
    Qot_RequestHistoryKL_pb2,
    Qot_RequestHistoryKLQuota_pb2,
    Qot_RequestTradeDate_pb2,
)

HOLIDAY_EVERY = 17      # a weekday whose ordinal is a multiple of this is a holiday
DAY_MINUTES = 330       # a day's nets are about this many minutes' worth of flow
MAX_SPAN = 365          # OpenD keeps a year of daily nets
TRADE_DATE_MARKETS = {1: (Market.HK,), 2: (Market.US,), 3: (Market.SH, Market.SZ)}


def is_fake_trading_day(day: dt.date) -> bool:
    """Weekdays, less one in HOLIDAY_EVERY (the fake's holidays)."""
    return day.weekday() < 5 and day.toordinal() % HOLIDAY_EVERY != 0


def fake_trading_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days = (start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    return [d for d in days if is_fake_trading_day(d)]


def day_nets(seed: int, code: str, day: dt.date, no_super: bool = False) -> np.ndarray:
    """(4,) float64 net inflow per tier (super, big, mid, small) of `code` on `day`."""
    rng = np.random.default_rng(zlib.crc32(f"{seed}:{code}:{day}:day".encode()))
    scale = np.array(TIER_SCALE[parse_code(code).market]) * DAY_MINUTES
    nets = rng.normal(0.0, 1.0, 4) * scale
    if no_super:  # OpenD leaves super out: its trades count as big ones
        nets[1] += nets[0]
        nets[0] = 0.0
    return nets


def day_kline(seed: int, code: str, day: dt.date) -> tuple[float, float]:
    """(turnover, close) of `code` on `day`: the turnover well above the nets' sizes."""
    rng = np.random.default_rng(zlib.crc32(f"{seed}:{code}:{day}:kline".encode()))
    scale = sum(TIER_SCALE[parse_code(code).market]) * DAY_MINUTES
    turnover = float(scale * rng.uniform(8.0, 12.0))
    close = float(np.round(rng.uniform(5.0, 500.0), 2))
    return turnover, close


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])


def _today(code: str) -> dt.date:
    return local_now(parse_code(code).market).date()


def flow_days_response(seed: int, code: str, begin: str, end: str,
                       no_super: bool) -> Qot_GetCapitalFlow_pb2.Response:
    """The DAY period's answer: a row per trading day in [begin, end] up to today (the
    last year of it), nets per tier and main, as OpenD sends them."""
    last = min(_date(end), _today(code))
    first = max(_date(begin), last - dt.timedelta(days=MAX_SPAN))
    rsp = Qot_GetCapitalFlow_pb2.Response(retType=0)
    for day in fake_trading_days(first, last):
        nets = day_nets(seed, code, day, no_super)
        item = rsp.s2c.flowItemList.add()
        item.inFlow = float(nets.sum())
        item.time = f"{day} 00:00:00"
        item.mainInFlow = float(nets[0] + nets[1])
        if not no_super:
            item.superInFlow = float(nets[0])
        item.bigInFlow, item.midInFlow, item.smlInFlow = (float(v) for v in nets[1:])
    rsp.s2c.lastValidTime = f"{last} 00:00:00"
    return rsp


def trade_dates_response(market_id: int, begin: str, end: str
                         ) -> Qot_RequestTradeDate_pb2.Response:
    rsp = Qot_RequestTradeDate_pb2.Response(retType=0)
    for day in fake_trading_days(_date(begin), _date(end)):
        rsp.s2c.tradeDateList.add(time=str(day), tradeDateType=0)
    return rsp


def kline_response(seed: int, code: str, request) -> Qot_RequestHistoryKL_pb2.Response:
    """Day K-lines of `code` for the request's days up to today, unadjusted."""
    c2s = request.c2s
    rsp = Qot_RequestHistoryKL_pb2.Response(retType=0)
    rsp.s2c.security.CopyFrom(c2s.security)
    last = min(_date(c2s.endTime), _today(code))
    for day in fake_trading_days(_date(c2s.beginTime), last):
        turnover, close = day_kline(seed, code, day)
        kl = rsp.s2c.klList.add(time=f"{day} 00:00:00", isBlank=False)
        kl.closePrice, kl.turnover = close, turnover
    return rsp


def kline_quota_response(used: list[str], remaining: int, detail: bool
                         ) -> Qot_RequestHistoryKLQuota_pb2.Response:
    from .protocol import MARKET_IDS
    ids = {m: i for i, m in MARKET_IDS.items()}
    rsp = Qot_RequestHistoryKLQuota_pb2.Response(retType=0)
    rsp.s2c.usedQuota, rsp.s2c.remainQuota = len(used), remaining
    if detail:
        for code in used:
            parsed = parse_code(code)
            item = rsp.s2c.detailList.add(requestTime="2026-01-01 00:00:00")
            item.security.market = ids[parsed.market]
            item.security.code = parsed.symbol
    return rsp
