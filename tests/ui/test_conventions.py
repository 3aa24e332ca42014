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
from flowdeck.ui.columns import COLUMN_INDEX, CodeRole, SortRole
from flowdeck.ui.i18n import apply_language

from .test_main_window import run_window
from .waiting import wait_until

MAIN = COLUMN_INDEX["main_net_inflow"]
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
