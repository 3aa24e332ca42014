"""GET /v1/capital_flow_history on a real in-process gateway: archived days, weeks and
months in the spec's envelope, the errors the spec names, and an empty list (not an
error) for a code with nothing archived."""

from __future__ import annotations

import datetime as dt

from flowdeck.core.day_flow import DayFlow
from flowdeck.core.records import RECORD_KEYS
from tests.support.memory_days import MemoryDays
from tests.support.server_fakes import FakeFeed, run, served

HISTORY = "/v1/capital_flow_history"


def archive() -> MemoryDays:
    start = dt.date(2026, 11, 2)  # a Monday
    days = []
    for i in range(14):
        d = start + dt.timedelta(days=i)
        if d.weekday() < 5:
            days.append(DayFlow("HK.00700", d, net=(1e8 + 0.1, -2.5e7, 3.0, -0.5),
                                turnover=1e9, complete=True,
                                update_time=f"{d.isoformat()} 16:08:00"))
    return MemoryDays(days)


async def get(client, **params):
    resp = await client.get(HISTORY, params=params)
    return resp.status, await resp.json()


def test_days_weeks_and_months_come_in_the_envelope() -> None:
    async def main():
        async with served(FakeFeed(), history=archive()) as client:
            status, got = await get(client, code="HK.00700", start="2026-11-04",
                                    end="2026-11-10")
            assert status == 200 and got["ret_code"] == 0
            rows = got["data"]["capital_flow_history_list"]
            assert [r["day"] for r in rows] == ["2026-11-04", "2026-11-05", "2026-11-06",
                                               "2026-11-09", "2026-11-10"]
            assert all(tuple(r)[:14] == RECORD_KEYS and tuple(r)[14:] == ("day", "complete")
                       for r in rows)
            assert rows[0]["main_net_inflow"] == 1e8 + 0.1 - 2.5e7  # float64, exact
            status, got = await get(client, code="HK.00700", period="week")
            weeks = got["data"]["capital_flow_history_list"]
            assert [w["day"] for w in weeks] == ["2026-11-02", "2026-11-09"]
            assert weeks[0]["super_net_inflow"] == 5 * (1e8 + 0.1)
            assert weeks[0]["main_net_inflow_ratio"] == (5 * (1e8 + 0.1) - 5 * 2.5e7) / 5e9
            status, got = await get(client, code="HK.00700", period="month")
            assert [m["day"] for m in got["data"]["capital_flow_history_list"]] == [
                "2026-11-01"]
    run(main())


def test_bad_queries_get_the_spec_codes_and_nothing_archived_is_empty() -> None:
    async def main():
        async with served(FakeFeed(), history=archive()) as client:
            cases = [({"code": "HK.00700", "start": "2026-11-31"}, 400, 1001, "start must be"),
                     ({"code": "HK.00700", "start": "2026-12-01", "end": "2026-11-01"}, 400,
                      1001, "is after end"),
                     ({"code": "HK.00700,US.AAPL"}, 400, 1001, "one code per query"),
                     ({"code": "HK.00700", "period": "quarter"}, 400, 1001, "unknown period"),
                     ({"code": "HK.0070X"}, 400, 1002, "HK.0070X")]
            for params, status, number, words in cases:
                got_status, got = await get(client, **params)
                assert (got_status, got["ret_code"]) == (status, number), params
                assert words in got["ret_msg"] and got["data"] is None
            status, got = await get(client, code="US.AAPL")
            assert status == 200 and got["data"] == {"capital_flow_history_list": []}
    run(main())


def test_a_gateway_without_an_archive_says_so() -> None:
    async def main():
        async with served(FakeFeed()) as client:
            status, got = await get(client, code="HK.00700")
            assert status == 503 and got["ret_code"] == 1016
            assert "keeps no archive" in got["ret_msg"]
    run(main())
