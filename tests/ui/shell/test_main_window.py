"""The main window on the simulator: rows fill, the detail follows the selection, the
layout is kept in QSettings and reset from the View menu, a broken config shows a
banner, watchlist edits are saved (a failed save shows a banner, the data stays)."""

from __future__ import annotations

import asyncio
import tomllib

import pytest
from PySide6.QtCore import QByteArray

from flowdeck.feeds.sim.stocks import DEFAULT_WATCHLIST
from flowdeck.storage import paths
from flowdeck.storage.atomic import StorageError
from flowdeck.ui.shell import main_window as main_window_module
from flowdeck.ui.shell.window_layout import KEY_HEADER, KEY_STATE, window_settings
from flowdeck.ui.table.columns import COLUMN_INDEX, COLUMNS, MULTIDAY_COLUMNS
from tests.support.waiting import wait_until
from tests.support.window import run_window


def test_first_start_creates_the_default_watchlist_and_fills_rows(qloop, flowdeck_home) -> None:
    async def body(w):
        await wait_until(lambda: w.follower.applies >= 2, 20)
        await wait_until(lambda: w.detail_dock.curves[0].getData()[0] is not None, 10)

    w = run_window(qloop, body)
    assert w.model.rowCount() == len(DEFAULT_WATCHLIST)
    assert paths.config_path().exists()  # created on the first start
    saved = tomllib.loads(paths.config_path().read_text(encoding="utf-8"))
    assert saved["watchlists"][0]["codes"] == list(DEFAULT_WATCHLIST)
    assert w.detail_dock.code == DEFAULT_WATCHLIST[0]
    assert w.status.badge.isVisibleTo(w) and w.status.badge.text() == "SIMULATED"
    assert w.status.state_name == "stopped"  # after shutdown
    assert "HK" in w.status.markets.text()
    assert w.objectName() == "mainWindow"
    for name in ("flowTable", "filterEdit", "watchlistDock", "detailDock", "statusBar"):
        assert w.findChild(object, name) is not None, name


def test_selection_drives_the_detail_and_filter_filters(qloop, flowdeck_home) -> None:
    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        w.view.selectRow(3)
        assert w.detail_dock.code == w.model.code_at(3)
        w.filter_edit.setText("US.")
        assert 0 < w.model.rowCount() < len(DEFAULT_WATCHLIST)
        assert all(w.model.code_at(r).startswith("US.") for r in range(w.model.rowCount()))

    run_window(qloop, body)


def test_layout_is_saved_restored_and_reset(qloop, flowdeck_home) -> None:
    async def hide_and_close(w):
        w.detail_dock.hide()
        w.view.set_column_visible("main_net_inflow_ratio", False)

    run_window(qloop, hide_and_close)
    settings = window_settings()
    assert str(flowdeck_home) in settings.fileName()
    assert isinstance(settings.value(KEY_STATE), QByteArray)
    assert isinstance(settings.value(KEY_HEADER), QByteArray)

    async def check_restored(w):
        assert not w.detail_dock.isVisibleTo(w)
        col = w.model.columnCount()
        hidden = [c for c in range(col) if w.view.isColumnHidden(c)]
        # The multi-day columns (and the price change in currency) are hidden by default.
        default_hidden = [c for c, column in enumerate(COLUMNS) if column.hidden_by_default]
        assert set(MULTIDAY_COLUMNS) <= set(default_hidden)
        assert hidden == sorted([COLUMN_INDEX["main_net_inflow_ratio"], *default_hidden])
        actions = {a.text(): a for a in w.view_menu.actions()}
        assert w.reset_layout_action in actions.values()
        assert w.detail_dock.toggleViewAction() in actions.values()
        w.reset_layout_action.trigger()
        assert w.detail_dock.isVisibleTo(w)
        hidden = [c for c in range(col) if w.view.isColumnHidden(c)]
        assert hidden == default_hidden

    run_window(qloop, check_restored)


