"""WindowDelivery's part in the window, step by step on a virtual clock: a notifier
after the tray's, payloads in the units and language shown; one banner per failing
channel (a new error updates it, a dismissed one stays away until the channel has
recovered and fails again); a banner while the outbox refuses firings."""

from __future__ import annotations

from types import SimpleNamespace

from flowdeck.channels.base import ChannelError
from flowdeck.core.alert_rules import Op, Rule
from flowdeck.core.alerts import Alert
from flowdeck.core.channel_spec import ChannelSpec
from flowdeck.core.stock_info import StockInfo
from flowdeck.live.alerts import AlertPipeline
from flowdeck.live.delivery import Deliveries
from flowdeck.storage.alert_log import AlertLog
from flowdeck.storage.outbox import Outbox
from flowdeck.ui.alerts.alert_log_dock import AlertLogDock
from flowdeck.ui.alerts.alert_log_model import COL_NOTE, COL_RULE
from flowdeck.ui.alerts.window_delivery import WindowDelivery
from flowdeck.ui.look.banner import BannerArea
from tests.support.clock import VirtualClock
from tests.support.failing_archive_ops import FaultyArchiveOps
from tests.support.scripted_channel import ScriptedChannel
from tests.support.waiting import run


class Tray:
    def __init__(self, order: list) -> None:
        self.order = order

    def notify(self, alerts) -> None:
        self.order.append("tray")


def parts(tmp_path, qtbot, lang="en"):
    clock, ops = VirtualClock(), FaultyArchiveOps()
    channel = ScriptedChannel("dd", clock=clock)
    banners = BannerArea()
    dock = AlertLogDock()
    qtbot.addWidget(banners)
    qtbot.addWidget(dock)
    names = {"HK.00700": StockInfo("HK.00700", "Tencent", "腾讯控股")}
    window = SimpleNamespace(
        banners=banners, config=SimpleNamespace(units="auto", extra={}),
        model=SimpleNamespace(text=SimpleNamespace(lang=lang)),
        store=SimpleNamespace(info=lambda code: names.get(code, StockInfo(code))))
    order: list = []
    pipeline = AlertPipeline(notifiers=[Tray(order)])
    alerts = SimpleNamespace(alert_log=AlertLog(tmp_path / "alerts.jsonl"), dock=dock,
                             center=SimpleNamespace(pipeline=pipeline),
                             stale=SimpleNamespace(set_deliveries=order.append))
    deliveries = Deliveries(Outbox(tmp_path / "outbox.sqlite", clock=clock, ops=ops),
                            {"dd": channel},
                            {"dd": ChannelSpec("dd", "webhook", "http://127.0.0.1:9/")},
                            clock=clock, sleep=clock.sleep, rand=lambda: 0.0)
    delivery = WindowDelivery(window, alerts, deliveries=deliveries)
    return SimpleNamespace(clock=clock, ops=ops, channel=channel, banners=banners, window=window,
                           alerts=alerts,
                           pipeline=pipeline, order=order, delivery=delivery)


def fired(code: str = "HK.00700") -> Alert:
    rule = Rule(f"code:{code}", "main_net_inflow", Op.GT, 5e7, channels=("dd",))
    return Alert(code, rule, 6e7, "2025-03-14 10:31:00", 1000.0)


def channel_banners(p) -> list[str]:
    return [t for t in p.banners.texts() if "cannot be delivered to dd" in t]


def test_after_the_tray_in_the_language_shown(tmp_path, qtbot):
    async def go():
        p = parts(tmp_path, qtbot, lang="zh_CN")
        assert p.order == [p.delivery.deliveries]  # the stale alerts put to it too
        p.pipeline.notifiers.append(Tray(p.order))  # a notifier added later comes after
        p.delivery.start()
        for notifier in p.pipeline.notifiers:
            notifier.notify([fired()])
        await p.clock.advance(1)
        assert p.pipeline.notifiers.index(p.delivery) == 1  # right after the tray's
        (payload,) = p.channel.messages[0]
        assert (payload["name"], payload["lang"], payload["units"]) == (
            "腾讯控股", "zh_CN", "wan")
        assert p.delivery.deliveries.expire_s == 6 * 3600
        p.window.config.extra["delivery"] = {"expire_hours": 0.5}  # as Settings saves it
        p.delivery.notify([fired()])
        assert p.delivery.deliveries.expire_s == 1800
        await p.delivery.close()
        assert p.delivery not in p.pipeline.notifiers
    run(go())


def test_one_banner_per_failing_channel_until_it_recovers(tmp_path, qtbot):
    async def go():
        p = parts(tmp_path, qtbot)
        p.delivery.start()
        p.channel.answers = [ChannelError("HTTP 500", answer="boom"),
                             ChannelError("HTTP 502")]
        p.delivery.notify([fired()])
        await p.clock.advance(1)
        (text,) = channel_banners(p)
        assert "HTTP 500: boom" in text and "They are kept and retried." in text
        await p.clock.advance(5)  # the retry fails with another error: the text follows
        assert "HTTP 502" in channel_banners(p)[0]
        p.banners.banner("channel:dd").dismiss()
        p.channel.answers = [ChannelError("HTTP 503")]
        await p.clock.advance(10)
        assert channel_banners(p) == []  # dismissed: not again while it keeps failing
        await p.clock.advance(20)  # delivered
        assert p.channel.messages and channel_banners(p) == []
        p.channel.answers = [ChannelError("HTTP 504")]
        p.delivery.notify([fired()])
        await p.clock.advance(1)
        assert "HTTP 504" in channel_banners(p)[0]  # failing anew: said anew
        await p.clock.advance(10)
        assert channel_banners(p) == []  # recovered: gone
        await p.delivery.close()
    run(go())


def test_a_banner_while_the_outbox_refuses_firings(tmp_path, qtbot):
    async def go():
        p = parts(tmp_path, qtbot)
        p.delivery.start()
        p.ops.fault = "full"
        p.delivery.deliveries.put([{"type": "alert", "code": "HK.00700",
                                    "note": "x" * 20_000}], ["dd"])
        (text,) = [t for t in p.banners.texts() if "outbox" in t]
        assert "database or disk is full" in text and "kept in memory" in text
        p.ops.fault = None
        await p.clock.advance(61)
        assert not [t for t in p.banners.texts() if "outbox" in t]
        assert p.channel.messages
        await p.delivery.close()
    run(go())


def test_a_refused_firing_is_a_row_in_the_alert_log_dock_at_once(tmp_path, qtbot):
    async def go():
        p = parts(tmp_path, qtbot)
        p.delivery.start()
        p.channel.answers = [ChannelError("bad signature", permanent=True, answer="310000")]
        p.delivery.notify([fired()])
        await p.clock.advance(1)
        model = p.alerts.dock.model
        assert model.rowCount() == 1
        assert model.index(0, COL_RULE).data() == "Refused by dd: Main net inflow > 50M"
        assert model.index(0, COL_NOTE).data() == "bad signature: 310000"
        await p.delivery.close()
    run(go())
