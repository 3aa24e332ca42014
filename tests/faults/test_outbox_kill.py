"""kill -9 while sending (issue 22): a child process fires and sends through the real
outbox, Deliveries and webhook channel to a receiver on 127.0.0.1 that records each
body before it answers; the test kills the child while an answer is held back (the
receiver has the message, the sender does not know it), again and again, then lets a
last child drain the outbox. Every firing the children accepted is delivered, and the
only duplicates are repeats of one firing under its one dedupe key."""

from __future__ import annotations

import asyncio
import json
import random
import signal
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from aiohttp import web

from tests.support.fake_channels.server import Recorded
from tests.support.fake_channels.webhook import FakeWebhook
from tests.support.waiting import run, wait_until

pytestmark = pytest.mark.e2e
CHILD = Path(__file__).with_name("outbox_child.py")
ROUNDS = 6
PER_ROUND = 40


class SlowWebhook(FakeWebhook):
    """Records each body at once, answers it 30 ms later: a kill in between is a kill
    after delivery and before the sender heard of it."""

    def __init__(self) -> None:
        super().__init__()
        self.in_flight = 0

    async def answer(self, rec: Recorded) -> web.StreamResponse:
        self.in_flight += 1
        try:
            response = await super().answer(rec)
            await asyncio.sleep(0.03)
            return response
        finally:
            self.in_flight -= 1


async def lines(proc) -> dict:
    line = await asyncio.wait_for(proc.stdout.readline(), 30)
    if not line:
        raise AssertionError(f"the child ended ({await proc.wait()})")
    return json.loads(line)


def test_kill_9_while_sending_loses_no_firing_and_repeats_only_under_one_key(tmp_path):
    async def go():
        rng = random.Random("outbox-kill")
        outbox = str(tmp_path / "outbox.sqlite")
        accepted: list[int] = []
        async with SlowWebhook() as fake:
            for round_ in range(ROUNDS + 1):
                last = round_ == ROUNDS
                first, count = round_ * PER_ROUND, 0 if last else PER_ROUND
                proc = await asyncio.create_subprocess_exec(
                    sys.executable, str(CHILD), outbox, fake.url, str(first), str(count),
                    stdout=asyncio.subprocess.PIPE)
                if last:
                    assert await lines(proc) == {"drained": True}
                    assert await proc.wait() == 0
                    break
                kill_after = rng.randrange(5, PER_ROUND)
                for _ in range(kill_after):
                    accepted.append((await lines(proc))["fired"])
                # Kill it while an answer is held back.
                await wait_until(lambda: fake.in_flight > 0, 10, 0.001, "a send under way")
                proc.send_signal(signal.SIGKILL)
                assert await proc.wait() == -signal.SIGKILL
            assert fake.problems == []
            keys: dict[int, set[str]] = defaultdict(set)
            received: list[int] = []
            for body in fake.bodies:
                for alert in body.get("alerts", [body]):
                    keys[alert["seq"]].add(alert["key"])
                    received.append(alert["seq"])
            assert set(accepted) <= set(received)  # nothing accepted is lost
            assert all(len(k) == 1 for k in keys.values())  # a repeat has its one key
            repeats = len(received) - len(set(received))
            assert repeats >= 1  # the kills did land between delivery and its record
            assert repeats <= ROUNDS * 2  # at most what was under way at each kill
    run(go(), timeout=120)
