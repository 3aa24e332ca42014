"""The AlertCenter: batches in, alerts logged before anyone is told, notified unless
paused, snapshots as baselines, a full disk reported once with nothing lost."""

from __future__ import annotations

import errno
import json

import numpy as np

from flowdeck.core.alert_rules import make_rule
from flowdeck.core.batch import Batch, RecordColumns
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.storage.alert_log import AlertLog
from flowdeck.ui.alerts.alert_center import AlertCenter
from tests.support.failing_ops import FlakyOps


class Recorder:
    name = "recorder"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def notify(self, alert, units="kmb") -> None:
        self.seen.append(alert.code)

    def notify_more(self, count: int) -> None:
        self.seen.append(f"+{count}")


def batch(value: float, code: str = "HK.00700", snapshot: bool = False) -> Batch:
    values = np.zeros((1, len(NUMERIC_KEYS)))
    values[0, 0] = value
    return Batch(columns=RecordColumns([code], values, ["2025-03-14 10:00:00"]),
                 snapshot=snapshot)


def center(tmp_path, ops=None, clock=lambda: 1000.0):
    rules = [make_rule("code:HK.00700", "main_net_inflow", ">", "50M", cooldown_s=0)]
    notifier = Recorder()
    log = AlertLog(tmp_path / "alerts.jsonl", ops)
    return AlertCenter(rules, {}, log, notifier, clock=clock), notifier, log


def test_fires_logs_then_notifies(qapp, tmp_path) -> None:
    c, notifier, _ = center(tmp_path)
    got = []
    c.fired.connect(got.extend)
    for v in (0, 6e7, 0, 7e7):
        c.on_batch(batch(v))
    assert notifier.seen == ["HK.00700", "HK.00700"] and len(got) == 2
    lines = (tmp_path / "alerts.jsonl").read_text().splitlines()
    assert [json.loads(x)["value"] for x in lines] == [6e7, 7e7]


def test_snapshot_and_restart_are_baselines(qapp, tmp_path) -> None:
    c, notifier, _ = center(tmp_path)
    c.on_batch(batch(0))
    assert c.on_batch(batch(6e7, snapshot=True)) == []          # a fresh day/snapshot
    c.on_batch(batch(0))
    assert c.on_batch(batch(6e7), restart={"HK.00700"}) == []   # restarted code
    assert len(c.on_batch(batch(0)) + c.on_batch(batch(6e7))) == 1
    assert notifier.seen == ["HK.00700"]


def test_pause_expires_by_the_clock(qapp, tmp_path) -> None:
    now = [1000.0]
    c, notifier, _ = center(tmp_path, clock=lambda: now[0])
    changes = []
    c.paused_changed.connect(changes.append)
    c.on_batch(batch(0))
    c.pause(900)
    c.on_batch(batch(6e7))
    assert notifier.seen == [] and c.fired_count == 1   # logged, not shown
    now[0] += 901
    c.on_batch(batch(0))
    c.on_batch(batch(6e7))
    assert notifier.seen == ["HK.00700"]
    assert changes == [1900.0, False]
    c.pause(None)
    assert c.paused() is None


def test_full_disk_is_reported_once_and_nothing_is_lost(qapp, tmp_path) -> None:
    ops = FlakyOps("write", errno.ENOSPC)
    c, notifier, log = center(tmp_path, ops)
    failed, recovered = [], []
    c.log_failed.connect(failed.append)
    c.log_recovered.connect(lambda: recovered.append(True))
    c.on_batch(batch(0))
    for v in (6e7, 0, 7e7):
        c.on_batch(batch(v))
    assert len(failed) == 1 and "No space left on device" in failed[0]
    assert log.pending == 2 and notifier.seen == ["HK.00700"] * 2  # still told
    ops.failing = False
    c.retry_log()  # what the retry timer does
    assert recovered == [True] and log.pending == 0
    lines = (tmp_path / "alerts.jsonl").read_text().splitlines()
    assert [json.loads(x)["value"] for x in lines] == [6e7, 7e7]


def test_many_alerts_in_one_batch_are_summed_up(qapp, tmp_path) -> None:
    codes = [f"HK.{i:05d}" for i in range(1, 11)]
    rules = [make_rule("all", "main_net_inflow", ">", "50M", cooldown_s=0)]
    notifier = Recorder()
    c = AlertCenter(rules, {}, AlertLog(tmp_path / "alerts.jsonl"), notifier,
                    clock=lambda: 1000.0)

    def wide(value: float) -> Batch:
        values = np.zeros((len(codes), len(NUMERIC_KEYS)))
        values[:, 0] = value
        return Batch(columns=RecordColumns(codes, values, ["2025-03-14 10:00:00"] * 10))

    c.on_batch(wide(0))
    assert len(c.on_batch(wide(6e7))) == 10
    assert notifier.seen == ["HK.00001", "HK.00002", "+8"]  # two, then one summary
    assert len((tmp_path / "alerts.jsonl").read_text().splitlines()) == 10  # all logged
