"""The LiveStore: one owner of the live state; each write says what it changed."""

from __future__ import annotations

import numpy as np

from flowdeck.core.batch import Batch, MarketStatus
from flowdeck.core.markets import MarketState
from flowdeck.live.store import BATCH, CODES, STALE, LiveStore
from tests.support.batches import detail, points, rec, values

CODES_3 = ["HK.00700", "US.AAPL", "SH.600519"]


def store_with(codes=CODES_3, **options) -> tuple[LiveStore, list]:
    store = LiveStore(**options)
    changes: list = []
    store.add_listener(changes.append)
    store.set_codes(codes, wall=0.0)
    return store, changes


def test_a_batch_writes_records_and_names_the_rows_it_touched():
    store, changes = store_with()
    change = store.apply(values(US_AAPL=5.0, SH_600519=7.0), wall=1.0, epoch=1e9)
    assert changes[-1] is change and change.kind == BATCH
    assert sorted(set(change.rows.tolist())) == [1, 2]
    assert store.table.values_of(CODES_3, "main_net_inflow") == {"US.AAPL": 5.0,
                                                                 "SH.600519": 7.0}
    assert change.epoch == 1e9 and change.wall == 1.0
    assert change.last.code == "SH.600519"  # the batch's last record of a shown code
    assert not change.all_rows and not change.markets_changed


def test_codes_outside_the_table_are_ignored_by_the_table_but_keep_details_and_errors():
    store, _ = store_with(["HK.00700"])
    batch = Batch(records={"US.TSLA": rec("US.TSLA", 1.0)},
                  details={"US.TSLA": detail("US.TSLA", 9.0)},
                  errors={"US.MSFT": (1016, "no quote")})
    change = store.apply(batch, 1.0, 1e9)
    assert len(change.rows) == 0 and change.last is None
    assert store.details["US.TSLA"].turnover == 9.0 and change.has_details
    assert change.new_errors == {"US.MSFT": (1016, "no quote")}


def test_an_error_is_new_once_and_again_after_a_record_cleared_it():
    store, _ = store_with()
    failing = {"HK.00700": (1016, "no quote")}
    assert store.apply(Batch(errors=failing), 1.0, 1.0).new_errors == failing
    assert store.apply(Batch(errors=failing), 2.0, 2.0).new_errors == {}
    other = {"HK.00700": (1016, "timeout")}
    assert store.apply(Batch(errors=other), 3.0, 3.0).new_errors == other
    store.apply(values(HK_00700=1.0), 4.0, 4.0)
    assert store.errors == {}
    assert store.apply(Batch(errors=other), 5.0, 5.0).new_errors == other
    assert store.table.error[0] == (1016, "timeout")


def test_a_restart_clears_the_day_before_the_batch_points_go_in():
    store, _ = store_with()
    store.apply(Batch(points=points([("HK.00700", 0, 1.0), ("HK.00700", 5, 2.0)])), 1, 1)
    assert store.history.last_minute("HK.00700") == 5
    change = store.apply(Batch(points=points([("HK.00700", 2, 3.0)]), snapshot=True), 2, 2,
                         restart={"HK.00700"})
    assert store.history.last_minute("HK.00700") == 2
    assert change.restart == {"HK.00700"} and 0 in change.rows.tolist()
    assert change.touches("HK.00700") and not change.touches("US.AAPL")


def test_a_row_is_stale_only_while_its_market_is_open():
    store, _ = store_with(stale_after_s=30.0)
    store.apply(values(HK_00700=1.0, US_AAPL=1.0), wall=100.0, epoch=1.0)
    assert not store.stale_mask(129.0).any()
    assert store.stale_mask(131.0).tolist() == [True, True, False]  # never updated: not stale
    change = store.refresh_stale(131.0)
    assert change.kind == STALE and sorted(change.rows.tolist()) == [0, 1]
    assert store.refresh_stale(132.0) is None  # nothing flipped
    closed = {"US": MarketStatus(MarketState.CLOSED, "2025-03-14 16:30:00")}
    change = store.apply(Batch(markets=closed), wall=133.0, epoch=2.0)
    assert change.markets_changed and change.all_rows
    assert store.stale_rows().tolist() == [True, False, False]
    assert 1 in change.rows.tolist()  # its stale flag went off
    assert store.state_of_row(1) is MarketState.CLOSED and store.state_of_row(0) is None


def test_the_stale_time_is_the_stores():
    store, _ = store_with(stale_after_s=30.0)
    store.apply(values(HK_00700=1.0), wall=100.0, epoch=1.0)
    store.set_stale_after(5.0)
    assert store.stale_mask(106.0).tolist() == [True, False, False]


def test_new_codes_become_the_rows_and_codes_that_left_lose_their_state():
    store, _ = store_with()
    store.apply(Batch(records={"US.AAPL": rec("US.AAPL", 3.0)},
                      details={"HK.00700": detail("HK.00700", 1.0),
                               "US.AAPL": detail("US.AAPL", 2.0)},
                      errors={"SH.600519": (1016, "x")},
                      points=points([("HK.00700", 1, 1.0)])), 1, 1)
    change = store.set_codes(["US.AAPL", "US.TSLA"], wall=2.0)
    assert change.kind == CODES and change.all_rows
    assert store.codes == ["US.AAPL", "US.TSLA"]
    assert store.table.values_of(["US.AAPL"], "main_net_inflow") == {"US.AAPL": 3.0}
    assert list(store.details) == ["US.AAPL"] and store.errors == {}
    assert "HK.00700" not in store.history and "US.TSLA" in store.history


def test_a_broken_listener_does_not_keep_the_others_from_the_change():
    store = LiveStore()

    def broken(change):
        raise RuntimeError("view gone")
    seen = []
    store.add_listener(broken)
    store.add_listener(seen.append)
    store.set_codes(["HK.00700"], 0.0)
    store.apply(values(HK_00700=1.0), 1.0, 1.0)
    assert [c.kind for c in seen] == [CODES, BATCH]


def test_a_loader_that_slices_says_every_row_changes():
    class Slicing:
        def __init__(self):
            self.first, self.flushes = [], 0

        def apply(self, pts, first=(), each=None):
            self.first.append(list(first))
            return False

        def flush(self):
            self.flushes += 1
    loader = Slicing()
    store, _ = store_with(loader=loader)
    store.set_on_screen(lambda: ["US.AAPL"])
    change = store.apply(Batch(points=points([("HK.00700", 1, 1.0)])), 1.0, 1.0)
    assert change.all_rows and loader.first == [["US.AAPL"]]
    assert loader.flushes >= 2  # before set_codes and before the batch: order kept


def test_columns_and_points_of_the_same_codes_are_not_looked_up_twice():
    store, _ = store_with()
    batch = values(HK_00700=1.0)
    batch.points = points([("HK.00700", 1, 1.0)])
    batch.columns = batch.record_columns()
    change = store.apply(batch, 1.0, 1.0)
    assert np.array_equal(np.unique(change.rows), [0])
