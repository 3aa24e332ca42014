"""The Market view's stocks as the model shows them: the top or bottom N of a market by
a field (checked against Python's sorted over the store's numbers), each with its name,
price, change % and the field's companion; re-ranked at most 4 times a second of an
injected clock; the selection kept by code. Periods beyond today:
test_market_periods_view.py."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from flowdeck.core.batch import Batch
from flowdeck.core.ranking import RankRequest
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.core.stock_info import Quote, StockInfo
from flowdeck.live.store import LiveStore
from flowdeck.ui.market.market_view import RankedView
from flowdeck.ui.market.stock_model import (
    CHANGE_RATIO,
    CODE,
    LAST,
    NAME,
    OTHER,
    RANK,
    SPARK,
    VALUE,
    StockRankModel,
)
from flowdeck.ui.table.columns import SparklineRole
from tests.support.clock import VirtualClock
from tests.support.market_tables import batch_of, market_codes, random_values
from tests.support.universes import StaticUniverse

MAIN = NUMERIC_KEYS.index("main_net_inflow")
CODES = market_codes("HK", 30) + market_codes("US", 20) + market_codes("SH", 10)
UNIVERSE = StaticUniverse([StockInfo(c, f"Name {c}", f"名{c}") for c in CODES[:-1]])


def filled_store(seed: int = 20) -> tuple[LiveStore, np.ndarray]:
    store = LiveStore()
    store.set_codes(CODES)
    store.set_universe(UNIVERSE)
    values = random_values(np.random.default_rng(seed), len(CODES), nan_share=0.1, levels=9)
    batch = batch_of(CODES, values)
    batch.quotes = {c: Quote(c, 10.0 + i, 10.0) for i, c in enumerate(CODES)}
    store.apply(batch, 1.0)
    return store, values


def expected(values: np.ndarray, market: str, column: int, descending: bool, top: int):
    rows = [(-v if descending else v, c) for c, v in zip(CODES, values[:, column], strict=True)
            if c.startswith(market + ".") and not math.isnan(v)]
    return [c for _, c in sorted(rows)][:top]


def shown(model: StockRankModel, column: int) -> list:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_top_and_bottom_n_are_the_sorted_values(qapp, qtmodeltester):
    store, values = filled_store()
    model = StockRankModel(store, clock=VirtualClock())
    qtmodeltester.check(model)
    for market, field, order, top in (("HK", "main_net_inflow", "desc", 10),
                                      ("US", "small_net_inflow_ratio", "asc", 5),
                                      ("HK", "retail_net_inflow", "asc", 50)):
        model.set_request(RankRequest(market, "today", field, order, top))
        column = NUMERIC_KEYS.index(field)
        assert model.keys == expected(values, market, column, order == "desc", top)
        assert shown(model, CODE) == model.keys
        assert shown(model, RANK) == [str(i + 1) for i in range(len(model.keys))]
    qtmodeltester.check(model)


def test_each_row_reads_name_price_change_and_the_fields(qapp):
    store, values = filled_store()
    model = StockRankModel(store, clock=VirtualClock())
    model.set_request(RankRequest("SH", top=10))
    code = model.keys[0]
    i = CODES.index(code)
    cell = {c: model.index(0, c).data() for c in range(model.columnCount())}
    assert cell[NAME] == (f"Name {code}" if code != CODES[-1] else code)
    assert cell[LAST] == f"{10.0 + i:.2f}" and cell[CHANGE_RATIO] == f"+{i * 10:.2f}%"
    assert model.index(0, SPARK).data(SparklineRole) == (code, 0)
    net, ratio = values[i, MAIN], values[i, MAIN + 1]
    tip = model.index(0, VALUE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == f"{net:,.2f} {store.table.currency[i]}"
    assert model.index(0, OTHER).data() == ("—" if math.isnan(ratio) else f"{ratio * 100:.2f}%")
    # The header names the field and its companion.
    across = Qt.Orientation.Horizontal
    assert model.headerData(VALUE, across) == "Main net"
    assert model.headerData(OTHER, across) == "Main %"


def test_live_data_re_ranks_at_most_4_times_a_second_and_keeps_the_selection(qtbot):
    store, values = filled_store()
    clock = VirtualClock()
    model = StockRankModel(store, clock=clock)
    view = RankedView(model, "v")
    qtbot.addWidget(view)
    model.set_request(RankRequest("HK", top=5))
    picked = model.keys[3]
    view.select_key(picked)
    clock.now = 2000.0

    def move(code: str, main: float) -> None:
        v = values[CODES.index(code)].copy()
        v[MAIN] = main
        store.apply(batch_of([code], v[None, :]), clock())

    move(picked, 1e12)  # the first change after a quiet spell re-ranks at once
    assert model.keys[0] == picked and view.selected_key() == picked
    before = model.reranks
    clock.now += 0.1
    move(picked, -1e12)  # 0.1 s later: not yet
    assert model.keys[0] == picked and model.due
    assert not model.rerank_if_due() and model.reranks == before
    clock.now += 0.15
    assert model.rerank_if_due() and model.reranks == before + 1
    assert picked not in model.keys  # it fell out of the top 5
    # A control's change re-ranks at once; another N (a reset) keeps the selection.
    view.select_key(model.keys[2])
    kept = model.keys[2]
    model.set_request(RankRequest("HK", order="asc", top=30))
    assert view.selected_key() == kept and model.keys[0] == picked


@pytest.mark.parametrize("kind", ["codes", "names"])
def test_new_codes_or_names_are_ranked_again_at_once(qapp, kind):
    store, _ = filled_store()
    model = StockRankModel(store, clock=VirtualClock())
    model.set_request(RankRequest("HK", top=3))
    if kind == "codes":
        store.set_codes(CODES[30:])  # no HK code left
        assert model.keys == []
    else:
        store.set_universe(None)
        assert model.index(0, NAME).data() == model.keys[0]
    store.apply(Batch(), 5.0)
