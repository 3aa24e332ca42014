"""The Big trades dock's model over a real LiveStore: each store Change is one insert on
top (and one remove of the oldest when full), filters rebuild from the store's tape, a
frozen model moves nothing and counts what waits, a restarted day forgets its prints;
qtmodeltester through all of it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import BUY, NEUTRAL, SELL, concat_trades
from flowdeck.live.store import LiveStore
from flowdeck.ui.look.theme_colors import LIGHT
from flowdeck.ui.tape.tape_model import TapeModel
from flowdeck.ui.tape.tape_rows import TapeFilter
from flowdeck.ui.tape.tape_text import CODE, NAME, PRICE, QUANTITY, SIDE, TIER, TIME, VALUE
from tests.support.tape_trades import prints
from tests.support.universes import StaticUniverse

CODES = ["HK.00700", "US.AAPL", "SH.600519"]


@pytest.fixture
def store() -> LiveStore:
    store = LiveStore()
    store.set_codes(CODES)
    store.set_universe(StaticUniverse())
    return store


def apply(store: LiveStore, *parts, restart=frozenset()) -> None:
    store.apply(Batch(snapshot=bool(restart), trades=concat_trades(list(parts))), wall=1.0,
                restart=set(restart))


def shown(model: TapeModel) -> list[tuple[str, int]]:
    return list(zip(model.rows.shown.codes, model.rows.shown.seq.tolist(), strict=True))


def signals(model: TapeModel) -> list[tuple[str, int, int]]:
    seen: list[tuple[str, int, int]] = []
    model.rowsInserted.connect(lambda _p, a, b: seen.append(("insert", a, b)))
    model.rowsRemoved.connect(lambda _p, a, b: seen.append(("remove", a, b)))
    model.modelReset.connect(lambda: seen.append(("reset", 0, 0)))
    return seen


def test_a_change_is_one_insert_on_top_and_the_oldest_go_in_one_remove(
        qtmodeltester, store):
    model = TapeModel(store, limit=5)
    qtmodeltester.check(model)
    seen = signals(model)
    apply(store, prints("HK.00700", [1, 2, 3]))
    assert shown(model) == [("HK.00700", 3), ("HK.00700", 2), ("HK.00700", 1)]
    apply(store, prints("US.AAPL", [1, 2]), prints("HK.00700", [4]))
    assert shown(model) == [("HK.00700", 4), ("US.AAPL", 2), ("US.AAPL", 1),
                            ("HK.00700", 3), ("HK.00700", 2)]
    apply(store, prints("HK.00700", [5, 6, 7, 8, 9, 10, 11]))  # more than the rows hold
    assert shown(model) == [("HK.00700", s) for s in (11, 10, 9, 8, 7)]
    assert seen == [("insert", 0, 2), ("remove", 2, 2), ("insert", 0, 2), ("remove", 0, 4),
                    ("insert", 0, 4)]
    apply(store, prints("HK.00700", [11]))  # a repeat: the store tells nothing new
    assert len(seen) == 5 and model.inserts == 3
    qtmodeltester.check(model)


def test_cells_read_as_a_trader_reads_them(store):
    model = TapeModel(store)
    model.set_display("en", "kmb", "red-up")
    model.set_theme(LIGHT)
    apply(store, prints("HK.00700", [1], price=480.2, quantity=30_000.0),
          prints("US.AAPL", [2], side=SELL, price=0.5, quantity=1e6),
          prints("SH.600519", [3], side=NEUTRAL))

    def cells(row: int) -> list[str]:
        return [model.index(row, c).data() for c in
                (TIME, CODE, NAME, PRICE, QUANTITY, VALUE, SIDE, TIER)]

    assert cells(2) == ["10:00:01", "HK.00700", "Tencent Holdings", "480.200", "30,000",
                        "14.41M", "Buy", "Large"]
    assert cells(1)[3:7] == ["0.5000", "1,000,000", "500.00K", "Sell"]
    red_up = model.index(2, SIDE).data(Qt.ItemDataRole.ForegroundRole).name()
    sell = model.index(1, VALUE).data(Qt.ItemDataRole.ForegroundRole).name()
    assert (red_up, sell) == (LIGHT.red, LIGHT.green)
    assert model.index(0, SIDE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(2, TIME).data(Qt.ItemDataRole.ToolTipRole) == "2025-03-14 10:00:01 HKT"
    assert model.index(2, VALUE).data(Qt.ItemDataRole.ToolTipRole) == "14,406,000.00 HKD"
    assert model.index(2, NAME).data(Qt.ItemDataRole.ToolTipRole) == "騰訊控股 / Tencent Holdings"
    apply(store, prints("HK.00005", [1]))  # a code the source does not name
    assert model.index(0, NAME).data() == "HK.00005"
    model.set_display("zh_CN", "auto", "green-up")
    assert model.index(3, NAME).data() == "騰訊控股"
    assert model.index(3, VALUE).data() == "1440.60万"
    assert model.index(3, SIDE).data(Qt.ItemDataRole.ForegroundRole).name() == LIGHT.green


def test_filters_rebuild_from_the_tape_and_pass_only_their_trades(qtmodeltester, store):
    apply(store, prints("HK.00700", [1, 2], side=[BUY, SELL]),
          prints("US.AAPL", [1], quantity=1_000.0), prints("SH.600519", [1]))
    model = TapeModel(store)
    assert len(model.rows) == 4
    seen = signals(model)
    model.set_filter(TapeFilter(code="700"))
    assert shown(model) == [("HK.00700", 2), ("HK.00700", 1)]
    model.set_filter(TapeFilter(side=SELL))
    assert shown(model) == [("HK.00700", 2)]
    model.set_filter(TapeFilter(min_value=100_000.0))  # AAPL's 50,000 is under it
    assert {c for c, _s in shown(model)} == {"HK.00700", "SH.600519"}
    model.set_filter(TapeFilter(codes=frozenset({"US.AAPL", "SH.600519"}), code="sh"))
    assert shown(model) == [("SH.600519", 1)]
    assert [s[0] for s in seen] == ["reset"] * 4
    apply(store, prints("SH.600519", [2]), prints("HK.00700", [3]), prints("US.AAPL", [2]))
    assert shown(model) == [("SH.600519", 2), ("SH.600519", 1)]
    qtmodeltester.check(model)


def test_a_frozen_model_moves_nothing_and_thaws_in_one_insert(store):
    model = TapeModel(store, limit=4)
    apply(store, prints("HK.00700", [1, 2]))
    told = []
    model.pending_changed.connect(told.append)
    seen = signals(model)
    model.set_frozen(True)
    apply(store, prints("HK.00700", [3, 4]))
    apply(store, prints("US.AAPL", [1, 2, 3]))
    assert shown(model) == [("HK.00700", 2), ("HK.00700", 1)] and seen == []
    assert told == [2, 5]
    model.set_frozen(False)
    assert shown(model) == [("US.AAPL", 3), ("US.AAPL", 2), ("US.AAPL", 1), ("HK.00700", 4)]
    assert seen == [("remove", 0, 1), ("insert", 0, 3)] and told[-1] == 0


def test_a_restarted_day_forgets_its_old_prints(store):
    model = TapeModel(store)
    apply(store, prints("HK.00700", [1, 2]), prints("US.AAPL", [1]))
    apply(store, prints("HK.00700", [1]), restart={"HK.00700"})
    assert sorted(shown(model)) == [("HK.00700", 1), ("US.AAPL", 1)]
