"""GET /v1/trades: the day's kept big trades of the codes asked for, newest first, in
the spec's envelope, filtered by min_value and side, at most `limit`; bad parameters
are 1001 naming them, a bad code 1002; a page's request is refused like any other."""

from __future__ import annotations

from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import SELL, concat_trades
from flowdeck.core.trade_query import MAX_LIMIT
from tests.support.batches import rec
from tests.support.feeds import ScriptedFeed
from tests.support.server_fakes import hub_of, run, served
from tests.support.trades import TEN_AM, prints

CODES = ["HK.00700", "US.AAPL"]


def day() -> Batch:
    """HK.00700: 1M buy (seq 1), 6M sell (seq 2), 8M buy (seq 3); US.AAPL: 9M buy."""
    return Batch(records={c: rec(c, 1.0) for c in CODES}, snapshot=True,
                 trades=concat_trades([
                     prints("HK.00700", [1]),
                     prints("HK.00700", [2], quantity=120_000, side=SELL),
                     prints("HK.00700", [3], quantity=160_000),
                     prints("US.AAPL", [1], quantity=180_000, start=TEN_AM + 30)]))


def listed(body: dict) -> list[tuple[str, int]]:
    return [(t["code"], t["seq"]) for t in body["data"]["trade_list"]]


def test_the_days_trades_newest_first_filtered_and_limited():
    async def main():
        # A code asked for the first time is followed from its snapshot (US.AAPL's
        # comes with the second request).
        async with served(ScriptedFeed([day(), day()], [])) as client:
            resp = await client.get("/v1/trades", params={"code": "HK.00700"})
            body = await resp.json()
            assert resp.status == 200 and body["ret_code"] == 0
            assert body["ret_msg"] == "SUCCESS"
            assert listed(body) == [("HK.00700", 3), ("HK.00700", 2), ("HK.00700", 1)]
            assert body["data"]["dropped"] == {"HK.00700": 0}
            newest = body["data"]["trade_list"][0]
            assert newest["time"] == "2025-03-14 10:00:03" and newest["value"] == 8e6
            got = await (await client.get("/v1/trades", params={
                "code": "HK.00700,US.AAPL", "min_value": "500万", "limit": "2"})).json()
            assert listed(got) == [("US.AAPL", 1), ("HK.00700", 3)]
            got = await (await client.get("/v1/trades", params={
                "code": "hk.700", "side": "sell"})).json()
            assert listed(got) == [("HK.00700", 2)]
    run(main())


def test_bad_parameters_are_1001_naming_them_and_a_bad_code_1002():
    async def main():
        feed = ScriptedFeed([day()], [])
        async with served(feed) as client:
            for params, name in (({}, "code"), ({"code": "HK.00700", "limit": "0"}, "limit"),
                                 ({"code": "HK.00700", "limit": str(MAX_LIMIT + 1)}, "limit"),
                                 ({"code": "HK.00700", "min_value": "lots"}, "min_value"),
                                 ({"code": "HK.00700", "min_value": "-5"}, "min_value"),
                                 ({"code": "HK.00700", "side": "up"}, "side"),
                                 ({"code": "HK.00700", "since": "10:00"}, "since")):
                resp = await client.get("/v1/trades", params=params)
                body = await resp.json()
                assert resp.status == 400 and body["ret_code"] == 1001, (params, body)
                assert body["ret_msg"].startswith(f"INVALID_PARAM: {name}:"), body
            resp = await client.get("/v1/trades", params={"code": "HK.00700,XX.1"})
            body = await resp.json()
            assert body["ret_code"] == 1002 and "XX.1" in body["ret_msg"]
            assert feed.snapshot_calls == 0   # nothing asked of the source
    run(main())


def test_a_pages_request_is_refused_before_any_code_is_followed():
    async def main():
        async with served(ScriptedFeed([day()], [])) as client:
            resp = await client.get("/v1/trades", params={"code": "HK.00700"},
                                    headers={"Origin": "https://evil.example"})
            assert resp.status == 403 and (await resp.json())["ret_code"] == 1001
            assert len(hub_of(client).state) == 0
    run(main())


def test_health_tells_the_tape():
    async def main():
        async with served(ScriptedFeed([day()], [])) as client:
            await client.get("/v1/trades", params={"code": "HK.00700"})   # followed now
            body = await (await client.get("/v1/health")).json()
            tape = hub_of(client).state.tape
            assert body["data"]["tape"] == {"trades": 3, "dropped": 0,
                                            "per_code": tape.per_code, "total": tape.total}
    run(main())
