"""The `sim` source: a synthetic market run through the real flow engine.

URL: `sim[?speed=S&seed=N&interval=I]`: `speed` the virtual clocks' pace relative to
the wall clock (default 1), `seed` the simulation's seed (default 0), `interval` the wall
seconds between update batches (default 0.5). The simulation itself lives in
SimMarket (no asyncio); this module only paces it and hands out batches.

The whole market (the Market view, rankings): `market_table(...)` / `market_tables(...)`
give every universe code of a market at the simulator's time (whole_market.py), the
followed codes' rows from the live simulation; built when first asked for.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import TypeVar

from ...core.big_trade_thresholds import TapeSettings
from ...core.codes import Market, parse_code
from ...core.errors import invalid_param, source_failed
from ...core.ranking import MARKET_CHOICES
from ..base import Batch, Feed, normalise_codes
from ..market_table import MarketTable
from ..url_parts import check_options
from ..waiting import wait_event
from .market import SimMarket, UpdateCursor
from .universe import SimUniverse
from .whole_market import WholeMarket, followed_rows

DEFAULT_SPEED = 1.0
DEFAULT_SEED = 0
DEFAULT_INTERVAL = 0.5
MARKET_TABLE_INTERVAL = 0.25  # market_tables: 4 tables a second at most
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
        self._monotonic = monotonic
        # The whole market has its own lock: building a market (~1 s) must not hold
        # up the live simulation's batches.
        self._whole_lock = threading.Lock()
        self._whole: WholeMarket | None = None

    def set_tape_settings(self, settings: TapeSettings) -> None:
        """The user's big-trade thresholds and tape caps (TakesTapeSettings)."""
        self._locked(self.market.big.set_settings, settings)

    def universe(self) -> SimUniverse:
        """The simulated markets' stocks and sectors (HasUniverse); each market is
        built when first read (a snapshot reads its codes' markets in its thread)."""
        return self._universe

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    async def snapshot(self, codes: Sequence[str]) -> Batch:
        normalised = normalise_codes(codes)
        self._check_open()
        return await asyncio.to_thread(self._snapshot, normalised)

    def _snapshot(self, codes: list[str]) -> Batch:
        # The names of the codes' markets are made here, off the window's thread: the
        # first read of a market builds it (~17 ms each), which the table's first
        # frame paid when it named its rows.
        for market in dict.fromkeys(parse_code(c).market for c in codes):
            self._universe.market_stocks(market)
        return self._locked(self.market.snapshot_batch, codes)

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

    def whole_market(self) -> WholeMarket:
        """The whole market on the live simulation's clocks (made on first use; a
        market is built when a table first asks for it)."""
        if self._whole is None:
            self._whole = WholeMarket(self._universe, self.market.clocks, self._monotonic)
        return self._whole

    async def market_table(self, markets: str | Sequence[Market]) -> MarketTable:
        """Every universe code of `markets` (a core.ranking MARKET_CHOICES key such as
        "HK" or "A", or Markets) now; the first table of a market builds it (~0.5 s
        for 4,000 codes, in a worker thread)."""
        chosen = _markets(markets)
        self._check_open()
        return await asyncio.to_thread(self._market_table, chosen)

    async def market_tables(self, markets: str | Sequence[Market],
                            interval: float = MARKET_TABLE_INTERVAL
                            ) -> AsyncIterator[MarketTable]:
        """market_table(markets) at once, then every `interval` wall seconds (at least
        MARKET_TABLE_INTERVAL) until the feed closes."""
        chosen = _markets(markets)
        self._check_open()
        interval = max(float(interval), MARKET_TABLE_INTERVAL)
        while not self._closed.is_set():
            table = await asyncio.to_thread(self._market_table, chosen)
            if self._closed.is_set():
                return
            yield table
            if await wait_event(self._closed, interval):
                return

    def _market_table(self, markets: list[Market]) -> MarketTable:
        followed = self._locked(followed_rows, self.market)
        with self._whole_lock:
            return self.whole_market().table(markets, followed=followed)

    async def aclose(self) -> None:
        self._closed.set()

    def _check_open(self) -> None:
        if self._closed.is_set():
            raise source_failed(f"{self.name}: the feed is closed")


def _markets(markets: str | Sequence[Market]) -> list[Market]:
    if isinstance(markets, str):
        chosen = MARKET_CHOICES.get(markets.strip().upper())
        if chosen is None:
            raise invalid_param(f"sim: market must be one of {', '.join(MARKET_CHOICES)},"
                                f" got {markets!r}")
        return list(chosen)
    return [Market(m) for m in markets]


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
