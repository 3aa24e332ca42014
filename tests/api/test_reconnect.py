"""A subscription outlives its gateway: SIGKILL (or SIGTERM) the gateway, start it again on the same
port, and the stream goes on; the first batch after is a snapshot, every subscribed
code is in it, and a consumer that replaces state on snapshots ends up with exactly the
gateway's series (nothing lost, nothing twice). The state a status bar shows goes
live -> reconnecting (retry in X s) -> connecting -> live."""

import asyncio
import json
import random
import signal
import time

import numpy as np
import pytest

from flowdeck.api import RET_OK, AsyncQuoteContext, OpenQuoteContext
from flowdeck.api.stream import Backoff
from flowdeck.core.batch import Batch
from tests.gateway_proc import GatewayProcess, free_port
from tests.support.waiting import wait_until

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

CODES = ["HK.00700", "HK.09988", "US.AAPL", "SH.600519", "SZ.000001"]


class Consumer:
    """What the window does with batches: a snapshot replaces its codes' state, any
    other batch merges into it (a minute's point is replaced by a newer one)."""

    def __init__(self) -> None:
        self.records: dict = {}
        self.series: dict[str, dict[int, np.ndarray]] = {}

    def apply(self, batch: Batch) -> None:
        assert not set(batch.records) & set(batch.errors)
        codes = batch.points.codes
        for code in set(codes):
            minutes = batch.points.minutes[[c == code for c in codes]]
            assert (np.diff(minutes) > 0).all(), f"{code}: a minute twice in one batch"
        if batch.snapshot:
            for code in {*batch.records, *batch.errors, *codes}:
                self.series[code] = {}
                self.records.pop(code, None)
        self.records.update(batch.records)
        for code, minute, values in zip(codes, batch.points.minutes, batch.points.values,
                                        strict=True):
            self.series.setdefault(code, {})[int(minute)] = values


async def next_batch(sub, timeout: float = 15.0) -> Batch:
    return await asyncio.wait_for(anext(sub), timeout)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_stream_survives_a_gateway_kill_and_restart(how):
    gw = GatewayProcess().start()
    sync_ctx = OpenQuoteContext(port=gw.port, timeout=5)
    try:
        figures = asyncio.run(_kill_and_restart(gw, sync_ctx, how))
    finally:
        sync_ctx.close()
        gw.stop()
    print(json.dumps({"bench": "gateway_reconnect", "signal": how.name, **figures}))


async def _kill_and_restart(gw: GatewayProcess, sync_ctx: OpenQuoteContext,
                            how: signal.Signals) -> dict:
    states: list[tuple[float, str]] = []
    consumer = Consumer()
    async with AsyncQuoteContext(port=gw.port, timeout=5) as ctx:
        sub = ctx.subscribe(CODES, on_state=lambda s: states.append((time.monotonic(),
                                                                      str(s))))
        first = await next_batch(sub)
        assert first.snapshot and set(first.records) | set(first.errors) == set(CODES)
        consumer.apply(first)
        for _ in range(3):
            consumer.apply(await next_batch(sub))
        assert sub.state.state == "live"
        assert (await asyncio.to_thread(sync_ctx.get_capital_flow, CODES))[0] == RET_OK

        killed = time.monotonic()
        await asyncio.to_thread(gw.stop, how)
        waiting = asyncio.ensure_future(anext(sub))
        await wait_until(lambda: any("reconnecting (retry in" in s for _, s in states),
                         what="a reconnecting state")
        await wait_until(lambda: sub.state.attempt >= 2,  # refused again: nothing listens
                         what="a second refused attempt")
        assert not waiting.done()
        await asyncio.to_thread(gw.start)
        healthy = time.monotonic()
        after = await asyncio.wait_for(waiting, 15)
        live_again = time.monotonic()

        assert after.snapshot, "the first batch after a reconnect must be a snapshot"
        assert set(after.records) | set(after.errors) == set(CODES)
        assert sub.state.state == "live" and sub.reconnects == 1
        consumer.apply(after)
        for _ in range(3):
            consumer.apply(await next_batch(sub))
        # The blocking client's kept-alive connection died with the old gateway.
        assert (await asyncio.to_thread(sync_ctx.get_capital_flow, CODES))[0] == RET_OK

        ret, rows = await ctx.get_capital_detail(CODES)
        assert ret == RET_OK
        for row in rows:
            _same_series(consumer.series[row["code"]], row["minutes"], row["values"])
        await sub.aclose()

    words = [s for _, s in states]
    assert words[0] == "connecting" and words[1] == "live" and words[-1] == "closed"
    assert any(w.startswith("reconnecting (retry in") for w in words)
    return {"down_s": round(healthy - killed, 3),
            "live_after_restart_s": round(live_again - healthy, 3),
            "attempts": sum(w.startswith("reconnecting") for w in words)}


def _same_series(mine: dict[int, np.ndarray], minutes: np.ndarray,
                 values: np.ndarray) -> None:
    """Every minute the consumer holds, except its newest (still moving), equals the
    gateway's; and it holds every earlier minute the gateway has."""
    assert mine, "no series"
    last = max(mine)
    theirs = {int(m): v for m, v in zip(minutes, values, strict=True) if m < last}
    ours = {m: v for m, v in mine.items() if m < last}
    assert sorted(ours) == sorted(theirs)
    for m, v in theirs.items():
        np.testing.assert_array_equal(ours[m], v)


def test_close_ends_a_consumer_waiting_to_reconnect():
    """No gateway at all: the subscription keeps retrying (and says so) until closed;
    close() then ends the consumer's loop at once."""
    async def go():
        states = []
        ctx = AsyncQuoteContext(port=free_port(), timeout=1)
        sub = ctx.subscribe(["HK.00700"], on_state=lambda s: states.append(s),
                            backoff=Backoff(first=0.05, cap=0.2))

        async def consume():
            return [b async for b in sub]
        task = asyncio.create_task(consume())
        deadline = time.monotonic() + 5
        while sum(s.state == "reconnecting" for s in states) < 3:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)
        started = time.monotonic()
        await ctx.close()
        got = await asyncio.wait_for(task, 2)
        return got, time.monotonic() - started, states
    got, took, states = asyncio.run(go())
    assert got == [] and took < 1.0
    assert "no FlowDeck gateway is running" in states[-2].error
    assert states[-1].state == "closed"
    assert [s.attempt for s in states if s.state == "reconnecting"][:3] == [1, 2, 3]


def test_close_ends_a_live_consumer():
    gw = GatewayProcess().start()
    try:
        async def go():
            ctx = AsyncQuoteContext(port=gw.port)
            sub = ctx.subscribe(["HK.00700"])
            first = await next_batch(sub)

            async def consume():
                return [b async for b in sub]
            task = asyncio.create_task(consume())
            await asyncio.sleep(0.3)
            await ctx.close()
            rest = await asyncio.wait_for(task, 3)
            return first, rest, sub.state.state
        first, rest, state = asyncio.run(go())
    finally:
        gw.stop()
    assert first.snapshot and all(not b.snapshot for b in rest)
    assert state == "closed"


def test_backoff_grows_with_jitter_up_to_the_cap():
    rng = random.Random(1)
    b = Backoff(first=0.25, factor=2.0, cap=10.0, jitter=0.5)
    for attempt in range(1, 12):
        base = min(10.0, 0.25 * 2 ** (attempt - 1))
        delays = [b.delay(attempt, rng) for _ in range(50)]
        assert all(0.5 * base <= d <= base for d in delays)
        assert len(set(delays)) > 1
    assert max(b.delay(40, rng) for _ in range(50)) <= 10.0
