"""Waiting for a feed's event with a time limit, shared by the sources (none of them
owns it: they import nothing of each other)."""

from __future__ import annotations

import asyncio


async def wait_event(event: asyncio.Event, timeout: float | None) -> bool:
    """`event.wait()` for at most `timeout` seconds (None: no limit); True when it is set.
    Not asyncio.wait_for: on Python 3.11 that swallows a cancellation arriving as the
    event is set, and a closing feed's task would then run on."""
    if event.is_set():
        return True
    waiter = asyncio.ensure_future(event.wait())
    try:
        done, _ = await asyncio.wait({waiter}, timeout=timeout)
    finally:
        waiter.cancel()
    return bool(done)
