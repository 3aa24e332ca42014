"""Deliveries on a virtual clock: routing by Rule.channels through the outbox, the
rate and its summaries, channels that fail without delaying others, send_test and
set_channels. Failures, expiry and restarts: test_delivery_failures.py."""

from __future__ import annotations

import asyncio
import logging

import pytest

from flowdeck.channels.base import ChannelError
from flowdeck.core.alert_rules import Op, Rule
from flowdeck.core.alerts import Alert
from flowdeck.core.channel_spec import ChannelSpec
from flowdeck.live.delivery import Deliveries
from flowdeck.storage.outbox import Outbox
from tests.support.clock import VirtualClock
from tests.support.scripted_channel import ScriptedChannel, most_in_a_minute
from tests.support.waiting import run


def spec(name: str, per_min: int = 20, enabled: bool = True) -> ChannelSpec:
    return ChannelSpec(name, "webhook", "http://127.0.0.1:9/hook", enabled, {}, per_min)


def fired(code: str, channels: tuple[str, ...], value: float = 6e7, wall: float = 1000.0):
    rule = Rule(f"code:{code}", "main_net_inflow", Op.GT, 5e7, channels=channels)
    return Alert(code, rule, value, "2025-03-14 10:31:00", wall)


def payload(i: int) -> dict:
    return {"type": "alert", "code": f"HK.{i:05d}", "value": float(i)}


class Desk:
    """A Deliveries over a temp outbox, its channels scripted, on virtual time."""

    def __init__(self, tmp_path, channels=("dd",), per_min: int = 20, **kw) -> None:
        self.clock = VirtualClock()
        self.outbox = Outbox(tmp_path / "outbox.sqlite", clock=self.clock)
        self.channels = {n: ScriptedChannel(n, clock=self.clock) for n in channels}
        specs = {n: spec(n, per_min) for n in channels}
        specs.update(kw.pop("specs", {}))
        self.deliveries = Deliveries(self.outbox, self.channels, specs, clock=self.clock,
                                     sleep=self.clock.sleep, rand=lambda: 0.0, **kw)


def test_notify_writes_the_outbox_first_and_routes_by_the_rules_channels(tmp_path, caplog):
    async def go():
        desk = Desk(tmp_path, ("dd", "mail"), specs={"off": spec("off", enabled=False)},
                    names=lambda code: {"HK.00700": "Tencent"}.get(code, ""))
        d = desk.deliveries
        with caplog.at_level(logging.INFO, "flowdeck.delivery"):
            d.notify([fired("HK.00700", ("dd", "mail", "off", "gone")),
                      fired("US.AAPL", ("dd", "gone")), fired("US.MSFT", ())])
        # Written before any channel was tried (nothing runs before start()).
        assert desk.outbox.pending_by_channel() == {"dd": 2, "mail": 1}
        assert [r.message for r in caplog.records].count(
            "alerts for channel 'gone' skipped: it is not configured, enabled or usable") == 1
        assert any("'off' skipped" in r.message for r in caplog.records)
        d.start()
        await desk.clock.advance(1)
        dd, mail = desk.channels["dd"], desk.channels["mail"]
        assert [p["code"] for m in dd.messages for p in m] == ["HK.00700", "US.AAPL"]
        assert [p["code"] for m in mail.messages for p in m] == ["HK.00700"]
        assert dd.keys[0] == mail.keys[0] != dd.keys[1]  # one key per firing
        first = dd.messages[0][0]
        assert (first["name"], first["rule_text"]) == ("Tencent", "Main net inflow > 50M")
        assert desk.outbox.pending() == 0
        assert d.state("dd").last_sent == 1000.0
        await d.close()
    run(go())


def test_a_burst_over_the_rate_is_one_summary_oldest_first(tmp_path):
    async def go():
        desk = Desk(tmp_path, per_min=3)
        d, dd = desk.deliveries, desk.channels["dd"]
        d.start()
        d.put([payload(i) for i in range(10)], ["dd"])
        await desk.clock.advance(1)
        assert [len(m) for m in dd.messages] == [10]
        assert [p["code"] for p in dd.messages[0]] == [f"HK.{i:05d}" for i in range(10)]
        d.put([payload(10)], ["dd"])
        d.put([payload(11)], ["dd"])
        await desk.clock.advance(1)
        assert [len(m) for m in dd.messages] == [10, 1, 1]  # within the rate: one each
        await d.close()
    run(go())


def test_a_steady_stream_keeps_the_rate_in_every_minute_and_loses_nothing(tmp_path):
    async def go():
        desk = Desk(tmp_path, per_min=3)
        d, dd = desk.deliveries, desk.channels["dd"]
        d.start()
        for i in range(60):  # one firing every 5 s for 5 minutes: 12 a minute
            d.put([payload(i)], ["dd"])
            await desk.clock.advance(5)
        await desk.clock.advance(120)
        assert most_in_a_minute([t for t, _ in dd.attempts]) == 3
        codes = [p["code"] for m in dd.messages for p in m]
        assert codes == [f"HK.{i:05d}" for i in range(60)]  # each once, in order
        assert max(len(m) for m in dd.messages) > 1  # the rate forced summaries
        await d.close()
    run(go())


