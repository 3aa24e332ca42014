"""Conventions that follow the window's language, switched as a user does (File →
Settings, the language combo, OK): one red/green convention for every row (red up in
简体中文, green up in English and 繁體中文（香港）), and zone names that say whose clock
a time is on (北京时间, not the ambiguous CST)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox

from flowdeck.core.codes import Market
from flowdeck.core.markets import market_of
from flowdeck.storage import paths
from flowdeck.storage.config import load_config
from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.table.columns import COLUMN_INDEX, COLUMNS, CodeRole, SortRole
from tests.support.waiting import wait_until
from tests.support.window import run_window

MAIN = COLUMN_INDEX["main_net_inflow"]
TIME = next(i for i, c in enumerate(COLUMNS) if c.kind == "time")
CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.000001", "HK.00005", "US.MSFT"]


@pytest.fixture
def english_after(qapp):
    """The application's translators are global: leave them in English."""
    yield
    apply_language("en")
    QApplication.processEvents()


def write_config(language: str, colors: str | None = None) -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    colours = f'colors = "{colors}"\n' if colors else ""
    path.write_text(f'[display]\nlanguage = "{language}"\n{colours}'
                    f'[[watchlists]]\nname = "Default"\ncodes = {json.dumps(CODES)}\n',
                    encoding="utf-8")


def choose_in_settings(w, **combos: str) -> None:
    """File → Settings…, pick each combo's value, OK."""
    w.settings_action.trigger()
    dialog = w.settings_dialog
    for name, value in combos.items():
        combo = dialog.findChild(QComboBox, name)
        combo.setCurrentIndex(combo.findData(value))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def inflow_colours(w) -> dict[Market, set[bool]]:
    """Per market: whether each Main net amount shown says "up is red" (an inflow in
    red or an outflow in green: True) or "up is green" (False)."""
    model = w.model
    seen: dict[Market, set[bool]] = {}
    for r in range(model.rowCount()):
        index = model.index(r, MAIN)
        value = index.data(SortRole)
        color = index.data(Qt.ItemDataRole.ForegroundRole)
        if not value or color is None:
            continue
        market = market_of(model.index(r, 0).data(CodeRole))
        seen.setdefault(market, set()).add((color.red() > color.green()) == (value > 0))
    return seen


async def all_markets_coloured(w) -> dict[Market, set[bool]]:
    await wait_until(lambda: set(inflow_colours(w)) == set(Market), 30)
    return inflow_colours(w)


@pytest.mark.parametrize("language,red", [("zh_CN", True), ("zh_HK", False), ("en", False)])
def test_one_colour_convention_for_every_row_by_language(qloop, flowdeck_home, english_after,
                                                         language, red) -> None:
    write_config("en")  # colours left at the default

    async def body(w):
        await all_markets_coloured(w)
        choose_in_settings(w, languageCombo=language)
        await wait_until(lambda: all(v == {red} for v in inflow_colours(w).values()), 10)
        assert all(v == {red} for v in (await all_markets_coloured(w)).values())

    run_window(qloop, body)
    assert load_config(paths.config_path()).config.colors == "auto"


def test_an_old_files_auto_gets_the_new_default_and_by_market_is_a_choice(
        qloop, flowdeck_home, english_after) -> None:
    # Written by an earlier FlowDeck, whose default "auto" meant per market.
    write_config("zh_HK", colors="auto")

    async def body(w):
        seen = await all_markets_coloured(w)
        assert all(v == {False} for v in seen.values())  # Hong Kong: green up everywhere
        choose_in_settings(w, colorsCombo="by-market")
        await wait_until(lambda: inflow_colours(w).get(Market.SH) == {True}, 10)
        seen = await all_markets_coloured(w)
        assert seen[Market.SH] == seen[Market.SZ] == {True}
        assert seen[Market.HK] == seen[Market.US] == {False}

    run_window(qloop, body)
    assert load_config(paths.config_path()).config.colors == "by-market"


ZONES = {"zh_CN": {Market.HK: {"香港时间"}, Market.US: {"美东时间"},
                   Market.SH: {"北京时间"}, Market.SZ: {"北京时间"}},
         "zh_HK": {Market.HK: {"香港時間"}, Market.US: {"美東時間"},
                   Market.SH: {"北京時間"}, Market.SZ: {"北京時間"}},
         "en": {Market.HK: {"HKT"}, Market.US: {"EST", "EDT"},
                Market.SH: {"Beijing"}, Market.SZ: {"Beijing"}}}


def zones_shown(w) -> dict[Market, set[str]]:
    """Per market, the clock names after the times in the table's Time column."""
    model = w.model
    seen: dict[Market, set[str]] = {}
    for r in range(model.rowCount()):
        text = str(model.index(r, TIME).data() or "")
        if text[:2].isdigit() and " " in text:  # "10:30:05 HKT", not a market state
            market = market_of(model.index(r, 0).data(CodeRole))
            seen.setdefault(market, set()).add(text.split(" ", 1)[1])
    return seen


def status_names_clocks(w, want: dict[Market, set[str]]) -> bool:
    """Whether the status bar's part of each market ("HK open 11:00 HKT") names its
    clock as `want` says."""
    parts = {p.strip().split(" ")[0]: p for p in w.status.markets.text().split("·")}
    return all(any(name in parts.get(m.value, "") for name in want[m]) for m in Market)


def test_times_name_their_clock_unambiguously_in_each_language(qloop, flowdeck_home,
                                                               english_after) -> None:
    write_config("en")

    async def body(w):
        for language in ("zh_CN", "zh_HK", "en"):
            choose_in_settings(w, languageCombo=language)
            want = ZONES[language]
            await wait_until(lambda: set(zones_shown(w)) == set(Market), 30)
            await wait_until(lambda want=want: all(z <= want[m]
                                                   for m, z in zones_shown(w).items()), 10)
            await wait_until(lambda want=want: status_names_clocks(w, want), 10)
            assert "CST" not in w.status.markets.text()
            # The column makes room for the longest clock name: no #### for a time.
            metrics = w.view.fontMetrics()
            for r in range(w.model.rowCount()):
                text = str(w.model.index(r, TIME).data() or "")
                assert metrics.horizontalAdvance(text) < w.view.columnWidth(TIME), text

    run_window(qloop, body)
