"""Data-stale alerts in the window (ui/alerts/window_stale.py), checked step by step on
an injected clock: written to the alert log, put to the [stale] channels once the window
has Deliveries, in the language spoken; [stale] as it is in the window's config at each
check (turned off in Settings: no more alerts)."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from flowdeck.core.markets import MarketState
from flowdeck.live.alerts import AlertPipeline
from flowdeck.live.follow import Follower
from flowdeck.live.follow_state import RECONNECTING, FollowState
from flowdeck.live.store import LiveStore
from flowdeck.storage.alert_log import AlertLog
from flowdeck.storage.config import load_config
from flowdeck.ui.alerts.alert_log_dock import AlertLogDock
from flowdeck.ui.alerts.window_stale import WindowStale
from tests.support.batches import values

MORNING = dt.datetime(2025, 3, 14, 10, 0, tzinfo=ZoneInfo("Asia/Hong_Kong")).timestamp()


class Clock:
    def __init__(self) -> None:
        self.now = MORNING

    def __call__(self) -> float:
        return self.now


class Recorder:
    """Stands for the window's Deliveries: what was put, to which channels."""

    def __init__(self) -> None:
        self.puts: list[tuple[list[dict], list[str]]] = []

    def put(self, payloads, channels) -> None:
        self.puts.append((list(payloads), list(channels)))


class Closing(QObject):
    """The window's `closed` signal."""
    signal = Signal()

    def connect(self, slot) -> None:
        self.signal.connect(slot)

    def emit(self) -> None:
        self.signal.emit()


def parts(tmp_path, qtbot, lang="en"):
    clock = Clock()
    config = load_config(tmp_path / "flowdeck.toml", ["HK.00700"]).config
    config.extra["stale"] = {"stale_s": 60, "channels": ["desk"]}
    store = LiveStore()
    store.set_codes(["HK.00700", "HK.09988"], clock())
    store.set_market_states({"HK": MarketState.OPEN}, clock())
    store.apply(values(HK_00700=1.0, HK_09988=2.0), clock())
    host = SimpleNamespace(config=config, store=store, follower=Follower(store),
                           model=SimpleNamespace(text=SimpleNamespace(lang=lang)),
                           closed=Closing())
    dock = AlertLogDock()
    qtbot.addWidget(dock)
    pipeline = AlertPipeline(alert_log=AlertLog(tmp_path / "alerts.jsonl"))
    stale = WindowStale(host, pipeline.write_log, dock, clock=clock, epoch=clock)
    return clock, host, stale


def steps(stale: WindowStale, clock: Clock, seconds: int) -> list[dict]:
    out = []
    for _ in range(seconds):
        clock.now += 1
        out += stale.check()
    return out


def test_two_quiet_codes_one_alert_logged_and_put_to_the_stale_channels(tmp_path, qtbot):
    clock, _host, stale = parts(tmp_path, qtbot)
    recorder = Recorder()
    stale.set_deliveries(recorder)
    told = steps(stale, clock, 80)
    assert [p["rule_text"] for p in told] == ["2 codes: no update"]
    assert recorder.puts == [(told, ["desk"])]
    lines = (tmp_path / "alerts.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == told


def test_settings_apply_at_the_next_check_and_words_follow_the_language(tmp_path, qtbot):
    clock, host, stale = parts(tmp_path, qtbot, lang="zh_CN")
    host.config.extra["stale"]["enabled"] = False
    assert steps(stale, clock, 300) == []
    host.config.extra["stale"]["enabled"] = True   # judged afresh from now
    host.store.apply(values(HK_00700=3.0), clock())
    stale.watch.on_state(FollowState(RECONNECTING, "连接被拒绝", source="futu://127.0.0.1:11111"))
    told = steps(stale, clock, 80)
    assert [(p["rule_text"], p["note"]) for p in told] == [
        ("数据源中断：futu://127.0.0.1:11111", "1分钟无数据：连接被拒绝")]


def test_the_checks_stop_when_the_window_closes(tmp_path, qtbot):
    _clock, host, stale = parts(tmp_path, qtbot)
    assert stale.timer.isActive()
    host.closed.emit()
    assert not stale.timer.isActive()
