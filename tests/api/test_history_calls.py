"""get_capital_flow_history and get_trading_days of both clients against a real
in-process gateway: days, weeks and months as the endpoint answers them (float64
exact, null ratios for a day without turnover), dates as text or dates, the errors
the spec names (checked before a round trip where the client can), and an empty list
for a code with nothing archived."""

from __future__ import annotations

import asyncio
import datetime as dt
import math

import pytest

from flowdeck.api import RET_ERROR, RET_OK, AsyncQuoteContext, OpenQuoteContext
from flowdeck.core.day_flow import DayFlow
from flowdeck.core.records import RECORD_KEYS
from tests.support.memory_days import MemoryDays
from tests.support.server_fakes import SERVED_TOKEN, FakeFeed, run, served

MONDAY = dt.date(2026, 11, 2)


def archived() -> MemoryDays:
    days = []
    for i in range(12):
        d = MONDAY + dt.timedelta(days=i)
        if d.weekday() < 5:
            days.append(DayFlow("HK.00700", d, net=(1e8 + 0.1, -2.5e7, 3.0, -0.5),
                                turnover=None if d.day == 4 else 1e9, complete=True,
                                update_time=f"{d.isoformat()} 16:08:00"))
    return MemoryDays(days)


class WithDays(MemoryDays):
    """The days above, and the market calendar /v1/trading_days reads."""

    def market_days(self, market: str, last_n: int | None = None) -> list[dt.date]:
        days = sorted({f.day for code in ("HK.00700",) for f in self.days(code)
                       if code.startswith(market + ".")})
        return days if last_n is None else days[-last_n:]


def sync_calls(port: int, calls: list[tuple]) -> list:
    with OpenQuoteContext(port=port, token=SERVED_TOKEN) as ctx:
        return [getattr(ctx, name)(*args, **kw) for name, args, kw in calls]


async def async_calls(port: int, calls: list[tuple]) -> list:
    async with AsyncQuoteContext(port=port, token=SERVED_TOKEN) as ctx:
        return [await getattr(ctx, name)(*args, **kw) for name, args, kw in calls]


CALLS = [
    ("get_capital_flow_history", ("HK.00700",), {"start": "2026-11-04", "end": MONDAY +
                                                 dt.timedelta(days=8)}),
    ("get_capital_flow_history", ("HK.00700",), {"period_type": "WEEK"}),
    ("get_capital_flow_history", ("hk.00700", None, None, "month"), {}),
    ("get_capital_flow_history", ("US.AAPL",), {}),
    ("get_capital_flow_history", ("HK.00700",), {"start": "2026-11-31"}),
    ("get_capital_flow_history", ("HK.00700", "2026-12-01", "2026-11-01"), {}),
    ("get_capital_flow_history", ("HK.00700",), {"period_type": "QUARTER"}),
    ("get_capital_flow_history", ("HK.0070X",), {}),
    ("get_capital_flow_history", (["HK.00700", "US.AAPL"],), {}),
    ("get_capital_flow_history", ("HK.00700",), {"detail": True}),
    ("get_trading_days", ("HK", 3), {}),
    ("get_trading_days", ("XX",), {}),
]


@pytest.mark.parametrize("side", ["sync", "async"])
def test_history_calls_answer_like_the_endpoint(side: str) -> None:
    async def main():
        async with served(FakeFeed(), history=WithDays(archived().days("HK.00700"))) as c:
            port = c.server.port
            if side == "sync":   # the blocking client, off the gateway's loop
                return await asyncio.to_thread(sync_calls, port, CALLS)
            return await async_calls(port, CALLS)

    (days, weeks, months, nothing, bad_date, inverted, bad_period, bad_code, two_codes,
     detail, trading, bad_market) = run(main())
    ret, rows = days
    assert ret == RET_OK
    assert [r["day"] for r in rows] == ["2026-11-04", "2026-11-05", "2026-11-06",
                                        "2026-11-09", "2026-11-10"]
    assert all(tuple(r) == (*RECORD_KEYS, "day", "complete") for r in rows)
    assert rows[0]["main_net_inflow"] == 1e8 + 0.1 - 2.5e7 and rows[0]["complete"] is True
    assert rows[0]["main_net_inflow_ratio"] is None          # 11-04: turnover unknown
    assert rows[1]["super_net_inflow_ratio"] == (1e8 + 0.1) / 1e9
    ret, rows = weeks
    assert ret == RET_OK and [w["day"] for w in rows] == ["2026-11-02", "2026-11-09"]
    assert rows[0]["super_net_inflow"] == 5 * (1e8 + 0.1)
    assert rows[0]["main_net_inflow_ratio"] is None           # a day of it unknown
    main = math.fsum([1e8 + 0.1] * 5) + math.fsum([-2.5e7] * 5)
    assert rows[1]["main_net_inflow"] == main and rows[1]["main_net_inflow_ratio"] == main / 5e9
    assert months[0] == RET_OK and [m["day"] for m in months[1]] == ["2026-11-01"]
    assert nothing == (RET_OK, [])
    for (ret, message), words in [(bad_date, "INVALID_PARAM: start must be"),
                                  (inverted, "INVALID_PARAM: start 2026-12-01 is after"),
                                  (bad_period, "INVALID_PARAM: unknown period_type"),
                                  (bad_code, "INVALID_CODE"),
                                  (two_codes, "INVALID_PARAM: one code per query"),
                                  (bad_market, "INVALID_PARAM: unknown market")]:
        assert ret == RET_ERROR and message.startswith(words), message
    ret, rows = detail
    assert ret == RET_OK and rows[2]["turnover"] is None and rows[1]["turnover"] == 1e9
    assert rows[1]["super_inflow"] is None and rows[1]["close"] is None
    assert trading == (RET_OK, [dt.date(2026, 11, 11), dt.date(2026, 11, 12),
                                dt.date(2026, 11, 13)])


def test_a_gateway_without_an_archive_answers_1016_to_the_client() -> None:
    async def main():
        async with served(FakeFeed()) as c:
            return await asyncio.to_thread(sync_calls, c.server.port,
                                           [("get_capital_flow_history", ("HK.00700",), {})])

    [(ret, message)] = run(main())
    assert ret == RET_ERROR
    assert message.startswith("GET_CAPITAL_FLOW_FAILED") and "keeps no archive" in message
