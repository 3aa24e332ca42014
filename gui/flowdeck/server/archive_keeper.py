"""The gateway's own archive (issue 19): the days of every followed code, for its
source's identity, in its own file (paths.archive_path("gateway")), and what
/v1/capital_flow_history, /v1/trading_days and /v1/rank's periods read.

- Saved every `save_every_s` (a few minutes): the codes whose record changed since
  their last save; at a market's close its codes, complete; at shutdown the rest.
  Gathering a save runs on the loop, `step_codes` codes a turn (a code's day is a
  record, a detail and a copy of its float64 series: ~20 us), so a save of 5,000 codes
  never holds a request up; the writing is the ArchiveWriter's thread's (SQLite,
  compression, a full disk and its retries).
- The source's identity may need a request (an upstream gateway, Futu's logged-in
  account): it is learnt in the background, retried until known; nothing is saved
  nor read before.
- Read through one connection under a lock, in the worker threads the endpoints use.
- Troubles (a full disk, a corrupt file moved aside) are logged and shown in
  /v1/health's `archive`; the gateway serves on whatever happens to its archive.

Without a path (`--no-archive`) nothing is written nor read; the identity is still
learnt and told in /v1/health, so a downstream FlowDeck can key its own rows by it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from ..core.day_flow import DayFlow
from ..core.day_matrix import DayMatrix
from ..core.errors import FlowDeckError, source_failed
from ..core.markets import MarketState
from ..core.redact import redact_source
from ..storage.archive import Archive, ArchiveError, ArchiveWriter
from ..storage.atomic import StorageError
from .logs import log_event
from .state import FlowState
from .state_days import day_flow_of, day_is_complete

SAVE_EVERY_S = 300.0
POLL_S = 1.0            # how often market closes are looked for
STEP_CODES = 100        # codes gathered per turn of the loop
IDENTITY_RETRY_S = (1.0, 60.0)
CLOSE_TIMEOUT_S = 20.0
log = logging.getLogger("flowdeck.server.archive")

Identity = str | Callable[[], Awaitable[str]]


class GatewayArchive:
    def __init__(self, path: str | Path | None, identity: Identity, *,
                 save_every_s: float = SAVE_EVERY_S, poll_s: float = POLL_S,
                 step_codes: int = STEP_CODES,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self.path = None if path is None else Path(path)
        self.identity: str | None = identity if isinstance(identity, str) else None
        self._learn = None if isinstance(identity, str) else identity
        self.save_every_s, self.poll_s = float(save_every_s), float(poll_s)
        self.step_codes = max(1, int(step_codes))
        self._clock, self._sleep = clock, sleep
        self.state: FlowState | None = None
        self.writer: ArchiveWriter | None = None
        self.problem = ""            # the last trouble, for /v1/health ("" when none)
        self.days_archived = 0       # the identity's completed days in the file
        self.saves = 0
        self._reader: Archive | None = None
        self._lock = threading.Lock()
        self._saved: dict[str, tuple[object, bool]] = {}   # code -> (record, complete)
        self._closed_seen: set[str] = set()
        self._last_save = clock()
        self._task: asyncio.Task | None = None
        self._ready = asyncio.Event()

    @property
    def kept(self) -> bool:
        return self.path is not None

    # --- lifecycle ---------------------------------------------------------------------

    def start(self, state: FlowState) -> None:
        self.state = state
        self._task = asyncio.create_task(self._run(), name="gateway-archive")

    async def wait_ready(self) -> None:
        """Until the identity is known and the archive open (tests, a clean start)."""
        await self._ready.wait()

    async def close(self) -> None:
        """Save what is not saved yet, let the writer finish, close the file."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(BaseException):
                await self._task
        if self.writer is not None:
            with contextlib.suppress(Exception):
                await self.save()
            writer, self.writer = self.writer, None
            if not await asyncio.to_thread(writer.close, CLOSE_TIMEOUT_S):
                log_event(log, logging.WARNING, "archive_not_saved",
                          pending=writer.pending, error=self.problem or "timeout")
        if self._reader is not None:
            await asyncio.to_thread(self._close_reader)

    async def _run(self) -> None:
        await self._learn_identity()
        if self.kept:
            await self._open()
        self._ready.set()
        if self.writer is None:
            return
        self._last_save = self._clock()
        while True:
            await self._sleep(self.poll_s)
            saved = await self._save_closed()
            if self._clock() - self._last_save >= self.save_every_s:
                saved += await self.save()
            if saved:
                await self.settle()

    async def _learn_identity(self) -> None:
        wait, cap = IDENTITY_RETRY_S
        while self.identity is None and self._learn is not None:
            try:
                self.identity = await self._learn()
            except (FlowDeckError, OSError) as exc:
                self.problem = f"the source's identity is not known yet: {exc}"
                log_event(log, logging.WARNING, "archive_identity_unknown",
                          error=redact_source(str(exc)), retry_s=wait)
                await self._sleep(wait)
                wait = min(cap, wait * 2)
        if self.problem:   # said after a failure only: /v1/health tells it anyway
            log_event(log, logging.INFO, "archive_identity",
                      identity=redact_source(self.identity or ""), kept=self.kept)
        self.problem = ""

    async def _open(self) -> None:
        assert self.path is not None and self.identity is not None
        try:
            await asyncio.to_thread(self._open_reader)
        except (ArchiveError, OSError, ValueError) as exc:
            self.problem = f"the archive cannot be opened: {_said(exc)}"
            log_event(log, logging.WARNING, "archive_unreadable", error=exc)
        loop = asyncio.get_running_loop()

        def to_loop(callback, *args) -> None:
            with contextlib.suppress(RuntimeError):   # the loop closed at shutdown
                loop.call_soon_threadsafe(callback, *args)

        self.writer = ArchiveWriter(self.path, self.identity,
                                    on_error=lambda e: to_loop(self._failed, e),
                                    on_recovered=lambda: to_loop(self._recovered))

    def _open_reader(self) -> None:
        assert self.path is not None and self.identity is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self._reader = Archive.open(self.path, self.identity)
            if self._reader.notice is not None:
                notice = self._reader.notice
                self.problem = (f"an unreadable archive ({notice.reason}) was moved to "
                                f"{notice.moved_to.name}; a new one was started")
                log_event(log, logging.WARNING, "archive_moved_aside",
                          reason=notice.reason, moved_to=notice.moved_to.name)
            self.days_archived = len(self._reader.trading_days())

    def _close_reader(self) -> None:
        with self._lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None

    def _failed(self, error: ArchiveError) -> None:
        self.problem = _said(error)   # the writer logged it; the days wait in memory

    def _recovered(self) -> None:
        self.problem = ""
        log_event(log, logging.INFO, "archive_saving_again")

    # --- saving ------------------------------------------------------------------------

    async def save(self, codes: list[str] | None = None) -> int:
        """Hand the days of `codes` (default: those changed since their last save) to
        the writer, gathered `step_codes` a turn; how many."""
        state, writer = self.state, self.writer
        if state is None or writer is None:
            return 0
        self._last_save = self._clock()
        saved, markets = self._saved, state.markets
        if codes is None:
            for gone in [c for c in saved if c not in state.codes]:
                del saved[gone]
            codes = [c for c, st in state.codes.items() if st.record is not None]
        flows: list[DayFlow] = []
        for i in range(0, len(codes), self.step_codes):
            if i:
                await asyncio.sleep(0)
            for code in codes[i:i + self.step_codes]:
                st = state.codes.get(code)
                if st is None or st.record is None:
                    continue
                done = saved.get(code)
                rec = st.record
                complete = day_is_complete(markets, code, rec.update_time[:10])
                if done is not None and done[0] is rec and done[1] == complete:
                    continue
                flow = day_flow_of(state, code)
                saved[code] = (rec, complete)
                if flow is not None:
                    flows.append(flow)
        if flows:
            writer.submit(flows)
            self.saves += 1
        return len(flows)

    async def settle(self, timeout: float = CLOSE_TIMEOUT_S) -> bool:
        """Wait (in a worker thread) for the writer to save what it was handed, then
        count the archived days again; True when all was saved."""
        writer = self.writer
        if writer is None:
            return False
        ok = await asyncio.to_thread(writer.flush, timeout)
        await asyncio.to_thread(self._count_days)
        return ok

    def _count_days(self) -> None:
        with self._lock:
            if self._reader is not None:
                with contextlib.suppress(sqlite3.Error):
                    self.days_archived = len(self._reader.trading_days())

    async def _save_closed(self) -> int:
        state = self.state
        if state is None:
            return 0
        closed = {m for m, s in state.markets.items() if s.state == MarketState.CLOSED}
        newly, self._closed_seen = closed - self._closed_seen, closed
        if not newly:
            return 0
        return await self.save([c for c in state.codes if c.partition(".")[0] in newly])

    # --- reading (the endpoints' worker threads) ---------------------------------------

    def days(self, code: str, start: dt.date | None = None,
             end: dt.date | None = None) -> list[DayFlow]:
        return self._read(lambda a: a.days(code, start, end))

    def market_days(self, market: str, last_n: int | None = None) -> list[dt.date]:
        return self._read(lambda a: a.market_days(market, last_n))

    def matrix(self, codes: Sequence[str], last_n_days: int | None = None) -> DayMatrix:
        """The completed days of `codes` (/v1/rank's periods; ~0.3 s for 12,000 codes
        over 40 days)."""
        return self._read(lambda a: a.matrix(codes, last_n_days))

    def _read(self, read):
        with self._lock:
            if self._reader is None:
                raise source_failed("this gateway's archive is not open yet"
                                    if self.kept and not self.problem else
                                    f"this gateway's archive cannot be read: {self.problem}",
                                    "history.unavailable")
            try:
                return read(self._reader)
            except sqlite3.Error as exc:
                raise source_failed(f"this gateway's archive cannot be read: {_said(exc)}",
                                    "history.unavailable") from None

    def health(self) -> dict:
        """/v1/health's `archive`: the identity a downstream keys its rows by (no
        secret: redacted like every source shown), the completed days archived
        (refreshed at open and saves), whether it is kept, and the last trouble."""
        out: dict = {"identity": None if self.identity is None
                     else redact_source(self.identity),
                     "kept": self.kept, "days": self.days_archived if self.kept else 0}
        if self.problem:
            out["problem"] = redact_source(self.problem)
        return out


def _said(exc: BaseException) -> str:
    """What went wrong, without the file's path (/v1/health and the API's messages go
    to clients; the log has the whole story)."""
    if isinstance(exc, StorageError):
        return f"could not {exc.doing}: {exc.strerror}"
    return str(exc)
