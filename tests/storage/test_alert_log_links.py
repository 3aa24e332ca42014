"""alerts.jsonl is never a link FlowDeck follows (O_NOFOLLOW): a link planted in its
place is refused with a StorageError that says so, on append and on read, and the file
it points at is untouched; the log is 0600, an older 0644 one tightened."""

from __future__ import annotations

import datetime as dt
import stat
import time

import pytest

from flowdeck.storage.alert_log import AlertLog
from flowdeck.storage.atomic import StorageError

ENTRY = {"wall": time.time(), "code": "HK.00700", "field": "main_net_inflow", "value": 1.0}


def planted(tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"not yours\n")
    log_path = tmp_path / "alerts.jsonl"
    log_path.symlink_to(elsewhere)
    return log_path, elsewhere


def test_append_refuses_a_symlinked_log(tmp_path) -> None:
    log_path, elsewhere = planted(tmp_path)
    log = AlertLog(log_path)
    with pytest.raises(StorageError) as info:
        log.append([ENTRY])
    message = str(info.value)
    assert f"Could not append alerts to {log_path}" in message
    assert "symbolic link" in message and "does not follow" in message
    assert elsewhere.read_bytes() == b"not yours\n"
    assert log.pending == 1  # kept, as for any failed write


def test_reading_refuses_a_symlinked_log(tmp_path) -> None:
    log_path, _ = planted(tmp_path)
    with pytest.raises(StorageError, match="symbolic link"):
        AlertLog(log_path).read_day(dt.date.today())


def test_the_log_is_0600_and_an_old_0644_one_is_tightened(tmp_path) -> None:
    new = AlertLog(tmp_path / "new" / "alerts.jsonl")
    new.append([ENTRY])
    assert stat.S_IMODE(new.path.stat().st_mode) == 0o600
    old_path = tmp_path / "alerts.jsonl"
    old_path.write_text("")
    old_path.chmod(0o644)
    AlertLog(old_path).append([ENTRY])
    assert stat.S_IMODE(old_path.stat().st_mode) == 0o600
