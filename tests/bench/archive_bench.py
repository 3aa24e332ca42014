"""Archive benchmark (issue 19): prints one JSON line.

    PYTHONPATH=gui:. python tests/bench/archive_bench.py [--quick]

- save_close_ms: the close of 5,000 codes (daily rows + float64 minute blobs) handed to
  an ArchiveWriter and saved in its worker, 500 codes per transaction, into an archive
  already holding 20 days of them (goal <= 1500). naive_save_close_ms: the same close with
  one transaction per code (save_close_ratio = naive / ours).
- bytes_per_code_year: file bytes per code for 250 closes with minute series (20 codes;
  goal <= 3 MB) and daily_bytes_per_code_year daily only (500 codes; goal <= 40 KB);
  raw_minutes_bytes_per_code_year: the minute series uncompressed (minute_blob_ratio =
  raw / ours).
- open_ms: open a one-year 500-code daily archive (connect, check the schema, load the
  day matrix of its codes); median of 5 (goal <= 100).
- cache_load_ms: Archive.matrix of 5,000 codes x 250 days (median of 3). (Until schema
  version 3 naive_cache_load_ms read the same numbers row by row from `days`; a complete
  day has no row there any more: day_packs.py.)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "gui"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np
from tests.support.day_flows import codes_for, day_flows, trading_days

from flowdeck.storage.archive import Archive, ArchiveWriter

IDENTITY = "sim:seed=7"


def file_bytes(path: Path) -> int:
    return sum(os.path.getsize(p) for p in (path, Path(f"{path}-wal")) if p.exists())


def build(path: Path, codes: list[str], days: int, minutes: bool) -> None:
    """`days` closes of `codes`, one save per day, as the writer would over a year."""
    with Archive.open(path, IDENTITY) as archive:
        for day in trading_days(days):
            archive.save(day_flows(codes, day, 7, minutes=minutes))
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def save_close(folder: Path, n_codes: int) -> tuple[float, float]:
    codes = codes_for(n_codes)
    days = trading_days(21)
    close = day_flows(codes, days[-1], 7)
    out = []
    for name, per_code in (("ours", False), ("naive", True)):
        path = folder / f"close-{name}.sqlite"
        build(path, codes, 20, minutes=False)
        writer = ArchiveWriter(path, IDENTITY)
        t = time.perf_counter()
        if per_code:
            for flow in close:
                writer.submit([flow])
                writer.flush()
        else:
            writer.submit(close)
            writer.flush()
        out.append((time.perf_counter() - t) * 1e3)
        writer.close()
    return out[0], out[1]


def sizes(folder: Path, year: int) -> tuple[float, float, float]:
    minute_path, daily_path = folder / "minutes.sqlite", folder / "daily.sqlite"
    build(minute_path, codes_for(20), year, minutes=True)
    build(daily_path, codes_for(500), year, minutes=False)
    raw = sum(f.minutes.nbytes for d in trading_days(year)
              for f in day_flows(codes_for(1), d, 7))
    return file_bytes(minute_path) / 20, file_bytes(daily_path) / 500, float(raw)


def open_ms(path: Path, codes: list[str]) -> float:
    times = []
    for _ in range(5):
        t = time.perf_counter()
        with Archive.open(path, IDENTITY) as archive:
            archive.matrix(codes)
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def cache_load(folder: Path, n_codes: int, year: int) -> float:
    path, codes = folder / "big.sqlite", codes_for(n_codes)
    build(path, codes, year, minutes=False)
    with Archive.open(path, IDENTITY) as archive:
        ours = []
        for _ in range(3):
            t = time.perf_counter()
            m = archive.matrix(codes)
            ours.append((time.perf_counter() - t) * 1e3)
    assert m.net.shape == (n_codes, year, 4) and np.isfinite(m.net).all()
    return statistics.median(ours)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    args = parser.parse_args()
    close_codes, year, big = (500, 20, 500) if args.quick else (5000, 250, 5000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ours, naive = save_close(folder, close_codes)
        with_minutes, daily, raw = sizes(folder, year)
        opened = open_ms(folder / "daily.sqlite", codes_for(500))
        cache = cache_load(folder, big, year)
    print(json.dumps({
        "save_close_ms": round(ours, 1), "naive_save_close_ms": round(naive, 1),
        "save_close_ratio": round(naive / ours, 2),
        "bytes_per_code_year": round(with_minutes * 250 / year),
        "daily_bytes_per_code_year": round(daily * 250 / year),
        "raw_minutes_bytes_per_code_year": round(raw * 250 / year),
        "minute_blob_ratio": round(raw / max(with_minutes - daily, 1), 2),
        "open_ms": round(opened, 1), "cache_load_ms": round(cache, 1),
        "codes": close_codes, "days": year}))


if __name__ == "__main__":
    main()
