"""Qt fixtures, a pytest plugin (tests/conftest.py loads it): one qasync loop per test
(drive it with `run_until_complete`; never qtbot.waitSignal inside an async test),
settings under a temp FLOWDECK_HOME, and `window` to run the main window on that loop."""

from __future__ import annotations

import asyncio
import functools
import gc
from collections.abc import Iterator

import pytest


@pytest.fixture
def gui_garbage_collected() -> None:
    """Free the last test's garbage here, in the GUI thread. Otherwise a collection that
    happens to run in a worker thread (asyncio.to_thread) deletes Qt objects of an old
    qasync loop there; their timers stay registered with the GUI thread and Qt crashes
    delivering a timer event to a deleted object."""
    gc.collect()


@pytest.fixture
def qloop(qapp) -> Iterator:
    import qasync

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


@pytest.fixture
def window(qloop, flowdeck_home):
    """`window(body, config=None, source=FAST, timeout=60)`: the main window built,
    started, `await body(window)` run on this test's loop, shut down; returns it."""
    from tests.support.window import run_window

    return functools.partial(run_window, qloop)
