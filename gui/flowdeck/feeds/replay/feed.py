"""The `replay:FILE` source: recorded trade prints (CSV) through the flow engine on a
virtual clock, to check alerts and thresholds against a real day.

URL: `replay:PATH[?speed=N&interval=S&start=HH:MM[:SS]]`
- `PATH`: the file (replay/trades_csv.py has the format), relative to the current directory
  or absolute, `~` expanded; taken literally up to the first `?` (no %-decoding);
  `replay:///abs/path.csv` is the same as `replay:/abs/path.csv`.
- `speed`: virtual seconds per wall second (default 1); `0` or `max`: as fast as the
  engine goes, a batch per minute of trading, skipping the time between trades.
- `interval`: wall seconds between batches at a finite speed (default 0.5).
- `start`: where the clock starts, as a time of the first trade's day (everything
  before it counted at once); default: at the first trade.

The replay itself lives in ReplayMarket (no asyncio); this module only paces it. The
first use reads the file once (in a worker thread) to learn its codes; the clock starts
after that, so a long file does not skip its first minutes. At the end of the file the
feed keeps the day's final state: its markets show closed, a log line says so, and
`updates()` goes quiet (it neither ends, which a consumer would take for a failure, nor
spins) until closed.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs

from ...core.big_trade_thresholds import TapeSettings
from ...core.errors import invalid_param, source_failed
from ...core.ranking import MARKET_CHOICES
from ..base import Batch, Feed, normalise_codes
from ..market_table import MarketTable
from ..url_parts import check_options, positive_seconds
from ..waiting import wait_event
from .market import ReplayCursor, ReplayMarket
from .market_table import ReplayTables
from .names_csv import ReplayNames, names_beside
from .time_column import NS
from .trades_csv import CHUNK_BYTES

SCHEME = "replay"
DEFAULT_SPEED = 1.0
DEFAULT_INTERVAL = 0.5
MAX_SPEED = math.inf
_OPTIONS = ("speed", "interval", "start")
_START = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ReplaySource:
    """A parsed `replay:` URL. `speed` is inf for "as fast as possible"; `start_s` the
    clock's start in seconds of the first trade's day (None: the first trade)."""
    path: Path
    speed: float = DEFAULT_SPEED
    interval: float = DEFAULT_INTERVAL
    start_s: int | None = None


def parse_replay_source(url: str, check_file: bool = True) -> ReplaySource:
    """The URL's path and options; INVALID_PARAM naming what is wrong (an unknown
    option, a bad number, and with `check_file` a file that cannot be read)."""
    text = url.strip()
    if not text.lower().startswith(SCHEME + ":"):
        raise invalid_param(f"not a replay source: {url!r}")
    body = text[len(SCHEME) + 1:]
    path_text, _, query = body.partition("?")
    if path_text.startswith("//"):  # replay:///abs/path, as a file URL would say it
        path_text = path_text[2:]
    if not path_text:
        raise invalid_param("replay: no file given; expected replay:FILE[?speed=N]")
    options = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    check_options("replay", options, _OPTIONS)
    path = Path(os.path.expanduser(path_text)).absolute()
    if check_file:
        _check_readable(path)
    return ReplaySource(path, _speed(options.get("speed")), _interval(options.get("interval")),
                        _start(options.get("start")))


def _check_readable(path: Path) -> None:
    if not path.exists():
        raise invalid_param(f"replay: no such file {str(path)!r}")
    if not path.is_file():
        raise invalid_param(f"replay: {str(path)!r} is not a file")
    if not os.access(path, os.R_OK):
        raise invalid_param(f"replay: {str(path)!r} cannot be read")


def _speed(text: str | None) -> float:
    if text is None:
        return DEFAULT_SPEED
    if text.strip().lower() == "max":
        return MAX_SPEED
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if value == 0:
        return MAX_SPEED
    if not (math.isfinite(value) and value > 0):
        raise invalid_param(f"replay: speed must be a number > 0, 0 or max, got {text!r}")
    return value


def _interval(text: str | None) -> float:
    if text is None:
        return DEFAULT_INTERVAL
    return positive_seconds("replay", "interval", text)


def _start(text: str | None) -> int | None:
    if text is None or text.strip().lower() in ("", "first"):
        return None
    match = _START.fullmatch(text.strip())
    h, m, s = (int(g or 0) for g in match.groups()) if match else (-1, 0, 0)
    if not (0 <= h <= 23 and m <= 59 and s <= 59):
        raise invalid_param(f"replay: start must be HH:MM[:SS] (exchange time) or first, "
                            f"got {text!r}")
    return h * 3600 + m * 60 + s


class ReplayFeed(Feed):
    """Feed over one ReplayMarket; any number of `updates()` iterators share its clock."""

    simulated = False

    def __init__(self, url: str, source: ReplaySource, *,
                 monotonic: Callable[[], float] = time.monotonic,
                 chunk_bytes: int = CHUNK_BYTES) -> None:
        self.name = url.strip()
        self.source = source
        self._monotonic = monotonic
        self._chunk_bytes = chunk_bytes
        self._market: ReplayMarket | None = None
        self._tables = ReplayTables()  # the Market view's tables of the file's codes
        self._wall0 = 0.0
        # The market is driven from worker threads; a thread lock (as SimFeed's), so a
        # cancelled await cannot let two threads in at once.
        self._lock = threading.Lock()
        self._closed = asyncio.Event()
        self._names: ReplayNames | None = None
        self._names_lock = threading.Lock()
        self._tape = TapeSettings()

    def set_tape_settings(self, settings: TapeSettings) -> None:
        """The user's big-trade thresholds and tape caps (TakesTapeSettings)."""
        with self._lock:
            self._tape = settings
            if self._market is not None:
                self._market.big.set_settings(settings)

    def universe(self) -> ReplayNames:
        """The codes' names and sectors from names.csv beside the file (HasUniverse;
        read once: a missing file is no names, a bad line is skipped and logged)."""
        with self._names_lock:
            if self._names is None:
                self._names = names_beside(self.source.path)
            return self._names

    @property
    def as_fast_as_possible(self) -> bool:
        return math.isinf(self.source.speed)

    @property
    def market(self) -> ReplayMarket | None:
        """The replay, once the file has been read the first time."""
        return self._market

    async def snapshot(self, codes: Sequence[str]) -> Batch:
        normalised = normalise_codes(codes)
        self._check_open()
        await self._load()
        return await asyncio.to_thread(self._locked, self._snapshot, normalised)

    def updates(self, codes: Sequence[str]) -> AsyncIterator[Batch]:
        normalised = normalise_codes(codes)  # bad codes fail here, not at the first batch
        self._check_open()
        return self._updates(normalised)

    async def _updates(self, codes: list[str]) -> AsyncIterator[Batch]:
        market = await self._load()
        cursor = await asyncio.to_thread(self._locked, market.cursor, codes)
        while not self._closed.is_set():
            if cursor.at_end:  # the day is over and this consumer knows: wait quietly
                await self._closed.wait()
                return
            if self.as_fast_as_possible:
                await asyncio.sleep(0)  # a step at a time, others may run in between
            elif await wait_event(self._closed, self.source.interval):
                return
            batch = await asyncio.to_thread(self._locked, self._next, cursor)
            if self._closed.is_set():
                return
            yield batch

    async def market_table(self, markets: str) -> MarketTable:
        """Every code of the file in `markets` (a core.ranking MARKET_CHOICES key such
        as "HK" or "A") at the replay's clock (RanksMarkets)."""
        chosen = MARKET_CHOICES.get(markets.strip().upper())
        if chosen is None:
            raise invalid_param(f"replay: market must be one of {', '.join(MARKET_CHOICES)},"
                                f" got {markets!r}")
        self._check_open()
        market = await self._load()
        return await asyncio.to_thread(self._locked, self._tables.table, market, chosen)

    async def _load(self) -> ReplayMarket:
        if self._market is None:
            await asyncio.to_thread(self._locked, self._build)
        assert self._market is not None
        return self._market

    def _build(self) -> None:
        if self._market is not None:
            return
        try:
            market = ReplayMarket(self.source.path, self.source.start_s, self._chunk_bytes,
                                  self.universe().prev_close, self._tape)
        except OSError as exc:
            raise source_failed(f"replay: cannot read {str(self.source.path)!r}: "
                                f"{exc.strerror or exc}") from exc
        self._wall0 = self._monotonic()  # the clock starts once the file is known
        self._market = market

    def _locked(self, func: Callable[..., _T], *args: object) -> _T:
        with self._lock:
            return func(*args)

    def _catch_up(self) -> None:
        """At a finite speed, bring the market to the clock's time now."""
        market = self._market
        if market is None or market.start_ns is None or self.as_fast_as_possible:
            return
        elapsed = max(0.0, self._monotonic() - self._wall0)
        market.advance_to(market.start_ns + int(self.source.speed * elapsed * NS))

    def _snapshot(self, codes: list[str]) -> Batch:
        self._catch_up()
        assert self._market is not None
        return self._market.snapshot_batch(codes)

    def _next(self, cursor: ReplayCursor) -> Batch:
        assert self._market is not None
        if self.as_fast_as_possible:
            self._market.step()
        else:
            self._catch_up()
        return cursor.next_batch()

    async def aclose(self) -> None:
        self._closed.set()
        if self._market is not None:  # after a step in progress, if any (the lock)
            await asyncio.to_thread(self._locked, self._market.close)

    def _check_open(self) -> None:
        if self._closed.is_set():
            raise source_failed(f"{self.name}: the feed is closed")


def open_replay_feed(url: str, options: Mapping[str, str]) -> ReplayFeed:
    """The registry's factory for `replay:FILE[?speed=...]` (the URL is parsed again
    here: the path must keep characters a generic URL split would take apart)."""
    del options
    return ReplayFeed(url, parse_replay_source(url))


def check_replay_source(url: str, options: Mapping[str, str]) -> None:
    """The registry's check: the options, and that the file is there to be read."""
    del options
    parse_replay_source(url)
