"""The name, last price, change and change % columns of the live table: beside the code,
read from the store's quotes and universe, coloured by the convention as the flows are,
sorted by their numbers (unknown last) with a header click, shown and hidden from the
header's menu, and placed after the code in a layout saved before they existed."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor, QStandardItemModel
from PySide6.QtWidgets import QTableView

from flowdeck.core.batch import Batch
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.core.stock_info import Quote
from flowdeck.live.store import LiveStore
from flowdeck.ui.look.theme_colors import LIGHT
from flowdeck.ui.table.columns import CODE_COLUMN, COLUMN_INDEX, COLUMNS, QUOTE_COLUMNS
from flowdeck.ui.table.table_model import FlowTableModel
from flowdeck.ui.table.table_view import FlowTableView
from tests.support.table_header import click_header, toggle_in_menu
from tests.support.universes import KNOWN_STOCKS, StaticUniverse

NAME, LAST = COLUMN_INDEX["name"], COLUMN_INDEX["last_price"]
CHANGE, RATIO = COLUMN_INDEX["change"], COLUMN_INDEX["change_ratio"]
MAIN = COLUMN_INDEX["main_net_inflow"]
# (last, previous close); HK.09999 is in no universe and has no quote.
PRICES = {"HK.00700": (480.2, 470.0), "US.AAPL": (0.5123, 0.5),
          "SH.600519": (1500.0, 1510.0), "SZ.300750": (250.0, None)}
CODES = [*PRICES, "HK.09999"]


def record(code: str, net: float) -> CapitalFlowRecord:
    n = np.array([net, 0.0, 0.0, 0.0])
    return CapitalFlowRecord.from_tier_values(code, "2025-03-12 10:30:00", np.maximum(n, 0),
                                              np.maximum(-n, 0), 1e9)


def quoted_model() -> FlowTableModel:
    model = FlowTableModel(LiveStore())
    store = model.store
    store.set_codes(CODES)
    store.set_universe(StaticUniverse(KNOWN_STOCKS))
    store.apply(Batch(records={c: record(c, 1e6) for c in CODES},
                      quotes={c: Quote(c, last, prev) for c, (last, prev) in PRICES.items()}),
                1.0)
    return model


def make_view(qtbot) -> FlowTableView:
    view = FlowTableView(quoted_model())
    qtbot.addWidget(view)
    view.resize(1400, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def cells(model: FlowTableModel, code: str) -> dict[str, tuple[str | None, QColor | None]]:
    row = model.row_of_code(code)
    return {COLUMNS[c].key: model.row_cells(row).cells[c][:2] for c in QUOTE_COLUMNS}


def texts(model: FlowTableModel, code: str) -> dict[str, str | None]:
    return {key: text for key, (text, _color) in cells(model, code).items()}


def test_names_prices_and_changes_read_as_the_quotes_say(qapp):
    model = quoted_model()
    assert texts(model, "HK.00700") == {"name": "Tencent Holdings", "last_price": "480.200",
                                        "change": "+10.200", "change_ratio": "+2.17%"}
    # A US stock under $1 trades in $0.0001 steps; an A-share in cents.
    assert texts(model, "US.AAPL") == {"name": "Apple", "last_price": "0.5123",
                                       "change": "+0.0123", "change_ratio": "+2.46%"}
    assert texts(model, "SH.600519") == {"name": "Kweichow Moutai", "last_price": "1500.00",
                                         "change": "-10.00", "change_ratio": "-0.66%"}
    # No previous close: no change; no name, no quote: the code and dashes.
    assert texts(model, "SZ.300750") == {"name": "CATL", "last_price": "250.00",
                                         "change": "—", "change_ratio": "—"}
    assert texts(model, "HK.09999") == {"name": "HK.09999", "last_price": "—",
                                        "change": "—", "change_ratio": "—"}


def test_a_new_quote_and_another_source_s_names_reach_the_cells(qapp):
    model = quoted_model()
    model.store.apply(Batch(quotes={"HK.00700": Quote("HK.00700", 460.0, 470.0)}), 2.0)
    assert texts(model, "HK.00700")["change_ratio"] == "-2.13%"
    model.store.set_universe(None)
    assert texts(model, "HK.00700")["name"] == "HK.00700"


@pytest.mark.parametrize("colors, up_red", [("red-up", True), ("green-up", False)])
def test_changes_are_coloured_by_the_convention_as_flows_are(qapp, colors, up_red):
    model = quoted_model()
    model.set_colors(colors)
    up, down = (QColor(c) for c in LIGHT.flow(up_red))
    for code, colour in (("HK.00700", up), ("SH.600519", down)):
        seen = cells(model, code)
        assert seen["change"][1] == seen["change_ratio"][1] == seen["last_price"][1] == colour
    inflow = model.row_cells(model.row_of_code("HK.00700")).cells[MAIN][1]
    assert inflow == up  # a rising price and an inflow in the same colour
    assert cells(model, "HK.09999")["change_ratio"][1] is None  # unknown: plain text


def test_the_name_follows_the_language(qapp):
    model = quoted_model()
    model.set_language("zh_HK")
    assert texts(model, "HK.00700")["name"] == "騰訊控股"
    assert texts(model, "SZ.300750")["name"] == "宁德时代"
    model.set_language("en")
    assert texts(model, "SZ.300750")["name"] == "CATL"


def test_a_header_click_sorts_by_change_ratio_numbers_unknown_last(qtbot):
    view = make_view(qtbot)
    model = view.flow_model
    click_header(view, RATIO)  # a number: the largest rise first
    assert [model.code_at(r) for r in range(len(CODES))][:3] == \
        ["US.AAPL", "HK.00700", "SH.600519"]
    assert {model.code_at(3), model.code_at(4)} == {"SZ.300750", "HK.09999"}
    click_header(view, RATIO)
    assert [model.code_at(r) for r in range(3)] == ["SH.600519", "HK.00700", "US.AAPL"]
    assert {model.code_at(3), model.code_at(4)} == {"SZ.300750", "HK.09999"}
    assert toggle_in_menu(view, "Last price") is False  # hidden by default: shown
    click_header(view, LAST)
    assert [model.code_at(r) for r in range(4)] == \
        ["SH.600519", "HK.00700", "SZ.300750", "US.AAPL"]
    click_header(view, NAME)  # a text: A to Z, the code standing in for a name
    assert [model.code_at(r) for r in range(len(CODES))] == \
        ["US.AAPL", "SZ.300750", "HK.09999", "SH.600519", "HK.00700"]


def test_beside_the_code_and_shown_and_hidden_from_the_header_menu(qtbot):
    view = make_view(qtbot)
    hh = view.horizontalHeader()
    after_code = [hh.logicalIndex(hh.visualIndex(CODE_COLUMN) + k) for k in range(1, 5)]
    assert after_code == [NAME, LAST, CHANGE, RATIO]
    # The change % says which way and how far in less room: the last price and the
    # change in the currency start hidden (the sparklines stay on a 1,440-px window).
    assert view.isColumnHidden(CHANGE) and view.isColumnHidden(LAST)
    assert not any(view.isColumnHidden(c) for c in (NAME, RATIO))
    assert toggle_in_menu(view, "Change") is False
    assert not view.isColumnHidden(CHANGE)
    assert toggle_in_menu(view, "Last price") is False
    assert not view.isColumnHidden(LAST)
    assert toggle_in_menu(view, "Name") is True
    assert view.isColumnHidden(NAME)


def test_a_layout_saved_before_the_columns_existed_gets_them_after_the_code(qtbot):
    view = make_view(qtbot)
    old = QTableView()
    qtbot.addWidget(old)
    old.setModel(QStandardItemModel(1, QUOTE_COLUMNS[0]))  # the columns there were
    old.setColumnHidden(COLUMN_INDEX["currency"], True)
    old.horizontalHeader().moveSection(CODE_COLUMN, 3)      # the user moved the code
    assert view.restore_header_state(bytes(old.horizontalHeader().saveState().data()))
    hh = view.horizontalHeader()
    assert view.isColumnHidden(COLUMN_INDEX["currency"])     # the user's choices kept
    at = hh.visualIndex(CODE_COLUMN)
    assert at == 3
    assert [hh.logicalIndex(at + k) for k in range(1, 5)] == [NAME, LAST, CHANGE, RATIO]
    assert view.isColumnHidden(CHANGE) and not view.isColumnHidden(NAME)
