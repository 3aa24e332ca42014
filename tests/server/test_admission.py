"""New codes cost the gateway a snapshot and a place under its cap, so each client has a
budget of them (a burst, then so many a minute); beyond it, or beyond the cap, only the
new codes fail, each with its own 1016 in `data.errors`; the request's other codes are
answered, and no code someone else follows is given up for them."""

from __future__ import annotations

from flowdeck.server.admission import NewCodeBudget
from tests.support.server_fakes import FakeFeed, hub_of, run, served
from tests.support.waiting import wait_until as until


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountedBudget(NewCodeBudget):
    """The budget, with what was asked of it and what it gave, in order."""

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.asked: list[tuple[int, int]] = []

    def take(self, client: str, wanted: int) -> int:
        granted = super().take(client, wanted)
        self.asked.append((wanted, granted))
        return granted


def codes(prefix: str, n: int, start: int = 0) -> list[str]:
    return [f"{prefix}.{i:05d}" for i in range(start, start + n)] if prefix == "HK" else \
        [f"SZ.{i:06d}" for i in range(start, start + n)]


async def get_flow(client, stock_list):
    resp = await client.post("/v1/capital_flow", json={"stock_list": stock_list})
    return resp.status, await resp.json()


def test_new_codes_beyond_a_clients_budget_fail_alone():
    async def main():
        clock = Clock()
        budget = NewCodeBudget(per_minute=60, burst=5, clock=clock)
        async with served(FakeFeed(), budget=budget) as client:
            status, got = await get_flow(client, codes("HK", 3))
            assert status == 200 and len(got["data"]["capital_flow_list"]) == 3
            # 2 more fit the burst; the other 3 fail by themselves, the known 3 answer.
            status, got = await get_flow(client, codes("HK", 8))
            assert status == 200 and got["ret_code"] == 0
            rows = [r["code"] for r in got["data"]["capital_flow_list"]]
            assert rows == codes("HK", 5)
            errors = {e["code"]: e for e in got["data"]["errors"]}
            assert list(errors) == codes("HK", 3, 5)
            assert all(e["ret_code"] == 1016 and "too many new codes" in e["ret_msg"]
                       for e in errors.values())
            assert len(hub_of(client).state) == 5
            # Known codes cost nothing, however often they are asked for.
            for _ in range(20):
                status, got = await get_flow(client, codes("HK", 5))
                assert status == 200 and "errors" not in got["data"]
            # A minute refills 60: the 3 refused now come in.
            clock.now += 60
            status, got = await get_flow(client, codes("HK", 8))
            assert status == 200 and "errors" not in got["data"]
            assert len(hub_of(client).state) == 8
    run(main())


def test_a_full_gateway_fails_only_the_new_codes_and_keeps_what_others_follow():
    async def main():
        feed = FakeFeed()
        async with served(feed, max_codes=4) as client:
            hub = hub_of(client)
            assert await hub.ensure(codes("HK", 3), "trader") == {}
            # Another client's new codes: one fits, the rest fail per code; the
            # trader's codes stay followed.
            failed = await hub.ensure(codes("SZ", 50), "someone-else")
            assert len(failed) == 49 and all(e[0] == 1016 and "at most 4" in e[1]
                                             for e in failed.values())
            assert set(codes("HK", 3)) <= set(hub.state.codes) and len(hub.state) == 4
            status, got = await get_flow(client, [*codes("HK", 3), "US.AAPL"])
            assert status == 200 and got["ret_code"] == 0
            assert [r["code"] for r in got["data"]["capital_flow_list"]] == codes("HK", 3)
            assert [e["code"] for e in got["data"]["errors"]] == ["US.AAPL"]
    run(main())


def test_budgets_are_per_client():
    clock = Clock()
    budget = NewCodeBudget(per_minute=6, burst=10, clock=clock)
    assert budget.take("a", 8) == 8 and budget.take("a", 8) == 2
    assert budget.take("b", 8) == 8          # b's budget is its own
    clock.now += 30
    assert budget.take("a", 8) == 3          # 6 a minute: 3 in 30 s
    assert budget.take("a", 0) == 0


def test_a_stream_subscription_beyond_the_budget_fills_in_as_it_refills():
    """Codes subscribed beyond the budget get their 1016 at once; the gateway retries
    them on the same client's budget, so they come in when it refills, not sooner."""
    async def main():
        clock = Clock()
        budget = CountedBudget(per_minute=60, burst=4, clock=clock)
        async with served(FakeFeed(interval=0.02), budget=budget) as client:
            ws = await client.ws_connect("/v1/stream")
            wanted = codes("HK", 6)
            await ws.send_json({"op": "subscribe", "stock_list": wanted})
            first = await ws.receive_json(timeout=5)
            assert first["snapshot"] is True
            assert {r["code"] for r in first["records"]} == set(wanted[:4])
            assert {e["code"] for e in first["errors"]} == set(wanted[4:])
            hub = hub_of(client)
            # The gateway retries the two on the budget, which stays empty while the
            # budget's clock stands still.
            await until(lambda: budget.asked.count((2, 0)) >= 3, 10, what="three retries")
            assert set(hub.state.codes) == set(wanted[:4])
            clock.now += 2.0             # two more codes' worth
            seen: set[str] = set()
            while not set(wanted[4:]) <= seen:
                msg = await ws.receive_json(timeout=10)
                seen |= {r["code"] for r in msg.get("records", [])}
            assert set(hub.state.codes) == set(wanted)
            await ws.close()
    run(main())
