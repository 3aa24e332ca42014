"""Amount columns over rows of several currencies sort by the value in the base currency
(a real header click), the header's tooltip says in what and at which rates; a
currency without a rate sorts apart, after the converted rows, and the tooltip says so."""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import Qt

from flowdeck.core.batch import Batch
from flowdeck.core.currency import Rate, Rates
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.live.store import LiveStore
from flowdeck.ui.table.columns import COLUMN_INDEX, COLUMNS
from flowdeck.ui.table.sort_currency import sort_currency_text
from flowdeck.ui.table.table_model import FlowTableModel
from flowdeck.ui.table.table_view import FlowTableView
from tests.support.table_header import click_header

MAIN = COLUMN_INDEX["main_net_inflow"]
RATIO = COLUMN_INDEX["main_net_inflow_ratio"]
# The example: raw, TSLA's 327M USD sorts above Tencent's 74M HKD, but so would
# 80M USD against 700M HKD.
MAINS = {"HK.00700": 700e6, "US.TSLA": 80e6, "SH.600519": 600e6, "HK.09988": 74e6,
         "US.AAPL": 327e6}
RATES = Rates("HKD", (Rate("USD", 7.8, "2026-12-01"), Rate("CNY", 1.08, "2026-11-28")))


def record(code: str, net: float) -> CapitalFlowRecord:
    n = np.array([net, 0.0, 0.0, 0.0])
    return CapitalFlowRecord.from_tier_values(code, "2026-12-01 10:30:00", np.maximum(n, 0),
                                              np.maximum(-n, 0), 1e10)


def table_view(qtbot) -> FlowTableView:
    model = FlowTableModel(LiveStore())
    model.store.set_codes(list(MAINS))
    model.store.apply(Batch(records={c: record(c, v) for c, v in MAINS.items()}), 1.0)
    view = FlowTableView(model)
    qtbot.addWidget(view)
    view.resize(1400, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def shown(view: FlowTableView) -> list[str]:
    return [view.flow_model.code_at(r) for r in range(view.flow_model.rowCount())]


def tooltip(view: FlowTableView, column: int) -> str:
    return view.flow_model.headerData(column, Qt.Orientation.Horizontal,
                                      Qt.ItemDataRole.ToolTipRole)


def test_a_click_on_an_amount_sorts_by_value_in_the_base_currency(qtbot) -> None:
    view = table_view(qtbot)
    click_header(view, MAIN)
    assert shown(view) == ["HK.00700", "SH.600519", "US.AAPL", "US.TSLA", "HK.09988"]  # raw
    view.flow_model.set_rates(RATES)  # Settings applied while sorted: re-sorted at once
    in_hkd = {c: v * RATES.rate_of({"HK": "HKD", "US": "USD"}.get(c[:2], "CNY"))
              for c, v in MAINS.items()}
    assert shown(view) == sorted(in_hkd, key=in_hkd.__getitem__, reverse=True) == [
        "US.AAPL", "HK.00700", "SH.600519", "US.TSLA", "HK.09988"]
    click_header(view, MAIN)  # ascending: the same values turned over
    assert shown(view) == ["HK.09988", "US.TSLA", "SH.600519", "HK.00700", "US.AAPL"]
    text = tooltip(view, MAIN)
    assert "Sorted by value in HKD" in text
    assert "1 USD = 7.8 HKD (2026-12-01), 1 CNY = 1.08 HKD (2026-11-28)" in text
    assert "Sorted by value" not in tooltip(view, RATIO)  # ratios need no currency


def test_a_currency_without_a_rate_sorts_after_in_its_own_amounts(qtbot) -> None:
    view = table_view(qtbot)
    view.flow_model.set_rates(Rates("HKD", (Rate("USD", 7.8, "2026-12-01"),)))
    click_header(view, MAIN)
    # HK and US converted first; SH (no CNY rate) after, never as if 1 CNY were 1 HKD.
    assert shown(view) == ["US.AAPL", "HK.00700", "US.TSLA", "HK.09988", "SH.600519"]
    click_header(view, MAIN)
    assert shown(view) == ["HK.09988", "US.TSLA", "HK.00700", "US.AAPL", "SH.600519"]
    assert "No rate for CNY" in tooltip(view, MAIN)


def test_shanghai_and_shenzhen_without_a_rate_are_one_cny_block(qtbot) -> None:
    mains = {"SZ.000001": 500e6, "HK.00700": 700e6, "SH.600519": 600e6,
             "SZ.000002": 900e6, "US.AAPL": 1e6}
    model = FlowTableModel(LiveStore())
    model.store.set_codes(list(mains))
    model.store.apply(Batch(records={c: record(c, v) for c, v in mains.items()}), 1.0)
    model.set_rates(Rates("HKD", (Rate("USD", 7.8, "2026-12-01"),)))
    model.sort(MAIN, Qt.SortOrder.DescendingOrder)
    # The CNY amounts compare among themselves, whichever exchange: one block.
    assert [model.code_at(r) for r in range(5)] == [
        "HK.00700", "US.AAPL", "SZ.000002", "SH.600519", "SZ.000001"]


def test_one_currency_needs_no_rate(qtbot) -> None:
    model = FlowTableModel(LiveStore())
    model.store.set_codes(["HK.00700", "HK.09988"])
    model.store.apply(Batch(records={"HK.00700": record("HK.00700", 1.0),
                                     "HK.09988": record("HK.09988", 2.0)}), 1.0)
    model.set_rates(Rates("CNY"))
    model.sort(MAIN, Qt.SortOrder.DescendingOrder)
    assert [model.code_at(r) for r in range(2)] == ["HK.09988", "HK.00700"]
    assert "Sorted by value" not in model.headerData(MAIN, Qt.Orientation.Horizontal,
                                                     Qt.ItemDataRole.ToolTipRole)


def test_a_table_following_this_one_gets_its_rates(qtbot) -> None:
    # The past-day table follows the live one's display_changed (past_day_mode).
    live, past = FlowTableModel(LiveStore()), FlowTableModel(LiveStore())
    live.display_changed.connect(lambda: past.set_rates(live.rates))
    with qtbot.waitSignal(live.display_changed, timeout=1000):
        live.set_rates(RATES)
    assert past.rates == RATES


def test_old_rates_are_pointed_out(qtbot) -> None:
    table = table_view(qtbot).flow_model.table
    main = COLUMNS[MAIN]

    def text(day: dt.date) -> str:
        return sort_currency_text(table, main, RATES, day)
    assert "Older than" not in text(dt.date(2026, 12, 28))  # CNY's 2026-11-28: 30 days
    assert "Older than 30 days: CNY (File > Settings)" in text(dt.date(2026, 12, 29))
    assert "Older than 30 days: USD, CNY" in text(dt.date(2027, 1, 1))
