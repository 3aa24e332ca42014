"""Drills: Futu OpenD misbehaving under the real futu:// feed (feeds/futu/feed.py through the
futu-api SDK), played by tests/support/fake_opend/.

Each drill takes a feed that is live and updating, turns a fault on, waits until the
feed says so (1016 for the affected codes, a "reconnecting" state with the reason, a
warning in the log), turns the fault off and waits until every code has fresh data
again, equal to what the fake served. The consumer must never see an exception, the
feed must never hang (pytest-timeout), and a packet declaring 2**31 bytes must not make
anyone allocate them (the SDK buffers only what arrives; FlowDeck drops a connection
whose answers stopped making sense, which frees that buffer).

Skipped when futu-api is not installed."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable

import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.core.batch import Batch
from flowdeck.core.quota import QuotaPolicy
from flowdeck.feeds.futu.feed import FutuFeed
from tests.support.fake_opend import CAPITAL_DISTRIBUTION, INIT_CONNECT, FakeOpenD
from tests.support.rss import current_mb
from tests.support.waiting import run, wait_until

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

CODES = ["HK.00700", "US.AAPL"]
# The fake keeps no quota: refresh each code about every 0.2 s so a drill takes seconds.
FAST = QuotaPolicy(limit=60, window=6.0, reserve=0, slack=0.0, max_age=2.0,
                   priority_interval=0.5)
TIMEOUT = 1.0
NO_ANSWER = f"no answer within {TIMEOUT:g} s"
STALLED = "no usable answer to"


class Drill:
    """A live FutuFeed on `fake` with a consumer task recording every batch."""

    def __init__(self, fake: FakeOpenD) -> None:
        self.fake = fake
        self.feed = FutuFeed("127.0.0.1", fake.port, timeout=TIMEOUT, wait=10.0, policy=FAST)
        self.states: list[tuple[float, object]] = []
        self.feed.on_state = lambda s: self.states.append((time.monotonic(), s))
        self.batches: list[tuple[float, Batch]] = []
        self.peak_rss = 0.0
        self._tasks: list[asyncio.Task] = []

    async def start(self) -> None:
        first = await self.feed.snapshot(CODES)
        assert set(first.records) == set(CODES), first.errors
        self._tasks = [asyncio.create_task(self._consume()),
                       asyncio.create_task(self._sample())]
        await self.until(lambda: self.fresh_since(0.0) >= set(CODES), 10, "updates")

    async def _consume(self) -> None:
        async for batch in self.feed.updates(CODES):
            self.batches.append((time.monotonic(), batch))

    async def _sample(self) -> None:
        while True:
            self.peak_rss = max(self.peak_rss, current_mb())
            await asyncio.sleep(0.05)

    def fresh_since(self, t: float) -> set[str]:
        """The codes with a record that arrived after `t`."""
        return {c for at, b in self.batches if at > t for c in b.records}

    def errors_since(self, t: float) -> dict[str, list[str]]:
        """code -> the 1016 messages it got after `t`, in order."""
        out: dict[str, list[str]] = {}
        for at, b in self.batches:
            if at > t:
                for code, (number, message) in b.errors.items():
                    assert number == 1016, (code, number, message)
                    out.setdefault(code, []).append(message)
        return out

    def states_since(self, t: float) -> list:
        return [s for at, s in self.states if at > t]

    async def until(self, predicate: Callable[[], object], timeout: float,
                    what: str = "a condition") -> None:
        def met() -> object:
            if predicate():
                return True
            for task in self._tasks:
                if task.done():  # the consumer must never end, let alone raise
                    raise AssertionError(f"consumer ended: {task.exception()!r}")
            return False

        await wait_until(met, timeout, what=what)

    async def recover(self, fixed: float, timeout: float = 20.0) -> float:
        """Seconds from `fixed` until every code has a record again, equal to what the
        fake served for it."""
        await self.until(lambda: self.fresh_since(fixed) >= set(CODES), timeout,
                         "recovery")
        took = max(min(at for at, b in self.batches if at > fixed and code in b.records)
                   for code in CODES) - fixed
        for code in CODES:
            batch = next(b for _, b in reversed(self.batches) if code in b.records)
            served = self.fake.served[(CAPITAL_DISTRIBUTION, code)]
            assert batch.records[code].update_time == served.update_time
        return took

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        results = await asyncio.gather(*self._tasks, return_exceptions=True)
        for r in results:
            assert isinstance(r, asyncio.CancelledError), f"consumer failed: {r!r}"
        await self.feed.aclose()


@contextlib.asynccontextmanager
async def live_drill() -> AsyncIterator[Drill]:
    """A started Drill on a fresh FakeOpenD; closed, and the fake stopped, on the way out."""
    with FakeOpenD(seed=3) as fake:
        drill = Drill(fake)
        try:
            await drill.start()
            yield drill
        finally:
            await drill.close()


def report(name: str, **figures) -> None:
    print(json.dumps({"drill": f"opend_{name}", **figures}))


# --- garbage on the wire -----------------------------------------------------------------------

CORRUPT = "a corrupt answer (proto_id:"
# mode -> what the affected codes' 1016 may say. Framing that breaks (a short body, a
# huge length, random bytes) mostly means no answer at all; the next packet completing
# a short one is read as a corrupt answer to the first.
GARBAGE = {
    "sha": (CORRUPT,),
    "garbage_body": ("an answer that could not be read",),
    "truncate": (NO_ANSWER, CORRUPT),
    "huge_length": (NO_ANSWER, CORRUPT),
    "random": (NO_ANSWER, CORRUPT),
    "unknown_proto": (NO_ANSWER,),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("mode", list(GARBAGE))
def test_garbage_answers_are_1016_then_a_reconnect_then_recovery(mode, caplog):
    words = GARBAGE[mode]
    caplog.set_level(logging.WARNING, logger="flowdeck.feeds.futu")

    async def go():
        async with live_drill() as drill:
            fake = drill.fake
            base_rss = current_mb()
            t0 = time.monotonic()
            fake.garble = mode
            await drill.until(lambda: set(drill.errors_since(t0)) == set(CODES), 15,
                              "1016 for every code")
            await drill.until(lambda: any(s.state == "reconnecting"
                                          for s in drill.states_since(t0)), 15,
                              "a reconnect")
            fixed = time.monotonic()
            fake.garble = None
            took = await drill.recover(fixed)
            return drill, t0, took, base_rss, fake.garbled, fake.connections

    drill, t0, took, base_rss, garbled, connections = run(go())
    errors = drill.errors_since(t0)
    # Each code said what went wrong (later ones may say the connection was dropped).
    assert all(any(w in ms[0] for w in words) for ms in errors.values()), errors
    assert all(m.startswith("Futu OpenD: ") for ms in errors.values() for m in ms), errors
    down = [s for s in drill.states_since(t0) if s.state == "reconnecting"]
    assert STALLED in down[0].error, down[0]
    assert drill.feed.state.state == "closed"  # after aclose; it was live before
    assert any(STALLED in r.getMessage() for r in caplog.records), "no warning logged"
    # A header declaring 2**31 bytes allocated nothing of the kind.
    assert drill.peak_rss - base_rss < 200, (drill.peak_rss, base_rss)
    report(mode, garbled=garbled, connections=connections, reconnects=len(down),
           recovery_s=round(took, 3), rss_growth_mb=round(drill.peak_rss - base_rss, 1),
           error=next(iter(errors.values()))[0][:80])


@pytest.mark.timeout(60)
def test_a_bad_magic_is_ignored_by_the_sdk_and_the_data_stay_right():
    """The SDK does not check the 'FT' magic: a packet otherwise intact is read, so the
    data go on (and are what the fake served)."""
    async def go():
        async with live_drill() as drill:
            fake = drill.fake
            t0 = time.monotonic()
            fake.garble = "magic"
            await drill.until(lambda: fake.garbled >= 8, 15, "mangled replies")
            took = await drill.recover(time.monotonic())
            return drill, t0, took

    drill, t0, took = run(go())
    assert not drill.errors_since(t0)
    assert not [s for s in drill.states_since(t0) if s.state == "reconnecting"]
    report("magic", recovery_s=round(took, 3))


@pytest.mark.timeout(60)
def test_corrupt_answers_for_one_code_fail_that_code_only():
    """SHA-1 mismatches on one code's replies: that code gets 1016, the other keeps
    updating and the connection stays (the good answers in between show it works)."""
    async def go():
        async with live_drill() as drill:
            fake = drill.fake
            t0 = time.monotonic()
            fake.garble, fake.garble_codes = "sha", {"US.AAPL"}
            await drill.until(lambda: "US.AAPL" in drill.errors_since(t0)
                              and len([1 for at, b in drill.batches
                                       if at > t0 and "HK.00700" in b.records]) >= 5,
                              15, "an error for one code, data for the other")
            fixed = time.monotonic()
            fake.garble = None
            took = await drill.recover(fixed)
            return drill, t0, fixed, took

    drill, t0, _fixed, took = run(go())
    errors = drill.errors_since(t0)
    assert set(errors) == {"US.AAPL"}
    assert all("check sha error" in m for m in errors["US.AAPL"])
    assert not [s for s in drill.states_since(t0) if s.state == "reconnecting"]
    report("sha_one_code", recovery_s=round(took, 3))


# --- no answer, dropped connections, OpenD gone ---------------------------------------------

def stalls(states) -> int:
    """Connections dropped for want of answers, as the feed reports them."""
    return sum(s.state == "reconnecting" and "no usable answer" in (s.error or "")
               for s in states)


@pytest.mark.timeout(60)
def test_a_stalled_opend_is_1016_then_a_reconnect_then_recovery():
    """OpenD reads the requests and never answers: 1016 "no answer within 1 s" per code,
    and after STALL_CALLS such calls the connection is dropped and opened again (the
    SDK alone would wait for its keep-alive check, 33 s)."""
    async def go():
        async with live_drill() as drill:
            fake = drill.fake
            t0 = time.monotonic()
            fake.silent = True
            await drill.until(lambda: set(drill.errors_since(t0)) == set(CODES)
                              and stalls(drill.states_since(t0)) >= 1, 15, "a stall")
            fixed = time.monotonic()
            fake.silent = False
            took = await drill.recover(fixed)
            return drill, t0, took

    drill, t0, took = run(go())
    assert all(NO_ANSWER in ms[0] for ms in drill.errors_since(t0).values())
    report("stall", recovery_s=round(took, 3), stalls=stalls(drill.states_since(t0)))


@pytest.mark.timeout(60)
def test_connections_cut_mid_request_reconnect_each_time():
    async def go():
        async with live_drill() as drill:
            fake = drill.fake
            t0 = time.monotonic()
            fake.drop_on_request = True
            await drill.until(lambda: sum(s.state == "reconnecting"
                                          for s in drill.states_since(t0)) >= 2, 20,
                              "two reconnects")
            fixed = time.monotonic()
            fake.drop_on_request = False
            took = await drill.recover(fixed)
            return drill, t0, took, fake.connections

    drill, t0, took, connections = run(go())
    down = [s for s in drill.states_since(t0) if s.state == "reconnecting"]
    assert all("connection to Futu OpenD" in s.error and "lost" in s.error for s in down)
    assert set(drill.errors_since(t0)) <= set(CODES)
    report("drop_mid_request", reconnects=len(down), connections=connections,
           recovery_s=round(took, 3))


@pytest.mark.timeout(60)
@pytest.mark.parametrize("how", ["gone", "handshake_stalls"])
def test_opend_gone_or_stuck_at_the_handshake_backs_off_then_recovers(how):
    """OpenD stops listening (then comes back on the same port), or accepts but never
    answers InitConnect: the feed retries with growing waits, says why, and recovers."""
    async def go():
        fake = FakeOpenD(seed=3).start()
        port = fake.port
        drill = Drill(fake)
        try:
            await drill.start()
            t0 = time.monotonic()
            if how == "gone":
                await asyncio.to_thread(fake.stop)
            else:
                fake.stall = {INIT_CONNECT}
                fake.drop_connections()
            await drill.until(lambda: sum(s.state == "reconnecting" and s.attempt >= 2
                                          for s in drill.states_since(t0)) >= 1, 25,
                              "a second failed attempt")
            fixed = time.monotonic()
            if how == "gone":
                fake = FakeOpenD(seed=3, port=port).start()
                drill.fake = fake
            else:
                fake.stall = set()
            took = await drill.recover(fixed)
            return drill, t0, took
        finally:
            await drill.close()
            fake.stop()

    drill, t0, took = run(go())
    down = [s for s in drill.states_since(t0) if s.state == "reconnecting"]
    failed = [s for s in down if s.attempt >= 1]
    word = ("cannot connect to Futu OpenD" if how == "gone"
            else "did not complete the handshake within 1 s")
    assert any(word in s.error for s in failed), [s.error for s in failed]
    # Backoff: the wait grows with the attempts (1 s, 2 s ... with 20 % jitter).
    by_attempt = {s.attempt: s.retry_in for s in failed}
    assert by_attempt[2] > by_attempt[1], by_attempt
    report(how, attempts=max(by_attempt), retry_in=[round(by_attempt[a], 2)
                                                   for a in sorted(by_attempt)],
           recovery_s=round(took, 3))