def test_a_hanging_channel_delays_neither_notify_nor_another_channel(tmp_path):
    async def go():
        desk = Desk(tmp_path, ("slow", "dd"))
        slow, dd = desk.channels["slow"], desk.channels["dd"]
        slow.hanging = True
        d = desk.deliveries
        d.start()
        d.notify([fired("HK.00700", ("slow", "dd"))])
        await desk.clock.advance(1)
        assert slow.in_flight == 1 and len(dd.messages) == 1
        d.notify([fired("HK.00005", ("slow", "dd"))])
        await desk.clock.advance(1)
        assert len(dd.messages) == 2 and len(slow.attempts) == 1
        assert d.state("slow").pending == 2
        slow.release.set()
        await desk.clock.advance(1)
        assert [p["code"] for m in slow.messages for p in m] == ["HK.00700", "HK.00005"]
        await d.close()
    run(go())


def test_an_unexpected_error_is_named_by_its_type_only(tmp_path, caplog):
    async def go():
        desk = Desk(tmp_path)
        d, dd = desk.deliveries, desk.channels["dd"]
        told = []
        d.add_state_listener(told.append)
        dd.answers = [RuntimeError("POST https://hook.example/send?key=SECRET-123 failed")]
        d.start()
        with caplog.at_level(logging.DEBUG):
            d.put([payload(1)], ["dd"])
            await desk.clock.advance(1)
        state = d.state("dd")
        assert not state.ok and state.failing_since == 1000.0
        assert state.last_error == "unexpected RuntimeError while sending"
        assert [s.ok for s in told] == [False]
        assert "SECRET-123" not in caplog.text
        await desk.clock.advance(10)  # retried after the backoff (5 s, no jitter)
        assert d.state("dd").ok and [t for t, _ in dd.attempts] == [1000.0, 1005.0]
        assert [s.ok for s in told] == [False, True]
        await d.close()
    run(go())


def test_send_test_goes_now_and_not_through_the_outbox(tmp_path):
    async def go():
        desk = Desk(tmp_path)
        d, dd = desk.deliveries, desk.channels["dd"]
        sent = await d.send_test("dd")
        assert sent.count == 1 and dd.messages[0][0]["type"] == "test"
        assert desk.outbox.pending() == 0
        dd.answers = [ChannelError("HTTP 401", permanent=True, answer="bad key")]
        with pytest.raises(ChannelError, match="HTTP 401"):
            await d.send_test("dd")
        with pytest.raises(ChannelError, match="no channel named 'nope'"):
            await d.send_test("nope")
        await d.close()
    run(go())


def test_set_channels_swaps_senders_and_closes_the_replaced(tmp_path):
    async def go():
        desk = Desk(tmp_path)
        d, old = desk.deliveries, desk.channels["dd"]
        d.start()
        d.put([payload(1)], ["dd"])
        await desk.clock.advance(1)
        new = ScriptedChannel("dd", clock=desk.clock)
        d.set_channels({"dd": spec("dd")}, {"dd": new})
        d.put([payload(2)], ["dd"])
        await desk.clock.advance(1)
        assert old.closed and len(old.messages) == 1
        assert [p["code"] for m in new.messages for p in m] == ["HK.00002"]
        d.set_channels({}, {})  # removed: its firings wait in the outbox
        d.put([payload(3)], ["dd"])
        d.notify([fired("HK.00700", ("dd",))])
        await desk.clock.advance(1)
        assert new.closed and desk.outbox.pending("dd") == 1
        assert d.states() == []
        await d.close()
    run(go())


def test_notify_writes_every_row_and_returns_before_any_send(tmp_path):
    async def go():
        desk = Desk(tmp_path, ("a", "b", "c"))
        d = desk.deliveries
        d.start()
        loop = asyncio.get_running_loop()
        alerts = [fired(f"HK.{i:05d}", ("a", "b", "c")) for i in range(20)]
        d.notify(alerts)  # synchronous: no channel has run yet
        assert all(not ch.attempts for ch in desk.channels.values())
        assert desk.outbox.pending() == 60
        assert loop.is_running()
        await desk.clock.advance(1)
        assert all(len(ch.keys) == 20 for ch in desk.channels.values())
        await d.close()
    run(go())


def test_the_rate_counts_what_the_last_run_sent_after_a_restart(tmp_path):
    async def go():
        desk = Desk(tmp_path, per_min=3)
        desk.deliveries.start()
        for i in range(3):
            desk.deliveries.put([payload(i)], ["dd"])
            await desk.clock.advance(1)
        await desk.deliveries.close()
        clock = desk.clock
        again = ScriptedChannel("dd", clock=clock)
        d = Deliveries(Outbox(tmp_path / "outbox.sqlite", clock=clock), {"dd": again},
                       {"dd": spec("dd", 3)}, clock=clock, sleep=clock.sleep)
        d.start()
        d.put([payload(3)], ["dd"])
        await clock.advance(30)
        assert again.attempts == []  # three went in the last minute, before the restart
        await clock.advance(30)
        assert [t for t, _ in again.attempts] == [1060.0]
        await d.close()
    run(go())
