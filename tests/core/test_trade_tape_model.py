"""The tape against a plain model of its rules, on random batches: repeats (also inside
a batch) dropped, each code's last per_code kept, the whole tape's last total in the
order they came, what goes counted, cleared codes forgotten, newest first."""

from __future__ import annotations

import numpy as np
import pytest

from flowdeck.core.big_trades import BigTrades
from flowdeck.core.trade_tape import TradeTape


class Model:
    def __init__(self, per_code: int, total: int) -> None:
        self.per_code, self.total = per_code, total
        self.rows: list[tuple[str, int]] = []  # alive (code, seq) in the order they came
        self.last: dict[str, int] = {}
        self.dropped: dict[str, int] = {}

    def add(self, batch: list[tuple[str, int]]) -> list[tuple[str, int]]:
        new, best = [], dict(self.last)
        for code, seq in batch:
            if seq > best.get(code, -1):
                new.append((code, seq))
            best[code] = max(best.get(code, -1), seq)
        self.rows += new
        for code, seq in new:
            self.last[code] = max(self.last.get(code, -1), seq)
        for code in dict.fromkeys(c for c, _ in new):
            mine = [r for r in self.rows if r[0] == code]
            for gone in mine[: max(0, len(mine) - self.per_code)]:
                self.rows.remove(gone)
                self.dropped[code] = self.dropped.get(code, 0) + 1
        while len(self.rows) > self.total:
            code, _ = self.rows.pop(0)
            self.dropped[code] = self.dropped.get(code, 0) + 1
        return new

    def clear(self, codes: list[str]) -> None:
        self.rows = [r for r in self.rows if r[0] not in codes]
        for code in codes:
            self.last.pop(code, None)
            self.dropped.pop(code, None)


def batch_of(pairs: list[tuple[str, int]], rng: np.random.Generator) -> BigTrades:
    n = len(pairs)
    return BigTrades.of([c for c, _ in pairs], rng.uniform(0, 1e5, n), rng.uniform(1, 100, n),
                        rng.integers(1, 1000, n), rng.integers(-1, 2, n),
                        rng.integers(0, 4, n), [s for _, s in pairs])


@pytest.mark.parametrize(("per_code", "total", "seed"),
                         [(5, 30, 1), (50, 40, 2), (3, 1_000, 3), (1, 1, 4)])
def test_random_batches_keep_what_the_model_keeps(per_code, total, seed):
    rng = np.random.default_rng(seed)
    tape, model = TradeTape(per_code, total), Model(per_code, total)
    codes = [f"HK.{i:05d}" for i in range(8)]
    nxt = dict.fromkeys(codes, 1)
    for step in range(200):
        pairs = []
        for _ in range(int(rng.integers(0, 12))):
            code = codes[int(rng.integers(len(codes)))]
            if rng.random() < 0.2:  # a repeat (a reconnect's snapshot, or inside a batch)
                pairs.append((code, int(rng.integers(0, nxt[code] + 1))))
            else:
                pairs.append((code, nxt[code]))
                nxt[code] += int(rng.integers(1, 3))
        got = tape.add(batch_of(pairs, rng))
        assert list(zip(got.codes, got.seq.tolist(), strict=True)) == model.add(pairs)
        if step % 37 == 36:
            gone = codes[: int(rng.integers(1, 3))]
            tape.clear(gone)
            model.clear(gone)
            for code in gone:
                nxt[code] = 1  # a new day's numbers
        assert len(tape) == len(model.rows)
        for code in codes:
            assert tape.of(code).seq.tolist() == [s for c, s in model.rows if c == code]
            assert tape.dropped_of(code) == model.dropped.get(code, 0)
        assert sorted(tape.codes()) == sorted({c for c, _ in model.rows})


def test_recent_is_newest_first_by_time_then_sequence():
    tape = TradeTape()
    tape.add(BigTrades.of(["A", "A", "B", "B"], [5.0, 5.0, 4.0, 6.0], [1.0] * 4, [1.0] * 4,
                          [1, -1, 1, 0], [1] * 4, [1, 2, 1, 2]))
    got = tape.recent(limit=10)
    assert list(zip(got.codes, got.seq.tolist(), strict=True)) == [
        ("B", 2), ("A", 2), ("A", 1), ("B", 1)]
    assert tape.recent(codes=[], limit=10).codes == []


def test_kinds_ride_along_where_a_source_gave_them():
    tape = TradeTape()
    tape.add(BigTrades.of(["A"], [1.0], [1.0], [1.0], [1], [1], [1]))
    tape.add(BigTrades.of(["A", "B"], [2.0, 3.0], [1.0] * 2, [1.0] * 2, [1, 1], [1, 1], [2, 1],
                          kinds=["AUTO_MATCH", "ODD_LOT"]))
    assert [t.kind for t in tape.of("A").rows()] == [None, "AUTO_MATCH"]
    assert [t.kind for t in tape.recent(codes=["B"]).rows()] == ["ODD_LOT"]


def test_oldest_first_is_the_order_they_came():
    tape = TradeTape(per_code=2)
    tape.add(BigTrades.of(["A", "B", "A", "C", "A"], [1.0, 2.0, 3.0, 4.0, 5.0], [1.0] * 5,
                          [1.0] * 5, [1] * 5, [1] * 5, [1, 1, 2, 1, 3]))
    got = tape.oldest_first()
    assert list(zip(got.codes, got.seq.tolist(), strict=True)) == [
        ("B", 1), ("A", 2), ("C", 1), ("A", 3)]
    assert tape.oldest_first(["A", "Z"]).seq.tolist() == [2, 3]
    assert len(tape.oldest_first([])) == 0
