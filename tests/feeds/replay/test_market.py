"""ReplayMarket driven synchronously: a recorded simulator day replayed gives the live
simulator's numbers and minute points; codes the file lacks are errors; the day ends
closed; a new date starts a market's day over; `start` places the clock."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest

from flowdeck.core.batch import Batch
from flowdeck.core.codes import Market
from flowdeck.core.markets import MarketState
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.feeds.replay.market import ReplayMarket
from flowdeck.feeds.replay.trades_csv import HEADER
from flowdeck.feeds.sim import clock as sim_clock
from flowdeck.feeds.sim.market import SimMarket
from tests.support.replay_files import CODES, SEED, record_file

SATURDAY = dt.datetime(2025, 3, 15, 12, 0, tzinfo=dt.UTC)  # every market closed


def sim_day_end(monkeypatch, codes=CODES, seed=SEED) -> Batch:
    """The live simulator's snapshot with every market's clock after the close of DAY
    (clocks start at START_TIMES of the last weekday when their market is shut)."""
    for market in Market:
        monkeypatch.setitem(sim_clock.START_TIMES, market, dt.time(23, 30))
    sim = SimMarket(seed=seed, speed=1.0, now=SATURDAY, monotonic=lambda: 0.0)
    return sim.snapshot_batch(codes, wall=0.0)


def run_to_end(market: ReplayMarket, codes) -> list[Batch]:
    """A consumer's batches (a snapshot first) while the market runs at max speed."""
    cursor = market.cursor(codes)
    batches = [cursor.next_batch()]
    while not cursor.at_end:
        market.step()
        batches.append(cursor.next_batch())
    return batches


def points_table(batches) -> dict:
    """(code, minute) -> values, later batches overwriting earlier ones (upserts)."""
    table = {}
    for batch in batches:
        if batch.snapshot:
            for key in [k for k in table if k[0] in batch.records]:
                del table[key]
        for code, minute, values in zip(batch.points.codes, batch.points.minutes.tolist(),
                                        batch.points.values, strict=True):
            table[code, minute] = values.tolist()
    return table


def assert_same_records(got, want) -> None:
    """The 12 numbers within float summation noise (the simulator and the replay give
    the engine the same trades in differently sized calls)."""
    assert got.update_time == want.update_time
    for key in NUMERIC_KEYS:
        scale = 1e-12 if key.endswith("_ratio") else 1e-3
        assert getattr(got, key) == pytest.approx(getattr(want, key), rel=1e-9, abs=scale), key


@pytest.fixture(scope="module")
def day_file(tmp_path_factory) -> Path:
    return record_file(tmp_path_factory.mktemp("replay") / "day.csv")


def test_a_recorded_day_replays_to_the_simulator_numbers(day_file, monkeypatch) -> None:
    want = sim_day_end(monkeypatch)
    market = ReplayMarket(day_file)
    assert market.index.bad.total == 0
    batches = run_to_end(market, CODES)
    assert batches[0].snapshot and not any(b.snapshot for b in batches[1:])
    assert 300 < len(batches) < 400  # a batch a minute of trading at max speed
    got = market.snapshot_batch(CODES)
    for code in CODES:
        assert_same_records(got.records[code], want.records[code])
        assert got.details[code].trades == want.details[code].trades > 100
        assert got.details[code].turnover == pytest.approx(want.details[code].turnover,
                                                           rel=1e-12)
        assert got.details[code].inflow == pytest.approx(want.details[code].inflow, rel=1e-9)
        assert (got.columns.values[got.columns.codes.index(code)].tolist()
                == pytest.approx([getattr(got.records[code], k) for k in NUMERIC_KEYS]))
    latest: dict = {}
    for batch in batches:
        latest.update(batch.records)
    assert latest == got.records  # the updates got there too
    sim_points, stepped, at_end = points_table([want]), points_table(batches), points_table([got])
    assert sim_points.keys() == stepped.keys() == at_end.keys()
    for key, values in sim_points.items():
        scale = 1e-6 * max(1.0, max(abs(v) for v in values))
        assert stepped[key] == pytest.approx(values, rel=1e-6, abs=scale), key
        assert at_end[key] == pytest.approx(values, rel=1e-6, abs=scale), key