def test_broken_config_shows_a_banner(qloop, flowdeck_home) -> None:
    cfg = paths.config_path()
    paths.ensure_dir(cfg.parent)
    cfg.write_text("this is [not toml", encoding="utf-8")

    async def body(w):
        texts = w.banners.texts()
        assert len(texts) == 1 and "broken" in texts[0] and ".bak" in texts[0]
        banner = w.banners.banner("config")
        banner.dismiss()
        await asyncio.sleep(0)
        assert w.banners.texts() == []
        assert w.model.rowCount() == len(DEFAULT_WATCHLIST)  # defaults in use

    run_window(qloop, body)
    assert cfg.with_name(cfg.name + ".bak").exists()


def test_watchlist_change_saves_and_restarts(qloop, flowdeck_home) -> None:
    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        w.watchlists.add_text("HK.00388")
        await wait_until(lambda: "HK.00388" in w.store.details, 20)
        assert w.model.rowCount() == len(DEFAULT_WATCHLIST) + 1

    run_window(qloop, body)
    saved = tomllib.loads(paths.config_path().read_text(encoding="utf-8"))
    assert "HK.00388" in saved["watchlists"][0]["codes"]


def test_failed_save_shows_a_banner_and_keeps_the_data(qloop, flowdeck_home,
                                                       monkeypatch) -> None:
    def failing_save(path, config, ops=None):
        raise StorageError("save settings to", path, OSError(28, "No space left on device"))

    async def body(w):
        monkeypatch.setattr(main_window_module, "save_config", failing_save)
        w.watchlists.add_text("US.NFLX")
        await asyncio.sleep(0)
        texts = w.banners.texts()
        assert len(texts) == 1 and "No space left" in texts[0]
        assert "US.NFLX" in w.watchlists.codes()
        assert w.model.row_of_code("US.NFLX") is not None
        monkeypatch.undo()
        monkeypatch.setenv("FLOWDECK_HOME", str(flowdeck_home))
        w.watchlists.add_text("US.DIS")  # the next save works and clears the banner
        await asyncio.sleep(0)
        assert w.banners.texts() == []

    run_window(qloop, body)
    saved = tomllib.loads(paths.config_path().read_text(encoding="utf-8"))
    assert {"US.NFLX", "US.DIS"} <= set(saved["watchlists"][0]["codes"])


@pytest.mark.parametrize("source", ["nosuch://x"])
def test_bad_source_shows_error_state(qloop, flowdeck_home, source) -> None:
    async def body(w):
        await asyncio.sleep(0.05)
        assert w.status.state_name == "error"
        assert "unknown source" in w.status.state.toolTip()

    run_window(qloop, body, source=source)


def test_status_bar(qtbot) -> None:
    from flowdeck.core.batch import MarketStatus
    from flowdeck.core.markets import MarketState
    from flowdeck.ui.shell.status_bar import StatusBar

    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.set_source("gateway://127.0.0.1:11111", False)
    assert bar.badge.isHidden()
    bar.set_source("sim", True)
    assert not bar.badge.isHidden()
    long_error = "next retry at 10:00:05: " + "connection refused " * 40
    bar.set_state("reconnecting", long_error)
    assert bar.state_name == "reconnecting" and bar.state.toolTip() == long_error
    assert "next retry at 10:00:05" in bar.state.text() and "…" in bar.state.text()
    assert len(bar.state.text()) < len(long_error)
    bar.set_markets({"HK": MarketStatus(MarketState.LUNCH_BREAK, "2024-01-02 12:30:00"),
                     "US": MarketStatus(MarketState.OPEN, "2024-01-02 10:00:00")})
    # Exchange times say whose they are (New York is on EST in January, EDT in July).
    assert bar.markets.text() == "HK lunch 12:30 HKT  ·  US open 10:00 EST"
    bar.set_last_update("HK.00700", "2024-01-02 11:59:58")
    assert bar.last_update.text() == "Last: 11:59:58 HKT (HK.00700)"
    assert bar.last_update.toolTip() == "HK.00700 2024-01-02 11:59:58 HKT (UTC+8) (exchange time)"
    bar.set_last_update("US.AAPL", "2024-07-02 09:31:00")
    assert bar.last_update.text() == "Last: 09:31:00 EDT (US.AAPL)"
    bar.set_rate(1234.4)
    assert bar.rate.text() == "1,234 upd/s"
