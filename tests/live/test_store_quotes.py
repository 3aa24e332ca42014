"""The LiveStore keeps the latest quote of each followed code (a dict and per-row
arrays the table sorts by), forgets the codes no longer followed, and keeps the
source's universe, which the Follower sets when the source changes."""

from __future__ import annotations

import math

import numpy as np

from flowdeck.core.batch import Batch
from flowdeck.core.coalesce import merge_batches
from flowdeck.core.stock_info import Quote, StockInfo
from flowdeck.feeds.sim.universe import SimUniverse
from flowdeck.live.follow import Follower
from flowdeck.live.store import NAMES, LiveStore
from tests.support.feeds import ScriptedFeed
from tests.support.waiting import run, wait_until

CODES = ["HK.00700", "US.AAPL", "SH.600519"]


def quoted(**prices: tuple[float, float | None]) -> Batch:
    return Batch(quotes={c.replace("_", "."): Quote(c.replace("_", "."), last, prev)
                         for c, (last, prev) in prices.items()})


def store_of(codes=CODES) -> tuple[LiveStore, list]:
    store = LiveStore()
    changes: list = []
    store.add_listener(changes.append)
    store.set_codes(codes)
    return store, changes


def test_the_latest_quote_of_a_followed_code_is_kept_and_its_row_redrawn():
    store, _ = store_of()
    store.apply(quoted(HK_00700=(480.0, 470.0), US_AAPL=(200.0, None)), 1.0)
    change = store.apply(quoted(HK_00700=(481.0, 470.0)), 2.0)
    assert store.quotes["HK.00700"].last == 481.0
    assert store.quotes["US.AAPL"].prev_close is None
    assert 0 in change.rows.tolist() and change.touches("HK.00700")
    assert store.last[:2].tolist() == [481.0, 200.0] and math.isnan(store.last[2])
    assert store.prev_close[0] == 470.0 and math.isnan(store.prev_close[1])


def test_quotes_of_codes_not_followed_are_not_kept():
    store, _ = store_of()
    change = store.apply(quoted(US_TSLA=(300.0, 290.0)), 1.0)
    assert "US.TSLA" not in store.quotes and len(change.rows) == 0


def test_a_code_no_longer_followed_is_forgotten_and_the_rest_move_with_their_rows():
    store, _ = store_of()
    store.apply(quoted(HK_00700=(480.0, 470.0), SH_600519=(1500.0, 1490.0)), 1.0)
    store.set_codes(["SH.600519", "US.AAPL"])
    assert set(store.quotes) == {"SH.600519"}
    assert store.last[0] == 1500.0 and math.isnan(store.last[1])
    assert store.prev_close.tolist()[0] == 1490.0


def test_coalesced_batches_keep_the_latest_quote_per_code():
    merged = merge_batches([quoted(HK_00700=(1.0, 0.5), US_AAPL=(2.0, 1.0)),
                            quoted(HK_00700=(3.0, 0.5))])
    assert {c: q.last for c, q in merged.quotes.items()} == {"HK.00700": 3.0,
                                                              "US.AAPL": 2.0}


def test_names_come_from_the_universe_and_an_unknown_code_has_none():
    store, changes = store_of()
    assert store.info("HK.00700") == StockInfo("HK.00700")
    change = store.set_universe(SimUniverse(0))
    assert change.kind == NAMES and change.all_rows and changes[-1] is change
    assert store.info("HK.00700").name_zh == "腾讯控股"
    store.set_universe(None)
    assert store.info("HK.00700").name_en == ""


def test_the_follower_sets_the_source_s_universe_and_quotes_reach_the_store():
    store = LiveStore()
    follower = Follower(store)

    async def main() -> None:
        follower.start("sim?speed=60&seed=4&interval=0.05", CODES)
        await wait_until(lambda: len(store.quotes) == len(CODES), 15)
        assert isinstance(store.universe, SimUniverse) and store.universe.seed == 4
        assert all(store.info(c).name_en for c in [*CODES, "HK.09999"])  # any code
        await follower.stop()
        follower.attach(ScriptedFeed([Batch()]))  # another source, which names nothing
        assert store.universe is None

    run(main())
    assert np.isfinite(store.prev_close).all()
    for code in CODES:
        quote = store.quotes[code]
        assert quote.prev_close > 0 and quote.last > 0


def test_quotes_in_columns_write_the_same_rows_as_the_quotes_themselves():
    """A producer's Batch.quote_columns (the simulator's) and the quotes alone give the
    same arrays; a quote of a code not followed is left out either way."""
    from flowdeck.core.batch import QuoteColumns

    batches = [quoted(HK_00700=(480.0, 470.0), US_AAPL=(200.0, None), HK_00005=(1.0, 2.0)),
               quoted(US_AAPL=(201.5, 199.0), SH_600519=(math.nan, 1500.0))]
    plain, _ = store_of()
    fast, _ = store_of()
    for batch in batches:
        plain.apply(batch, 1.0)
        fast.apply(Batch(quotes=batch.quotes,
                         quote_columns=QuoteColumns.from_quotes(batch.quotes)), 1.0)
    for store in (plain, fast):
        assert set(store.quotes) == set(CODES)
    assert plain.last.tobytes() == fast.last.tobytes()
    assert plain.prev_close.tobytes() == fast.prev_close.tobytes()
    row = fast.codes.index("US.AAPL")
    assert (fast.last[row], fast.prev_close[row]) == (201.5, 199.0)
    fast.set_codes(["US.AAPL", "HK.00700"])   # rows move: the next batch finds them
    again = quoted(US_AAPL=(202.0, 199.0), SH_600519=(1501.0, 1500.0))  # the same codes
    fast.apply(Batch(quotes=again.quotes,
                     quote_columns=QuoteColumns.from_quotes(again.quotes)), 2.0)
    assert fast.last[fast.codes.index("US.AAPL")] == 202.0
    assert fast.last[fast.codes.index("HK.00700")] == 480.0


def test_the_same_codes_each_second_then_others_keep_every_codes_latest_quote():
    # A source quotes the same codes batch after batch (kept as they came, folded in
    # when read), then a different set: every code's quote is still its latest.
    store, _ = store_of()
    for second, price in enumerate((480.0, 481.0, 482.0), start=1):
        store.apply(quoted(HK_00700=(price, 470.0), US_AAPL=(price / 2, None)), second)
    store.apply(quoted(SH_600519=(1500.0, 1490.0)), 4.0)
    store.apply(quoted(US_AAPL=(250.0, None)), 5.0)
    assert {c: q.last for c, q in store.quotes.items()} == {
        "HK.00700": 482.0, "US.AAPL": 250.0, "SH.600519": 1500.0}
    store.apply(quoted(HK_00700=(483.0, 470.0), US_AAPL=(251.0, None)), 6.0)
    store.apply(quoted(HK_00700=(484.0, 470.0), US_AAPL=(252.0, None)), 7.0)
    store.set_codes(["US.AAPL", "SH.600519"])
    assert {c: q.last for c, q in store.quotes.items()} == {"US.AAPL": 252.0,
                                                            "SH.600519": 1500.0}
