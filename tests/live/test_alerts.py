"""The AlertPipeline: the snapshot is a baseline, pause mutes notifiers only, every
notifier hears each firing, the log is written first and retried when the disk refuses."""

from __future__ import annotations

import errno
import json
import os

from flowdeck.core.alert_rules import parse_expression
from flowdeck.live.alerts import AlertPipeline, Notifier, Summarised
from flowdeck.live.store import LiveStore
from flowdeck.storage.alert_log import AlertLog
from flowdeck.storage.atomic import FileOps
from tests.support.batches import values
from tests.support.clock import VirtualClock
from tests.support.waiting import run

RULE = parse_expression("main_net_inflow > 5e7", scope="all", cooldown_s=0)


class Collect:
    def __init__(self) -> None:
        self.got: list[list] = []

    def notify(self, alerts) -> None:
        self.got.append([(a.code, a.value) for a in alerts])


class DiskFull(FileOps):
    """Writes fail with ENOSPC while `full`."""

    def __init__(self) -> None:
        self.full = False

    def write(self, fd, data):
        if self.full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(fd, data)


def pipeline(**options) -> tuple[AlertPipeline, Collect, list]:
    notifier = Collect()
    clock = options.pop("clock", VirtualClock())
    p = AlertPipeline([RULE], notifiers=[notifier], clock=clock, **options)
    fired: list = []
    p.add_fired(fired.append)
    return p, notifier, fired


def test_a_snapshot_is_a_baseline_and_updates_fire():
    p, notifier, _ = pipeline()
    assert p.on_batch(values(True, HK_00700=6e7)) == []   # already true: no firing
    assert p.on_batch(values(HK_00700=4e7)) == []
    assert [a.value for a in p.on_batch(values(HK_00700=5.5e7))] == [5.5e7]
    assert notifier.got == [[("HK.00700", 5.5e7)]]


def test_codes_whose_day_restarted_are_a_baseline_through_the_store():
    p, notifier, _ = pipeline()
    store = LiveStore()
    store.add_listener(p.on_change)
    store.set_codes(["HK.00700"], 0.0)
    store.apply(values(HK_00700=4e7), 1.0, 1.0)
    store.apply(values(HK_00700=6e7), 2.0, 2.0, restart={"HK.00700"})  # a reconnect
    assert notifier.got == []
    store.apply(values(HK_00700=4e7), 3.0, 3.0)
    store.apply(values(HK_00700=7e7), 4.0, 4.0)
    assert notifier.got == [[("HK.00700", 7e7)]] and p.fired_count == 1


def test_the_walls_of_alerts_are_the_batch_writes():
    p, _, fired = pipeline()
    store = LiveStore()
    store.add_listener(p.on_change)
    store.set_codes(["HK.00700"], 0.0)
    store.apply(values(HK_00700=4e7), 1.0, 1_700_000_000.0)
    store.apply(values(HK_00700=6e7), 2.0, 1_700_000_001.5)
    assert fired[0][0].wall == 1_700_000_001.5


def test_pause_mutes_the_notifiers_not_the_rules_or_the_log():
    clock = VirtualClock(start=5000.0)
    p, notifier, fired = pipeline(clock=clock)
    paused = []
    p.add_paused_listener(paused.append)
    p.on_batch(values(True, HK_00700=1e7))
    p.pause(60)
    assert p.paused() == 5060.0 and paused == [5060.0]
    p.on_batch(values(HK_00700=6e7))
    assert notifier.got == [] and len(fired) == 1   # fired (logged), not shown
    p.on_batch(values(HK_00700=1e7))
    clock.now = 5061.0
    assert p.paused() is False and paused[-1] is False
    p.on_batch(values(HK_00700=6e7))
    assert notifier.got == [[("HK.00700", 6e7)]]
    p.pause(None)
    assert p.paused() is None
    p.resume()
    assert p.paused() is False


def test_every_notifier_hears_each_firing_and_a_broken_one_keeps_nobody_silent():
    class Broken:
        def notify(self, alerts):
            raise RuntimeError("tray gone")
    p, first, _ = pipeline()
    last = Collect()
    p.add_notifier(Broken())
    p.add_notifier(last)
    assert isinstance(last, Notifier)
    p.on_batch(values(True, HK_00700=1e7, US_AAPL=1e7))
    p.on_batch(values(HK_00700=6e7, US_AAPL=7e7))
    assert first.got == last.got == [[("HK.00700", 6e7), ("US.AAPL", 7e7)]]


