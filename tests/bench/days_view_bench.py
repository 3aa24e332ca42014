"""Days view benchmark (issue 19): what picking a stock costs the GUI thread while the
detail dock shows the Days view, read from a real archive. Prints one JSON line.

    PYTHONPATH=gui:. python tests/bench/days_view_bench.py [--codes N] [--picks K]

The archive holds N codes x 260 trading days (daily rows; minute series for the codes
picked), as a year of backfill leaves it.

- days_read_ms: DayHistory.days(code, end - 420 days, end), the one read the view makes
  when the code (or the end) changes: median, p95, max over the picks.
- set_code_ms: DaysView.set_code on the 250-day range: that read plus drawing the
  bars (offscreen), median, p95, max.
- set_code_20_ms: the same on the 20-day range (the default).
- minutes_read_ms: DayHistory.minutes(code, day), what a click on a bar reads (and
  decodes) before the chart draws that day: median, p95, max.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "gui"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtWidgets import QApplication
from tests.support.day_flows import codes_for, day_flows, trading_days

from flowdeck.live.day_history import DayHistory
from flowdeck.live.store import LiveStore
from flowdeck.storage.archive import Archive
from flowdeck.ui.detail.days_view import DaysView

IDENTITY = "sim:seed=7"
DAYS = 260


def build(path: Path, codes: list[str], picked: list[str]) -> list[dt.date]:
    days = trading_days(DAYS)
    chosen = set(picked)
    with Archive.open(path, IDENTITY) as archive:
        for day in days:
            rest = [c for c in codes if c not in chosen]
            archive.save(day_flows(rest, day, 7, minutes=False)
                         + day_flows(picked, day, 7, minutes=True))
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return days


def figures(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"median": round(statistics.median(ordered), 3),
            "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 3),
            "max": round(ordered[-1], 3)}


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--codes", type=int, default=1000)
    parser.add_argument("--picks", type=int, default=40)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    codes = codes_for(args.codes)
    step = max(1, len(codes) // args.picks)
    picked = codes[::step][:args.picks]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "archive.sqlite"
        days = build(path, codes, picked)
        history = DayHistory.open(LiveStore(), path, IDENTITY)
        try:
            end = days[-1]
            start = end - dt.timedelta(days=420)
            reads = [timed(lambda c=c: history.days(c, start, end)) for c in picked]
            view = DaysView()
            view.resize(640, 200)
            view.show()
            view.set_reader(history)
            out = {}
            for days_range in (250, 20):
                view.range_buttons[days_range].setChecked(True)
                samples = []
                for code in picked:
                    samples.append(timed(lambda c=code: view.set_code(c, end)))
                    app.processEvents()
                    view.grab()  # the bars painted, as the window would
                out[days_range] = samples
                view.set_code(None, end)
            minutes = [timed(lambda c=c: history.minutes(c, days[-30])) for c in picked]
            assert len(view.shown_days) == 0 or view.shown_days[-1] <= end
        finally:
            history.close()
    print(json.dumps({"bench": "days_view", "codes": args.codes, "days": DAYS,
                      "picks": len(picked), "days_read_ms": figures(reads),
                      "set_code_ms": figures(out[250]), "set_code_20_ms": figures(out[20]),
                      "minutes_read_ms": figures(minutes)}))


if __name__ == "__main__":
    main()
