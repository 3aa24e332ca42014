"""The data the fake serves: one code's day, drawn from a generator per (seed, code)."""

from __future__ import annotations

import zlib
from functools import cached_property

import numpy as np

from flowdeck.core.codes import Market, parse_code
from flowdeck.core.markets import MARKETS, local_now, minute_label

from .protocol import Qot_GetCapitalDistribution_pb2, Qot_GetCapitalFlow_pb2

# Typical value of one minute's inflow (and outflow) per tier, in the local currency.
TIER_SCALE = {Market.HK: (6e6, 4e6, 2e6, 1e6), Market.US: (3e6, 2e6, 1e6, 5e5),
               Market.SH: (4e6, 3e6, 1.5e6, 8e5), Market.SZ: (4e6, 3e6, 1.5e6, 8e5)}



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
        scale = np.array(TIER_SCALE[self.market])
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
