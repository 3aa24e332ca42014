"""The `sim` source: a synthetic market run through the real flow engine.

URL: `sim[?speed=S&seed=N&interval=I]`: `speed` the virtual clocks' pace relative to
the wall clock (default 1), `seed` the simulation's seed (default 0), `interval` the wall
seconds between update batches (default 0.5). The simulation itself lives in
SimMarket (no asyncio); this module only paces it and hands out batches.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import TypeVar

from ...core.errors import invalid_param, source_failed
from ..base import Batch, Feed, normalise_codes
from ..url_parts import check_options
from ..waiting import wait_event
from .market import SimMarket, UpdateCursor
from .universe import SimUniverse

DEFAULT_SPEED = 1.0
DEFAULT_SEED = 0
DEFAULT_INTERVAL = 0.5
_OPTIONS = ("speed", "seed", "interval")
_T = TypeVar("_T")


class SimFeed(Feed):
    """Feed over one SimMarket; any number of `updates()` iterators share it."""

    simulated = True

    def __init__(self, url: str = "sim", *, speed: float = DEFAULT_SPEED,
                 seed: int = DEFAULT_SEED, interval: float = DEFAULT_INTERVAL,
                 now: dt.datetime | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        if not (math.isfinite(speed) and speed > 0):
            raise invalid_param(f"sim: speed must be a number > 0, got {speed!r}")
        if not (math.isfinite(interval) and interval > 0):
            raise invalid_param(f"sim: interval must be a number of seconds > 0, "
                                f"got {interval!r}")
        self.name = url
        self.interval = float(interval)
        self.market = SimMarket(seed=seed, speed=speed, now=now, monotonic=monotonic)
        # The market is driven from worker threads (a first snapshot of many codes takes
        # seconds); a thread lock, not an asyncio one, so that a cancelled await cannot
        # let two threads in at once.
        self._lock = threading.Lock()
        self._closed = asyncio.Event()
        self._universe = SimUniverse(seed)

    def universe(self) -> SimUniverse:
        """The simulated markets' stocks and sectors (HasUniverse); each market is
        built when first read, so a window that does not read them pays nothing."""
        return self._universe

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    async def snapshot(self, codes: Sequence[str]) -> Batch:
        normalised = normalise_codes(codes)
        self._check_open()
        return await asyncio.to_thread(self._locked, self.market.snapshot_batch, normalised)

    def updates(self, codes: Sequence[str]) -> AsyncIterator[Batch]:
        normalised = normalise_codes(codes)  # bad codes fail here, not at the first batch
        self._check_open()
        return self._updates(normalised)

    async def _updates(self, codes: list[str]) -> AsyncIterator[Batch]:
        cursor = await asyncio.to_thread(self._locked, self.market.cursor, codes)
        while not self._closed.is_set():
            if await wait_event(self._closed, self.interval):
                return
            batch = await asyncio.to_thread(self._locked, self._next, cursor)
            if self._closed.is_set():
                return
            yield batch

    def _locked(self, func: Callable[..., _T], *args: object) -> _T:
        with self._lock:
            return func(*args)

    def _next(self, cursor: UpdateCursor) -> Batch:
        self.market.advance()
        return cursor.next_batch()

    async def aclose(self) -> None:
        self._closed.set()

    def _check_open(self) -> None:
        if self._closed.is_set():
            raise source_failed(f"{self.name}: the feed is closed")


def parse_sim_options(options: Mapping[str, str]) -> dict[str, float | int]:
    """`speed`, `seed`, `interval` from URL options as numbers; INVALID_PARAM naming the
    option on anything else."""
    check_options("sim", options, _OPTIONS)
    out: dict[str, float | int] = {}
    for key in ("speed", "interval"):
        if key in options:
            text = options[key]
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            if not (math.isfinite(value) and value > 0):
                raise invalid_param(f"sim: {key} must be a number > 0, got {text!r}",
                                    "source.positive", scheme="sim", name=key,
                                    value=repr(text))
            out[key] = value
    if "seed" in options:
        text = options["seed"]
        try:
            out["seed"] = int(text)
        except ValueError:
            raise invalid_param(f"sim: seed must be an integer, got {text!r}",
                                "source.integer", scheme="sim", name="seed",
                                value=repr(text)) from None
    return out


def open_sim_feed(url: str, options: Mapping[str, str]) -> SimFeed:
    """The registry's factory for `sim?speed=...&seed=...&interval=...`."""
    return SimFeed(url, **parse_sim_options(options))  # type: ignore[arg-type]


def check_sim_source(url: str, options: Mapping[str, str]) -> None:
    """The registry's check: INVALID_PARAM for an option `open_sim_feed` would refuse."""
    parse_sim_options(options)
