"""The multi-day columns in the past-day mode, as a trader reads them: the window's own
archive holds some weeks of days (a gap, a code that started late, a day without a
known turnover, a code without a close on the day picked); the multi-day columns are
shown, View > Show a past day… picks a day, and each window, ratio and streak says what
it said at that day's close: that day and the archived trading days before it, nothing
after, a partial window marked `k/N`, a streak stopping at a gap. Checked against a
per-code reading of the rules (tests/support/day_matrices).

Then the units, the colour convention and the language changed in File > Settings…
while the past day is up: its table follows, as the live one does."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from flowdeck.core.day_flow import DayFlow
from flowdeck.core.derived_fields import STREAK_KEY, WINDOWS, net_key, ratio_key
from flowdeck.storage import paths
from flowdeck.ui.table.columns import COLUMN_INDEX, COLUMNS, MULTIDAY_COLUMNS, SortRole
from tests.support.day_flows import trading_days
from tests.support.day_matrices import naive_streak, naive_windows
from tests.support.waiting import wait_until
from tests.support.window import run_window
from tests.support.window_settings import back_to_english, choose_in_settings

CODES = ["HK.00700", "HK.00005", "US.AAPL", "SH.600519", "SZ.000001"]
# Weeks before the simulator's live day, so its own saves never touch them.
DAYS = trading_days(30, last=dt.date(2026, 11, 27))
PICKED = DAYS[-6]          # a Friday; five archived days come after it
AT = DAYS.index(PICKED)
NAN = math.nan


def plan() -> dict[str, dict[dt.date, tuple[float, float | None]]]:
    """code -> day -> (main net, turnover; None unknown)."""
    rng = np.random.default_rng(19)
    size = {d: float(np.round(rng.uniform(1e6, 9e7), 2)) for d in DAYS}
    out: dict[str, dict[dt.date, tuple[float, float | None]]] = {c: {} for c in CODES}
    for i, day in enumerate(DAYS):
        after = i > AT
        # Inflow the last 4 days up to the day picked, outflow before; huge after.
        sign = 1.0 if i > AT - 4 else -1.0
        out["HK.00700"][day] = (9e11 if after else sign * size[day], 4 * size[day])
        if i != AT - 2:  # a trading day FlowDeck did not see: a gap
            out["HK.00005"][day] = (size[day] + 1.5, 3 * size[day])
        if i >= AT - 1:  # its history starts the day before
            out["US.AAPL"][day] = (-size[day], 5 * size[day])
        out["SH.600519"][day] = (-sign * size[day], None if i == AT - 3 else 6 * size[day])
        if i != AT:  # no close on the day picked
            out["SZ.000001"][day] = ((1.0 if i > AT - 3 else -1.0) * size[day],
                                     2 * size[day])
    return out


def flows(days: dict[str, dict[dt.date, tuple[float, float | None]]]) -> list[DayFlow]:
    return [DayFlow(code, day, (main, 0.0, 0.0, 0.0), turnover=turnover, complete=True,
                    update_time=f"{day.isoformat()} 16:00:00")
            for code, per in days.items() for day, (main, turnover) in per.items()]


def expected(days: dict[dt.date, tuple[float, float | None]]) -> dict[str, float]:
    """One code's columns as of PICKED's close, read day by day."""
    def main_of(day):
        return days[day][0] if day in days else NAN

    def turnover_of(day):
        held = days.get(day)
        return NAN if held is None or held[1] is None else held[1]

    before = DAYS[:AT][::-1]   # every weekday traded: a day not held is a gap
    history = [(main_of(d), turnover_of(d)) for d in before]
    out: dict[str, float] = {}
    for n in WINDOWS:
        net, ratio, known = naive_windows(history, main_of(PICKED), turnover_of(PICKED), n)
        out[net_key(n)], out[ratio_key(n)], out[f"known_{n}"] = net, ratio, known
    out[STREAK_KEY] = naive_streak([m for m, _ in history], main_of(PICKED))
    return out


@pytest.fixture
def english_after(qapp):
    yield
    back_to_english()


def write_watchlist() -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[display]\nlanguage = "en"\nunits = "kmb"\ncolors = "red-up"\n'
                    f'[[watchlists]]\nname = "Default"\ncodes = {json.dumps(CODES)}\n',
                    encoding="utf-8")


async def show_past_day(w) -> None:
    """The window's archive filled, every multi-day column shown, View > Show a past
    day…, PICKED chosen, Show this day."""
    await wait_until(lambda: w.day_history.history is not None, 20)
    await wait_until(lambda: w.follower.applies >= 1, 20)
    await asyncio.to_thread(w.day_history.history.save, flows(plan()))
    for c in MULTIDAY_COLUMNS:
        w.view.set_column_visible(COLUMNS[c].key, True)
    next(a for a in w.view_menu.actions() if a.objectName() == "showPastDayAction").trigger()
    dialog = w.past_day.dialog
    dialog.choose(PICKED)
    dialog.ok_button.click()
    await w.past_day.loading


def cell(mode, code: str, key: str, role=Qt.ItemDataRole.DisplayRole):
    model = mode.model
    return model.index(model.row_of_code(code), COLUMN_INDEX[key]).data(role)


def test_the_multiday_columns_as_of_the_day_shown(qloop, flowdeck_home) -> None:
    write_watchlist()
    seen: dict[tuple[str, str], tuple[str, float]] = {}

    async def body(w):
        await show_past_day(w)
        mode = w.past_day
        assert mode.view.isVisible()
        for code in CODES:
            for key in [*(net_key(n) for n in WINDOWS), *(ratio_key(n) for n in WINDOWS),
                        STREAK_KEY]:
                seen[code, key] = (cell(mode, code, key), cell(mode, code, key, SortRole))

    run_window(qloop, body)
    days = plan()
    for code in CODES:
        want = expected(days[code])
        for n in WINDOWS:
            text, value = seen[code, net_key(n)]
            assert value == pytest.approx(want[net_key(n)], rel=1e-12), (code, n)
            known = int(want[f"known_{n}"])
            assert text.endswith(f" {known}/{n}") == (known < n), (code, n, text)
            text, value = seen[code, ratio_key(n)]
            if math.isnan(want[ratio_key(n)]):
                assert math.isnan(value) and text == "—", (code, n, text)
            else:
                assert value == pytest.approx(want[ratio_key(n)], rel=1e-12), (code, n)
        text, value = seen[code, STREAK_KEY]
        assert value == want[STREAK_KEY] and text == f"{want[STREAK_KEY]:+d}", code
    # What the cases are about, in plain numbers.
    assert seen["HK.00700", STREAK_KEY][0] == "+4"       # the days after do not count
    assert seen["HK.00700", net_key(20)][1] < 9e11
    assert seen["HK.00005", STREAK_KEY][0] == "+2"       # stops at the gap
    assert seen["HK.00005", net_key(5)][0].endswith(" 4/5")
    assert seen["US.AAPL", net_key(5)][0].endswith(" 2/5")
    assert seen["US.AAPL", STREAK_KEY][0] == "-2"
    assert seen["SH.600519", ratio_key(5)][0] == "—"     # a day without turnover
    assert seen["SH.600519", ratio_key(3)][0] != "—"
    assert seen["SZ.000001", net_key(5)][0].endswith(" 4/5")  # no close that day
    assert seen["SZ.000001", STREAK_KEY][0] == "+2"


def test_units_colours_and_language_changed_while_a_past_day_is_up(
        qloop, flowdeck_home, english_after) -> None:
    write_watchlist()
    seen = {}

    async def body(w):
        await show_past_day(w)
        mode = w.past_day
        code, key = "HK.00700", net_key(3)   # an inflow: the up colour
        fore = Qt.ItemDataRole.ForegroundRole
        seen["before"] = cell(mode, code, key)
        red = [cell(mode, code, k, fore) for k in (key, "main_net_inflow")]
        choose_in_settings(w, unitsCombo="wan", colorsCombo="green-up")
        seen["wan"] = cell(mode, code, key)
        seen["main wan"] = cell(mode, code, "main_net_inflow")
        green = [cell(mode, code, k, fore) for k in (key, "main_net_inflow")]
        seen["red then green"] = ([c.red() > c.green() for c in red],
                                  [c.green() > c.red() for c in green])
        choose_in_settings(w, unitsCombo="auto", colorsCombo="auto", languageCombo="zh_HK")
        # The texts change when the loop delivers the language switch.
        await wait_until(lambda: "As of" not in mode.strip.text(), 5)
        seen["header"] = mode.model.headerData(COLUMN_INDEX[key], Qt.Orientation.Horizontal)
        seen["hk"] = cell(mode, code, key)
        seen["strip"] = mode.strip.text()
        seen["live"] = w.model.index(w.model.row_of_code(code),
                                     COLUMN_INDEX["main_net_inflow"]).data()

    run_window(qloop, body)
    assert seen["before"].endswith("M") or seen["before"].endswith("K")
    assert seen["wan"][-1] in "万亿" and seen["main wan"][-1] in "万亿"
    assert seen["red then green"] == ([True, True], [True, True])
    assert seen["hk"][-1] in "萬億"        # auto units in Hong Kong's Chinese
    assert seen["live"][-1] in "萬億"      # as the live table writes them
    assert seen["header"] == "3日主力"
    assert seen["strip"].startswith(f"截至 {PICKED.isoformat()} 收市")
