"""A feed's snapshot with a time limit (the Follower's and the gateway hub's)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from ..core.batch import Batch
from ..core.errors import source_failed
from ..feeds.base import Feed

SNAPSHOT_LATE = "{source}: no snapshot within {timeout:g} s"
Sleep = Callable[[float], Awaitable[object]]


async def snapshot_within(feed: Feed, codes: Sequence[str], timeout: float | None, *,
                          source: str, sleep: Sleep = asyncio.sleep,
                          late: str = SNAPSHOT_LATE) -> Batch:
    """`feed.snapshot(codes)`, or 1016 (`late` formatted) after `timeout` seconds of
    `sleep`; None waits for ever."""
    if timeout is None:
        return await feed.snapshot(codes)
    snap = asyncio.ensure_future(feed.snapshot(codes))
    timer = asyncio.ensure_future(sleep(timeout))
    try:
        await asyncio.wait({snap, timer}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        timer.cancel()
        if not snap.done():
            snap.cancel()
            await asyncio.wait({snap})
    if snap.cancelled():
        raise source_failed(late.format(source=source, timeout=timeout))
    return snap.result()
