"""The simulator's past days for the backfill: deterministic from the seed, the live
simulator's close of that day, float64 minute series ending on the record."""

import datetime as dt

import numpy as np
import pytest

from flowdeck.core.codes import Market
from flowdeck.core.history import series_values
from flowdeck.core.markets import session_minutes
from flowdeck.core.past_days import PastDays
from flowdeck.feeds.sim.market import SimMarket
from flowdeck.feeds.sim.past_days import SimPastDays, sim_day_flows
from flowdeck.feeds.sim.stocks import sim_stock
from flowdeck.feeds.sim.tape import day_tape
from tests.support.waiting import run

UTC = dt.UTC
WED_1030_HK = dt.datetime(2025, 3, 12, 2, 30, tzinfo=UTC)
THU = dt.date(2025, 3, 13)
HK_CODES = ["HK.00700", "HK.08123", "HK.00005"]
# From Wednesday 10:30 to Thursday 16:50 in Hong Kong: 30 h 20 min of virtual time.
THU_AFTER_CLOSE_S = (30 * 3600 + 20 * 60)


class Wall:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def live_through_thursday(speed: float, follow: bool, codes=HK_CODES) -> SimMarket:
    """A live market from Wednesday 10:30 to Thursday 16:50 (HK), the codes followed
    from the start (`follow`) or added after Thursday's close."""
    sim = SimMarket(seed=7, speed=speed, now=WED_1030_HK, monotonic=Wall())
    if follow:
        sim.ensure(codes)
    end = THU_AFTER_CLOSE_S / speed
    for wall in np.linspace(end / 50, end, 50).tolist():
        sim.advance(wall)
    sim.ensure(codes)
    return sim


def test_the_same_day_twice_gives_the_same_numbers_and_seeds_differ():
    a, b = sim_day_flows(HK_CODES, THU, 7), sim_day_flows(HK_CODES, THU, 7)
    other = sim_day_flows(HK_CODES, THU, 8)
    for x, y, z in zip(a, b, other, strict=True):
        assert (x.net, x.turnover, x.inflow, x.outflow, x.close, x.update_time) == (
            y.net, y.turnover, y.inflow, y.outflow, y.close, y.update_time)
        assert np.array_equal(x.minutes, y.minutes, equal_nan=True)
        assert x.net != z.net and x.turnover != z.turnover
    friday = sim_day_flows(HK_CODES, THU + dt.timedelta(days=1), 7)
    assert all(x.net != f.net for x, f in zip(a, friday, strict=True))


@pytest.mark.parametrize("follow", [True, False], ids=["followed", "added-after-close"])
def test_a_past_day_is_what_the_live_simulator_shows_at_its_close(follow):
    # Speed 120 runs cells of 60 s; a code added after the close has its day in one call.
    sim = live_through_thursday(120.0, follow)
    assert sim.market_status(Market.HK).local_time == "2025-03-13 16:50:00"
    batch = sim.snapshot_batch(HK_CODES)
    for day in sim_day_flows(HK_CODES, THU, 7):
        assert batch.records[day.code].to_dict() == day.record_dict()
        detail = batch.details[day.code]
        assert (detail.inflow, detail.outflow, detail.turnover) == (
            day.inflow, day.outflow, day.turnover)
        mine = [i for i, c in enumerate(batch.points.codes) if c == day.code]
        minutes = batch.points.minutes[mine]
        values = batch.points.values[mine]
        expected = series_values(day.minutes[minutes]).astype(values.dtype)
        assert np.array_equal(values, expected)


def test_at_a_finer_step_the_live_day_agrees_up_to_the_last_bits():
    codes = HK_CODES[1:]
    sim = live_through_thursday(20.0, True, codes)  # cells of 10 s: sums split otherwise
    for day in sim_day_flows(codes, THU, 7):
        detail = sim.engine.detail(sim.ensure([day.code])[0], day.code)
        assert detail.update_time == day.update_time
        assert detail.inflow == pytest.approx(day.inflow, rel=1e-12)
        assert detail.outflow == pytest.approx(day.outflow, rel=1e-12)
        assert detail.turnover == pytest.approx(day.turnover, rel=1e-12)


def test_a_day_is_complete_with_float64_minutes_ending_on_its_nets():
    for day in sim_day_flows(["SH.600519", "SH.688001"], THU, 3):
        trades = day_tape(sim_stock(day.code, 3), THU, 3)
        assert day.complete and day.day == THU
        assert day.close == trades.price[-1]
        assert day.turnover == pytest.approx(float(trades.value.sum()), rel=1e-12)
        assert day.net == tuple(i - o for i, o in zip(day.inflow, day.outflow, strict=True))
        m = day.minutes
        assert m.dtype == np.float64 and m.shape == (session_minutes(Market.SH), 4)
        assert tuple(m[-1].tolist()) == day.net
        first = int(np.argmax(~np.isnan(m[:, 0])))
        assert np.isnan(m[:first]).all() and not np.isnan(m[first:]).any()
        assert float(series_values(m[-1:])[0, 0]) == day.series_net("main")


def test_codes_of_two_markets_in_one_call_are_refused():
    with pytest.raises(ValueError, match="one market"):
        sim_day_flows(["HK.00700", "US.AAPL"], THU, 0)


def test_the_source_gives_weekdays_before_today_and_settles_every_code_day():
    # Monday 2025-03-17 08:00 in Hong Kong, where the simulator runs Monday; still Sunday
    # in New York, where it runs Friday: Friday is live there, not past.
    source = SimPastDays(seed=5, now=lambda: dt.datetime(2025, 3, 17, 0, 0, tzinfo=UTC),
                         group=2)
    assert isinstance(source, PastDays)
    hk = run(source.trading_days(Market.HK, 3))
    us = run(source.trading_days(Market.US, 2))
    assert hk == [dt.date(2025, 3, 12), dt.date(2025, 3, 13), dt.date(2025, 3, 14)]
    assert us == [dt.date(2025, 3, 12), dt.date(2025, 3, 13)]
    wanted = {"HK.08123": hk, "HK.02000": hk[1:], "HK.03000": hk[2:], "US.ZZQ": us}

    async def collect():
        return [part async for part in source.past_days(wanted)]

    parts = run(collect())
    settled = [pair for p in parts for pair in p.settled]
    assert sorted(settled) == sorted((c, d) for c, days in wanted.items() for d in days)
    assert all(len(p.settled) <= 2 for p in parts)
    # Newest day first: a stopped backfill has the days read most.
    assert [p.settled[0][1] for p in parts] == sorted(
        (p.settled[0][1] for p in parts), reverse=True)
    for part in parts:
        assert [(d.code, d.day) for d in part.days] == part.settled
        day = part.days[0].day
        codes = [d.code for d in part.days]
        again = sim_day_flows(codes, day, 5)
        assert [d.net for d in part.days] == [d.net for d in again]
