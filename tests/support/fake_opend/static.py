"""What the fake answers about stocks rather than flows: each market's listed stocks and
their names (Qot_GetStaticInfo 3202), snapshots with the last price and the previous
close (Qot_GetSecuritySnapshot 3203), a market's plates (Qot_GetPlateSet 3204) and a
plate's stocks (Qot_GetPlateSecurity 3205). All drawn from the fake's seed, so a test
can compute what it should have got (fake_stocks, fake_name, fake_price, fake_plates).

Names are in one language, as OpenD's are (the language OpenD runs in: the fake's
`language`, "zh" or "en"): the FAMOUS codes' names in it, "Fake <code>" for the others
in either (as OpenD's English and Chinese names of a small US stock are one).
"""

from __future__ import annotations

import time
import zlib

from flowdeck.core.codes import Market

from .protocol import (
    MARKET_IDS,
    Qot_GetPlateSecurity_pb2,
    Qot_GetPlateSet_pb2,
    Qot_GetSecuritySnapshot_pb2,
    Qot_GetStaticInfo_pb2,
)

STOCKS_PER_MARKET = 24
PLATES_PER_MARKET = 3
PLATE_SIZE = 6
SECURITY_STOCK = 3            # Qot_Common.SecurityType_Eqty
FAMOUS = {"HK.00700": "腾讯控股", "HK.00005": "汇丰控股", "US.AAPL": "苹果",
          "SH.600519": "贵州茅台", "SZ.000001": "平安银行"}
FAMOUS_EN = {"HK.00700": "TENCENT", "HK.00005": "HSBC HOLDINGS", "US.AAPL": "Apple Inc.",
             "SH.600519": "Kweichow Moutai", "SZ.000001": "Ping An Bank"}
_IDS = {m: i for i, m in MARKET_IDS.items()}
_FIRST = {Market.HK: ["00700", "00005"], Market.US: ["AAPL", "TSLA"],
          Market.SH: ["600519", "600000"], Market.SZ: ["000001", "000002"]}
# A-share plates are one set for SH and SZ (OpenD's CN plates, coded SH.BKxxxx).
_PLATE_MARKET = {Market.HK: Market.HK, Market.US: Market.US, Market.SH: Market.SH,
                 Market.SZ: Market.SH}


def _symbols(market: Market) -> list[str]:
    first = _FIRST[market]
    more = STOCKS_PER_MARKET - len(first)
    if market is Market.HK:
        rest = [f"{1000 + 37 * i:05d}" for i in range(more)]
    elif market is Market.US:
        rest = ["F" + "".join(chr(65 + (i // 26 ** k) % 26) for k in range(3))
                for i in range(more)]
    elif market is Market.SH:
        rest = [f"{601000 + 11 * i}" for i in range(more)]
    else:
        rest = [f"{300000 + 7 * i:06d}" for i in range(more)]
    return first + rest


def fake_stocks(market: Market) -> list[str]:
    """The market's listed stocks as the fake lists them (get_stock_basicinfo)."""
    return [f"{market.value}.{s}" for s in _symbols(market)]


def fake_name(code: str, language: str = "zh") -> str:
    return (FAMOUS_EN if language == "en" else FAMOUS).get(code, f"Fake {code}")


def fake_price(seed: int, code: str) -> tuple[float, float]:
    """(last, previous close) of `code` in the fake's snapshots."""
    h = zlib.crc32(f"{seed}:{code}:price".encode())
    prev = round(5 + (h % 50_000) / 100, 2)
    move = ((h >> 16) % 2001 - 1000) / 10_000          # within +-10 %
    return round(prev * (1 + move), 2), prev


def fake_plates(market: Market) -> list[tuple[str, str, list[str]]]:
    """(plate code, name, member codes) of the market's plates. SH and SZ share the
    A-share plates (members from both)."""
    home = _PLATE_MARKET[market]
    members = fake_stocks(Market.SH) + fake_stocks(Market.SZ) \
        if home is Market.SH else fake_stocks(home)
    step = len(members) // PLATES_PER_MARKET
    return [(f"{home.value}.BK{1001 + i}", f"Fake plate {home.value} {i + 1}",
             members[i * step:i * step + PLATE_SIZE]) for i in range(PLATES_PER_MARKET)]


def _fill_basic(basic, code: str, stock_id: int, language: str) -> None:
    market, symbol = code.split(".", 1)
    basic.security.market = _IDS[Market(market)]
    basic.security.code = symbol
    basic.id = stock_id
    basic.lotSize = 100
    basic.secType = SECURITY_STOCK
    basic.name = fake_name(code, language)
    basic.listTime = "2004-06-16"


def static_info_response(market_id: int, sec_type: int, language: str = "zh"
                         ) -> Qot_GetStaticInfo_pb2.Response:
    rsp = Qot_GetStaticInfo_pb2.Response(retType=0)
    rsp.s2c.SetInParent()
    market = MARKET_IDS.get(market_id)
    if market is None or sec_type != SECURITY_STOCK:
        return rsp
    for i, code in enumerate(fake_stocks(market)):
        _fill_basic(rsp.s2c.staticInfoList.add().basic, code, 1_000_000 + i, language)
    return rsp


def snapshot_response(seed: int, request, prices: dict[str, tuple[float, float]],
                      language: str = "zh") -> Qot_GetSecuritySnapshot_pb2.Response:
    """A snapshot per security asked for, of a known market (OpenD leaves out what it
    does not know)."""
    rsp = Qot_GetSecuritySnapshot_pb2.Response(retType=0)
    rsp.s2c.SetInParent()
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    for security in request.c2s.securityList:
        market = MARKET_IDS.get(security.market)
        if market is None:
            continue
        code = f"{market.value}.{security.code}"
        last, prev = prices.get(code) or fake_price(seed, code)
        b = rsp.s2c.snapshotList.add().basic
        b.security.CopyFrom(security)
        b.name = fake_name(code, language)
        b.type, b.isSuspend, b.listTime, b.lotSize = SECURITY_STOCK, False, "2004-06-16", 100
        b.priceSpread, b.updateTime = 0.01, now
        b.highPrice = b.openPrice = b.lowPrice = last
        b.lastClosePrice, b.curPrice = prev, last
        b.volume, b.turnover, b.turnoverRate = 1000, last * 1000, 0.1
    return rsp


def plate_set_response(market_id: int) -> Qot_GetPlateSet_pb2.Response:
    rsp = Qot_GetPlateSet_pb2.Response(retType=0)
    rsp.s2c.SetInParent()
    market = MARKET_IDS.get(market_id)
    for plate, name, _members in fake_plates(market) if market else []:
        info = rsp.s2c.plateInfoList.add(name=name)
        home, symbol = plate.split(".", 1)
        info.plate.market, info.plate.code = _IDS[Market(home)], symbol
    return rsp


def plate_security_response(request, language: str = "zh"
                            ) -> Qot_GetPlateSecurity_pb2.Response | None:
    """The plate's stocks; None for a plate the fake does not have."""
    plate = request.c2s.plate
    market = MARKET_IDS.get(plate.market)
    code = f"{market.value}.{plate.code}" if market else ""
    for known, _name, members in fake_plates(market) if market else []:
        if known == code:
            rsp = Qot_GetPlateSecurity_pb2.Response(retType=0)
            rsp.s2c.SetInParent()
            for i, member in enumerate(members):
                _fill_basic(rsp.s2c.staticInfoList.add().basic, member, 2_000_000 + i,
                            language)
            return rsp
    return None
