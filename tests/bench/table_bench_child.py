"""One run of the table benchmark (table_bench.py starts it in its own process).

    python tests/bench/table_bench_child.py --variant ours|naive|empty-ours|empty-naive \
        --n 5000 --duration 30 [--multiday] [--tape]

Prints JSON lines on stdout: {"ready": ...} when timing starts, {"progress": {...}}
every second, {"result": {...}} at the end.

The driver: the real simulator (feeds.sim.market.SimMarket, seed 1) generates the day of
N codes before timing starts, with every market's virtual clock 10 minutes before its
close, so the snapshot holds a full day of per-minute history. While timing, a worker
thread advances the simulator once a second (real trades through the real flow engine)
and builds a batch in which EVERY row is updated: the 12 numbers of all N codes from the
engine's accumulators (`engine_batch.record_values`, as `Batch.columns`), their update
times, and one minute point per code (its cumulative net per series now). So batches
are synthetic in their coverage (the simulator alone updates only the codes that traded
in that second) but their numbers are the engine's, and every code's quote (its last
trade and previous close, the simulator's QuoteBook). The store names the rows from the
simulator's universe, and the window is widened by the quote columns shown by default
(name, last price, change %: beside the code), so the same sparklines stay on screen.
The UI thread applies the latest batch when it arrives (older ones unapplied are
dropped, as the Follower coalesces).

--multiday (ours): the nine multi-day columns shown (the window widened by their width,
so the same sparklines stay on screen), over a MultiDayColumns provider of a synthetic
25-trading-day archive of the N codes (3% of code-days missing); the provider is given
each batch's live turnovers untimed (the window's alert pipeline notes them, not the
table). --tape (ours): each batch carries the big trades the simulator picked since the last one
(default minimums), kept in the store's tape and shown in the window's Big trades dock
(ui/tape, 620 px) beside the table, the window widened by it; `trades` (big trades
applied) and `tape_rows` are reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import resource
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, Qt, QTimer, Signal  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from flowdeck.core.batch import Batch, MinutePoints, RecordColumns  # noqa: E402
from flowdeck.core.codes import Market  # noqa: E402
from flowdeck.core.day_matrix import DayMatrix  # noqa: E402
from flowdeck.core.history import IntradayHistory, series_values  # noqa: E402
from flowdeck.core.markets import (  # noqa: E402
    MARKET_ORDER,
    trading_minute,
)
from flowdeck.core.multiday import archived_part  # noqa: E402
from flowdeck.core.multiday_columns import MultiDayColumns  # noqa: E402
from flowdeck.core.trading_calendar import WEEKDAYS, trading_days  # noqa: E402
from flowdeck.feeds.sim import clock as sim_clock  # noqa: E402
from flowdeck.feeds.sim.universe import SimUniverse  # noqa: E402
from flowdeck.launcher import keep_heap_small  # noqa: E402
from flowdeck.live.store import LiveStore  # noqa: E402
from flowdeck.ui.shell.heap_trim import heap_trim_timer  # noqa: E402
from flowdeck.ui.shell.start_up_objects import freeze_start_up  # noqa: E402
from flowdeck.ui.table.columns import (  # noqa: E402
    COLUMN_INDEX,
    COLUMNS,
    MULTIDAY_COLUMNS,
    QUOTE_COLUMNS,
    SPARK_COLUMNS,
)
from flowdeck.ui.table.history_loader import HistoryLoader  # noqa: E402
from flowdeck.ui.table.table_model import FlowTableModel  # noqa: E402
from flowdeck.ui.table.table_view import FlowTableView  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from naive_table import NaiveTable  # noqa: E402

SATURDAY = dt.datetime(2025, 3, 15, 12, 0, tzinfo=dt.UTC)  # every market closed: clocks
NEAR_CLOSE = {Market.HK: dt.time(15, 50), Market.US: dt.time(15, 50),  # start at these
              Market.SH: dt.time(14, 50), Market.SZ: dt.time(14, 50)}  # Friday times
HEARTBEAT_MS = 10
WINDOW = (1440, 900)
TAPE_DOCK_WIDTH = 620  # the Big trades dock as the window docks it
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def codes_for(n: int) -> list[str]:
    """N valid codes, a quarter per market."""
    out = []
    for i in range(n):
        k = i // 4
        out.append((f"HK.{k + 1:05d}",
                    "US." + LETTERS[k // 676 % 26] + LETTERS[k // 26 % 26] + LETTERS[k % 26],
                    f"SH.{600000 + k:06d}", f"SZ.{k + 1:06d}")[i % 4])
    return out


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def cpu_s(who: int = resource.RUSAGE_SELF) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


class Driver(QObject):
    """The simulator in a worker thread; `arrived` (queued to the UI thread) says a new
    batch is in the mailbox."""
    arrived = Signal()

    def __init__(self, codes: list[str]) -> None:
        super().__init__()
        from flowdeck.feeds.engine_batch import record_values, update_times
        from flowdeck.feeds.sim.market import SimMarket
        sim_clock.START_TIMES.update(NEAR_CLOSE)
        self.sim = SimMarket(seed=1, speed=1.0, now=SATURDAY)
        self._record_values, self._update_times = record_values, update_times
        self.codes = sorted(codes)
        self.snapshot = self.sim.snapshot_batch(self.codes)
        self.idx = np.asarray(self.sim.ensure(self.codes), np.intp)
        self.market = self.sim.engine.market_index[self.idx]
        self.mailbox: Batch | None = None
        self.with_trades, self._since = False, self.sim.generation  # --tape
        self.turnover: np.ndarray | None = None  # the mailbox batch's, per code
        self.batches = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def batch(self) -> Batch:
        sim, idx = self.sim, self.idx
        sim.advance()
        values = self._record_values(sim.engine, idx)
        times = self._update_times(sim.engine.last_time[idx])  # as engine_batch's
        minutes = np.zeros(len(idx), np.int32)
        for pos, market in enumerate(MARKET_ORDER):
            mine = self.market == pos
            now = sim.clocks[market].local_seconds(sim._wall)
            minutes[mine] = trading_minute(market, int(now))
        cum = sim.engine.buy[idx] - sim.engine.sell[idx]
        points = MinutePoints(self.codes, minutes, series_values(cum))
        self.turnover = sim.engine.turnover[idx].astype(np.float64)
        # Every row's quote too, as the simulator sends a changed code's.
        quotes, quote_columns = sim.quotes.quotes(self.codes, idx, {})
        batch = Batch(points=points, columns=RecordColumns(self.codes, values, times),
                      quotes=quotes, quote_columns=quote_columns)
        if self.with_trades:
            batch.trades = sim.big.since(self.codes, idx, self._since)
        self._since = sim.generation
        return batch

    def _run(self) -> None:
        next_at = time.monotonic() + 1.0
        while not self._stop.wait(max(0.0, next_at - time.monotonic())):
            next_at += 1.0
            self.mailbox = self.batch()
            self.batches += 1
            self.arrived.emit()


def multiday_provider(codes: list[str], live_day: dt.date) -> MultiDayColumns:
    """25 archived trading days before `live_day` for every code, 3% of them missing."""
    days = trading_days(WEEKDAYS, live_day - dt.timedelta(days=45), live_day)[:-1][-25:]
    rng = np.random.default_rng(19)
    net = rng.normal(0.0, 1e7, (len(codes), len(days), 4))
    net[rng.random((len(codes), len(days))) < 0.03] = np.nan
    turnover = rng.uniform(1e8, 1e9, (len(codes), len(days)))
    matrix = DayMatrix(list(codes), days, net, turnover)
    return MultiDayColumns(archived_part(matrix, {}, dict.fromkeys(Market, live_day)))


class Stats:
    def __init__(self) -> None:
        self.lag: list[float] = []
        self.apply: list[float] = []
        self.paint: list[float] = []
        self.trades = 0  # big trades applied (--tape)
        self.first_paint_end: float | None = None

    def summary(self) -> dict:
        lag = np.asarray(self.lag) * 1000 if self.lag else np.zeros(1)
        def med(xs: list[float]) -> float | None:
            return round(statistics.median(xs) * 1000, 3) if xs else None

        return {"lag_p99_ms": round(float(np.percentile(lag, 99)), 2),
                "lag_max_ms": round(float(lag.max()), 2),
                "apply_ms": med(self.apply), "paint_ms": med(self.paint)}


STATS = Stats()


def timed_paint(paint, event) -> None:
    """Run a view's paintEvent, recording its time and the end of the first one."""
    t = time.perf_counter()
    paint(event)
    STATS.paint.append(time.perf_counter() - t)
    if STATS.first_paint_end is None:
        STATS.first_paint_end = time.perf_counter()


