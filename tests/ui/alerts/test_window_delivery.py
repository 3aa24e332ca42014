"""Alerts beyond the tray in the window, on the real simulator: a rule naming a
[[channels]] webhook sends each firing to a local receiver (after the tray's banner),
with the outbox's dedupe key; a failing receiver gets one banner, gone when it
delivers again; at quit the outbox keeps what was not sent."""

from __future__ import annotations

import asyncio

from flowdeck.storage.outbox import Outbox, outbox_path
from tests.support import window as support_window
from tests.support.alert_window import ALERT_SOURCE, grid_rules, log_lines, write_config
from tests.support.fake_channels.server import status
from tests.support.fake_channels.webhook import FakeWebhook
from tests.support.waiting import wait_until


def channel_config(url: str) -> str:
    rules = grid_rules().replace("cooldown_s = 0\n", 'cooldown_s = 0\nchannels = ["hook"]\n')
    return f'[[channels]]\nname = "hook"\nkind = "webhook"\nurl = "{url}"\n\n{rules}'


def test_a_rules_channel_gets_its_firings_and_a_failure_is_one_banner(qloop, flowdeck_home):
    fake = FakeWebhook()
    qloop.run_until_complete(fake.__aenter__())
    write_config(channel_config(fake.url))
    fake.fail(status(500, "boom"))  # the first message fails once

    def channel_banners(w) -> list[str]:
        return [t for t in w.banners.texts() if "cannot be delivered to hook" in t]

    async def body(w):
        await wait_until(lambda: channel_banners(w), 30, what="the failing channel's banner")
        assert "HTTP 500" in channel_banners(w)[0]
        assert any(t.startswith("Alert: ") for t in w.banners.texts())  # the tray's
        await wait_until(lambda: fake.bodies, 30, what="a retried delivery")
        await wait_until(lambda: not channel_banners(w), 5, what="the banner gone")
        assert w.delivery.deliveries.state("hook").ok
        await asyncio.sleep(0.2)

    try:
        support_window.run_window(qloop, body, source=ALERT_SOURCE, timeout=90)
    finally:
        qloop.run_until_complete(fake.__aexit__(None, None, None))
    fired = [(e["code"], e["wall"]) for e in log_lines() if e["type"] == "alert"]
    bodies = [b for body in fake.bodies for b in body.get("alerts", [body])]
    assert bodies and all(b["rule_text"] and b["key"] for b in bodies)
    assert {(b["code"], b["wall"]) for b in bodies} <= set(fired)
    assert fake.problems == []
    box = Outbox(outbox_path())  # what the quit left unsent waits there, none lost
    waiting = [r.payload for r in box.due("hook", float("inf"), 100_000)]
    box.close()
    sent = [b["key"] for b in bodies]
    assert len(set(sent)) == len(sent)  # no firing delivered twice
    # Each firing delivered or waiting (both, when the quit cut in between a message
    # received and its record: at least once).
    assert len(set(sent) | {p["key"] for p in waiting}) == len(fired)
