"""The window's flow history as a trader meets it: the archive opens beside the live
view, File > Fill past days fills the watchlist's past days with a progress bar, the
multi-day rules get their numbers, the day so far is saved at quit, and an unreadable
archive is moved aside with a banner that says where."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMenu

from flowdeck.core.multiday_columns import MultiDayColumns
from flowdeck.feeds.history_sources import history_source
from flowdeck.storage import paths
from flowdeck.storage.archive.archive import Archive
from flowdeck.ui.table.columns import COLUMN_INDEX
from tests.support.waiting import wait_until
from tests.support.window import FAST, run_window

CODES = ["HK.00700", "US.AAPL"]


def small_watchlist() -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[[watchlists]]\nname = "Default"\ncodes = {json.dumps(CODES)}\n',
                    encoding="utf-8")


def menu_action(menu: QMenu, object_name: str):
    return next(a for a in menu.actions() if a.objectName() == object_name)


def test_fill_past_days_from_the_file_menu_feeds_the_multiday_rules(
        qloop, flowdeck_home) -> None:
    small_watchlist()
    seen = {}

    async def body(w):
        await wait_until(lambda: w.day_history.history is not None, 20)
        await wait_until(lambda: w.follower.applies >= 1, 20)
        # Each refresh notes whether the backfill still runs: the one its end makes comes
        # with the progress hidden. (Between midnight and the open, the simulator's
        # clock, in session, rolls the window's day at its first batch: a refresh of its
        # own, which can land while the backfill runs.)
        providers = []
        w.day_history.refreshed.connect(
            lambda _p: providers.append(w.day_history.progress.isVisibleTo(w)))
        fill = next(a.menu() for a in w.file_menu.actions() if a.menu() is not None)
        assert fill is w.day_history.menu
        menu_action(fill, "backfill20Action").trigger()
        seen["progress shown"] = w.day_history.progress.isVisibleTo(w)
        await wait_until(lambda: False in providers, 30)
        seen["progress after"] = w.day_history.progress.isVisibleTo(w)
        seen["extra"] = w.alerts.center.pipeline.engine.extra
        # Alerts > New rule…, a code and the 5-day field: the editor shows its value now.
        menu_action(w.alerts_menu, "newRuleAction").trigger()
        editor = w.alerts.rule_dialog
        editor.findChild(QComboBox, "scopeKind").setCurrentIndex(0)  # one code
        editor.findChild(QLineEdit, "scopeCode").setText("HK.00700")
        field = editor.findChild(QComboBox, "field")
        field.setCurrentIndex(field.findData("main_net_inflow_5d"))
        seen["now"] = editor.findChild(QLabel, "nowValue").text()
        editor.reject()

    run_window(qloop, body, timeout=60)
    assert seen["progress shown"] and not seen["progress after"]
    assert isinstance(seen["extra"], MultiDayColumns)
    assert seen["now"].startswith("Now: ") and "no value" not in seen["now"]
    identity = history_source(FAST).identity
    with Archive.open(paths.archive_path("window"), identity) as archive:
        for code in CODES:
            days = archive.days(code)
            assert sum(d.complete for d in days) == 20
            # The live day, saved at quit, after the 20 past ones, not complete yet.
            assert days[-1].day > days[-2].day and not days[-1].complete


def test_an_unreadable_archive_is_moved_aside_with_a_banner(qloop, flowdeck_home) -> None:
    small_watchlist()
    archive = paths.archive_path("window")
    archive.parent.mkdir(parents=True, exist_ok=True)
    archive.write_bytes(b"not a database at all " * 100)
    seen = {}

    async def body(w):
        await wait_until(lambda: w.day_history.history is not None, 20)
        await wait_until(lambda: any("moved to" in t for t in w.banners.texts()), 5)
        seen["banners"] = w.banners.texts()

    run_window(qloop, body, timeout=60)
    text = next(t for t in seen["banners"] if "moved to" in t)
    assert str(archive) in text and "a new history started" in text
    moved = [p for p in archive.parent.iterdir() if p.name.startswith("archive.sqlite.")]
    assert moved and moved[0].read_bytes().startswith(b"not a database")


def test_the_multiday_columns_show_the_archived_days_once_filled(qloop, flowdeck_home) -> None:
    small_watchlist()
    seen = {}

    async def body(w):
        await wait_until(lambda: w.day_history.history is not None, 20)
        await wait_until(lambda: w.follower.applies >= 1, 20)
        column = COLUMN_INDEX["main_net_inflow_5d"]
        w.view.set_column_visible("main_net_inflow_5d", True)
        row = w.model.row_of_code("HK.00700")
        # Today alone, once the window's day is the source's (see above: a roll).
        await wait_until(lambda: w.model.index(row, column).data().endswith("1/5"), 20)
        seen["before"] = w.model.index(row, column).data()
        running = []  # at each refresh, whether the backfill still runs (see above)
        w.day_history.refreshed.connect(
            lambda _p: running.append(w.day_history.progress.isVisibleTo(w)))
        menu_action(w.day_history.menu, "backfill20Action").trigger()
        await wait_until(lambda: False in running, 30)
        seen["after"] = w.model.index(row, column).data()

    run_window(qloop, body, timeout=60)
    assert seen["before"].endswith("1/5")  # today alone: marked, not a silent sum
    assert seen["after"] and "/" not in seen["after"] and seen["after"] != "—"
