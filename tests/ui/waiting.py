"""Waiting inside a coroutine that a qasync loop runs (no qtbot.waitSignal there)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def wait_until(predicate: Callable[[], bool], timeout: float = 10.0,
                     step: float = 0.02) -> None:
    """Await until `predicate()` holds; AssertionError after `timeout` seconds."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(step)
