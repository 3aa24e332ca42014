"""The store's tape: a batch's big trades kept, a reconnect's repeats not told again, a
restarted day forgotten."""

from __future__ import annotations

from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import BUY, BigTrades, concat_trades
from flowdeck.core.trade_tape import TradeTape
from flowdeck.live.store import LiveStore


def prints(code: str, seqs) -> BigTrades:
    seqs = list(seqs)
    n = len(seqs)
    return BigTrades.of([code] * n, [36_000.0 + s for s in seqs], [50.0] * n,
                        [20_000.0] * n, [BUY] * n, [1] * n, seqs)


def test_new_trades_are_kept_and_told_repeats_are_not():
    store = LiveStore(tape=TradeTape(per_code=3))
    told = []
    store.add_listener(told.append)
    store.set_codes(["HK.00700"])
    first = store.apply(Batch(trades=prints("HK.00700", [1, 2])), wall=1.0)
    assert first.trades.seq.tolist() == [1, 2] and first.touches("HK.00700")
    again = store.apply(Batch(trades=prints("HK.00700", [1, 2, 3, 4])), wall=2.0)
    assert again.trades.seq.tolist() == [3, 4]
    assert store.tape.of("HK.00700").seq.tolist() == [2, 3, 4]
    assert [len(c.trades) for c in told[-2:]] == [2, 2]
    assert not store.apply(Batch(), wall=3.0).touches("HK.00700")


def test_a_restarted_day_starts_the_tape_of_its_codes_again():
    store = LiveStore()
    store.set_codes(["HK.00700", "US.AAPL"])
    store.apply(Batch(trades=concat_trades([prints("HK.00700", [1, 2]),
                                                prints("US.AAPL", [1])])),
                wall=1.0)
    change = store.apply(Batch(snapshot=True, trades=prints("HK.00700", [1])), wall=2.0,
                         restart={"HK.00700"})
    assert change.trades.seq.tolist() == [1]
    assert store.tape.of("HK.00700").seq.tolist() == [1]
    assert store.tape.of("US.AAPL").seq.tolist() == [1]
