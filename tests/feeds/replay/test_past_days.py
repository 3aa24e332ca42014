"""Every day of a replay file as DayFlows: the live replay's numbers at each day's end,
bit for bit; the file's own dates; what the file lacks is settled without a row."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from pathlib import Path

import numpy as np
import pytest

from flowdeck.cli.record import record_day
from flowdeck.core.codes import Market
from flowdeck.core.history import series_values
from flowdeck.core.markets import to_local_seconds
from flowdeck.core.past_days import PastDays
from flowdeck.feeds.replay.market import ReplayMarket
from flowdeck.feeds.replay.past_days import ReplayPastDays, file_dates, file_days
from flowdeck.feeds.replay.time_column import NS
from tests.support.waiting import run

THU, FRI = dt.date(2025, 3, 13), dt.date(2025, 3, 14)
CODES = ["HK.08123", "US.ZZQ", "SH.600000", "SZ.000003"]
SEED = 7


def two_days(path: Path) -> tuple[Path, int]:
    """A file of Thursday's and Friday's trades, and Thursday's last trade (ns)."""
    texts = []
    for day in (THU, FRI):
        out = io.StringIO()
        record_day(CODES, day, SEED, out)
        texts.append(out.getvalue())
    last = texts[0].rstrip("\n").rsplit("\n", 1)[1].split(",")[1]
    path.write_text(texts[0] + texts[1].split("\n", 1)[1], encoding="ascii")
    last_ns = to_local_seconds(dt.datetime.fromisoformat(last)) * NS
    return path, last_ns


@pytest.fixture(scope="module")
def day_files(tmp_path_factory):
    return two_days(tmp_path_factory.mktemp("replay") / "two_days.csv")


def test_the_file_dates_are_its_markets_own(tmp_path):
    # Written by hand: HK trades on two days, US on one; a bad line counts no day.
    text = ("code,time,price,quantity,bid,ask\n"
            "HK.00700,2025-03-13 09:30:01,400,100,,\n"
            "US.AAPL,2025-03-13 09:31:00,200,10,199.9,200.1\n"
            "HK.00700,2025-03-13 25:00:00,400,100,,\n"
            "HK.00700,2025-03-17 09:30:01,401,100,,\n")
    path = tmp_path / "dates.csv"
    path.write_text(text, encoding="ascii")
    assert file_dates(path) == {Market.HK: [THU, dt.date(2025, 3, 17)], Market.US: [THU]}
    source = ReplayPastDays(path)
    assert run(source.trading_days(Market.HK, 1)) == [dt.date(2025, 3, 17)]
    assert run(source.trading_days(Market.SH, 5)) == []


@pytest.mark.parametrize("chunk_bytes", [1 << 18, 16384], ids=["chunks", "small-chunks"])
def test_each_day_is_the_live_replay_at_that_day_end(day_files, chunk_bytes):
    path, thursday_last_ns = day_files
    days = list(file_days(path, chunk_bytes=chunk_bytes))
    assert [key for key, _ in days] == [(m, d) for d in (THU, FRI) for m in Market]
    market = ReplayMarket(path, chunk_bytes=chunk_bytes)
    for (_, day), flows in days:
        if day == THU:
            while market.now_ns < thursday_last_ns:
                market.step()
        else:
            while not market.finished:
                market.step()
        assert len(flows) == 1
        flow = flows[0]
        assert flow.day == day and flow.complete
        batch = market.snapshot_batch([flow.code])
        assert batch.records[flow.code].to_dict() == flow.record_dict()
        detail = batch.details[flow.code]
        assert (detail.inflow, detail.outflow, detail.turnover) == (
            flow.inflow, flow.outflow, flow.turnover)
        values = batch.points.values
        expected = series_values(flow.minutes[batch.points.minutes]).astype(values.dtype)
        assert np.array_equal(values, expected)
        assert tuple(flow.minutes[-1].tolist()) == flow.net


def test_the_source_settles_every_code_day_and_what_the_file_lacks(day_files):
    path, _ = day_files
    source = ReplayPastDays(path)
    assert isinstance(source, PastDays)
    hk = run(source.trading_days(Market.HK, 10))
    assert hk == [THU, FRI]
    monday = dt.date(2025, 3, 17)
    wanted = {"HK.08123": [THU, FRI, monday], "HK.09999": [THU], "SH.600000": [FRI]}

    async def collect():
        return [part async for part in source.past_days(wanted)]

    parts = run(collect())
    settled = [pair for p in parts for pair in p.settled]
    assert sorted(settled) == sorted((c, d) for c, ds in wanted.items() for d in ds)
    got = sorted((d.code, d.day) for p in parts for d in p.days)
    assert got == [("HK.08123", THU), ("HK.08123", FRI), ("SH.600000", FRI)]
    # HK's Thursday is in the file: a code without trades there is settled with it.
    thursday = next(p for p in parts if ("HK.08123", THU) in p.settled)
    assert thursday.settled == [("HK.08123", THU), ("HK.09999", THU)]
    assert [d.code for d in thursday.days] == ["HK.08123"]
    assert parts[-1].settled == [("HK.08123", monday)] and parts[-1].days == []


def test_a_reading_stopped_after_its_first_part_closes_cleanly(day_files):
    path, _ = day_files
    source = ReplayPastDays(path)

    async def first_then_stop():
        parts = source.past_days({c: [THU, FRI] for c in CODES})
        first = await anext(parts)
        await parts.aclose()
        task = asyncio.ensure_future(anext(source.past_days({"US.ZZQ": [FRI]})))
        return first, await task

    first, again = run(first_then_stop())
    assert first.settled == [("HK.08123", THU)]
    assert again.settled == [("US.ZZQ", FRI)] and again.days[0].day == FRI
