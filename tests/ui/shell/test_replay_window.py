"""The window on a `replay:` source: the settings accept it, the rows fill from the
file, a code the file lacks shows its error, markets end closed (the Follower on a
replay itself: tests/live/test_follow_sources.py)."""

from __future__ import annotations

import asyncio
import datetime as dt

import numpy as np
import pytest

from flowdeck.cli.record import record_day
from flowdeck.core.errors import FlowDeckError
from flowdeck.feeds.registry import check_source
from flowdeck.storage.config import default_config, save_config
from flowdeck.ui.shell.open_window import open_window
from tests.support.waiting import wait_until

IN_FILE = ["SZ.000001", "HK.08123"]
MISSING = "US.MSFT"


@pytest.fixture
def day_file(tmp_path):
    path = tmp_path / "day.csv"
    with path.open("w", encoding="ascii") as f:
        record_day(IN_FILE, dt.date(2025, 3, 14), 5, f)
    return path


def test_check_source_accepts_replay_files(day_file) -> None:
    url = f" replay:{day_file}?speed=max "
    assert check_source(url) == url.strip()
    for bad in (f"replay:{day_file}.missing", f"replay:{day_file}?speed=-1", "replay:"):
        with pytest.raises(FlowDeckError):
            check_source(bad)


def test_the_main_window_fills_rows_from_a_replay(qloop, flowdeck_home, tmp_path,
                                                  day_file) -> None:
    config = default_config([*IN_FILE, MISSING])
    config_file = tmp_path / "flowdeck.toml"
    save_config(config_file, config)
    window = open_window(config_file, f"replay:{day_file}?speed=max")

    async def go():
        window.show()
        window.start()
        try:
            table = window.model.table
            await wait_until(lambda: all(table.update_time[table.row_of(c)] for c in IN_FILE),
                             30)
            await wait_until(lambda: table.error[table.row_of(MISSING)] is not None, 10)
        finally:
            await window.shutdown()
            window.close()

    qloop.run_until_complete(asyncio.wait_for(go(), 60))
    table = window.model.table
    assert window.model.rowCount() == 3
    for code in IN_FILE:
        row = table.row_of(code)
        assert np.isfinite(table.values[row]).all()
        assert table.update_time[row].startswith("2025-03-14")
    assert table.error[table.row_of(MISSING)][0] == 1016
    assert "no trades" in table.error[table.row_of(MISSING)][1]
    assert not window.status.badge.isVisibleTo(window)  # recorded prints, not SIMULATED