def test_one_at_a_time_channels_get_a_few_messages_and_the_rest_summed_up():
    class Tray:
        def __init__(self):
            self.messages = []

        def notify(self, alert, units="kmb"):
            self.messages.append((alert.code, units))

        def notify_more(self, count):
            self.messages.append(("more", count))
    tray = Tray()
    summary = Summarised(tray, units="wan", limit=3)
    p, _, _ = pipeline()
    p.add_notifier(summary)
    codes = [f"HK.0000{i}" for i in range(1, 7)]
    p.on_batch(values(True, **{c.replace(".", "_"): 1e7 for c in codes}))
    p.on_batch(values(**{c.replace(".", "_"): 6e7 for c in codes[:2]}))
    assert tray.messages == [("HK.00001", "wan"), ("HK.00002", "wan")]
    p.on_batch(values(**{c.replace(".", "_"): 6e7 for c in codes[2:]}))
    # Four at once: two shown, then "2 more" (three messages at most).
    assert tray.messages[2:] == [("HK.00003", "wan"), ("HK.00004", "wan"), ("more", 2)]
    assert summary.notified == 4


def test_firings_are_logged_before_anyone_is_told(tmp_path):
    log = AlertLog(tmp_path / "alerts.jsonl")
    seen = []

    class Reader:
        def notify(self, alerts):
            seen.append(log.pending == 0 and (tmp_path / "alerts.jsonl").exists())
    p = AlertPipeline([RULE], alert_log=log, notifiers=[Reader()], clock=VirtualClock())
    p.on_batch(values(True, HK_00700=1e7))
    p.on_batch(values(HK_00700=6e7))
    assert seen == [True]
    lines = (tmp_path / "alerts.jsonl").read_text().splitlines()
    assert [json.loads(x)["value"] for x in lines] == [6e7]


def test_a_refusing_disk_keeps_firings_and_retries_them_on_a_timer(tmp_path):
    async def main():
        ops = DiskFull()
        log = AlertLog(tmp_path / "alerts.jsonl", ops)
        clock = VirtualClock()
        p, notifier, _ = pipeline(alert_log=log, sleep=clock.sleep, retry_s=30.0)
        told = []
        p.add_log_listener(told.append)
        p.on_batch(values(True, HK_00700=1e7))
        ops.full = True
        p.on_batch(values(HK_00700=6e7))
        assert p.log_failing and log.pending == 1 and len(told) == 1 and told[0]
        assert notifier.got == [[("HK.00700", 6e7)]]  # shown even so
        await clock.advance(29.0)
        assert log.pending == 1
        ops.full = False
        await clock.advance(1.5)
        assert log.pending == 0 and not p.log_failing and told[-1] is None
        assert len((tmp_path / "alerts.jsonl").read_text().splitlines()) == 1
        await p.close()
    run(main())


def test_at_quit_held_back_entries_get_one_more_try(tmp_path):
    ops = DiskFull()
    log = AlertLog(tmp_path / "alerts.jsonl", ops)
    p, _, _ = pipeline(alert_log=log)
    p.on_batch(values(True, HK_00700=1e7))
    ops.full = True
    p.on_batch(values(HK_00700=6e7))   # no loop running: no timer, kept pending
    ops.full = False
    p.flush_log()
    assert log.pending == 0 and not p.log_failing


def test_a_firing_is_written_at_once_and_every_arrival_is_evaluated():
    """On a fast feed (20 batches a second, written 5 times a second) the pipeline sees
    each batch as it arrives: a crossing that is back below before the next write still
    fires, and the batch that fired reaches the store in the same turn of the loop."""
    from flowdeck.live.follow import Follower
    from tests.support.feeds import ScriptedFeed

    async def main():
        clock = VirtualClock(1000.0)
        spike = values(HK_00700=6e7)
        run_ = [values(HK_00700=1.0), values(HK_00700=2.0), spike, values(HK_00700=3.0)]
        feed = ScriptedFeed([values(True, HK_00700=0.0)], [run_], interval=0.05,
                            sleep=clock.sleep)
        store = LiveStore()
        follower = Follower(store, opener=lambda url: feed, clock=clock, epoch=clock,
                            sleep=clock.sleep)
        p, notifier, _fired = pipeline(clock=clock)
        follower.add_urgent(p.on_arrival)
        arrived = {}
        follower.add_urgent(lambda b: arrived.setdefault(id(b), clock()) and False)
        written = []
        store.add_listener(lambda c: written.append((c.wall, c.batch)) if c.batch.records
                           else None)
        follower.start("scripted", ["HK.00700"])
        await clock.advance(0.16)      # the spike arrived at 0.15 s, before the 0.2 s write
        assert notifier.got == [[("HK.00700", 6e7)]]
        assert written[-1][1].records["HK.00700"].main_net_inflow == 6e7
        spike_at = arrived[id(spike)]
        assert written[-1][0] == spike_at < 1000.2   # not at the next write's tick
        await clock.advance(1.0)
        assert store.table.values_of(["HK.00700"], "main_net_inflow") == {"HK.00700": 3.0}
        assert notifier.got == [[("HK.00700", 6e7)]]   # once: 3.0 is below the line
        await follower.stop()
    run(main())
