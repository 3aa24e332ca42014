"""The backfill driver with real sources (the simulator, a replay file) and an archive in
memory: progress to the total, saves off the loop's thread, stops that keep what was
saved, and a second run that does only the rest."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading

import numpy as np
import pytest

from flowdeck.core.day_flow import DayFlow
from flowdeck.feeds.replay.past_days import ReplayPastDays
from flowdeck.feeds.sim.past_days import SimPastDays, sim_day_flows
from flowdeck.live.backfill import Backfill, BackfillProgress
from tests.support.day_sink import RecordingDays
from tests.support.waiting import run

# Monday 2025-03-17 08:00 in Hong Kong; Sunday evening in New York.
MONDAY = dt.datetime(2025, 3, 17, 14, 0, tzinfo=dt.UTC)  # Monday in both markets
CODES = ["HK.08123", "HK.02000", "US.ZZQ"]
SEED = 5
HK_DAYS = [dt.date(2025, 3, d) for d in (11, 12, 13, 14)]
US_DAYS = HK_DAYS
ALL = sorted((c, d) for c in CODES for d in HK_DAYS)


def source(**kw) -> SimPastDays:
    kw.setdefault("group", 1)
    return SimPastDays(seed=SEED, now=lambda: MONDAY, **kw)


def test_a_run_saves_every_day_in_a_worker_and_reports_progress_to_the_total():
    sink, seen = RecordingDays(), []
    done = run(Backfill(source(), sink, ["hk.8123", "HK.02000", "US.ZZQ"], 4,
                        seen.append).run())
    assert done == BackfillProgress(12, 12, saved=12, skipped=0) and done.finished
    assert sorted(sink.saved_pairs()) == ALL
    assert threading.get_ident() not in sink.threads
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    assert seen[0].done == 0 and seen[-1] == done
    for code in CODES:
        got = sink.days(code, HK_DAYS[0], HK_DAYS[-1])
        assert [d.day for d in got] == HK_DAYS
        want = sim_day_flows([code], HK_DAYS[2], SEED)[0]
        assert got[2].net == want.net and got[2].turnover == want.turnover
        assert np.array_equal(got[2].minutes, want.minutes, equal_nan=True)


def test_a_cancelled_run_keeps_its_saves_and_the_next_does_only_the_rest():
    sink = RecordingDays()
    first = Backfill(source(), sink, CODES, 4)
    sink.after_save = first.cancel
    stopped = run(first.run())
    assert stopped.cancelled and not stopped.finished
    assert len(sink.saves) == 1 and stopped.saved == stopped.done == 1
    sink.after_save = None
    seen = []
    rest = run(Backfill(source(), sink, CODES, 4, seen.append).run())
    assert rest == BackfillProgress(12, 12, saved=11, skipped=1)
    assert seen[0] == BackfillProgress(1, 12, 0, 1)
    assert sorted(sink.saved_pairs()) == ALL  # nothing saved twice


def test_a_cancelled_task_waits_for_the_save_under_way():
    sink = RecordingDays()

    async def main():
        loop = asyncio.get_running_loop()
        entered, release = asyncio.Event(), threading.Event()

        def hold() -> None:  # in the saving thread: the first save waits for the test
            sink.before_save = None
            loop.call_soon_threadsafe(entered.set)
            release.wait(10)

        sink.before_save = hold
        task = asyncio.ensure_future(Backfill(source(), sink, CODES, 4).run())
        await entered.wait()
        task.cancel()
        for _ in range(5):
            await asyncio.sleep(0)
        still_saving = not task.done()
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await task
        return still_saving

    assert run(main()) is True
    assert len(sink.saves) == 1  # the save under way finished; nothing after it


def test_complete_days_are_skipped_and_incomplete_ones_fetched_again():
    day = HK_DAYS[-1]
    partial = DayFlow("HK.08123", day, net=(1.0, 2.0, 3.0, 4.0), complete=False)
    held = sim_day_flows(["HK.02000"], day, SEED)[0]
    sink = RecordingDays([partial, held])
    done = run(Backfill(source(), sink, CODES, 4).run())
    assert done == BackfillProgress(12, 12, saved=11, skipped=1)
    assert ("HK.02000", day) not in sink.saved_pairs()
    again = sink.days("HK.08123", day, day)[0]
    assert again.complete and again.net == sim_day_flows(["HK.08123"], day, SEED)[0].net


def test_nothing_to_do_reports_once_and_asks_the_source_nothing(monkeypatch):
    sink = RecordingDays([d for c in CODES for d in
                          (sim_day_flows([c], day, SEED)[0] for day in HK_DAYS)])
    src = source()

    def no_parts(wanted):
        raise AssertionError(f"asked for {wanted}")

    monkeypatch.setattr(src, "past_days", no_parts)
    seen = []
    done = run(Backfill(src, sink, CODES, 4, seen.append).run())
    assert seen == [done] == [BackfillProgress(12, 12, 0, 12)]
    assert run(Backfill(src, sink, CODES, 0).run()) == BackfillProgress(0, 0)


def test_a_replay_file_backfills_its_own_days(tmp_path):
    path = tmp_path / "days.csv"
    path.write_text("code,time,price,quantity,bid,ask\n"
                    "HK.00700,2025-03-13 09:30:01,400,100,399.8,400\n"
                    "HK.00700,2025-03-13 10:00:00,400.2,300,,\n"
                    "US.AAPL,2025-03-13 10:31:00,200,10,199.9,200.1\n"
                    "HK.00700,2025-03-14 09:30:01,401,1000,401,401.2\n", encoding="ascii")
    sink, seen = RecordingDays(), []
    done = run(Backfill(ReplayPastDays(path), sink, ["HK.00700", "US.AAPL", "HK.09999"], 250,
                        seen.append).run())
    # HK has two days in the file, US one: the absent code's two are settled empty.
    assert done == BackfillProgress(5, 5, saved=3, skipped=0)
    assert sorted(sink.saved_pairs()) == [
        ("HK.00700", dt.date(2025, 3, 13)), ("HK.00700", dt.date(2025, 3, 14)),
        ("US.AAPL", dt.date(2025, 3, 13))]
    friday = sink.days("HK.00700", dt.date(2025, 3, 14), dt.date(2025, 3, 14))[0]
    assert friday.close == 401.0 and friday.turnover == 401_000.0
    assert friday.net == (0.0, 0.0, -401_000.0, 0.0)  # at the bid: a sell, medium tier