def test_codes_not_in_the_file_are_errors_in_snapshots(day_file) -> None:
    market = ReplayMarket(day_file)
    asked = ["HK.00700", "US.MSFT", "SZ.300750"]
    snap = market.snapshot_batch(asked)
    assert snap.errors == {"US.MSFT": (1016, "no trades for US.MSFT in day.csv"),
                           "SZ.300750": (1016, "no trades for SZ.300750 in day.csv")}
    assert set(snap.records) == {"HK.00700"}
    assert set(snap.markets) == {"HK", "US", "SZ"}
    cursor = market.cursor(asked)  # starts at the snapshot: no repeat of the errors
    market.step()
    assert not cursor.next_batch().errors
    fresh = market.cursor(["US.NFLX"])  # no snapshot of its own: a snapshot first
    first = fresh.next_batch()
    assert first.snapshot and first.errors["US.NFLX"][0] == 1016


def test_the_clock_starts_at_the_first_trade_and_the_day_ends_closed(day_file) -> None:
    market = ReplayMarket(day_file)
    first = market.snapshot_batch(["HK.00700", "US.BRK.B"])
    assert first.markets["HK"].local_time == "2025-03-14 09:30:00"
    assert first.markets["HK"].state is MarketState.OPEN
    assert first.records["HK.00700"].update_time == "2025-03-14 09:30:00"
    assert first.details["HK.00700"].trades >= 1
    assert first.records["US.BRK.B"].update_time in ("", "2025-03-14 09:30:00")
    market.advance_to(market.now_ns + 3 * 3600 * 10**9)  # 12:30: HK at lunch
    lunch = market.batch(["HK.00700"], since=0)
    assert lunch.markets["HK"].state is MarketState.LUNCH_BREAK
    assert lunch.records["HK.00700"].update_time <= "2025-03-14 12:00:00"
    while not market.finished:
        market.step()
    end = market.snapshot_batch(["HK.00700", "SH.600519"])
    assert {s.state for s in end.markets.values()} == {MarketState.CLOSED}
    assert end.markets["HK"].local_time == "2025-03-14 15:59:59"  # the last trade
    generation = market.generation
    market.advance_to(market.now_ns + 10**12)
    market.step()  # the day is over: nothing moves, nothing is re-sent
    assert market.generation == generation
    assert market.snapshot_batch(["HK.00700"]).records == {"HK.00700": end.records["HK.00700"]}


def test_start_places_the_clock_with_the_day_so_far(day_file, monkeypatch) -> None:
    market = ReplayMarket(day_file, start_s=10 * 3600)
    snap = market.snapshot_batch(["HK.00700"])
    assert snap.markets["HK"].local_time == "2025-03-14 10:00:00"
    assert "2025-03-14 09:59:5" in snap.records["HK.00700"].update_time \
        or snap.records["HK.00700"].update_time == "2025-03-14 10:00:00"
    late = ReplayMarket(day_file, start_s=23 * 3600)
    assert late.finished  # past the last trade: the whole day at once
    want = sim_day_end(monkeypatch, ["HK.00700"])
    assert_same_records(late.snapshot_batch(["HK.00700"]).records["HK.00700"],
                        want.records["HK.00700"])


def test_a_new_date_starts_the_market_day_over(tmp_path) -> None:
    lines = [HEADER,
             "HK.00700,2025-03-13 10:00:00,480,1000,479.8,480",   # buy 480,000: medium
             "US.AAPL,2025-03-13 10:00:00,225,100,224.9,225",
             "HK.00700,2025-03-14 10:00:00,470,100,470,470.2",    # sell 47,000: small
             "HK.00700,2025-03-14 10:01:00,471,100,,"]            # tick rule: up, buy
    path = tmp_path / "two_days.csv"
    path.write_text("\n".join(lines) + "\n")
    market = ReplayMarket(path)
    codes = ["HK.00700", "US.AAPL"]
    cursor = market.cursor(codes)
    first = cursor.next_batch()  # at the first trade: both of that second
    assert first.records["HK.00700"].medium_net_inflow == 480_000
    batches = []
    while not cursor.at_end:
        market.step()
        batches.append(cursor.next_batch())
    new_day, next_minute = batches[0], batches[1]
    assert new_day.snapshot and not next_minute.snapshot
    record = new_day.records["HK.00700"]
    assert record.update_time == "2025-03-14 10:00:00"
    assert record.medium_net_inflow == 0 and record.small_net_inflow == -47_000  # day one gone
    assert new_day.details["HK.00700"].trades == 1
    hk_points = [m for c, m in zip(new_day.points.codes, new_day.points.minutes.tolist(),
                                   strict=True) if c == "HK.00700"]
    assert hk_points == [30]  # 10:00 is trading minute 30; day one's point is gone
    # US had no trade on the 14th: it keeps its last day.
    assert new_day.records["US.AAPL"].update_time == "2025-03-13 10:00:00"
    assert set(next_minute.records) == {"HK.00700"}
    final = market.snapshot_batch(codes)
    assert final.records["HK.00700"].small_net_inflow == 47_100 - 47_000
    assert final.details["HK.00700"].trades == 2


