"""The `eastmoney://` source's pace on virtual time (tests/support/clock.py), against the
fake answered in-process (tests/support/fake_eastmoney/local.py): one budget for every
request, priority codes first, rows kept and aging through a refusal."""

from __future__ import annotations

import asyncio

from flowdeck.feeds.eastmoney.budget import NORMAL, PRIORITY, RequestBudget
from flowdeck.feeds.eastmoney.fields import ULIST_PATH
from flowdeck.feeds.eastmoney.minutes import FFLOW_PATH
from tests.support.clock import VirtualClock
from tests.support.fake_eastmoney.local import local_feed
from tests.support.fake_eastmoney.minutes import FakeMinutes
from tests.support.fake_eastmoney.quotes import FakeQuotes
from tests.support.fake_eastmoney.server import FakeEastMoney
from tests.support.waiting import run

CODES = [f"SH.{600000 + i}" for i in range(20)]


def fake_market() -> FakeEastMoney:
    fake = FakeEastMoney()
    fake.route(ULIST_PATH, FakeQuotes().answer)
    fake.route(FFLOW_PATH, FakeMinutes().answer)
    return fake


def test_the_budget_grants_one_a_second_the_priority_ones_first() -> None:
    async def go():
        clock = VirtualClock()
        budget = RequestBudget(1.0, clock, clock.sleep)
        order: list[tuple[str, float]] = []

        async def ask(name: str, priority: int) -> None:
            await budget.take(priority)
            order.append((name, clock()))

        tasks = [asyncio.create_task(ask(f"n{i}", NORMAL)) for i in range(3)]
        await clock.settle()
        tasks.append(asyncio.create_task(ask("p", PRIORITY)))
        await clock.advance(5)
        await asyncio.gather(*tasks)
        return order

    order = run(go())
    assert [name for name, _ in order] == ["n0", "p", "n1", "n2"]
    assert [at for _, at in order] == [1000.0, 1001.0, 1002.0, 1003.0]


def test_the_whole_source_keeps_to_its_budget_whatever_it_watches() -> None:
    async def go():
        clock, fake = VirtualClock(), fake_market()
        feed = local_feed(fake, clock)
        codes = [f"SZ.{i:06d}" for i in range(1, 501)]
        updates = feed.updates(codes)
        reader = asyncio.create_task(drain(updates))
        await clock.advance(120)
        sent = sum(fake.counts.values())
        reader.cancel()
        await feed.aclose()
        return sent, fake.counts

    sent, counts = run(go())
    assert 118 <= sent <= 121          # one a second, both endpoints together
    assert counts[ULIST_PATH] >= 5 * 10 and counts[FFLOW_PATH] >= 40


def test_priority_codes_get_their_minutes_first() -> None:
    async def go():
        clock, fake = VirtualClock(), fake_market()
        feed = local_feed(fake, clock)
        feed.set_priority(["SH.600017"])
        reader = asyncio.create_task(drain(feed.updates(CODES)))
        await clock.advance(10)
        reader.cancel()
        await feed.aclose()
        return [q["secid"] for q in fake.queries[FFLOW_PATH]]

    asked = run(go())
    assert asked[0] == "1.600017" and len(asked) >= 5


def test_rows_keep_their_values_and_age_while_east_money_refuses() -> None:
    async def go():
        clock, fake = VirtualClock(), fake_market()
        feed = local_feed(fake, clock)
        states = []
        feed.on_state = states.append
        reader = asyncio.create_task(drain(feed.updates(CODES[:2])))
        await clock.advance(5)
        fake.fail("html", times=1000)
        await clock.advance(90)
        during = feed.ages()["SH.600000"], await feed.snapshot(CODES[:2]), feed.state
        fake.faults.clear()
        await clock.advance(300)
        after = feed.ages()["SH.600000"], feed.state
        reader.cancel()
        await feed.aclose()
        return during, after, states

    (age, batch, state), (age_after, state_after), states = run(go())
    assert age >= 85 and state.state == "reconnecting"
    assert set(batch.records) == set(CODES[:2])        # the last values, not dropped
    assert "retrying at" in state.error
    assert age_after < 10 and state_after.state == "live"
    retries = [s.retry_in for s in states if s.state == "reconnecting"]
    assert retries == sorted(retries) and retries[-1] > 20   # the backoff grows


async def drain(updates) -> None:
    async for _ in updates:
        pass


def test_outside_trading_hours_it_asks_every_ten_minutes() -> None:
    async def go():
        clock, fake = VirtualClock(), fake_market()
        feed = local_feed(fake, clock, trading=False)
        reader = asyncio.create_task(drain(feed.updates(CODES)))
        await clock.advance(1199)
        reader.cancel()
        await feed.aclose()
        return fake.counts

    counts = run(go())
    # the first answer, a round at once and one 600 s later; each code's minutes at
    # once and 600 s later (not every 60 s: nothing moves)
    assert counts[ULIST_PATH] == 3 and counts[FFLOW_PATH] == 2 * len(CODES)


def test_a_new_trading_day_comes_as_a_snapshot_of_that_code() -> None:
    async def go():
        clock, fake = VirtualClock(), FakeEastMoney()
        minutes = FakeMinutes(lines=3)
        fake.route(ULIST_PATH, FakeQuotes().answer)
        fake.route(FFLOW_PATH, minutes.answer)
        feed = local_feed(fake, clock)
        got = []

        async def read():
            async for batch in feed.updates(CODES[:1]):
                got.append(batch)

        reader = asyncio.create_task(read())
        await clock.advance(5)
        fake.route(FFLOW_PATH, lambda params: next_day(minutes.answer(params)))
        await clock.advance(60)
        reader.cancel()
        await feed.aclose()
        return got

    batches = [b for b in run(go()) if len(b.points)]
    assert [b.snapshot for b in batches] == [False, True]
    assert batches[1].points.minutes.tolist() == [0, 1, 2]


def next_day(answer: dict) -> dict:
    lines = [line.replace("2025-12-04", "2025-12-05") for line in answer["data"]["klines"]]
    return {**answer, "data": {**answer["data"], "klines": lines}}


def test_a_priority_code_nobody_follows_costs_nothing() -> None:
    async def go():
        clock, fake = VirtualClock(), fake_market()
        feed = local_feed(fake, clock)
        await feed.snapshot(["SH.600099"])     # known, then let go
        feed.set_priority(["SH.600099"])
        reader = asyncio.create_task(drain(feed.updates(CODES[:1])))
        await clock.advance(120)
        reader.cancel()
        await feed.aclose()
        return fake.queries

    queries = run(go())
    later = [q["secids"] for q in queries[ULIST_PATH][1:]]
    assert later and all(s == "1.600000" for s in later)
    assert {q["secid"] for q in queries[FFLOW_PATH]} == {"1.600000"}
