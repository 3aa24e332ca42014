"""StaleWatch in virtual time on a scripted feed through the real Follower and LiveStore:
a quiet code gives one alert and one recovery, a source outage one alert and one when it
is back, a market the source says is closed none; each is in the alert log first, then
put to the [stale] channels."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from flowdeck.core.batch import Batch, MarketStatus
from flowdeck.core.errors import source_failed
from flowdeck.core.markets import MarketState
from flowdeck.core.stale_alerts import StaleSettings
from flowdeck.live.alerts import AlertPipeline
from flowdeck.live.follow import Follower
from flowdeck.live.stale import StaleWatch
from flowdeck.live.store import LiveStore
from flowdeck.storage.alert_log import AlertLog
from tests.support.batches import values
from tests.support.clock import VirtualClock
from tests.support.feeds import ScriptedFeed
from tests.support.waiting import run

# A Friday, 10:00 in Hong Kong: the HK market is open by the calendar.
MORNING = dt.datetime(2025, 3, 14, 10, 0, tzinfo=ZoneInfo("Asia/Hong_Kong")).timestamp()
SETTINGS = StaleSettings(stale_s=120.0, channels=("desk",))


class Recorder:
    """Stands for Deliveries: what was put, to which channels."""

    def __init__(self) -> None:
        self.puts: list[tuple[list[dict], list[str]]] = []

    def put(self, payloads, channels) -> None:
        self.puts.append((list(payloads), list(channels)))


def desk(tmp_path, feed: ScriptedFeed, clock: VirtualClock, backoff=lambda n: 1.0):
    store = LiveStore()
    follower = Follower(store, clock=clock, epoch=clock, sleep=clock.sleep,
                        min_interval=0.0, backoff=backoff)
    pipeline = AlertPipeline(alert_log=AlertLog(tmp_path / "alerts.jsonl"))
    recorder = Recorder()
    watch = StaleWatch(store, SETTINGS, source=feed.name, write_log=pipeline.write_log,
                       deliveries=recorder, clock=clock, epoch=clock, sleep=clock.sleep)
    follower.add_state_listener(watch.on_state)
    return follower, watch, recorder


def logged(tmp_path) -> list[dict]:
    return [json.loads(line) for line in
            (tmp_path / "alerts.jsonl").read_text("utf-8").splitlines()]


def test_a_quiet_code_one_alert_then_one_recovery_logged_then_put(tmp_path):
    async def main():
        clock = VirtualClock(MORNING)
        updates = [values(HK_00700=float(i)) for i in range(300)]
        updates.insert(200, values(HK_00700=200.0, HK_09988=1.0))  # 09988 is back
        feed = ScriptedFeed([values(True, HK_00700=0.0, HK_09988=0.0)], [updates],
                            interval=1.0, sleep=clock.sleep)
        follower, watch, recorder = desk(tmp_path, feed, clock)
        follower.start(feed, ["HK.00700", "HK.09988"])
        watch.start()
        await clock.advance(125)
        assert recorder.puts == [] and watch.told == 0   # stale, but within 10 s
        await clock.advance(10)
        assert len(recorder.puts) == 1
        (payload,), channels = recorder.puts[0]
        assert channels == ["desk"] and payload["type"] == "stale"
        assert payload["code"] == "HK.09988" and payload["codes"] == ["HK.09988"]
        assert payload["rule_text"] == "HK.09988: no update"
        assert payload["time"] == "2025-03-14 10:02:12"  # judged from the first check
        assert logged(tmp_path) == [payload]              # the log has it first
        await clock.advance(60)
        assert len(recorder.puts) == 1                    # told once
        await clock.advance(30)                           # its record came at ~201 s
        assert [p[0][0]["type"] for p in recorder.puts] == ["stale", "recovered"]
        assert [e["type"] for e in logged(tmp_path)] == ["stale", "recovered"]
        await watch.stop()
        await follower.stop()
    run(main())


def test_a_source_outage_one_alert_and_one_when_it_is_back(tmp_path):
    async def main():
        clock = VirtualClock(MORNING)
        codes = [f"HK.{i:05d}" for i in range(1, 31)]
        snap = Batch(records=values(**{c.replace(".", "_"): 1.0 for c in codes}).records,
                     snapshot=True)
        feed = ScriptedFeed([snap, snap], [[source_failed("the source timed out")]],
                            interval=5.0, sleep=clock.sleep)
        # The second attempt comes 300 s after the failure.
        follower, watch, recorder = desk(tmp_path, feed, clock, backoff=lambda n: 300.0)
        follower.start(feed, codes)
        watch.start()
        await clock.advance(100)
        assert recorder.puts == []
        await clock.advance(40)                           # down for 120 s at 125 s
        assert len(recorder.puts) == 1
        (down,), _ = recorder.puts[0]
        assert down["type"] == "stale" and down["code"] == "" and down["source"] == "scripted"
        assert down["rule_text"] == "Source down: scripted"
        assert down["note"] == "no data for 2 min: the source timed out"
        await clock.advance(200)                          # back at 305 s, with a snapshot
        kinds = [(p[0][0]["type"], p[0][0]["code"]) for p in recorder.puts]
        assert kinds == [("stale", ""), ("recovered", "")]  # no alert per code
        assert recorder.puts[1][0][0]["rule_text"] == "Source back: scripted"
        # Live again but silent: its 30 codes go stale together, one alert for them.
        await clock.advance(200)
        assert len(recorder.puts) == 3
        (silent,), _ = recorder.puts[2]
        assert silent["rule_text"] == "30 codes: no update" and silent["codes"] == codes
        await watch.stop()
        await follower.stop()
    run(main())


def test_no_alert_while_the_source_says_the_market_is_closed_or_when_turned_off(tmp_path):
    async def main():
        clock = VirtualClock(MORNING)
        closed = values(True, HK_00700=0.0)
        closed.markets = {"HK": MarketStatus(MarketState.CLOSED, "2025-03-14 10:00:00")}
        feed = ScriptedFeed([closed], [], sleep=clock.sleep)
        follower, watch, recorder = desk(tmp_path, feed, clock)
        follower.start(feed, ["HK.00700"])
        watch.start()
        await clock.advance(600)
        assert recorder.puts == []
        follower.store.set_market_states({"HK": MarketState.OPEN}, clock())
        watch.set_settings(StaleSettings(enabled=False))
        await clock.advance(600)
        assert recorder.puts == [] and watch.told == 0
        watch.set_settings(SETTINGS)   # on again: judged afresh from now
        await clock.advance(125)
        assert recorder.puts == []
        await clock.advance(10)
        assert [p[0][0]["code"] for p in recorder.puts] == ["HK.00700"]
        await watch.stop()
        await follower.stop()
    run(main())
