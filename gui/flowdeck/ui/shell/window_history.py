"""The window's flow history: the archive of the source it follows (live.DayHistory),
opened and closed off the GUI thread, its troubles in banners, and the backfill the
File menu starts, with its progress in the status bar.

The live view never waits on the archive: the archive opens in a worker while the
table fills, a save that fails leaves a banner and the day in memory (the writer tries
again), and a corrupt file is moved aside with a banner saying where.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QProgressBar, QToolButton, QWidget

from ...core.errors import FlowDeckError
from ...core.multiday_columns import MultiDayColumns
from ...feeds.base import BackfillsBeside, Feed, KeepsFiles, KeepsReports
from ...feeds.history_sources import HistorySource, open_history_source
from ...live.backfill import Backfill, BackfillProgress
from ...live.day_history import DayHistory
from ...live.heartbeat import Beat
from ...live.store import CODES, Change, LiveStore
from ...storage import paths
from ...storage.archive.ops import ArchiveOps
from ...storage.archive.writer import RETRY_AFTER_S
from ..look.banner import BannerArea

BACKFILL_DAYS = (20, 60, 250)
log = logging.getLogger("flowdeck.ui")


class WindowHistory(QObject):
    """`start(url)` opens the archive of `url`'s days; `history` is None until then
    (and for a source without an archive yet). `refreshed` carries the multi-day
    provider each time its numbers change (open, day roll, backfill, codes)."""

    refreshed = Signal(object)   # MultiDayColumns
    opened = Signal(object)      # DayHistory or None

    def __init__(self, store: LiveStore, banners: BannerArea, status_parent: QWidget,
                 parent: QObject | None = None, *, archive_ops: ArchiveOps | None = None,
                 retry_after_s: float = RETRY_AFTER_S) -> None:
        super().__init__(parent)
        self.archive_ops, self.retry_after_s = archive_ops, retry_after_s
        self.store, self.banners = store, banners
        self.history: DayHistory | None = None
        self.source: HistorySource | None = None
        self._tasks: set[asyncio.Task] = set()
        self._backfill: Backfill | None = None
        self._opening: asyncio.Task | None = None
        self._switching: asyncio.Task | None = None
        self.keep_minutes_days = 0
        self.progress = QProgressBar(status_parent, objectName="backfillProgress")
        self.progress.setMinimumWidth(190)  # "Past days: 1,234 of 5,000" on one line
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.cancel_button = QToolButton(status_parent, objectName="backfillCancel")
        self.cancel_button.clicked.connect(self.cancel_backfill)
        self.cancel_button.hide()
        self.menu = QMenu(objectName="backfillMenu")
        self.backfill_actions: list[QAction] = []
        for days in BACKFILL_DAYS:
            action = QAction(self, objectName=f"backfill{days}Action")
            action.triggered.connect(partial(self._backfill_triggered, days))
            self.menu.addAction(action)
            self.backfill_actions.append(action)
        store.add_listener(self._on_change)
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("Fill &past days"))
        for days, action in zip(BACKFILL_DAYS, self.backfill_actions, strict=True):
            action.setText(self.tr("Last {0} trading days").format(days))
        self.cancel_button.setText(self.tr("Stop"))
        self.cancel_button.setToolTip(self.tr("Stop filling past days (what is saved stays)"))
        self._show_progress()

    # --- opening and closing -----------------------------------------------------------

    def start(self, url: str, keep_minutes_days: int = 0, feed: Feed | None = None) -> None:
        """`feed`: the live feed of `url`, when one runs (its connection serves the
        backfill of a source with one account and one quota: Futu)."""
        self.keep_minutes_days = keep_minutes_days
        self._opening = self._spawn(self._open(url, feed))

    async def _open(self, url: str, feed: Feed | None = None) -> None:
        if isinstance(feed, KeepsFiles):  # futu://'s names for the day, beside the archive
            feed.keep_files_in(paths.data_dir())
        if isinstance(feed, KeepsReports):  # East Money's answers it could not read
            feed.keep_reports_in(paths.state_dir())
        try:
            if isinstance(feed, BackfillsBeside):
                source = HistorySource(await feed.identity(), feed.past_days())
            else:
                source = await open_history_source(url)
        except FlowDeckError:
            self.opened.emit(None)  # no archive for this source (yet): nothing to say
            return
        loop = asyncio.get_running_loop()
        path = paths.archive_path("window")
        try:
            history = await asyncio.to_thread(
                DayHistory.open, self.store, path, source.identity,
                on_error=lambda e: loop.call_soon_threadsafe(self._save_failed, e),
                on_recovered=lambda: loop.call_soon_threadsafe(self._save_recovered),
                keep_minutes_days=self.keep_minutes_days, ops=self.archive_ops,
                retry_after_s=self.retry_after_s)
        except (OSError, ValueError) as exc:
            log.warning("the flow history cannot be opened: %s", exc)
            self.banners.show_message("history", lambda err=str(exc): self.tr(
                "The flow history cannot be opened ({0}); today's numbers stay on screen "
                "but are not archived.").format(err), "warning")
            self.opened.emit(None)
            return
        self.history, self.source = history, source
        history.on_day_roll = lambda: self._spawn(self.refresh())
        if history.notice is not None:
            notice = history.notice
            self.banners.show_message("history-moved", lambda: self.tr(
                "The flow history {0} could not be read; it was moved to {1} and a new "
                "history started.").format(notice.path, notice.moved_to.name), "warning")
        self.opened.emit(history)
        await self.refresh()

    async def refresh(self) -> MultiDayColumns | None:
        history = self.history
        if history is None:
            return None
        provider = await asyncio.to_thread(history.refresh)
        if history is self.history:
            self.refreshed.emit(provider)
        return provider

    async def stop(self) -> None:
        """Cancel a backfill, save the day so far, close the archive."""
        self.cancel_backfill()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(BaseException):
                await task
        history, self.history = self.history, None
        if history is not None:
            await asyncio.to_thread(history.close)
        source, self.source = self.source, None
        if source is not None:   # an upstream gateway's session
            await source.aclose()

    def start_switch(self, url: str, feed: Feed | None = None) -> None:
        """Another source from now on: its own archive (the old one saved and closed)."""
        self._switching = asyncio.ensure_future(self._switch(url, feed))

    async def _switch(self, url: str, feed: Feed | None) -> None:
        await self.stop()
        self.start(url, self.keep_minutes_days, feed)

    # --- listening ---------------------------------------------------------------------

    def on_beat(self, beat: Beat) -> None:
        if self.history is not None:
            self.history.tick()

    def _on_change(self, change: Change) -> None:
        if change.kind == CODES and self.history is not None:
            self._spawn(self.refresh())

    def _save_failed(self, error: Exception) -> None:
        self.banners.show_message("history-save", lambda err=str(error): self.tr(
            "The flow history cannot be saved ({0}); today's numbers are kept and saving "
            "is tried again.").format(err), "warning")

    def _save_recovered(self) -> None:
        banner = self.banners.banner("history-save")
        if banner is not None:
            banner.dismiss()

    # --- backfill ----------------------------------------------------------------------

    def _backfill_triggered(self, days: int, _checked: bool = False) -> None:
        self.backfill(days)

    def backfill(self, days: int) -> bool:
        """Fill the followed codes' last `days` trading days; False when one runs already
        or this source has no archive."""
        if self._backfill is not None or self.history is None or self.source is None:
            if self.history is None:
                self.banners.show_message("history-none", lambda: self.tr(
                    "This source keeps no flow history here yet: past days come from the "
                    "simulator or a replay file."), "info")
            return False
        job = Backfill(self.source.past_days, self.history, self.store.codes,
                       days, self._progress)
        self._backfill = job
        self._spawn(self._run_backfill(job))
        self._show_progress()
        return True

    def cancel_backfill(self) -> None:
        if self._backfill is not None:
            self._backfill.cancel()

    async def _run_backfill(self, job: Backfill) -> None:
        try:
            await job.run()
        except (FlowDeckError, OSError) as exc:
            self.banners.show_message("history-backfill", lambda err=str(exc): self.tr(
                "Filling past days stopped: {0}").format(err), "warning")
        finally:
            self._backfill = None
            self._show_progress()
        await self.refresh()

    def _progress(self, progress: BackfillProgress) -> None:
        self._show_progress(progress)

    def _show_progress(self, progress: BackfillProgress | None = None) -> None:
        job = self._backfill
        running = job is not None
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        if not running:
            return
        p = progress or job.progress
        self.progress.setMaximum(max(1, p.total))
        self.progress.setValue(p.done)
        self.progress.setFormat(self.tr("Past days: %v of %m"))

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def attach(self, window) -> None:
        """Wire the window's readers of the archive to this history: the heartbeat's
        saves, the multi-day provider of the alerts and the table, the detail dock's
        Days view, the backfill's progress in the status bar."""
        window.heartbeat.add_listener(self.on_beat)
        self.refreshed.connect(window.alerts.center.pipeline.set_multiday)
        self.refreshed.connect(window.model.set_multiday)
        self.opened.connect(window.detail_dock.set_reader)
        self.refreshed.connect(lambda _provider: window.detail_dock.reload_days())
        window.status.addPermanentWidget(self.progress)
        window.status.addPermanentWidget(self.cancel_button)
