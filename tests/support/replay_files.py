"""A recorded simulator day, the input of the replay tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flowdeck.cli.record import record_day

DAY = dt.date(2025, 3, 14)                                 # a Friday
SEED = 7
CODES = ["HK.00700", "US.BRK.B", "SH.600519", "SZ.000001", "HK.08123", "US.ZZQ"]


def record_file(path: Path, codes=CODES, day=DAY, seed=SEED) -> Path:
    with path.open("w", encoding="ascii", newline="\n") as f:
        record_day(codes, day, seed, f)
    return path
