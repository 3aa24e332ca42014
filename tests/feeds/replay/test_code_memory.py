"""A replay file of millions of distinct bad codes keeps memory flat (issue 17, item 8:
3 M of them peaked at 854 MB): the memory of codes as written is bounded, and codes keep
their numbers and bad ones their reasons when it is emptied."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from flowdeck.feeds.replay import trades_csv as replay_csv
from flowdeck.feeds.replay.trades_csv import TradeReader

pytestmark = pytest.mark.timeout(120)


def write(path, n: int) -> None:
    with open(path, "w") as f:
        for i in range(n):
            f.write(f"HK.00700,2025-03-14 09:30:00,480,1,,\nZZ.{i},2025-03-14 09:30:00,1,1,,\n")


def peak_of_reading(path) -> tuple[int, TradeReader]:
    tracemalloc.start()
    try:
        reader = TradeReader(path, chunk_bytes=1 << 16)
        for _ in reader:
            pass
        return tracemalloc.get_traced_memory()[1], reader
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_distinct_bad_codes(tmp_path, monkeypatch):
    monkeypatch.setattr(replay_csv, "MAX_CACHED_CODES", 500)
    peaks = []
    for n in (5_000, 20_000):
        path = tmp_path / f"{n}.csv"
        write(path, n)
        peak, reader = peak_of_reading(path)
        assert reader.rows == n and reader.bad.total == n
        peaks.append(peak)
    # Unbounded, the 15,000 more codes and their reasons take ~1 MB more; bounded, none.
    assert peaks[1] < peaks[0] + 300_000, peaks


def test_codes_keep_their_numbers_and_reasons_when_the_memory_is_emptied(tmp_path, monkeypatch):
    monkeypatch.setattr(replay_csv, "MAX_CACHED_CODES", 10)
    lines = []
    for i in range(200):
        lines.append(f"{'hk.700' if i % 2 else 'HK.00700'},2025-03-14 09:30:00,480,1,,")
        lines.append(f"US.AAPL,2025-03-14 09:30:00,225,1,,\nQQ.{i},2025-03-14 09:30:00,1,1,,")
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join(lines) + "\n")
    reader = TradeReader(path, chunk_bytes=256)
    symbols = np.concatenate([c.symbols for c in reader])
    assert reader.codes == {"HK.00700": 0, "US.AAPL": 1}
    assert symbols.tolist() == [0, 1] * 200
    assert reader.bad.total == 200
    assert all("unknown market 'QQ'" in why for _, why in reader.bad.first)
