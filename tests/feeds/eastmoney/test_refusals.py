"""The `eastmoney://` feed when East Money refuses (an HTML block page, an empty body,
HTTP 403, a dropped connection) or changes its answer's shape, against the fake
(tests/support/fake_eastmoney/): the status says when it retries, rows keep their last
values, a changed field is a 1016 naming it with the answer kept for a bug report."""

from __future__ import annotations

import asyncio

import pytest

from flowdeck.feeds.eastmoney.fields import ULIST_PATH
from flowdeck.feeds.eastmoney.minutes import FFLOW_PATH
from flowdeck.feeds.registry import open_feed
from tests.support.clock import VirtualClock
from tests.support.fake_eastmoney.local import local_feed
from tests.support.fake_eastmoney.minutes import FakeMinutes
from tests.support.fake_eastmoney.quotes import MISSING, FakeQuotes
from tests.support.fake_eastmoney.server import FakeEastMoney
from tests.support.waiting import run, wait_until


# aiohttp sends a GET once more by itself when the connection drops before an answer:
# a dropped connection is two requests to East Money, the budget sees one.
@pytest.mark.parametrize(("kind", "sent"), [("html", 1), ("empty", 1), ("refuse", 1),
                                            ("reset", 2)])
def test_a_refusal_says_when_it_retries_and_keeps_nothing_made_up(kind, sent) -> None:
    async def go():
        async with FakeEastMoney() as fake:
            fake.route(ULIST_PATH, FakeQuotes().answer)
            fake.route(FFLOW_PATH, FakeMinutes().answer)
            fake.fail(kind, times=sent, path=ULIST_PATH)
            feed = open_feed(fake.source + "&rate=20")
            states = []
            feed.on_state = states.append
            try:
                batch = await feed.snapshot(["SH.600000"])
                await wait_until(lambda: any(s.state == "reconnecting" for s in states))
                return batch, states, fake.counts[ULIST_PATH]
            finally:
                await feed.aclose()

    batch, states, asked = run(go())
    refused = next(s for s in states if s.state == "reconnecting")
    assert refused.error.startswith("East Money refused the request (too frequent?) — "
                                    "retrying at ")
    assert 3.7 <= refused.retry_in <= 6.3          # 5 s +- 25 % jitter
    assert "SH.600000" not in batch.records and batch.errors["SH.600000"][0] == 1016
    assert asked == sent                           # no retry inside the backoff


def test_a_changed_field_is_a_1016_naming_it_and_the_answer_is_kept(tmp_path) -> None:
    async def go():
        async with FakeEastMoney() as fake:
            quotes = FakeQuotes()
            quotes.override["1.600000"] = {"f66": MISSING}
            quotes.override["0.000001"] = {"f72": "12,3"}
            fake.route(ULIST_PATH, quotes.answer)
            fake.route(FFLOW_PATH, FakeMinutes().answer)
            feed = open_feed(fake.source + "&rate=20")
            feed.keep_reports_in(tmp_path)
            try:
                return await feed.snapshot(["SH.600000", "SZ.000001", "SH.600004"])
            finally:
                await feed.aclose()

    batch = run(go())
    assert "f66: missing" in batch.errors["SH.600000"][1]
    assert "f72" in batch.errors["SZ.000001"][1]
    assert set(batch.records) == {"SH.600004"}
    kept = list((tmp_path / "eastmoney-answers").glob("*.txt"))
    assert len(kept) == 1 and '"f12": "600004"' in kept[0].read_text()


def test_a_slow_answer_past_the_timeout_is_a_refusal() -> None:
    async def go():
        async with FakeEastMoney() as fake:
            fake.route(ULIST_PATH, FakeQuotes().answer)
            fake.fail("slow", path=ULIST_PATH, delay=0.6)
            feed = open_feed(fake.source + "&rate=20&timeout=0.2")
            try:
                batch = await feed.snapshot(["SH.600000"])
                return batch, feed.state
            finally:
                await feed.aclose()

    batch, state = run(go())
    assert state.state == "reconnecting" and "retrying at" in state.error
    assert "SH.600000" not in batch.records


def test_a_changed_list_keeps_the_rows_last_values_aging() -> None:
    async def go():
        clock, fake = VirtualClock(), FakeEastMoney()
        quotes = FakeQuotes()
        fake.route(ULIST_PATH, quotes.answer)
        fake.route(FFLOW_PATH, FakeMinutes().answer)
        feed = local_feed(fake, clock)
        first = await feed.snapshot(["SH.600000"])
        fake.route(ULIST_PATH, lambda params: {"rc": 0, "data": {"rows": []}})
        reader = asyncio.create_task(anext(feed.updates(["SH.600000"])))
        await clock.advance(30)
        later = await feed.snapshot(["SH.600000"]), feed.ages()["SH.600000"]
        reader.cancel()
        await feed.aclose()
        return first, later

    first, (batch, age) = run(go())
    assert batch.records == first.records and age >= 29
    assert "data.diff" in batch.errors["SH.600000"][1]
