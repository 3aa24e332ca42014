"""Waiting for a condition inside a coroutine (no qtbot.waitSignal in async code), and
running a coroutine on its own loop, bounded in time (no pytest-asyncio)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def wait_until(predicate: Callable[[], object], timeout: float = 10.0,
                     step: float = 0.02, what: str = "condition") -> None:
    """Await until `predicate()` holds; AssertionError after `timeout` seconds. The
    predicate may raise itself to end the wait early (a consumer that died)."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"{what} not met within {timeout} s")
        await asyncio.sleep(step)


def run(coro, timeout: float = 60.0):
    """Run `coro` on a fresh loop; asyncio.TimeoutError after `timeout` seconds."""
    return asyncio.run(asyncio.wait_for(coro, timeout))