class TimedView(FlowTableView):
    def paintEvent(self, event) -> None:
        timed_paint(super().paintEvent, event)


def saving(store: LiveStore, codes: list[str], every_s: float) -> QTimer:
    """The window's archive at work beside the table (TABLE_BENCH_SAVING=S): a DayKeeper
    hands every code's day (the points since the last save, to merge) to an
    ArchiveWriter every S seconds, as at a close of all 5,000; the writer's thread
    merges, compresses and saves while the table updates."""
    import tempfile

    from flowdeck.live.day_keeper import DayKeeper
    from flowdeck.storage.archive.writer import ArchiveWriter

    writer = ArchiveWriter(Path(tempfile.mkdtemp(prefix="table-bench-")) / "a.sqlite",
                           "bench")
    keeper = DayKeeper(store, writer.submit, save_every_s=every_s)
    timer = QTimer()
    timer.timeout.connect(lambda: keeper.save(codes))
    timer.start(int(every_s * 1000))
    timer.keeper, timer.writer = keeper, writer  # kept alive with the timer
    return timer


def run(variant: str, n: int, duration: float, multiday: bool = False,
        tape: bool = False) -> dict:
    keep_heap_small()  # as flowdeck's entry point does
    app = QApplication([])
    win = QMainWindow()
    naive = variant.endswith("naive")
    codes = codes_for(n) if not variant.startswith("empty") else []
    driver = Driver(codes) if codes else None  # the day is generated here, untimed
    gc.collect()
    provider = None
    if naive:
        table = NaiveTable(timed_paint)
        view = table
    else:
        # The window's table: the LiveStore (history loaded in slices) and its model.
        loader = HistoryLoader(IntradayHistory(compact=True))  # as the window's
        store = LiveStore(history=loader.history, loader=loader)
        if multiday and driver is not None:
            times = [t for t in driver.snapshot.record_columns().update_times if t]
            provider = multiday_provider(codes, dt.date.fromisoformat(max(times)[:10]))
        model = FlowTableModel(store, multiday=provider)
        if driver is not None:  # the names in the table, as the Follower sets them
            universe = SimUniverse(1)
            # SimFeed.snapshot builds its codes' markets' names in its worker thread
            # before the snapshot comes (not on the window's thread): so here, untimed.
            for market in Market:
                universe.market_stocks(market)
            store.set_universe(universe)
        loader.loaded.connect(model.history_loaded)
        view = table = TimedView(model)
        view.sortByColumn(COLUMN_INDEX["main_net_inflow"], Qt.SortOrder.DescendingOrder)
    win.setCentralWidget(view)
    width = WINDOW[0]
    tape_dock = None
    if tape and not naive:
        from flowdeck.ui.tape.tape_dock import TapeDock
        tape_dock = TapeDock(store, win)
        tape_dock.setFixedWidth(TAPE_DOCK_WIDTH)
        win.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, tape_dock)
        width += TAPE_DOCK_WIDTH
        if driver is not None:
            driver.with_trades = True
    if not naive:  # the name and price beside the code, with the sparklines in view
        width += sum(view.columnWidth(c) for c in QUOTE_COLUMNS if not view.isColumnHidden(c))
    if multiday and not naive:
        for c in MULTIDAY_COLUMNS:
            view.setColumnHidden(c, False)
            width += view.columnWidth(c)
    win.resize(width, WINDOW[1])
    win.show()
    app.processEvents()
    if not naive:
        right = max(view.columnViewportPosition(c) + view.columnWidth(c) for c in SPARK_COLUMNS)
        assert right <= view.viewport().width(), "sparkline columns do not fit the window"
    STATS.first_paint_end = None
    print(json.dumps({"ready": variant}), flush=True)

    start = time.perf_counter()
    if driver is not None:
        if naive:
            table.apply(driver.snapshot.record_columns())
        else:
            store.set_codes(codes)
            store.apply(driver.snapshot, time.monotonic())
        driver.snapshot = None  # as the Follower lets go of a batch once written
    view.viewport().update()
    while STATS.first_paint_end is None and time.perf_counter() - start < 60:
        app.processEvents()
    first_frame = (STATS.first_paint_end or time.perf_counter()) - start
    if not naive:
        while loader.busy:
            app.processEvents()
    freeze_start_up()  # as the window does once started
    heap_trim_timer(win)  # as the window's trim_heap_while_open
    STATS.lag.clear(), STATS.apply.clear(), STATS.paint.clear()

    def take() -> None:
        batch, driver.mailbox = driver.mailbox, None
        if batch is None:
            return
        if provider is not None:
            provider.note_turnover(driver.codes, driver.turnover)
        t = time.perf_counter()
        if naive:
            table.apply(batch.columns)
        else:
            STATS.trades += len(store.apply(batch, time.monotonic()).trades)
        STATS.apply.append(time.perf_counter() - t)

    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        STATS.lag.append(max(0.0, now - last[0] - HEARTBEAT_MS / 1000))
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(beat)
    heartbeat.start(HEARTBEAT_MS)
    progress = QTimer()
    progress.timeout.connect(lambda: print(json.dumps({"progress": STATS.summary()}),
                                           flush=True))
    progress.start(1000)
    saver = None
    saving_s = float(os.environ.get("TABLE_BENCH_SAVING", "0") or 0)
    if saving_s > 0 and driver is not None and not naive:
        saver = saving(store, codes, saving_s)
    if driver is not None:
        driver.arrived.connect(take, Qt.ConnectionType.QueuedConnection)
        driver.start()
    cpu0, gui0, wall0 = cpu_s(), cpu_s(resource.RUSAGE_THREAD), time.perf_counter()
    QTimer.singleShot(int(duration * 1000), app.quit)
    app.exec()
    wall = time.perf_counter() - wall0
    cpu = (cpu_s() - cpu0) / wall * 100
    gui_cpu = (cpu_s(resource.RUSAGE_THREAD) - gui0) / wall * 100
    if driver is not None:
        driver.stop()
    out = STATS.summary()
    if os.environ.get("TABLE_BENCH_DEBUG"):
        out["paints"] = [round(p * 1000, 1) for p in STATS.paint]
        out["applies"] = [round(p * 1000, 2) for p in STATS.apply]
    out.update(first_frame_ms=round(first_frame * 1000, 1), rss_mb=round(rss_mb(), 1),
               rss_peak_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, 1),
               cpu_pct=round(cpu, 1), gui_cpu_pct=round(gui_cpu, 1),
               batches=driver.batches if driver else 0,
               applied=len(STATS.apply),
               columns=sum(not c.hidden_by_default for c in COLUMNS)
               + (len(MULTIDAY_COLUMNS) if multiday else 0))
    if tape_dock is not None:
        out.update(tape=True, tape_rows=len(store.tape), trades=STATS.trades)
    if saver is not None:
        out.update(saving_s=saving_s, saves=saver.keeper.saves,
                   saved_pending=saver.writer.pending)
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--variant", required=True,
                   choices=["ours", "naive", "empty-ours", "empty-naive"])
    p.add_argument("--n", type=int, default=500)
    p.add_argument("--duration", type=float, default=30.0)
    p.add_argument("--multiday", action="store_true",
                   help="show the multi-day columns over a synthetic archive")
    p.add_argument("--tape", action="store_true",
                   help="batches carry big trades, the Big trades dock beside the table")
    a = p.parse_args()
    print(json.dumps({"result": run(a.variant, a.n, a.duration, a.multiday, a.tape)}),
          flush=True)
    os._exit(0)  # skip Qt's teardown of thousands of items


if __name__ == "__main__":
    main()
