"""Saving and reading code-days: every field back as saved, one identity at a time,
a complete day never replaced by an incomplete one, 500 codes a transaction, the
minute series exact, pruned on request."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from flowdeck.core.day_flow import DayFlow
from flowdeck.storage.archive import CODES_PER_TRANSACTION, Archive
from tests.support.day_flows import codes_for, day_flows, trading_days

DAY = dt.date(2026, 12, 4)


@pytest.fixture
def archive(tmp_path):
    with Archive.open(tmp_path / "archive.sqlite", "sim:seed=7") as a:
        yield a


def fields(flow: DayFlow) -> tuple:
    return (flow.code, flow.day, flow.net, flow.turnover, flow.inflow, flow.outflow,
            flow.close, flow.complete, flow.update_time)


def test_days_come_back_as_saved_oldest_first_without_minutes(archive) -> None:
    days = trading_days(5)
    saved = [f for d in reversed(days) for f in day_flows(["HK.00700"], d, 1)]
    assert archive.save(saved) == 5
    back = archive.days("HK.00700")
    assert [fields(f) for f in back] == [fields(f) for f in reversed(saved)]
    assert all(f.minutes is None for f in back)
    assert [f.day for f in archive.days("HK.00700", days[1], days[3])] == days[1:4]
    assert archive.days("HK.00005") == []


@pytest.mark.parametrize("update_time", ["", "2026-12-04 16:00:00", "16:00:00",
                                         " 2026-12-04", "=odd", "2026-12-03 09:30:00"])
def test_nets_only_days_and_any_update_time_come_back_exactly(archive, update_time) -> None:
    futu_day = DayFlow("HK.00700", DAY, (1.5, -2.25, 0.1 + 0.2, -0.0), close=None,
                       complete=True, update_time=update_time)
    live_day = DayFlow("HK.00005", DAY, (0.0, -0.0, 1e-300, 3.0), turnover=7.5,
                       inflow=(1.0, 2.0, 3.0, 4.0), outflow=(1.0, 2.0, 3.0, 1.0),
                       close=61.35, complete=False, update_time=update_time)
    archive.save([futu_day, live_day])
    for saved in (futu_day, live_day):
        (back,) = archive.days(saved.code)
        assert fields(back) == fields(saved)
        assert [np.copysign(1, x) for x in back.net] == [np.copysign(1, x) for x in saved.net]
    assert archive.days("HK.00700")[0].inflow == (None, None, None, None)


def test_identities_never_mix(tmp_path) -> None:
    path = tmp_path / "archive.sqlite"
    with Archive.open(path, "sim:seed=7") as sim:
        sim.save(day_flows(["HK.00700"], DAY, 1))
    with Archive.open(path, "futu:user=42") as futu:
        assert futu.days("HK.00700") == []
        assert futu.minutes("HK.00700", DAY) is None
        assert futu.matrix(["HK.00700"]).days == []
        futu.save(day_flows(["HK.00700"], DAY, 2))
        mine = futu.days("HK.00700")[0].net
    with Archive.open(path, "sim:seed=7") as sim:
        theirs = sim.days("HK.00700")[0].net
    assert mine != theirs
    assert theirs == day_flows(["HK.00700"], DAY, 1)[0].net


def test_a_complete_day_is_never_replaced_by_an_incomplete_one(archive) -> None:
    (closed,) = day_flows(["HK.00700"], DAY, 1)
    (late,) = day_flows(["HK.00700"], DAY, 2, complete=False)
    (morning,) = day_flows(["HK.00700"], DAY, 3, complete=False)
    archive.save([morning])
    assert archive.days("HK.00700")[0].net == morning.net
    archive.save([closed, late])          # in one save ...
    assert fields(archive.days("HK.00700")[0]) == fields(closed)
    assert archive.save([late]) == 0      # ... and in a later one
    assert fields(archive.days("HK.00700")[0]) == fields(closed)
    (corrected,) = day_flows(["HK.00700"], DAY, 4)
    archive.save([corrected])             # a complete day replaces a complete one
    assert archive.days("HK.00700")[0].net == corrected.net
    assert archive.matrix(["HK.00700"]).net[0, 0].tolist() == list(corrected.net)


def test_minute_series_are_exact_and_kept_by_a_save_without_them(archive) -> None:
    (day,) = day_flows(["HK.00700"], DAY, 1)
    archive.save([day])
    assert archive.minutes("HK.00700", DAY).tobytes() == day.minutes.tobytes()
    (again,) = day_flows(["HK.00700"], DAY, 2, minutes=False)
    archive.save([again])
    assert archive.days("HK.00700")[0].net == again.net
    assert archive.minutes("HK.00700", DAY).tobytes() == day.minutes.tobytes()
    assert archive.minutes("HK.00700", DAY - dt.timedelta(days=1)) is None


def test_at_most_500_codes_a_transaction(archive) -> None:
    statements: list[str] = []
    archive.db.set_trace_callback(statements.append)
    codes = codes_for(2 * CODES_PER_TRANSACTION + 1)
    days = trading_days(2)
    written = archive.save([f for d in days for f in day_flows(codes, d, 1, minutes=False)])
    archive.db.set_trace_callback(None)
    assert written == 2 * len(codes)
    assert sum(s.startswith("BEGIN") for s in statements) == 3
    assert sum(s.startswith("COMMIT") for s in statements) == 3
    assert len(archive.matrix(codes).days) == 2


def test_pruning_drops_old_minute_series_and_keeps_the_daily_rows(archive) -> None:
    days = trading_days(6)
    for d in days:
        archive.save(day_flows(["HK.00700", "HK.00005"], d, 1))
    assert archive.prune_minutes(None) == 0
    assert archive.prune_minutes(4) == 4            # 2 codes x the 2 oldest days
    assert [archive.minutes("HK.00700", d) is None for d in days] == [True] * 2 + [False] * 4
    assert len(archive.days("HK.00700")) == 6
    assert archive.prune_minutes(4) == 0
    with pytest.raises(ValueError):
        archive.prune_minutes(0)


def test_nets_apart_from_the_flows_and_tiers_half_known_come_back_exactly(archive) -> None:
    odd = DayFlow("HK.00700", DAY, (0.5, -0.0, 0.1 + 0.2, 2.0), turnover=10.0,
                  inflow=(1.0, 2.0, 0.1, None), outflow=(0.5, 2.0, 0.2, 1.0), close=None,
                  complete=True, update_time="2026-12-04 16:08:09")
    archive.save([odd])
    assert [fields(f) for f in archive.days("HK.00700")] == [fields(odd)]
    assert archive.matrix(["HK.00700"]).net[0, 0].tolist() == list(odd.net)
    (plain,) = day_flows(["HK.00700"], DAY, 3, minutes=False)
    archive.save([plain])                 # saved again: nothing of the odd day is left
    assert [fields(f) for f in archive.days("HK.00700")] == [fields(plain)]
    assert archive.matrix(["HK.00700"]).net[0, 0].tolist() == list(plain.net)
    archive.save([odd])
    assert [fields(f) for f in archive.days("HK.00700")] == [fields(odd)]


def test_a_markets_days_are_those_with_a_complete_day_of_its_codes(archive) -> None:
    days = trading_days(4)
    archive.save([*day_flows(["HK.00700", "US.AAPL"], days[0], 1, minutes=False),
                  *day_flows(["HK.00700"], days[1], 1, minutes=False),
                  *day_flows(["US.AAPL"], days[2], 1, minutes=False),
                  *day_flows(["HK.00700", "US.AAPL"], days[3], 1, minutes=False,
                             complete=False)])
    assert archive.market_days("HK") == days[:2]
    assert archive.market_days("US") == [days[0], days[2]]
    assert archive.market_days("US", 1) == [days[2]]
    assert archive.market_days("SH") == [] and archive.market_days("HK", 0) == []
