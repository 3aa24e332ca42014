"""SeenTrades: each trade is new once, whatever comes again (a reconnect's snapshot, a
restarted tape); a later day counts again from its own first trade."""

from __future__ import annotations

from flowdeck.core.big_trades import concat_trades
from flowdeck.core.trade_seen import SeenTrades
from tests.support.trades import TEN_AM, prints


def test_a_trade_is_new_once_and_a_new_day_starts_the_count_again():
    seen = SeenTrades()
    first = concat_trades([prints("HK.00700", [1, 2]), prints("US.AAPL", [1])])
    assert seen.fresh(first).tolist() == [True, True, True]
    again = concat_trades([prints("HK.00700", [1, 2, 3]), prints("US.AAPL", [1, 2])])
    assert seen.fresh(again).tolist() == [False, False, True, False, True]
    tomorrow = prints("HK.00700", [1], start=TEN_AM + 86_400)
    assert seen.fresh(tomorrow).tolist() == [True]
    yesterday = prints("HK.00700", [9])   # a late repeat of the day before
    assert seen.fresh(yesterday).tolist() == [False]
    assert len(seen) == 2
    seen.forget(["US.AAPL"])
    assert seen.fresh(prints("US.AAPL", [1])).tolist() == [True]
