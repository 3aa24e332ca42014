"""The table's multi-day columns (issue 19): 3/5/10/20-day main nets and ratios and the
main inflow streak, from a MultiDayColumns provider over a small day matrix. Values as a
naive reading of the matrix says; a partial window says how many days it has; a gap
stops a streak and a holiday does not; an unknown ratio is "—"; sorting; labels in
Chinese. The view's side (hidden by default, the header menu, saved layouts):
test_multiday_layout.py."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from flowdeck.core.codes import Market
from flowdeck.core.multiday import archived_part
from flowdeck.core.multiday_columns import MultiDayColumns
from flowdeck.core.trading_calendar import WEEKDAYS, DateSetCalendar, trading_days
from flowdeck.live.store import LiveStore
from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.table.columns import COLUMN_INDEX, COLUMNS, MULTIDAY_COLUMNS
from flowdeck.ui.table.table_model import FlowTableModel, SortRole
from tests.support.day_matrices import matrix_of, naive_streak, naive_windows
from tests.support.multiday_tables import live_batch

NAN = math.nan
TIP = Qt.ItemDataRole.ToolTipRole
TODAY = dt.date(2026, 3, 20)                                    # a Friday
PAST = trading_days(WEEKDAYS, dt.date(2026, 2, 2), TODAY)[:-1]  # the weekdays before it
HOLIDAY = PAST[-3]                                              # Tuesday 17 March, HK
HK_DAYS = [d for d in PAST if d != HOLIDAY]
CALENDARS = {Market.HK: DateSetCalendar([*HK_DAYS, TODAY])}
LIVE = {Market.HK: TODAY, Market.US: TODAY}
NET5, RATIO3, RATIO5 = (COLUMN_INDEX[k] for k in (
    "main_net_inflow_5d", "main_net_inflow_ratio_3d", "main_net_inflow_ratio_5d"))
NET3, STREAK = COLUMN_INDEX["main_net_inflow_3d"], COLUMN_INDEX["main_inflow_streak"]
DESC = Qt.SortOrder.DescendingOrder


def model_over(days, codes, live=None, provider=None) -> FlowTableModel:
    """A model of `codes` whose provider reads `days` (code -> day -> (main, turnover));
    `live`: code -> (main net, turnover) of today's record."""
    provider = provider or MultiDayColumns(
        archived_part(matrix_of(days, codes=codes), CALENDARS, LIVE, codes))
    model = FlowTableModel(LiveStore(), multiday=provider)
    model.store.set_codes(codes)
    if live:
        model.store.apply(live_batch(live, TODAY), 1.0)
    return model


def cell(model, code, column, role=Qt.ItemDataRole.DisplayRole):
    return model.index(model.row_of_code(code), column).data(role)


def test_values_are_a_naive_reading_of_the_matrix(qtmodeltester):
    rng = np.random.default_rng(19)
    codes = ["HK.00700", "HK.00005", "HK.09988", "US.AAPL", "US.MSFT", "US.NVDA"]
    days = {}
    for code in codes:
        calendar_days = HK_DAYS if code.startswith("HK") else PAST
        days[code] = {d: (float(rng.choice([-1, 1]) * rng.integers(1, 9) * 1e6),
                          None if rng.random() < 0.05 else float(rng.integers(5, 50) * 1e6))
                      for d in calendar_days if rng.random() > 0.12}   # some gaps
    live = {"HK.00700": (3e6, 2e7), "US.AAPL": (-4e6, 3e7), "HK.09988": (0.0, 1e7)}
    model = model_over(days, codes, live)
    qtmodeltester.check(model, force_py=True)
    for code in codes:
        before = sorted((HK_DAYS if code.startswith("HK") else PAST), reverse=True)
        history = [days[code].get(d, (NAN, NAN)) for d in before]
        history = [(m, NAN if t is None else t) for m, t in history]
        today, turnover = live.get(code, (NAN, NAN))
        for c in MULTIDAY_COLUMNS:
            col = COLUMNS[c]
            value = cell(model, code, c, SortRole)
            if col.kind == "streak":
                assert value == naive_streak([m for m, _ in history], today), code
                continue
            net, ratio, known = naive_windows(history, today, turnover, col.days)
            expected = net if col.kind == "net_days" else ratio
            assert value == pytest.approx(expected, nan_ok=True), (code, col.key)
            text = cell(model, code, c)
            partial = known < col.days and not math.isnan(expected)
            assert text.endswith(f" {known}/{col.days}") == partial, (code, col.key, text)


