"""A gateway token in the source URL never reaches the log file or the status bar, and
the files the window writes (settings, log, window layout) are private (0600)."""

from __future__ import annotations

import logging
import stat

import pytest
from PySide6.QtWidgets import QLabel

from flowdeck.storage import paths
from flowdeck.ui.shell.app import log_path, setup_logging
from tests.support.waiting import wait_until
from tests.support.window import run_window

SECRET = "S3cr3tT0ken"
CLOSED_PORT_SOURCE = f"gateway://127.0.0.1:1?token={SECRET}"


@pytest.fixture
def window_log(flowdeck_home):
    """The window's log file, as `flowdeck` sets it up, under the temp home."""
    path = setup_logging()
    yield path
    for handler in list(logging.getLogger("flowdeck").handlers):
        if getattr(handler, "flowdeck_file", False):
            logging.getLogger("flowdeck").removeHandler(handler)
            handler.close()


def status_texts(window) -> str:
    bar = window.status
    return " ".join([bar.source.text(), bar.source.toolTip(), bar.state.text(),
                     bar.state.toolTip()])


def test_a_failing_gateway_source_keeps_its_token_out_of_log_and_status_bar(
        qloop, window_log) -> None:
    seen: list[str] = []

    async def body(w):
        await wait_until(lambda: w.status.state_name == "reconnecting", 20)
        seen.append(status_texts(w))

    run_window(qloop, body, source=CLOSED_PORT_SOURCE, timeout=40)
    for handler in logging.getLogger("flowdeck").handlers:
        handler.flush()
    log_text = window_log.read_text(encoding="utf-8")
    assert "feed gateway://127.0.0.1:1?token=*** failed" in log_text  # it was logged
    assert SECRET not in log_text
    assert "127.0.0.1:1" in seen[0] and SECRET not in seen[0]


def test_a_saved_source_that_cannot_open_shows_without_its_token(qloop, window_log) -> None:
    paths.config_path().parent.mkdir(parents=True)
    paths.config_path().write_text(
        f'[source]\nurl = "gateway://127.0.0.1:1?token={SECRET}&bogus=1"\n', encoding="utf-8")
    seen: list[str] = []

    async def body(w):
        await wait_until(lambda: w.status.state_name == "error", 10)
        seen.append(status_texts(w))

    run_window(qloop, body, source=None, timeout=40)
    assert "token=***" in seen[0] and "bogus" in seen[0]
    assert SECRET not in seen[0]


def test_the_window_writes_its_files_0600(qloop, window_log) -> None:
    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)

    run_window(qloop, body, source="sim?speed=20&seed=7", timeout=40)
    assert paths.config_path().stat().st_size > 0  # written by the window
    assert (paths.state_dir() / "window.ini").stat().st_size > 0
    for path in (paths.config_path(), log_path(), paths.state_dir() / "window.ini"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_symlinked_alert_log_is_refused_and_the_window_starts_with_a_banner(
        qloop, flowdeck_home) -> None:
    elsewhere = flowdeck_home.parent / "elsewhere.jsonl"
    elsewhere.write_bytes(b"")
    (flowdeck_home / "data").mkdir(parents=True)
    (flowdeck_home / "data" / "alerts.jsonl").symlink_to(elsewhere)
    texts: list[str] = []

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        texts.extend(w.banners.texts())

    run_window(qloop, body, source="sim?speed=20&seed=7", timeout=40)
    shown = " ".join(texts)
    assert "alerts.jsonl" in shown and "symbolic link" in shown


def test_the_settings_note_shows_an_override_without_its_token(qloop, flowdeck_home) -> None:
    shown: list[tuple[str, str]] = []

    async def body(w):
        await wait_until(lambda: w.status.state_name == "reconnecting", 20)
        w.settings_action.trigger()  # File → Settings…
        dialog = w.settings_dialog
        note = dialog.findChild(QLabel, "sourceNote")
        shown.append((note.text(), dialog.source.currentText()))
        dialog.close()

    run_window(qloop, body, source=CLOSED_PORT_SOURCE, timeout=40)
    note, edited = shown[0]
    assert note.startswith("Running: gateway://127.0.0.1:1?token=***")
    assert SECRET not in note
    assert edited == CLOSED_PORT_SOURCE  # the box still edits the real URL
