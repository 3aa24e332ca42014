"""The Big trades dock's model against a plain list, over random batches, freezes and
thaws and filter changes through a real LiveStore: its rows are always the newest
`limit` trades that passed the filter, newest first, each store Change at most one
insert and one remove; what waited while frozen is counted in full."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import BUY, SELL, concat_trades
from flowdeck.live.store import LiveStore
from flowdeck.ui.tape.tape_model import TapeModel
from flowdeck.ui.tape.tape_rows import TapeFilter
from tests.support.tape_trades import TEN_AM, prints

CODES = ("HK.00700", "US.AAPL")
STEPS = st.lists(st.one_of(
    st.tuples(st.just("batch"), st.lists(st.tuples(st.sampled_from(CODES),
                                                   st.sampled_from((BUY, SELL))),
                                         min_size=1, max_size=7)),
    st.tuples(st.just("freeze"), st.booleans()),
    st.tuples(st.just("side"), st.sampled_from((None, BUY, SELL)))), max_size=25)


@settings(max_examples=60, deadline=None)
@given(STEPS, st.integers(1, 6))
def test_rows_are_the_newest_that_passed_newest_first(qapp, steps, limit):
    store = LiveStore()
    store.set_codes(list(CODES))
    model = TapeModel(store, limit=limit)
    ops: list[str] = []
    model.rowsInserted.connect(lambda *_: ops.append("insert"))
    model.rowsRemoved.connect(lambda *_: ops.append("remove"))
    model.modelReset.connect(lambda: ops.append("reset"))
    seq = dict.fromkeys(CODES, 0)
    every: list[tuple[str, int, int]] = []  # (code, seq, side) in print order
    shown_when_frozen: list[tuple[str, int]] | None = None
    waited = 0

    def passes(side: int) -> bool:
        return model.filter.side is None or side == model.filter.side

    for kind, arg in steps:
        if kind == "batch":
            rows = []
            for code, side in arg:
                seq[code] += 1
                rows.append((code, seq[code], side))
            # Each trade a second after the one before: time order is print order.
            trades = concat_trades([prints(c, [s], side=d, start=TEN_AM + len(every) + i - s)
                                    for i, (c, s, d) in enumerate(rows)])
            every += rows
            ops.clear()
            store.apply(Batch(trades=trades), 1.0)
            assert ops in ([], ["insert"], ["remove", "insert"])
            if model.frozen:
                waited += sum(passes(d) for _c, _s, d in rows)
        elif kind == "freeze":
            if arg and not model.frozen:
                shown_when_frozen, waited = current(model), 0
            model.set_frozen(arg)
        else:
            changed = TapeFilter(side=arg) != model.filter
            model.set_filter(TapeFilter(side=arg))
            if model.frozen and changed:  # rebuilt from the tape: nothing waits
                shown_when_frozen, waited = current(model), 0
        if model.frozen:
            assert current(model) == shown_when_frozen
            assert model.rows.pending_count == waited
        else:
            assert model.rows.pending_count == 0
            expected = [(c, s) for c, s, d in reversed(every) if passes(d)][:limit]
            assert current(model) == expected


def current(model: TapeModel) -> list[tuple[str, int]]:
    shown = model.rows.shown
    return list(zip(shown.codes, shown.seq.tolist(), strict=True))