def test_a_partial_window_says_how_many_days_it_has():
    # Two archived days and today's live value: the 3-day window is whole, the 5-day
    # one has 3 of its 5 days.
    days = {"HK.00005": {HK_DAYS[-1]: (2e6, 1e7), HK_DAYS[-2]: (1e6, 1e7)}}
    model = model_over(days, ["HK.00005"], {"HK.00005": (4e6, 2e7)})
    model.set_units("kmb")
    assert cell(model, "HK.00005", NET3) == "7.00M"
    assert cell(model, "HK.00005", NET5) == "7.00M 3/5"
    assert cell(model, "HK.00005", RATIO5) == "17.50% 3/5"
    tip = cell(model, "HK.00005", NET5, TIP)
    assert "7,000,000.00 HKD" in tip and "3 of 5 trading days archived" in tip
    assert "archived" not in cell(model, "HK.00005", NET3, TIP)


def test_a_gap_stops_the_streak_and_a_holiday_does_not():
    # Inflow on every day archived; Thursday 12 March was not archived (a gap). HK did
    # not trade on Tuesday 17th: its run goes through it. The same days for a US code
    # (which traded on the 17th) miss the 17th: its run stops there.
    run = {d: (1e6, 1e7) for d in HK_DAYS if d != PAST[-6]}
    model = model_over({"HK.00700": run, "US.AAPL": run}, ["HK.00700", "US.AAPL"],
                       {"HK.00700": (1e6, 1e7), "US.AAPL": (1e6, 1e7)})
    assert cell(model, "HK.00700", STREAK) == "+5"    # today, 19, 18, 16, 13 March
    assert cell(model, "US.AAPL", STREAK) == "+3"     # today, 19, 18 March
    tip = cell(model, "HK.00700", STREAK, TIP)
    assert "5 trading days of main inflow in a row" in tip


def test_outflow_streaks_are_negative_and_a_code_without_history_shows_a_dash():
    out = {d: (-1e6, 1e7) for d in HK_DAYS[-4:]}
    model = model_over({"HK.00700": out}, ["HK.00700", "HK.01810"],
                       {"HK.00700": (-2e6, 1e7)})
    assert cell(model, "HK.00700", STREAK) == "-5"
    assert cell(model, "HK.00700", STREAK, SortRole) == -5
    assert cell(model, "HK.01810", STREAK) == "—"     # nothing archived, no trade yet
    assert cell(model, "HK.01810", NET5) == "—"


def test_an_unknown_turnover_makes_the_ratio_a_dash_never_a_made_up_ratio():
    # Futu's DAY history without a day K-line: the nets are known, the turnover not.
    days = {"HK.09988": {HK_DAYS[-1]: (2e6, None), HK_DAYS[-2]: (1e6, 1e7),
                         HK_DAYS[-3]: (1e6, 1e7), HK_DAYS[-4]: (1e6, 1e7)}}
    model = model_over(days, ["HK.09988"], {"HK.09988": (1e6, 1e7)})
    model.set_units("kmb")
    assert cell(model, "HK.09988", NET3) == "4.00M"
    assert cell(model, "HK.09988", RATIO3) == "—"
    assert cell(model, "HK.09988", RATIO5) == "—"
    assert "no known turnover" in cell(model, "HK.09988", RATIO3, TIP)
    assert cell(model, "HK.09988", COLUMN_INDEX["main_net_inflow_ratio_20d"]) == "—"


