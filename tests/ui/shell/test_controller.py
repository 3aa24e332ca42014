"""The controller with the real simulator through a real qasync loop: rows fill,
coalescing applies at most 5 times a second under a fast feed, a watchlist change
restarts with the new codes, a failing feed is retried with backoff."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from flowdeck.core.batch import Batch
from flowdeck.feeds.sim.stocks import DEFAULT_WATCHLIST
from flowdeck.ui.shell import controller as controller_module
from flowdeck.ui.shell.controller import Controller, UpdateRate, retry_delay
from tests.support.controller_fakes import FakeModel, FakeStatus
from tests.support.feeds import ScriptedFeed
from tests.support.waiting import wait_until

CODES = list(DEFAULT_WATCHLIST)


class FakeDetail:
    def __init__(self, code: str | None) -> None:
        self.code = code
        self.refreshes = 0

    def refresh(self) -> bool:
        self.refreshes += 1
        return True


def test_rows_fill_from_the_simulator(qloop) -> None:
    model, status, detail = FakeModel(), FakeStatus(), FakeDetail(CODES[0])
    c = Controller(model, status, detail)

    async def go() -> None:
        c.start("sim?speed=20&seed=7", CODES)
        await wait_until(lambda: len(model.values) == len(CODES), 15)
        await wait_until(lambda: c.applies >= 3, 10)
        await c.stop()

    qloop.run_until_complete(go())
    assert model.codes == CODES
    assert model.batches[0].snapshot and model.restarts[0] == set(CODES)
    assert model.points > 0
    assert status.source == ("sim?speed=20&seed=7", True)
    assert ("live", "") in status.states and status.states[-1][0] == "stopped"
    assert set(status.markets) == {"HK", "US", "SH", "SZ"}
    assert status.last is not None and status.last[0] in CODES
    assert set(c.details) == set(CODES)
    assert detail.refreshes >= 1


def test_fast_feed_is_coalesced_to_at_most_5_applies_a_second(qloop) -> None:
    model, status = FakeModel(), FakeStatus()
    c = Controller(model, status)
    received: list[int] = []
    real_add = c._add

    def counting_add(batch: Batch) -> None:
        received.append(len(batch.records))
        real_add(batch)

    c._add = counting_add  # type: ignore[method-assign]

    async def go() -> None:
        c.start("sim?speed=600&interval=0.02", CODES)
        await wait_until(lambda: c.applies >= 1, 15)
        first = c.applies
        await asyncio.sleep(2.5)
        assert c.applies - first <= 2.5 * 5 + 1
        await c.stop()

    qloop.run_until_complete(go())
    gaps = np.diff(np.asarray(c.apply_times))
    assert len(gaps) >= 5
    assert gaps.min() >= 0.2 - 0.01, gaps.min()
    assert len(received) > 2 * c.applies  # many batches merged into each apply
    assert status.rate > 0


def test_watchlist_change_restarts_with_new_codes(qloop) -> None:
    model, status = FakeModel(), FakeStatus()
    c = Controller(model, status)
    first, second = CODES[:4], [*CODES[2:4], "HK.00388", "US.NVDA"]

    async def go() -> None:
        c.start("sim?speed=20", first)
        await wait_until(lambda: len(model.values) == 4, 15)
        n_before = len(model.batches)
        c.set_codes(second)
        await wait_until(lambda: set(model.values) == set(second), 15)
        later = model.batches[n_before:]
        # The new codes come with a snapshot: their day restarts.
        assert any({"HK.00388", "US.NVDA"} <= r for r in model.restarts[n_before:])
        await wait_until(lambda: len(model.batches) >= n_before + len(later) + 2, 10)
        await c.stop()

    qloop.run_until_complete(go())
    assert model.codes == second
    tail = model.batches[-2:]
    for batch in tail:
        assert set(batch.records) <= set(second)
    assert set(c.details) <= set(second)


def test_feed_error_shows_and_retries_with_backoff(qloop, monkeypatch) -> None:
    monkeypatch.setattr(controller_module, "RETRY_FIRST_S", 0.1)
    feed = ScriptedFeed([ConnectionError("gateway went away"), Batch(snapshot=True)],
                        name="flaky", reports_state=False)
    model, status = FakeModel(), FakeStatus()
    c = Controller(model, status, opener=lambda url: feed)

    async def go() -> None:
        c.start("flaky", ["HK.00700"])
        await wait_until(lambda: feed.snapshot_calls == 2 and c.state == "live", 5)
        await c.stop()

    qloop.run_until_complete(go())
    reconnecting = [d for s, d in status.states if s == "reconnecting"]
    assert reconnecting and "gateway went away" in reconnecting[0]
    assert "next retry at" in reconnecting[0]
    assert feed.closed


def test_bad_source_is_an_error_state_not_a_crash(qloop) -> None:
    model, status = FakeModel(), FakeStatus()
    c = Controller(model, status)

    async def go() -> None:
        c.start("nosuch://x", ["HK.00700"])
        await asyncio.sleep(0.05)
        assert c.state == "error"
        c.set_source("sim")
        await wait_until(lambda: "HK.00700" in model.values, 15)
        await c.stop()

    qloop.run_until_complete(go())
    assert "unknown source" in status.states[0][1]


def test_retry_delay_and_rate() -> None:
    assert [retry_delay(n) for n in (1, 2, 3)] == [1.0, 2.0, 4.0]
    assert retry_delay(50) == controller_module.RETRY_CAP_S
    rate = UpdateRate(window_s=2.0)
    rate.add(0.0, 10)
    rate.add(1.0, 10)
    assert rate.per_second(1.0) == pytest.approx(10.0)
    assert rate.per_second(2.5) == pytest.approx(5.0)
    assert rate.per_second(10.0) == 0.0


def test_removing_or_reordering_codes_keeps_the_subscription(qloop) -> None:
    model, status = FakeModel(), FakeStatus()
    c = Controller(model, status)

    async def go() -> None:
        c.start("sim?speed=20", CODES[:6])
        await wait_until(lambda: len(model.values) == 6, 15)
        task = c._task
        c.set_codes(list(reversed(CODES[:4])))
        assert c._task is task and model.codes == list(reversed(CODES[:4]))
        n = len(model.batches)
        await wait_until(lambda: len(model.batches) > n + 1, 10)
        assert set(model.values) == set(CODES[:4])
        assert status.last is not None and status.last[0] in CODES[:4]
        c.set_codes([*CODES[:4], "US.NFLX"])  # a new code: now it restarts
        assert c._task is not task
        await wait_until(lambda: "US.NFLX" in model.values, 15)
        await c.stop()

    qloop.run_until_complete(go())
    assert set(c.details) <= {*CODES[:4], "US.NFLX"}


def test_a_gateway_reports_its_own_connection_state(qloop) -> None:
    from flowdeck.api.stream import ConnectionState

    feed = ScriptedFeed([Batch(snapshot=True)], name="flaky")
    status = FakeStatus()
    c = Controller(FakeModel(), status, opener=lambda url: feed)

    async def go() -> None:
        c.start("gateway://x:1", ["HK.00700"])
        assert feed.on_state is not None
        feed.on_state(ConnectionState("reconnecting", retry_in=2.0, attempt=1,
                                      error="connection refused"))
        assert c.state == "reconnecting"
        assert status.states[-1][1].startswith("next retry at ")
        assert status.states[-1][1].endswith(": connection refused")
        feed.on_state(ConnectionState("live"))
        assert status.states[-1] == ("live", "")
        await c.stop()

    qloop.run_until_complete(go())
