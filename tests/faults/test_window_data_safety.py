"""Data safety in the window: a first start on a full disk, settings and rules kept in
memory while saves fail and saved when they work again (at the next change, on the 30 s
retry, at quit), the alert log's entries held back and written later, a watchlist export
to a full disk. Tests run as root, so ENOSPC and EACCES are injected through FileOps
(the class, so the window's own instances fail too)."""

from __future__ import annotations

import asyncio
import errno
import json
import os
from pathlib import Path

import pytest

from flowdeck.core.alert_rules import make_rule
from flowdeck.core.watchlists import Watchlists
from flowdeck.feeds.sim.stocks import DEFAULT_WATCHLIST
from flowdeck.storage import paths
from flowdeck.storage.alert_log import alert_log_path
from flowdeck.storage.atomic import FileOps
from flowdeck.storage.config import load_config
from tests.support.alert_window import grid_rules, log_lines, write_config
from tests.support.failing_ops import FlakyOps
from tests.support.files import temps
from tests.support.waiting import wait_until
from tests.support.window import run_window

# The Qt fixtures (tests/support/fixtures.py) and their garbage collection in the GUI thread.
pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("gui_garbage_collected")]


# --- the window ------------------------------------------------------------------------

class DiskFault:
    """Every FileOps (the class, so the window's own instances too) fails `step` with
    `err` while `on`: for paths under `folder` (a step on a file descriptor, write,
    fsync or close, fails whatever the file)."""

    def __init__(self, monkeypatch, folder: Path, step: str, err: int) -> None:
        self.folder, self.err, self.on, self.hits = str(folder), err, True, 0
        original = getattr(FileOps, step)

        def failing(ops, first, *args):
            if self.on and (not isinstance(first, str) or first.startswith(self.folder)):
                self.hits += 1
                raise OSError(self.err, os.strerror(self.err))
            return original(ops, first, *args)

        monkeypatch.setattr(FileOps, step, failing)


def test_first_start_on_a_full_disk_runs_on_defaults_and_saves_later(
        qloop, flowdeck_home, monkeypatch) -> None:
    fault = DiskFault(monkeypatch, flowdeck_home / "config", "open", errno.ENOSPC)
    seen = {}

    async def body(w):
        texts = w.banners.texts()
        assert any("No space left on device" in t and "kept in memory" in t for t in texts)
        await wait_until(lambda: w.follower.applies >= 1, 20)
        assert w.model.rowCount() == len(DEFAULT_WATCHLIST)  # the defaults run
        assert not paths.config_path().exists()
        fault.on = False
        w.watchlists.add_text("HK.00388")
        await asyncio.sleep(0)
        seen["banners"] = w.banners.texts()

    run_window(qloop, body)
    assert fault.hits >= 1
    saved = load_config(paths.config_path()).config
    assert saved.watchlists[0]["codes"] == [*DEFAULT_WATCHLIST, "HK.00388"]
    # The start-up banner ("could not be saved") goes with the save that worked.
    assert not any("could not be saved" in t for t in seen["banners"])


def test_settings_held_back_by_a_full_disk_are_saved_at_quit_without_another_change(
        qloop, flowdeck_home, monkeypatch) -> None:
    write_config()

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        fault = DiskFault(monkeypatch, flowdeck_home / "config", "replace", errno.ENOSPC)
        w.watchlists.add_text("US.NFLX")
        await asyncio.sleep(0)
        assert w.banners.banner("save") is not None and fault.hits >= 1
        fault.on = False  # space again; the user changes nothing more and quits

    run_window(qloop, body)
    assert "US.NFLX" in load_config(paths.config_path()).config.watchlists[0]["codes"]


def test_alert_entries_held_back_by_a_full_disk_are_written_at_quit(
        qloop, flowdeck_home) -> None:
    write_config(grid_rules())
    seen = {}

    async def body(w):
        center, log = w.alerts.center, w.alerts.alert_log
        await wait_until(lambda: center.fired_count >= 1, 40)
        ops = log.ops = FlakyOps("write", errno.ENOSPC)
        failed_from = center.fired_count
        await wait_until(lambda: center.fired_count >= failed_from + 2, 40)
        assert log.pending >= 2
        ops.failing = False  # space again; quit before the 30 s retry or a new firing
        seen["log"] = log

    w = run_window(qloop, body, source="sim?speed=600&seed=7")
    assert seen["log"].pending == 0
    assert len(log_lines()) == w.alerts.center.fired_count  # every firing, once


