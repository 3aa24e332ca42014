"""Qt test helpers: one qasync loop per test (drive it with `run_until_complete`; never
qtbot.waitSignal inside an async test), and settings under a temp FLOWDECK_HOME."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator

import pytest
import qasync


@pytest.fixture(autouse=True)
def _collect_garbage_in_the_gui_thread() -> None:
    """Free the last test's garbage here, in the GUI thread. Otherwise a collection that
    happens to run in a worker thread (asyncio.to_thread) deletes Qt objects of an old
    qasync loop there; their timers stay registered with the GUI thread and Qt crashes
    delivering a timer event to a deleted object."""
    gc.collect()


@pytest.fixture
def qloop(qapp) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        try:
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        finally:
            asyncio.set_event_loop(None)
            loop.close()


@pytest.fixture
def flowdeck_home(tmp_path, monkeypatch):
    """FLOWDECK_HOME in a temp dir: config, state (logs), run (lock) all there."""
    home = tmp_path / "home"
    monkeypatch.setenv("FLOWDECK_HOME", str(home))
    return home
