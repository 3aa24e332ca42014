"""The live day into the archive as it goes: every few minutes the days of the codes
that traded, with the float64 minutes since the last save; at a market's close its
codes' days, complete; nothing handed over twice; a restarted day's old points gone."""

from __future__ import annotations

import datetime as dt

import numpy as np

from flowdeck.core.batch import Batch, MarketStatus, MinutePoints
from flowdeck.core.markets import MarketState
from flowdeck.core.records import CapitalFlowDetail, CapitalFlowRecord
from flowdeck.live.day_keeper import DayKeeper
from flowdeck.live.store import LiveStore
from flowdeck.storage.archive.minute_merge import merge_minutes
from tests.support.clock import VirtualClock

DAY = "2026-12-04"
CODES = ["HK.00700", "US.AAPL"]


def tiers(x: float) -> np.ndarray:
    return np.array([x + 0.1, 2 * x, -x / 3, 0.7])


def batch(minute: int, scale: float, state: MarketState = MarketState.OPEN) -> Batch:
    """Both codes at `minute`, their cumulative tiers `tiers(scale)`, exact as float64."""
    records, details, values = {}, {}, []
    t = f"{DAY} 10:{minute:02d}:30"
    for code in CODES:
        buy, sell = tiers(scale) + 5e7, np.full(4, 5e7)
        records[code] = CapitalFlowRecord.from_tier_values(code, t, buy, sell, 1e9)
        details[code] = CapitalFlowDetail(code, t, 1e9, 9, tuple(buy), tuple(sell))
        net = buy - sell
        values.append([net[0] + net[1], net[2] + net[3], *net])
    points = MinutePoints(list(CODES), np.array([minute, minute], np.int32),
                          np.array(values, np.float64))
    markets = {m: MarketStatus(state, f"{DAY} 10:{minute:02d}:30") for m in ("HK", "US")}
    return Batch(records=records, details=details, points=points, markets=markets)


def keeper() -> tuple[LiveStore, DayKeeper, list, VirtualClock]:
    """The keeper hands over builders (run in the writer's thread): run them here."""
    store, saved, clock = LiveStore(), [], VirtualClock()
    store.set_codes(CODES)
    keep = DayKeeper(store, lambda build: saved.append(build()), save_every_s=300,
                     clock=clock)
    return store, keep, saved, clock


def test_the_day_so_far_goes_every_few_minutes_with_its_new_minutes() -> None:
    store, keep, saved, clock = keeper()
    store.apply(batch(1, 1000.0), wall=clock())
    store.apply(batch(3, 2000.0), wall=clock())
    clock.now += 299
    assert not keep.tick() and saved == []
    clock.now += 1
    assert keep.tick()
    first, = saved
    assert sorted(f.code for f in first) == CODES
    hk = next(f for f in first if f.code == "HK.00700")
    assert hk.day == dt.date(2026, 12, 4) and not hk.complete
    assert hk.net == tuple(tiers(2000.0) + 5e7 - 5e7) and hk.turnover == 1e9
    assert hk.minutes_merge and hk.minutes.dtype == np.float64
    assert np.array_equal(hk.minutes[1], tiers(1000.0) + 5e7 - 5e7)
    assert np.isnan(hk.minutes[[0, 2, 4]]).all()
    clock.now += 300
    assert keep.tick() and len(saved) == 1  # nothing new: nothing handed over
    store.apply(batch(7, 3000.0), wall=clock())
    clock.now += 300
    keep.tick()
    second = {f.code: f for f in saved[1]}
    assert np.isnan(second["HK.00700"].minutes[:7]).all()  # only what came since
    series = merge_minutes(hk.minutes, second["HK.00700"].minutes)
    assert np.array_equal(series[3:7], np.tile(tiers(2000.0) + 5e7 - 5e7, (4, 1)))


def test_a_close_hands_over_the_complete_day_whose_last_minute_is_the_record() -> None:
    store, keep, saved, clock = keeper()
    store.apply(batch(1, 1000.0), wall=clock())
    keep.tick(clock.now + 300)
    store.apply(batch(5, 1234.5, MarketState.CLOSED), wall=clock())
    closing = {f.code: f for f in saved[-1]}
    assert all(f.complete for f in closing.values())
    hk = closing["HK.00700"]
    early = next(f for f in saved[0] if f.code == "HK.00700")
    series = merge_minutes(merge_minutes(None, early.minutes), hk.minutes,
                           complete=True)
    record = store.table.values_of(["HK.00700"], "super_net_inflow")["HK.00700"]
    assert series[-1][0] == record == hk.net[0]
    count = len(saved)
    store.apply(batch(5, 1234.5, MarketState.CLOSED), wall=clock())
    assert len(saved) == count  # a close is handed over once


def test_a_restarted_day_forgets_the_old_days_points_and_quit_saves_the_rest() -> None:
    store, keep, saved, clock = keeper()
    store.apply(batch(1, 1000.0), wall=clock())
    store.apply(batch(2, 5.0), wall=clock(), restart=["US.AAPL"])
    assert keep.close() == 2
    flows = {f.code: f for f in saved[0]}
    assert np.isfinite(flows["HK.00700"].minutes[1]).all()
    assert np.isnan(flows["US.AAPL"].minutes[1]).all()  # the old day's minute went
    assert np.isfinite(flows["US.AAPL"].minutes[2]).all()


