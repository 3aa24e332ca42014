"""FlowTableModel: Qt's model checks, a property test against FlowTable, sorting and
filtering that keep the selection, one dataChanged per batch, market states, stale and
error rows; FlowTableView's header layout. Live re-sorts: test_table_sorting.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from flowdeck.core.batch import Batch, MarketStatus, MinutePoints
from flowdeck.core.history import IntradayHistory
from flowdeck.core.markets import MarketState
from flowdeck.core.records import NUMERIC_KEYS, CapitalFlowRecord
from flowdeck.live.store import LiveStore
from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.table.columns import CODE_COLUMN, COLUMN_INDEX, COLUMNS, TIME_COLUMN
from flowdeck.ui.table.history_loader import HistoryLoader
from flowdeck.ui.table.table_model import (
    SPARK_COLUMNS,
    CodeRole,
    FlowTableModel,
    SortRole,
    SparklineRole,
)
from flowdeck.ui.table.table_view import FlowTableView

CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.000001", "HK.01810", "US.BRK.B"]
MAIN = COLUMN_INDEX["main_net_inflow"]
DESC = Qt.SortOrder.DescendingOrder
ASC = Qt.SortOrder.AscendingOrder


def record(code: str, *nets: float, time: str = "2025-03-12 10:30:00",
           turnover: float = 1e6) -> CapitalFlowRecord:
    """Net per Tier (super, large, medium, small; missing ones 0) as buy or sell."""
    n = np.zeros(4)
    n[: len(nets)] = nets
    buy, sell = np.maximum(n, 0), np.maximum(-n, 0)
    return CapitalFlowRecord.from_tier_values(code, time, buy, sell, turnover)


def make(codes=CODES) -> FlowTableModel:
    model = FlowTableModel(LiveStore())
    model.store.set_codes(codes)
    return model


def shown(model: FlowTableModel) -> list[str]:
    return [model.code_at(r) for r in range(model.rowCount())]


def test_qt_model_checks(qtmodeltester):
    model = make()
    model.store.apply(Batch(records={c: record(c, i * 10.0) for i, c in enumerate(CODES)}), 1.0)
    qtmodeltester.check(model, force_py=True)
    model.sort(MAIN, DESC)
    model.store.apply(Batch(records={"US.AAPL": record("US.AAPL", -5.0)}), 2.0)
    model.resort_if_due(10.0)
    model.set_filter("hk")
    model.store.set_codes(CODES[:3])
    qtmodeltester.check(model)


def test_display_roles():
    model = make()
    model.set_units("kmb")
    big = record("HK.00700", 12_345_678.0, 1.0, turnover=2e8)
    model.store.apply(Batch(records={"HK.00700": big},
                            errors={"US.AAPL": (1016, "upstream timed out")}), 1.0)
    idx = model.index(0, MAIN)
    assert idx.data() == "12.35M"
    assert model.index(0, MAIN + 1).data() == "6.17%"
    assert idx.data(SortRole) == 12_345_679.0
    assert idx.data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    assert model.index(0, COLUMN_INDEX["currency"]).data() == "HKD"
    assert model.index(0, TIME_COLUMN).data() == "10:30:00 HKT"  # exchange time, zone named
    assert model.index(1, MAIN).data() == "—"  # no record yet
    spark = COLUMN_INDEX["large_sparkline"]
    assert model.index(1, spark).data(SparklineRole) == ("US.AAPL", 3)
    assert model.index(1, 0).data(CodeRole) == "US.AAPL"
    model.set_units("wan")
    assert model.index(0, MAIN).data() == "1234.57万"


def test_colours_follow_the_convention():
    model = make(["HK.00700", "US.AAPL"])
    model.store.apply(Batch(records={"HK.00700": record("HK.00700", 5.0),
                               "US.AAPL": record("US.AAPL", 5.0)}), 1.0)
    fg = Qt.ItemDataRole.ForegroundRole

    def red(row: int) -> bool:
        color = model.index(row, MAIN).data(fg)
        return color.red() > color.green()

    assert not red(0) and not red(1)       # auto in English: one convention, green-up
    model.set_colors("green-up")
    assert not red(0) and not red(1)
    model.set_colors("red-up")
    assert red(0) and red(1)
    with pytest.raises(ValueError):
        model.set_colors("blue-up")


# --- the property test: the model is the FlowTable under its permutation ---------------

values_st = st.floats(-1e9, 1e9, allow_nan=False)
batch_st = st.dictionaries(st.sampled_from(CODES),
                           st.tuples(values_st, values_st, values_st, values_st), max_size=6)
sort_st = st.tuples(st.integers(-1, len(COLUMNS) - 1), st.sampled_from([ASC, DESC]))


@given(steps=st.lists(st.tuples(batch_st, sort_st, st.sampled_from(["", "hk", "US.", "0"])),
                      min_size=1, max_size=6))
def test_model_rows_are_the_table_under_the_permutation(qapp, steps):
    model = make()
    latest: dict[str, CapitalFlowRecord] = {}
    for wall, (recs, (column, order), text) in enumerate(steps):
        batch = Batch(records={c: record(c, *v) for c, v in recs.items()})
        latest.update(batch.records)
        model.store.apply(batch, float(wall))
        model.sort(column, order)
        model.set_filter(text)
        rows = model.table_rows()
        table = model.table
        assert sorted(shown(model)) == sorted(c for c in CODES if text.upper() in c)
        for r, t in enumerate(rows.tolist()):
            code = table.codes[t]
            want = latest.get(code)
            got = [model.index(r, COLUMN_INDEX[k]).data(SortRole) for k in NUMERIC_KEYS]
            if want is None:
                assert all(np.isnan(got))
            else:
                assert got == [getattr(want, k) for k in NUMERIC_KEYS]
                assert got[0] == got[4] + got[6] and got[2] == got[8] + got[10]
        if column >= 0 and COLUMNS[column].numeric:
            keys = np.array([model.index(r, column).data(SortRole)
                             for r in range(model.rowCount())])
            finite = keys[~np.isnan(keys)]
            assert np.isnan(keys[len(finite):]).all()  # no value: last
            step = np.diff(finite) if order == ASC else -np.diff(finite)
            assert (step >= 0).all()                      # numeric order
            # Stable: equal keys keep the table's (watchlist) order.
            for a, b in zip(rows[:-1].tolist(), rows[1:].tolist(), strict=True):
                ka, kb = table.values[a, COLUMNS[column].number], \
                    table.values[b, COLUMNS[column].number]
                if ka == kb or (np.isnan(ka) and np.isnan(kb)):
                    assert a < b


# --- signals ----------------------------------------------------------------------------

def test_one_data_changed_per_apply_over_the_touched_block(qtbot):
    model = make()
    seen = []
    model.dataChanged.connect(lambda a, b, roles: seen.append((a.row(), b.row(), b.column())))
    batch = Batch(records={"US.AAPL": record("US.AAPL", 1.0),
                           "SZ.000001": record("SZ.000001", 2.0)},
                  points=MinutePoints(["US.AAPL"], np.array([3], np.int32),
                                      np.ones((1, 6), np.float32)),
                  errors={"SH.600519": (1016, "down")})
    model.store.apply(batch, 1.0)
    assert seen == [(1, 3, len(COLUMNS) - 1)]
    seen.clear()
    model.store.apply(Batch(records={c: record(c, 1.0) for c in CODES}), 2.0)
    assert seen == [(0, len(CODES) - 1, len(COLUMNS) - 1)]
    seen.clear()
    model.store.apply(Batch(), 3.0)
    assert seen == []
    assert model.history.last_minute("US.AAPL") == 3


def test_sort_and_filter_keep_the_selection(qtbot):
    model = make()
    model.store.apply(Batch(records={c: record(c, float(i)) for i, c in enumerate(CODES)}), 1.0)
    view = FlowTableView(model)
    qtbot.addWidget(view)
    view.select_codes(["SH.600519", "HK.01810"], current="SH.600519")
    assert view.selected_codes() == ["SH.600519", "HK.01810"]
    picked = []
    view.code_selected.connect(picked.append)
    view.sortByColumn(MAIN, DESC)
    assert shown(model)[0] == "US.BRK.B"
    assert sorted(view.selected_codes()) == ["HK.01810", "SH.600519"]
    assert view.current_code() == "SH.600519"
    model.store.apply(Batch(records={"SH.600519": record("SH.600519", 99.0)}), 2.0)
    model.resort_if_due(1e9)
    assert shown(model)[0] == "SH.600519" and view.current_code() == "SH.600519"
    assert sorted(view.selected_codes()) == ["HK.01810", "SH.600519"]
    view.sortByColumn(CODE_COLUMN, ASC)   # text columns sort as text
    assert shown(model) == sorted(CODES)
    model.set_filter("sh")
    assert shown(model) == ["SH.600519"] and view.selected_codes() == ["SH.600519"]
    model.set_filter("")
    assert sorted(view.selected_codes()) == ["HK.01810", "SH.600519"]
    assert view.current_code() == "SH.600519"
    view.sortByColumn(-1, ASC)            # back to the watchlist's order
    assert shown(model) == CODES
    view.selectRow(1)
    assert picked[-1] == "US.AAPL"


def test_header_state_round_trip(qtbot):
    model = make()
    view = FlowTableView(model)
    qtbot.addWidget(view)
    view.setColumnHidden(COLUMN_INDEX["retail_net_inflow"], True)
    hh = view.horizontalHeader()
    hh.moveSection(hh.visualIndex(TIME_COLUMN), 0)
    state = view.header_state()
    other = FlowTableView(model)
    qtbot.addWidget(other)
    assert other.restore_header_state(state)
    assert other.isColumnHidden(COLUMN_INDEX["retail_net_inflow"])
    assert other.horizontalHeader().logicalIndex(0) == TIME_COLUMN
    assert not other.restore_header_state(b"garbage")
    assert not other.restore_header_state(None)
    other.reset_header()
    assert not other.isColumnHidden(COLUMN_INDEX["retail_net_inflow"])


# --- market states, stale and error rows -------------------------------------------------

def test_lunch_and_close_replace_staleness(qapp):
    model = make(["HK.00700", "US.AAPL"])
    model.store.set_stale_after(30)
    model.store.apply(Batch(records={"HK.00700": record("HK.00700", 1.0),
                               "US.AAPL": record("US.AAPL", 1.0)},
                      markets={"HK": MarketStatus(MarketState.OPEN, "2025-03-12 11:59:00"),
                               "US": MarketStatus(MarketState.OPEN, "2025-03-11 23:59:00")}),
                wall=100.0)
    fg = Qt.ItemDataRole.ForegroundRole
    model.store.refresh_stale(120.0)
    assert not model.store.stale_rows().any()
    model.store.refresh_stale(140.0)
    assert model.store.stale_rows().tolist() == [True, True]
    assert model.index(0, CODE_COLUMN).data(fg) is not None        # dimmed
    assert "stale" in model.index(0, TIME_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    model.store.set_market_states({"HK": MarketState.LUNCH_BREAK, "US": MarketState.CLOSED})
    model.store.refresh_stale(141.0)
    assert model.store.stale_rows().tolist() == [False, False]
    assert model.index(0, TIME_COLUMN).data() == "lunch break"
    assert model.index(1, TIME_COLUMN).data() == "closed"
    tip = model.index(0, TIME_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert "HK lunch break" in tip and "10:30:00" in tip
    # Field labels follow the model's language; sentences and market states come from
    # the translators, which the window switches first (ui.i18n).
    try:
        model.set_language(apply_language("zh_CN"))
        assert model.index(0, TIME_COLUMN).data() == "午间休市"
        assert model.headerData(CODE_COLUMN, Qt.Orientation.Horizontal) == "股票代码"
        model.set_language(apply_language("zh_HK"))
        assert model.index(1, TIME_COLUMN).data() == "已收市"
        assert model.headerData(CODE_COLUMN, Qt.Orientation.Horizontal) == "股票代碼"
    finally:
        apply_language("en")


def test_error_rows_show_the_error_until_a_record_arrives():
    model = make(["HK.00700", "US.AAPL"])
    model.store.apply(Batch(errors={"US.AAPL": (1016, "upstream timed out")}), 1.0)
    assert model.index(1, CODE_COLUMN).data() == "⚠ US.AAPL"
    tip = model.index(1, MAIN).data(Qt.ItemDataRole.ToolTipRole)
    assert "1016" in tip and "upstream timed out" in tip
    assert model.index(1, MAIN).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, MAIN).data(Qt.ItemDataRole.BackgroundRole) is None
    model.store.apply(Batch(records={"US.AAPL": record("US.AAPL", 1.0)}), 2.0)
    assert model.index(1, CODE_COLUMN).data() == "US.AAPL"
    assert model.index(1, MAIN).data(Qt.ItemDataRole.BackgroundRole) is None


def test_restart_clears_the_day_of_those_codes():
    model = make(["HK.00700"])
    pts = MinutePoints(["HK.00700"] * 2, np.array([0, 1], np.int32), np.ones((2, 6), np.float32))
    model.store.apply(Batch(points=pts), 1.0)
    assert model.history.last_minute("HK.00700") == 1
    one = MinutePoints(["HK.00700"], np.array([0], np.int32), np.ones((1, 6), np.float32))
    model.store.apply(Batch(points=one, snapshot=True), 2.0, restart={"HK.00700"})
    assert model.history.last_minute("HK.00700") == 0
    model.store.set_codes(["US.AAPL"])
    assert model.history.codes() == ["US.AAPL"]


def test_a_large_snapshot_loads_behind_the_first_frame(qtbot):
    history = IntradayHistory()
    loader = HistoryLoader(history, slice_points=100)
    model = FlowTableModel(LiveStore(history=history, loader=loader))
    loader.loaded.connect(model.history_loaded)
    model.store.set_codes(CODES)
    n = 60
    pts = MinutePoints(sorted(CODES * n), np.tile(np.arange(n, dtype=np.int32), len(CODES)),
                       np.ones((len(CODES) * n, 6), np.float32))
    seen = []
    model.dataChanged.connect(lambda a, b, roles: seen.append((a.row(), a.column(), b.row(),
                                                               b.column())))
    model.set_rows_on_screen(0, 1)
    model.store.apply(Batch(points=pts, snapshot=True), 1.0)
    assert seen == [(0, 0, len(CODES) - 1, len(COLUMNS) - 1)]
    on_screen = {model.code_at(0), model.code_at(1)}
    assert all(model.history.last_minute(c) == n - 1 for c in on_screen)
    with qtbot.waitSignal(loader.loaded, timeout=5000):
        pass
    assert all(model.history.last_minute(c) == n - 1 for c in CODES)
    spark = COLUMN_INDEX["main_sparkline"]
    assert seen[-1] == (0, spark, len(CODES) - 1, SPARK_COLUMNS[-1])


def test_time_cells_name_the_exchange_zone():
    from flowdeck.core.markets import Market
    from flowdeck.ui.table.cell_format import with_zone, zone_at

    assert zone_at(Market.US, "2026-01-05 10:00:00") == "EST"
    assert zone_at(Market.US, "2026-07-06 10:00:00") == "EDT"
    assert zone_at(Market.SZ, "2026-07-06 10:00:00") == "Beijing"  # not CST: US Central too
    assert with_zone(Market.HK, "2026-07-06 10:00:00") == "2026-07-06 10:00:00 HKT (UTC+8)"
    assert with_zone(Market.US, "2026-07-06 10:00:00") == "2026-07-06 10:00:00 EDT (UTC-4)"
    assert with_zone(Market.HK, "") == "—"


def test_columns_fit_their_widest_text_and_a_number_never_shows_clipped(qtbot):
    """万/亿 amounts are wider than K/M/B ones; a column too narrow for a number shows
    #### rather than the number's right end ("-1308.67万" clipped reads "308.67万")."""
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    from flowdeck.core.units import format_amount

    model = FlowTableModel(LiveStore())
    view = FlowTableView(model)
    qtbot.addWidget(view)
    metrics = view.fontMetrics()
    view.fit_columns("wan")
    widest = metrics.horizontalAdvance(format_amount(-99_994_999.0, "wan"))
    assert view.columnWidth(MAIN) >= widest + 8
    assert view.columnWidth(TIME_COLUMN) >= metrics.horizontalAdvance("23:59:59 EDT") + 8
    view.horizontalHeader().resizeSection(MAIN, 400)
    view.fit_columns("kmb")
    assert view.columnWidth(MAIN) == 400  # a user's wider column stays

    # The delegate: a cell narrower than its number paints hashes, never a clipped number.
    model.store.set_codes(["HK.00700"])
    delegate = view.cell_delegate
    drawn = []

    class Recorder(QPainter):
        def drawText(self, *args):
            drawn.append(args[-1])
            return super().drawText(*args)

        def drawStaticText(self, *args):  # the delegate draws laid-out texts
            drawn.append(args[-1].text())
            return super().drawStaticText(*args)

    image = QImage(30, 22, QImage.Format.Format_ARGB32)
    painter = Recorder(image)
    option = QStyleOptionViewItem()
    option.rect = image.rect()
    option.palette = view.palette()
    model.row_cells = lambda row: type("R", (), {
        "cells": [("-1308.67万", None, int(Qt.AlignmentFlag.AlignRight))] * 40,
        "background": None})()
    delegate.paint(painter, option, model.index(0, MAIN))
    painter.end()
    assert drawn and set(drawn[0]) == {"#"}
