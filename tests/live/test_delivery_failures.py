"""Deliveries when things fail, on a virtual clock: backoff with jitter and the
provider's Retry-After, permanent refusals, expiry, a restart, a refusing disk."""

from __future__ import annotations

import asyncio
import json
import logging

from flowdeck.channels.base import ChannelError
from flowdeck.core.channel_spec import ChannelSpec
from flowdeck.live.delivery import Deliveries
from flowdeck.storage.alert_log import AlertLog
from flowdeck.storage.outbox import Outbox
from tests.support.clock import VirtualClock
from tests.support.failing_archive_ops import FaultyArchiveOps
from tests.support.scripted_channel import ScriptedChannel, refused, throttled
from tests.support.waiting import run

SPEC = ChannelSpec("dd", "webhook", "http://127.0.0.1:9/hook", True, {}, 20)


def payload(i: int) -> dict:
    return {"type": "alert", "code": f"HK.{i:05d}", "value": float(i),
            "rule_text": "Main net inflow > 50M", "value_text": f"{i}M", "wall": 999.0}


def log_entries(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def make(tmp_path, clock, channel, *, rand=lambda: 0.0, ops=None, **kw) -> Deliveries:
    outbox = Outbox(tmp_path / "outbox.sqlite", clock=clock, ops=ops)
    return Deliveries(outbox, {"dd": channel}, {"dd": SPEC}, clock=clock, sleep=clock.sleep,
                      rand=rand, alert_log=AlertLog(tmp_path / "alerts.jsonl"), **kw)


def test_retries_back_off_with_jitter_and_never_before_retry_after(tmp_path):
    async def go():
        clock = VirtualClock()
        dd = ScriptedChannel(clock=clock)
        server_error = ChannelError("HTTP 500", answer="oops")
        dd.answers = [server_error, server_error, server_error, throttled(retry_after=90.0)]
        d = make(tmp_path, clock, dd, rand=lambda: 1.0)  # the most jitter: half the wait
        told = []
        d.add_state_listener(told.append)
        d.start()
        d.put([payload(1)], ["dd"])
        await clock.advance(200)
        # 5 s, 10 s, 20 s halved by the jitter; then the 429's 90 s beats the 20 s.
        assert [t for t, _ in dd.attempts] == [1000.0, 1002.5, 1007.5, 1017.5, 1107.5]
        assert [p["code"] for m in dd.messages for p in m] == ["HK.00001"]
        assert [(s.ok, s.last_error) for s in told] == [
            (False, "HTTP 500: oops"), (False, "HTTP 429: too many"), (True, "")]
        assert told[1].failing_since == 1000.0  # failing since its first failure
        await d.close()
    run(go())


def test_a_failing_channel_holds_instead_of_trying_each_new_firing(tmp_path):
    async def go():
        clock = VirtualClock()
        dd = ScriptedChannel(clock=clock)
        dd.answers = [throttled(retry_after=60.0)]
        d = make(tmp_path, clock, dd)
        d.start()
        d.put([payload(1)], ["dd"])
        for i in range(2, 6):
            await clock.advance(10)
            d.put([payload(i)], ["dd"])
        await clock.advance(30)
        # Nothing tried before the 429's minute was over; then all, within the rate.
        assert [t for t, _ in dd.attempts] == [1000.0] + [1060.0] * 5
        assert [p["code"] for m in dd.messages for p in m] == [
            f"HK.{i:05d}" for i in range(1, 6)]
        await d.close()
    run(go())


def test_a_permanent_error_gives_the_message_up_and_marks_the_log(tmp_path, caplog):
    async def go():
        clock = VirtualClock()
        dd = ScriptedChannel(clock=clock)
        dd.answers = [refused()]
        d = make(tmp_path, clock, dd)
        marks = []
        d.add_mark_listener(marks.extend)
        d.start()
        with caplog.at_level(logging.WARNING, "flowdeck.delivery"):
            d.put([payload(1)], ["dd"])
            await clock.advance(1)
        d.put([payload(2)], ["dd"])
        await clock.advance(1)
        assert len(dd.attempts) == 2  # no retry of the refused one
        assert [p["code"] for m in dd.messages for p in m] == ["HK.00002"]
        (entry,) = log_entries(tmp_path / "alerts.jsonl")
        assert entry == marks[0]
        assert (entry["type"], entry["reason"], entry["channel"], entry["code"]) == (
            "undelivered", "failed", "dd", "HK.00001")
        assert entry["error"] == "bad signature: errcode 310000"
        assert entry["key"] and entry["fired"] == 999.0 and entry["wall"] == 1000.0
        assert "refused 1 firing(s) for good: bad signature" in caplog.text
        assert d.state("dd").ok  # the next message went through
        await d.close()
    run(go())


def test_firings_expire_after_expire_s_with_a_log_line_and_a_mark(tmp_path, caplog):
    async def go():
        clock = VirtualClock()
        dd = ScriptedChannel(clock=clock)
        dd.fail_with(ChannelError("HTTP 503", answer="down"))
        d = make(tmp_path, clock, dd, expire_s=3600.0)
        d.start()
        d.put([payload(1)], ["dd"])
        await clock.advance(1800)
        d.put([payload(2)], ["dd"])
        with caplog.at_level(logging.WARNING, "flowdeck.delivery"):
            await clock.advance(1799)
            assert d.state("dd").pending == 2
            await clock.advance(700)  # past the hour of the first (the next try, a sweep)
        assert d.state("dd").pending == 1
        (entry,) = log_entries(tmp_path / "alerts.jsonl")
        assert (entry["reason"], entry["code"], entry["error"]) == (
            "expired", "HK.00001", "HTTP 503: down")
        assert "not delivered within 1.0 h; given up" in caplog.text
        await clock.advance(1800)
        assert d.state("dd").pending == 0
        assert [e["code"] for e in log_entries(tmp_path / "alerts.jsonl")] == [
            "HK.00001", "HK.00002"]
        assert dd.messages == []
        await d.close()
    run(go())


def test_a_restart_resumes_the_outbox_oldest_first_with_the_same_keys(tmp_path):
    async def go():
        clock = VirtualClock()
        down = ScriptedChannel(clock=clock)
        down.fail_with(ChannelError("HTTP 502"))
        d = make(tmp_path, clock, down)
        d.start()
        for i in range(3):
            d.put([payload(i)], ["dd"])
            await clock.advance(1)
        await d.close()  # the window quits; the outbox keeps them
        assert down.closed
        up = ScriptedChannel(clock=clock)
        again = make(tmp_path, clock, up)
        assert again.state("dd").pending == 3
        again.start()
        await clock.advance(1)
        assert up.attempts == []  # the oldest's retry (at 1005) holds the ones after it
        await clock.advance(1)
        assert [p["code"] for m in up.messages for p in m] == [
            "HK.00000", "HK.00001", "HK.00002"]
        assert again.state("dd").pending == 0
        await again.close()
    run(go())


def test_a_refusing_disk_holds_firings_in_memory_until_it_accepts(tmp_path, caplog):
    async def go():
        clock = VirtualClock()
        dd = ScriptedChannel(clock=clock)
        ops = FaultyArchiveOps()
        d = make(tmp_path, clock, dd, ops=ops)
        told = []
        d.add_outbox_listener(told.append)
        d.start()
        ops.fault = "full"
        big = "x" * 20_000  # more than the pages the file has: the disk must grow
        with caplog.at_level(logging.WARNING, "flowdeck.delivery"):
            d.put([{**payload(1), "note": big}], ["dd"])  # no raise: the tray goes on
            d.put([{**payload(2), "note": big}], ["dd"])
        assert "database or disk is full (2 firing(s) held in memory)" in caplog.text
        assert d.held.count == 2 and d.outbox_error and told == [d.outbox_error]
        await clock.advance(30)
        assert dd.messages == []
        ops.fault = None
        await clock.advance(60)  # the sweep writes them, then they go
        assert [p["code"] for m in dd.messages for p in m] == ["HK.00001", "HK.00002"]
        assert d.held.count == 0 and told[1:] == [None] and d.outbox_error is None
        await d.close()
    run(go())


def test_held_firings_are_bounded_the_oldest_dropped(tmp_path, caplog):
    async def go():
        clock = VirtualClock()
        dd = ScriptedChannel(clock=clock)
        ops = FaultyArchiveOps()
        d = make(tmp_path, clock, dd, ops=ops)
        ops.fault = "full"
        d.held.max_batches = 2
        big = "x" * 20_000
        with caplog.at_level(logging.WARNING, "flowdeck.delivery"):
            for i in range(4):
                d.put([{**payload(i), "note": big}], ["dd"])
        assert "; 1 older firing(s) dropped" in caplog.text and d.held.count == 2
        ops.fault = None
        d.start()
        await clock.advance(61)
        assert [p["code"] for m in dd.messages for p in m] == ["HK.00002", "HK.00003"]
        await d.close()
    run(go())


def test_close_ends_a_sender_cancelled_just_as_its_send_completes(tmp_path):
    async def go():
        clock = VirtualClock()
        dd = ScriptedChannel(clock=clock)
        d = make(tmp_path, clock, dd)
        d.start()
        d.put([payload(1)], ["dd"])
        await asyncio.sleep(0)  # the sender is inside its send, which is done at once
        await d.close()
        assert dd.closed
        d.put([payload(2)], ["dd"])  # a late timer at quit: not written, not raised
        d.notify([])
        await d.close()  # twice is harmless
    run(go(), timeout=10)


def test_an_edited_channel_tries_what_waited_for_its_retry_at_once(tmp_path):
    async def go():
        clock = VirtualClock()
        broken = ScriptedChannel(clock=clock)
        broken.answers = [throttled(retry_after=600.0)]
        d = make(tmp_path, clock, broken)
        d.start()
        d.put([payload(1)], ["dd"])
        await clock.advance(5)
        assert broken.messages == [] and d.state("dd").pending == 1
        fixed = ScriptedChannel(clock=clock)
        d.set_channels({"dd": SPEC}, {"dd": fixed})  # Settings > Channels saved it
        await clock.advance(1)
        assert [t for t, _ in fixed.attempts] == [1005.0]
        assert d.state("dd").pending == 0 and broken.closed
        await d.close()
    run(go())