def test_through_the_archive_the_day_is_whole_and_exact(tmp_path) -> None:
    from flowdeck.storage.archive.archive import Archive
    from flowdeck.storage.archive.writer import ArchiveWriter

    path = tmp_path / "archive.sqlite"
    writer = ArchiveWriter(path, "sim:seed=7")
    store, clock = LiveStore(), VirtualClock()
    store.set_codes(CODES)
    keep = DayKeeper(store, writer.submit, save_every_s=300, clock=clock)
    try:
        store.apply(batch(1, 1000.0), wall=clock())
        keep.tick(clock.now + 300)
        store.apply(batch(4, 2000.0), wall=clock())
        keep.tick(clock.now + 600)
        store.apply(batch(6, 1000.1, MarketState.CLOSED), wall=clock())
        assert writer.flush(timeout=10)
    finally:
        writer.close()
    with Archive.open(path, "sim:seed=7") as archive:
        day, = archive.days("HK.00700")
        series = archive.minutes("HK.00700", day.day)
    assert day.complete and day.net == tuple(tiers(1000.1) + 5e7 - 5e7)
    assert np.isnan(series[0]).all()
    assert np.array_equal(series[1:4], np.tile(tiers(1000.0) + 5e7 - 5e7, (3, 1)))
    assert np.array_equal(series[4:6], np.tile(tiers(2000.0) + 5e7 - 5e7, (2, 1)))
    assert (series[6:] == np.array(day.net)).all()  # to the close: the day's number


def test_a_code_with_a_detail_gives_its_exact_day_one_without_only_its_nets() -> None:
    buy, sell = np.array([1000.1, 2e6, 3.3, 4.0]), np.array([0.2, 1e6, 5.5, 4.0])
    t = "2026-12-04 15:59:58"
    detail = CapitalFlowDetail("HK.00700", t, 9e6, 12, tuple(buy), tuple(sell))
    records = {"HK.00700": CapitalFlowRecord.from_tier_values("HK.00700", t, buy, sell, 9e6),
               "HK.00005": CapitalFlowRecord.from_tier_values("HK.00005", t, buy, buy * 2, 1e7)}
    store = LiveStore()
    store.set_codes(["HK.00700", "HK.00005", "HK.00001"])
    closed = {"HK": MarketStatus(MarketState.CLOSED, t)}
    store.apply(Batch(records=records, details={"HK.00700": detail}, markets=closed), 1.0)
    a, b = DayKeeper(store, lambda build: None).day_flows(store.codes)  # HK.00001: none
    rec = records["HK.00700"]
    assert (a.code, a.day, a.complete, a.update_time) == ("HK.00700", dt.date(2026, 12, 4),
                                                          True, t)
    assert a.net == (rec.super_net_inflow, rec.large_net_inflow, rec.medium_net_inflow,
                     rec.small_net_inflow)
    assert a.series_net("main") == rec.main_net_inflow
    assert (a.turnover, a.inflow, a.outflow) == (9e6, tuple(buy), tuple(sell))
    assert a.close is None and a.minutes is None
    assert b.code == "HK.00005" and b.turnover is None and b.inflow == (None,) * 4
    assert b.net == tuple((buy - buy * 2).tolist()) and b.update_time == t



def test_a_day_seen_only_after_its_close_is_saved_complete_as_the_gateway_saves_it() -> None:
    """A start before the next open: yesterday's numbers and a pre-open market whose
    clock is on the next day. The day is over (the gateway's rule, core.day_flow)."""
    for clock_day, complete in ((DAY, False), ("2026-12-05", True)):
        store, keep, saved, clock = keeper()
        early = batch(3, 700.0, MarketState.PRE_OPEN)
        early.markets = {m: MarketStatus(MarketState.PRE_OPEN, f"{clock_day} 08:59:00")
                         for m in ("HK", "US")}
        store.apply(early, wall=clock())
        assert keep.close() == 2
        assert [f.complete for f in saved[0]] == [complete, complete], clock_day


def test_points_of_many_batches_land_on_each_markets_grid_later_ones_winning() -> None:
    """Batches of points in any order of codes and minutes, a minute given twice (the
    later wins), one outside the session (dropped): each code's grid is what placing
    the points one by one gives, on its own market's session length."""
    from flowdeck.core.markets import Market, session_minutes

    store, keep, _, clock = keeper()
    store.apply(batch(1, 1000.0), wall=clock())
    rng = np.random.default_rng(5)
    expected = {c: np.full((session_minutes(Market(c[:2])), 4), np.nan) for c in CODES}
    for code in CODES:
        expected[code][1] = tiers(1000.0) + 5e7 - 5e7
    for _ in range(4):
        codes = [CODES[i] for i in rng.integers(0, 2, 6)] + ["SH.600000"]
        minutes = rng.integers(0, 12, 7).astype(np.int32)
        minutes[0] = 10_000  # outside every session
        values = rng.normal(0, 1e6, (7, 6))
        for code, m, v in zip(codes, minutes.tolist(), values, strict=True):
            if code in expected and m < len(expected[code]):
                expected[code][m] = v[2:]
        store.apply(Batch(points=MinutePoints(codes, minutes, values)), wall=clock())
    flows = {f.code: f for f in keep.day_flows(CODES)}
    for code in CODES:
        got = flows[code].minutes
        mine = expected[code]
        assert got.shape == mine.shape and got.tobytes() == mine.tobytes(), code