def test_a_file_without_valid_trades(tmp_path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(HEADER + "\nHK.00700,not a time,1,1,,\n")
    market = ReplayMarket(path)
    assert market.finished and market.index.rows == 0 and market.index.bad.total == 1
    batch = market.snapshot_batch(["HK.00700"])
    assert batch.errors["HK.00700"][0] == 1016 and not batch.records
    assert batch.markets["HK"].state is MarketState.CLOSED
    cursor = market.cursor(["HK.00700"])
    cursor.next_batch()
    assert cursor.at_end


def test_bad_lines_are_logged_once_with_the_first_reasons(tmp_path, caplog) -> None:
    path = tmp_path / "some_bad.csv"
    path.write_text(HEADER + "\nHK.00700,2025-03-14 10:00:00,480,100,,\n"
                    "HK.00700,2025-03-14 10:00:01,480,-1,,\nHK.00700,2025-03-14 10:00:02,x,1,,\n")
    with caplog.at_level("INFO", logger="flowdeck.replay"):
        market = ReplayMarket(path)
        while not market.finished:
            market.step()
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1
    assert "2 bad lines" in warnings[0] and "line 3: quantity '-1'" in warnings[0]
    assert "line 4: price 'x'" in warnings[0]
    infos = [r.getMessage() for r in caplog.records if r.levelname == "INFO"]
    assert any("the day is over" in m for m in infos)
    assert market.snapshot_batch(["HK.00700"]).details["HK.00700"].trades == 1


def test_equal_nets_invariants_hold(day_file) -> None:
    market = ReplayMarket(day_file, start_s=11 * 3600)
    for record in market.snapshot_batch(CODES).records.values():
        assert record.main_net_inflow == record.super_net_inflow + record.large_net_inflow
        assert record.retail_net_inflow == record.medium_net_inflow + record.small_net_inflow
        ratios = [getattr(record, k) for k in NUMERIC_KEYS if k.endswith("_ratio")]
        assert all(-1 <= r <= 1 and not math.isnan(r) for r in ratios)
    assert np.all(np.isfinite(market.snapshot_batch(CODES).points.values))


def test_a_file_changed_while_replayed_is_logged(tmp_path, caplog) -> None:
    path = tmp_path / "growing.csv"
    path.write_text(HEADER + "\nHK.00700,2025-03-14 10:00:00,480,100,,\n"
                    "HK.00700,2025-03-14 10:00:30,480,100,,\n")
    market = ReplayMarket(path, chunk_bytes=40)  # the second pass reads a line at a time
    with path.open("a") as f:
        f.write("HK.00700,2025-03-14 10:00:31,481,100,,\nUS.AAPL,2025-03-14 10:00:32,1,1,,\n")
    with caplog.at_level("WARNING", logger="flowdeck.replay"):
        while not market.finished:
            market.step()
    [warning] = [r.getMessage() for r in caplog.records]
    assert "changed while it was replayed (2 trades when opened, 3 replayed" in warning
    assert "code US.AAPL was not in the file when it was opened" in warning


def test_closing_stops_where_it_is_without_a_warning(day_file, caplog) -> None:
    market = ReplayMarket(day_file)
    market.step()
    revealed = market.revealed
    with caplog.at_level("INFO", logger="flowdeck.replay"):
        market.close()
        market.step()
    assert market.finished and market.revealed == revealed and not caplog.records
