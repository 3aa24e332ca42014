"""The tape: repeats dropped by sequence, both caps kept with counts, newest first."""

from __future__ import annotations

import numpy as np
import pytest

from flowdeck.core.big_trades import BUY, SELL, BigTrades
from flowdeck.core.trade_tape import TradeTape


def prints(code: str, seqs, value: float = 1e6, side: int = BUY, t0: float = 0.0) -> BigTrades:
    seqs = list(seqs)
    return BigTrades.of([code] * len(seqs), [t0 + s for s in seqs], [value] * len(seqs),
                        [1.0] * len(seqs), [side] * len(seqs), [1] * len(seqs), seqs)


def test_a_repeat_after_a_reconnect_is_not_added():
    tape = TradeTape()
    assert tape.add(prints("A", [1, 2, 3])).seq.tolist() == [1, 2, 3]
    again = tape.add(BigTrades.of(*_columns(prints("A", [2, 3, 4, 5]))))
    assert again.seq.tolist() == [4, 5]
    assert tape.of("A").seq.tolist() == [1, 2, 3, 4, 5] and len(tape) == 5


def _columns(t: BigTrades):
    return (t.codes, t.times, t.price, t.quantity, t.side, t.tier, t.seq)


def test_each_code_keeps_its_last_n_and_counts_the_rest():
    tape = TradeTape(per_code=3, total=100)
    tape.add(prints("A", range(1, 6)))
    tape.add(prints("B", [1]))
    assert tape.of("A").seq.tolist() == [3, 4, 5]
    assert tape.dropped_of("A") == 2 and tape.dropped_of("B") == 0
    assert tape.dropped == 2 and len(tape) == 4


def test_the_whole_tape_keeps_its_last_total_oldest_first_out():
    tape = TradeTape(per_code=100, total=5)
    tape.add(prints("A", [1, 2, 3]))
    tape.add(prints("B", [1, 2]))
    tape.add(prints("C", [1, 2]))  # two over: A's two oldest go
    assert tape.of("A").seq.tolist() == [3]
    assert tape.of("B").seq.tolist() == [1, 2] and len(tape) == 5
    tape.add(prints("B", [3, 4]))  # A's last, then B's first
    assert tape.of("A").seq.tolist() == [] and tape.of("B").seq.tolist() == [2, 3, 4]
    assert tape.dropped == 4 and len(tape) == 5
    assert sorted(tape.codes()) == ["B", "C"]


def test_a_cleared_code_starts_its_day_again():
    tape = TradeTape(per_code=10, total=4)
    tape.add(prints("A", [1, 2, 3]))
    tape.clear(["A"])
    assert len(tape) == 0 and tape.of("A").seq.tolist() == []
    assert tape.add(prints("A", [1, 2])).seq.tolist() == [1, 2]  # a new day's numbers
    tape.add(prints("B", [1, 2, 3]))
    assert len(tape) == 4 and tape.of("A").seq.tolist() == [2]


def test_recent_is_newest_first_and_filters():
    tape = TradeTape()
    tape.add(prints("A", [1, 2, 3], value=2e6, t0=100))
    tape.add(prints("B", [1, 2], value=5e6, side=SELL, t0=101.5))
    got = tape.recent(limit=3)
    assert list(zip(got.codes, got.seq.tolist(), strict=True)) == [("B", 2), ("A", 3), ("B", 1)]
    assert tape.recent(codes=["A", "Z"], limit=10).seq.tolist() == [3, 2, 1]
    assert tape.recent(min_value=3e6).codes == ["B", "B"]
    assert tape.recent(side=BUY, limit=1).codes == ["A"]


def test_many_batches_stay_bounded():
    tape = TradeTape(per_code=50, total=400)
    rng = np.random.default_rng(1)
    seq = dict.fromkeys("ABCDEFGHIJ", 0)
    for _ in range(300):
        code = "ABCDEFGHIJ"[int(rng.integers(10))]
        n = int(rng.integers(1, 20))
        tape.add(prints(code, range(seq[code] + 1, seq[code] + n + 1)))
        seq[code] += n
        assert len(tape) <= 400
        assert all(len(tape.of(c)) <= 50 for c in seq)
    assert len(tape) + tape.dropped == sum(seq.values())
    for code, last in seq.items():  # what is kept of a code is its newest, in order
        kept = tape.of(code).seq.tolist()
        assert kept == list(range(last - len(kept) + 1, last + 1))


def test_caps_below_one_are_refused():
    with pytest.raises(ValueError):
        TradeTape(per_code=0)
