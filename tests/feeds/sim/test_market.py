"""SimMarket: the simulated market driven synchronously with an injected wall clock."""

import dataclasses
import datetime as dt
import math

import numpy as np
import pytest

from flowdeck.core.history import series_values
from flowdeck.core.markets import MarketState
from flowdeck.core.records import SERIES_NAMES
from flowdeck.feeds.sim.market import SimMarket

UTC = dt.UTC
WED_1030_HK = dt.datetime(2025, 3, 12, 2, 30, tzinfo=UTC)  # HK/SH/SZ open; US -> Tue noon
CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.000001", "HK.01810", "US.BRK.B"]


class Wall:
    def __init__(self, t: float = 0.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def make(seed: int = 0, speed: float = 60.0, now: dt.datetime = WED_1030_HK) -> SimMarket:
    return SimMarket(seed=seed, speed=speed, now=now, monotonic=Wall(0.0))


def points_table(batches) -> dict:
    """(code, minute) -> values, later batches overwriting earlier ones (upserts)."""
    table = {}
    for batch in batches:
        for code, minute, values in zip(batch.points.codes, batch.points.minutes.tolist(),
                                        batch.points.values, strict=True):
            table[code, minute] = values.tolist()
    return table


def test_same_seed_same_snapshot():
    a = make().snapshot_batch(CODES, wall=30.0)
    b = make().snapshot_batch(CODES, wall=30.0)
    assert a.records == b.records and a.details == b.details
    assert points_table([a]) == points_table([b])
    assert a.markets == b.markets


def test_different_seeds_differ():
    a = make(seed=1).snapshot_batch(CODES, wall=30.0)
    b = make(seed=2).snapshot_batch(CODES, wall=30.0)
    assert all(a.records[c] != b.records[c] for c in CODES)


def test_batches_at_any_timing_reach_the_same_state():
    stepped = make()
    cursor = stepped.cursor(CODES)
    batches = []
    for wall in (0.3, 1.1, 7.9, 7.9, 20.0, 45.5, 60.0):
        stepped.advance(wall)
        batches.append(cursor.next_batch())
    assert batches[0].snapshot and not any(b.snapshot for b in batches[1:])
    at_once = make().snapshot_batch(CODES, wall=60.0)
    latest = {}
    for batch in batches:
        latest.update(batch.records)
    assert latest == at_once.records
    assert stepped.batch(CODES).details == at_once.details
    assert points_table(batches) == points_table([at_once])


def test_a_code_added_later_gets_its_day_so_far():
    late = make()
    late.snapshot_batch(["HK.00700"], wall=10.0)
    late.advance(25.0)
    late_batch = late.snapshot_batch(["HK.00700", "SZ.000001"], wall=40.0)
    early = make().snapshot_batch(["HK.00700", "SZ.000001"], wall=40.0)
    assert late_batch.records["HK.00700"] == early.records["HK.00700"]
    assert late_batch.details["SZ.000001"].trades == early.details["SZ.000001"].trades
    # Its day so far went to the engine in one call rather than cell by cell: the same
    # trades, summed in another order.
    late_dict = late_batch.records["SZ.000001"].to_dict()
    early_dict = early.records["SZ.000001"].to_dict()
    assert late_dict.keys() == early_dict.keys()
    for key, value in early_dict.items():
        assert late_dict[key] == (value if isinstance(value, str) else pytest.approx(value))
    late_points, early_points = points_table([late_batch]), points_table([early])
    assert late_points.keys() == early_points.keys()
    for key, values in early_points.items():
        assert late_points[key] == pytest.approx(values, rel=1e-6)


def test_snapshot_contents():
    sim = make()
    batch = sim.snapshot_batch(CODES + ["hk.700"][:0], wall=30.0)
    assert batch.snapshot and not batch.errors
    assert set(batch.records) == set(batch.details) == set(CODES)
    assert set(batch.markets) == {"HK", "US", "SH", "SZ"}
    assert batch.markets["HK"].state is MarketState.OPEN
    assert batch.markets["HK"].local_time == "2025-03-12 11:00:00"   # 10:30 + 30 s x 60
    assert batch.markets["US"].local_time == "2025-03-11 12:30:00"
    points = batch.points
    keys = list(zip(points.codes, points.minutes.tolist(), strict=True))
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert points.values.dtype == np.float64 and points.values.shape == (len(points), 6)
    for code in CODES:
        record, detail = batch.records[code], batch.details[code]
        assert record.update_time <= batch.markets[code[:2]].local_time
        assert detail.trades > 100 and detail.turnover > 0
        mine = [i for i, c in enumerate(points.codes) if c == code]
        last = points.values[mine[-1]].tolist()
        # The last point is the record's nets, exactly (both the engine's float64 sums).
        assert last == [getattr(record, f"{s}_net_inflow") for s in SERIES_NAMES]
    tencent = batch.details["HK.00700"]
    assert 10_000 < tencent.trades < 40_000          # 90 minutes of a busy stock
    assert batch.records["HK.00700"].main_net_inflow == (
        batch.records["HK.00700"].super_net_inflow + batch.records["HK.00700"].large_net_inflow)


def test_points_are_series_values_of_the_engine_points():
    sim = make()
    batch = sim.snapshot_batch(["SH.600519"], wall=5.0)
    values = batch.points.values
    # The engine's float64 tiers, main and retail their float64 sums.
    assert values.dtype == np.float64
    assert np.array_equal(values, series_values(values[:, 2:]))
    assert batch.points.minutes.tolist() == list(range(len(batch.points)))
    # The last point is the engine's day so far: net = bought - sold, per tier.
    i = sim.codes.index("SH.600519")
    assert values[-1, 2:].tolist() == (sim.engine.buy[i] - sim.engine.sell[i]).tolist()


def test_updates_carry_only_what_changed():
    sim = make(speed=1.0)
    sim.snapshot_batch([*CODES, "HK.08123"], wall=0.0)
    cursor = sim.cursor([*CODES, "HK.08123"])
    sim.advance(0.5)
    assert not cursor.next_batch().records    # still inside the first one-second cell
    sim.advance(2.0)
    batch = cursor.next_batch()
    assert not batch.snapshot
    assert set(batch.markets) == {"HK", "US", "SH", "SZ"}
    assert set(batch.records) == set(batch.details) <= set([*CODES, "HK.08123"])
    assert "HK.00700" in batch.records or "US.AAPL" in batch.records
    assert set(batch.points.codes) <= set(batch.records)
    assert len(batch.points) <= 2 * len(batch.records)   # this minute, maybe the previous
    idle = cursor.next_batch()                            # no advance in between
    assert not idle.records and not len(idle.points) and idle.markets


def test_closed_market_sends_only_its_status():
    # Hong Kong at 15:59:30 on Wednesday; one virtual minute per wall second.
    sim = make(speed=60.0, now=dt.datetime(2025, 3, 12, 7, 59, 30, tzinfo=UTC))
    sim.snapshot_batch(["HK.00700"], wall=0.0)
    cursor = sim.cursor(["HK.00700"])
    sim.advance(1.0)
    assert cursor.next_batch().markets["HK"].state is MarketState.CLOSED
    for wall in (2.0, 3.0, 30.0):
        sim.advance(wall)
        batch = cursor.next_batch()
        assert not batch.records and not len(batch.points)
        assert batch.markets["HK"].state is MarketState.CLOSED
    record = sim.batch(["HK.00700"]).records["HK.00700"]
    assert record.update_time.startswith("2025-03-12 15:59")


def test_new_trading_day_resets_and_sends_a_snapshot():
    # Friday 15:50 in Hong Kong, one virtual hour per wall second.
    sim = make(speed=3600.0, now=dt.datetime(2025, 3, 14, 7, 50, tzinfo=UTC))
    friday = sim.snapshot_batch(["HK.00700", "US.AAPL"], wall=0.0)
    cursor = sim.cursor(["HK.00700", "US.AAPL"])
    friday_trades = friday.details["HK.00700"].trades
    # Monday 10:00 in Hong Kong is 66 h 10 min later.
    sim.advance(66.0 + 10 / 60)
    batch = cursor.next_batch()
    assert batch.snapshot
    assert batch.markets["HK"].local_time == "2025-03-17 10:00:00"
    assert batch.records["HK.00700"].update_time.startswith("2025-03-17 09:5")
    assert 0 < batch.details["HK.00700"].trades < friday_trades
    tencent_minutes = [m for c, m in zip(batch.points.codes, batch.points.minutes.tolist(),
                                         strict=True) if c == "HK.00700"]
    assert tencent_minutes[0] == 0
    sim.advance(66.2)
    assert not cursor.next_batch().snapshot


def test_cursors_are_independent():
    sim = make()
    sim.snapshot_batch(CODES, wall=0.0)
    eager, lazy = sim.cursor(CODES), sim.cursor(CODES)
    eager_batches = []
    for wall in (1.0, 2.0, 3.5):
        sim.advance(wall)
        eager_batches.append(eager.next_batch())
    lazy_batch = lazy.next_batch()
    merged = {}
    for batch in eager_batches:
        merged.update(batch.records)
    assert merged == lazy_batch.records
    assert points_table(eager_batches) == points_table([lazy_batch])


def test_cursor_without_snapshot_starts_with_the_whole_day():
    sim = make()
    sim.advance(10.0)
    batch = sim.cursor(["SZ.300750"]).next_batch()
    assert batch.snapshot and batch.details["SZ.300750"].trades > 0


def test_stock_lookup_and_codes():
    sim = make()
    sim.ensure(["US.NVDA", "US.NVDA"])
    assert sim.codes == ["US.NVDA"]
    assert dataclasses.asdict(sim.stock("US.NVDA"))["name"] == "NVIDIA"


def test_batches_carry_their_records_in_columns():
    from flowdeck.core.batch import RecordColumns

    sim = make()
    cursor = sim.cursor(CODES)
    sim.snapshot_batch(CODES, wall=1.0)
    sim.advance(9.0)
    for batch in (sim.snapshot_batch(CODES, wall=5.0), cursor.next_batch()):
        assert batch.columns is not None and batch.columns.codes == list(batch.records)
        want = RecordColumns.from_records(batch.records)
        assert np.array_equal(batch.columns.values, want.values)  # bit for bit
        assert list(batch.columns.update_times) == want.update_times


def test_tapes_hold_the_next_minutes_of_trades_only():
    from flowdeck.feeds.sim.tape import HOLD_MINUTES

    sim = make(speed=1.0)
    codes = [*CODES, *(f"HK.{n:05d}" for n in range(1, 41))]
    sim.snapshot_batch(codes, wall=0.0)
    held = 0
    for second in range(1, 40):
        sim.advance(float(second))
        for code in codes:
            clock = sim.clocks[sim.stock(code).market]
            # Trades went to the engine up to the last whole cell of the market's time.
            now = math.floor(clock.local_seconds(float(second)) / sim.step) * sim.step
            count, first, until = sim.held(code)
            assert not sim.tape(code).held   # the market holds them, not the tape
            if count:
                assert now <= first < until <= now + 60 * HOLD_MINUTES
                held += 1
    assert held > 39 * 10


def bytes_table(batches) -> dict:
    """points_table with each point's values as bytes: equal means bit for bit."""
    return {key: np.asarray(v, np.float64).tobytes() for key, v in points_table(batches).items()}


def test_a_rebuilt_day_is_the_day_the_live_run_stored(monkeypatch):
    # One virtual minute per wall second, read every half second for 40 minutes: the
    # ring (16 minutes) lets go of the start, so a second snapshot rebuilds the day.
    sim = make()
    sim.snapshot_batch(CODES[:4], wall=0.0)
    cursor = sim.cursor(CODES)           # two codes come in later, mid-day
    batches = [cursor.next_batch()]
    for k in range(1, 81):
        sim.advance(k / 2)
        if k == 21:
            batches.append(sim.snapshot_batch(CODES[4:], wall=k / 2))
        batches.append(cursor.next_batch())
    calls = []
    import flowdeck.feeds.sim.market as sim_market
    real = sim_market.rebuild_days
    monkeypatch.setattr(sim_market, "rebuild_days",
                        lambda stocks, *a: calls.append(len(stocks)) or real(stocks, *a))
    again = sim.snapshot_batch(CODES, wall=40.0)
    assert sum(calls) == len(CODES)   # every day was rebuilt: the ring lost each start
    assert bytes_table([again]) == bytes_table(batches)  # the live points, bit for bit
    latest = {}
    for batch in batches:
        latest.update(batch.records)
    assert latest == again.records


def test_a_first_snapshot_takes_the_points_of_its_reveal(monkeypatch):
    import flowdeck.feeds.sim.market as sim_market

    real = sim_market.rebuild_days

    def no_rebuild(*args):
        raise AssertionError("rebuilt")

    # (Its reveal 40 minutes before the snapshot: the ring no longer holds them all.)
    early = make().snapshot_batch(CODES[2:], wall=40.5)
    sim = make()
    sim.snapshot_batch(CODES[:2], wall=0.0)
    sim.advance(40.0)
    monkeypatch.setattr(sim_market, "rebuild_days", no_rebuild)
    late = sim.snapshot_batch(CODES[2:], wall=40.5)     # 40 minutes of day: no replay
    assert points_table([late]).keys() == points_table([early]).keys()
    assert late.records.keys() == early.records.keys()
    # The snapshot consumed the reveal's points: the next one rebuilds the same day.
    calls = []
    monkeypatch.setattr(sim_market, "rebuild_days",
                        lambda stocks, *a: calls.append(len(stocks)) or real(stocks, *a))
    again = sim.snapshot_batch(CODES[2:], wall=40.5)
    assert sum(calls) == len(CODES[2:])
    assert bytes_table([again]) == bytes_table([late])


def test_a_cursor_further_behind_than_the_ring_gets_the_whole_day():
    sim = make()
    eager_batches = [sim.snapshot_batch(CODES, wall=0.0)]
    eager, lazy = sim.cursor(CODES), sim.cursor(CODES)
    for k in range(1, 61):
        sim.advance(k / 2)
        eager_batches.append(eager.next_batch())
    behind = lazy.next_batch()                          # 30 minutes at once
    assert not behind.snapshot
    assert bytes_table([behind]) == {key: v for key, v in bytes_table(eager_batches).items()
                                     if key[0] in set(behind.points.codes)}
    assert set(behind.points.codes) == set(behind.records)


def test_the_same_batches_as_the_store_of_the_whole_day():
    """Digests of the batches this run gave, bit for bit: snapshots, re-snapshots and
    cursor updates (see DIGESTS for where they come from)."""
    import hashlib

    def digest(batch) -> str:
        p = batch.points
        h = hashlib.sha256(repr(list(p.codes)).encode())
        h.update(np.asarray(p.minutes, np.int32).tobytes())
        h.update(np.asarray(p.values, np.float64).tobytes())
        h.update(repr(sorted((c, r.to_dict()) for c, r in batch.records.items())).encode())
        return h.hexdigest()[:12]

    got = []
    for speed, walls in ((60.0, (0.0, 0.5, 9.0, 9.5, 25.0, 25.5)), (1.0, (0.0, 1.0, 90.0))):
        sim = SimMarket(seed=5, speed=speed, now=dt.datetime(2025, 3, 12, 6, 50, tzinfo=UTC),
                        monotonic=Wall(0.0))
        got.append(digest(sim.snapshot_batch(CODES[:3], wall=walls[0])))
        cursor = sim.cursor(CODES[:3])
        for k, wall in enumerate(walls[1:]):
            sim.advance(wall)
            got.append(digest(cursor.next_batch()))
            if k == 1:
                got.append(digest(sim.snapshot_batch(CODES[2:], wall=wall)))
        got.append(digest(sim.snapshot_batch(CODES)))
    assert got == DIGESTS


# Taken again when the points became float64 (issue 19: the API's series are exact);
# the float32 digests before were the whole-day store's, which the ring matched.
DIGESTS = ['036542f69e38', '81f0c8f6eabc', '91a3bd0c080d', '021ef8f52adb', '3811cc3aa5f5',
           '784baff835b1', '6637844f4ff3', '3cd59d1ccd0c', '036542f69e38', '0b274c5daa90',
           'c709a20a0f70', '540ea6c29821', '7989d42d9d21']
