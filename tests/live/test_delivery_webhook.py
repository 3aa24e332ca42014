"""Delivery through the real generic webhook channel (C2's) to the fake receiver on
127.0.0.1, the outbox's clock virtual: a receiver down for 10 minutes, then back."""

from __future__ import annotations

from flowdeck.channels.registry import make_channel
from flowdeck.core.channel_spec import ChannelSpec
from flowdeck.live.delivery import Deliveries
from flowdeck.storage.outbox import Outbox
from tests.support.clock import VirtualClock
from tests.support.fake_channels.inputs import DictSecrets
from tests.support.fake_channels.server import status
from tests.support.fake_channels.webhook import FakeWebhook
from tests.support.scripted_channel import ObservedChannel, most_in_a_minute
from tests.support.waiting import run, wait_until

PER_MIN = 20


async def idle(clock: VirtualClock, channel: ObservedChannel) -> None:
    """Until the sender waits on the virtual clock (no HTTP request under way)."""
    while True:
        await wait_until(lambda: channel.in_flight == 0, timeout=5, step=0.001)
        await clock.settle()
        if channel.in_flight == 0:
            return


def test_a_receiver_down_ten_minutes_gets_everything_after_within_the_rate(tmp_path):
    async def go():
        clock = VirtualClock()
        async with FakeWebhook(secret="s3cret") as fake:
            spec = ChannelSpec("hook", "webhook", fake.url, True, {}, PER_MIN)
            channel = ObservedChannel(
                make_channel(spec, DictSecrets({("hook", "hmac_secret"): "s3cret"})), clock)
            d = Deliveries(Outbox(tmp_path / "outbox.sqlite", clock=clock),
                           {"hook": channel}, {"hook": spec}, clock=clock,
                           sleep=clock.sleep, rand=lambda: 0.5)
            d.start()
            fake.fail(*[status(503, "down", Retry_After="30")] * 1000)
            for second in range(600):  # 10 minutes down: a firing every 10 s, a burst
                if second % 10 == 0:
                    d.put([{"type": "alert", "code": f"HK.{second:05d}"}], ["hook"])
                if second == 300:
                    d.put([{"type": "alert", "code": f"US.B{i}"} for i in range(30)], ["hook"])
                await clock.advance(1)
                await idle(clock, channel)
            failed = len(fake.requests)
            assert not channel.messages and 0 < failed < 30  # held, not hammered
            assert not d.state("hook").ok
            fake.faults.clear()  # back
            written = [r.payload["code"] for r in d.outbox.due("hook", float("inf"), 1000)]
            assert len(written) == 90
            for _ in range(400):
                await clock.advance(1)
                await idle(clock, channel)
            delivered = [p["code"] for m in channel.messages for p in m]
            assert delivered == written  # each once, oldest first
            assert fake.problems == [] and d.state("hook").ok
            assert most_in_a_minute([t for t, _ in channel.attempts]) <= PER_MIN
            assert max(len(m) for m in channel.messages) > 1  # summarised over the rate
            summaries = [b for b in fake.bodies if b.get("type") == "summary"]
            assert sum(b["count"] for b in summaries) + len(fake.bodies) - len(
                summaries) == 90
            await d.close()
    run(go(), timeout=30)