def test_without_a_provider_every_multi_day_cell_is_a_dash_until_one_is_set():
    days = {"HK.00700": {d: (1e6, 1e7) for d in HK_DAYS}}
    provider = MultiDayColumns(archived_part(matrix_of(days), CALENDARS, LIVE))
    model = FlowTableModel(LiveStore())
    model.store.set_codes(["HK.00700"])
    model.store.apply(live_batch({"HK.00700": (1e6, 1e7)}, TODAY), 1.0)
    assert {model.index(0, c).data() for c in MULTIDAY_COLUMNS} == {"—"}
    assert "archive is not open" in model.index(0, NET5).data(TIP)
    seen = []
    model.dataChanged.connect(lambda a, b, _r: seen.append((a.column(), b.column())))
    model.set_multiday(provider)
    assert seen == [(MULTIDAY_COLUMNS[0], MULTIDAY_COLUMNS[-1])]
    model.set_units("kmb")
    assert model.index(0, NET5).data() == "5.00M"
    assert model.index(0, STREAK).data() == f"+{len(HK_DAYS) + 1}"
    model.set_multiday(None)
    assert model.index(0, NET5).data() == "—"


def test_a_day_roll_is_read_after_refresh_multiday():
    days = {"HK.00700": {d: (1e6, 1e7) for d in HK_DAYS[:-1]}}   # Thursday not yet in
    provider = MultiDayColumns(archived_part(matrix_of(days), CALENDARS, LIVE))
    model = model_over(days, ["HK.00700"], provider=provider)
    model.set_units("kmb")
    assert model.index(0, NET5).data() == "3.00M 3/5"     # Wed 18, Mon 16, Fri 13
    days["HK.00700"][HK_DAYS[-1]] = (1e6, 1e7)            # the archive saved Thursday
    provider.roll(archived_part(matrix_of(days), CALENDARS, LIVE))
    model.refresh_multiday()
    assert model.index(0, NET5).data() == "4.00M 4/5"


def test_sorting_by_a_multi_day_column_follows_live_updates():
    days = {c: {d: (v, 1e7) for d in HK_DAYS[-4:]}
            for c, v in (("HK.00700", 1e6), ("HK.00005", 3e6), ("HK.01810", -2e6))}
    clock = [0.0]
    provider = MultiDayColumns(archived_part(matrix_of(days), CALENDARS, LIVE))
    model = FlowTableModel(LiveStore(), clock=lambda: clock[0], multiday=provider)
    model.store.set_codes(list(days))
    model.sort(NET5, DESC)
    assert [model.code_at(r) for r in range(3)] == ["HK.00005", "HK.00700", "HK.01810"]
    model.store.apply(live_batch({"HK.01810": (30e6, 1e8)}, TODAY), 1.0)
    clock[0] = 10.0
    assert model.resort_if_due()
    assert [model.code_at(r) for r in range(3)] == ["HK.01810", "HK.00005", "HK.00700"]
    model.sort(NET5, Qt.SortOrder.AscendingOrder)
    assert model.code_at(0) == "HK.00700"


def test_labels_in_chinese(qapp):
    model = model_over({}, ["HK.00700"])
    header = Qt.Orientation.Horizontal
    try:
        model.set_language(apply_language("zh_CN"))
        assert model.headerData(NET5, header) == "5日主力"
        assert model.headerData(RATIO5, header) == "5日主力占比"
        assert model.headerData(STREAK, header) == "连续天数"
        assert model.headerData(NET5, header, TIP).startswith("5日主力净流入")
        assert model.index(0, NET5).data(TIP) == "5 个交易日中已存档 0 个"
        model.set_language(apply_language("zh_HK"))
        assert model.headerData(RATIO5, header) == "5日主力佔比"
        assert model.headerData(STREAK, header, TIP).startswith("主力連續流入天數")
        assert model.index(0, NET5).data(TIP) == "5 個交易日中已存檔 0 個"
    finally:
        model.set_language(apply_language("en"))
    assert model.headerData(NET5, header) == "Main 5d"