@pytest.mark.parametrize("step, err", [("replace", errno.ENOSPC), ("open", errno.EACCES)])
def test_window_keeps_rules_and_lists_while_saves_fail_then_saves_them(
        qloop, flowdeck_home, monkeypatch, step, err) -> None:
    write_config()
    before = paths.config_path().read_bytes()
    rule = make_rule("code:HK.00700", "main_net_inflow", ">", "5000万")
    seen = {}

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        fault = DiskFault(monkeypatch, flowdeck_home / "config", step, err)
        w.watchlists.add_text("US.NFLX")
        w.alerts.set_rules([*w.alerts.center.rules, rule])  # saves too: fails too
        await asyncio.sleep(0)
        text = w.banners.banner("save").text()
        assert os.strerror(err) in text and str(paths.config_path()) in text
        assert paths.config_path().read_bytes() == before  # the old file, untouched
        assert temps(paths.config_path().parent) == []
        assert "US.NFLX" in w.watchlists.codes() and rule in w.alerts.center.rules
        assert fault.hits >= 2
        fault.on = False
        w.watchlists.add_text("US.DIS")  # the next change saves everything kept
        await asyncio.sleep(0)
        seen["banner"] = w.banners.banner("save")

    run_window(qloop, body, source="sim?speed=600&seed=7")
    assert seen["banner"] is None
    saved = load_config(paths.config_path()).config
    assert {"US.NFLX", "US.DIS"} <= set(saved.watchlists[0]["codes"])
    assert saved.alerts[0]["scope"] == "code:HK.00700"
    assert len(saved.alerts) == 2  # the new rule and the bad one the file had


def test_window_keeps_alerts_while_the_log_cannot_be_written_then_writes_them(
        qloop, flowdeck_home) -> None:
    write_config(grid_rules())
    seen = {}

    async def body(w):
        center, log = w.alerts.center, w.alerts.alert_log
        await wait_until(lambda: center.fired_count >= 1, 40)
        ops = log.ops = FlakyOps("write", errno.ENOSPC)
        failed_from = center.fired_count
        await wait_until(lambda: center.fired_count >= failed_from + 3, 40)
        text = w.banners.banner("alertlog").text()
        assert "No space left on device" in text and str(alert_log_path()) in text
        assert log.pending == center.fired_count - failed_from  # kept, in memory
        assert len(log_lines()) == failed_from
        assert w.alerts.dock.model.rowCount() == center.fired_count  # still shown
        ops.failing = False
        recovered_at = center.fired_count
        await wait_until(lambda: center.fired_count > recovered_at, 40)  # the next firing
        seen["banner"] = w.banners.banner("alertlog")
        seen["pending"] = log.pending

    w = run_window(qloop, body, source="sim?speed=600&seed=7")
    assert seen == {"banner": None, "pending": 0}
    lines = log_lines()
    assert len(lines) == w.alerts.center.fired_count  # every firing, once, in the file
    assert len({json.dumps(x, sort_keys=True) for x in lines}) == len(lines)


def test_watchlist_export_to_a_full_disk_keeps_the_old_file_and_works_later(
        qtbot, tmp_path, monkeypatch) -> None:
    from flowdeck.ui.watchlist.watchlist_dock import WatchlistDock

    store = Watchlists([("Core", ["HK.00700", "US.AAPL"])])
    dock = WatchlistDock(store)
    qtbot.addWidget(dock)
    path = tmp_path / "out" / "core.txt"
    assert dock.export_file(path)
    fault = DiskFault(monkeypatch, tmp_path / "out", "write", errno.ENOSPC)
    store.add_text("SH.600519")
    assert not dock.export_file(path)
    assert "No space left on device" in dock.message_text()
    assert path.read_text() == "HK.00700\nUS.AAPL\n" and temps(path.parent) == []
    fault.on = False
    assert dock.export_file(path)
    assert path.read_text() == "HK.00700\nUS.AAPL\nSH.600519\n"

