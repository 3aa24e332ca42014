"""The day's price a minute (the detail chart's price line): each quote lands at its
market clock's trading minute; minutes not seen stay NaN, a quiet code's price repeats
until its next quote; rows follow the code list; a new day clears them."""

from __future__ import annotations

import numpy as np
import pytest

from flowdeck.core.batch import Batch, MarketStatus, MinutePoints
from flowdeck.core.codes import Market
from flowdeck.core.markets import MarketState, session_minutes
from flowdeck.core.stock_info import Quote
from flowdeck.live.minute_prices import MinutePrices, clock_minute
from flowdeck.live.store import LiveStore

HK, US = "HK.00700", "US.AAPL"


def at(clock: str, state: MarketState = MarketState.OPEN, market: str = "HK",
       **lasts: float) -> Batch:
    """Quotes of `lasts` with `market`'s clock at 2025-03-14 `clock`."""
    quotes = {c.replace("_", "."): Quote(c.replace("_", "."), p, 100.0)
              for c, p in lasts.items()}
    return Batch(quotes=quotes,
                 markets={market: MarketStatus(state, f"2025-03-14 {clock}")})


def prices_of(store: LiveStore, code: str) -> np.ndarray:
    found = store.minute_prices(code)
    assert found is not None
    return found[1]


def expected(minutes: int, **at_minute: tuple[int, int, float]) -> np.ndarray:
    out = np.full(minutes, np.nan, np.float32)
    for first, last, price in at_minute.values():
        out[first:last + 1] = price
    return out


def test_a_quote_lands_at_its_markets_minute_and_the_price_repeats_until_the_next():
    store = LiveStore()
    store.set_codes([HK, US])
    store.apply(at("10:00:30", HK_00700=480.0), 1.0)   # HK opens 09:30: minute 30
    version = store.minute_prices(HK)[0]
    store.apply(at("10:03:10", HK_00700=481.2), 2.0)
    store.apply(at("10:03:50", HK_00700=481.4), 3.0)   # the minute's last price wins
    np.testing.assert_array_equal(
        prices_of(store, HK),
        expected(session_minutes(Market.HK), a=(30, 32, 480.0), b=(33, 33, 481.4)))
    assert store.minute_prices(HK)[0] > version
    assert np.isnan(prices_of(store, US)).all()  # never quoted: no line
    assert store.minute_prices("SZ.000001") is None  # not followed


def test_no_price_before_the_open_or_without_a_clock_and_the_last_minute_at_lunch():
    assert clock_minute(Market.HK, MarketState.PRE_OPEN, "2025-03-14 09:20:00") == -1
    assert clock_minute(Market.HK, MarketState.OPEN, "") == -1
    assert clock_minute(Market.HK, MarketState.LUNCH_BREAK, "2025-03-14 12:30:00") == 149
    assert clock_minute(Market.US, MarketState.CLOSED, "2025-03-14 16:30:00") == 389
    store = LiveStore()
    store.set_codes([HK])
    store.apply(at("09:20:00", MarketState.PRE_OPEN, HK_00700=479.0), 1.0)
    store.apply(Batch(quotes={HK: Quote(HK, 479.5, 100.0)}), 1.5)  # no clock yet
    assert np.isnan(prices_of(store, HK)).all()


def test_the_code_list_keeps_the_prices_of_codes_kept_and_a_new_day_clears():
    store = LiveStore()
    store.set_codes([HK])
    store.apply(at("10:00:00", HK_00700=480.0), 1.0)
    before = prices_of(store, HK)
    store.set_codes([US, HK])
    np.testing.assert_array_equal(prices_of(store, HK), before)
    assert np.isnan(prices_of(store, US)).all()
    store.apply(Batch(), 2.0, restart={HK})
    assert np.isnan(prices_of(store, HK)).all()


@pytest.mark.parametrize("one_each", [False, True])
def test_many_rows_in_one_write_each_filled_from_its_own_last_minute(one_each):
    # one_each (a batch's quotes) has a shortcut for the usual second, when no row
    # skipped a minute: the same prices either way, gaps filled or not.
    prices = MinutePrices()
    prices.remap(np.full(3, -1))
    prices.write(np.array([0, 2]), np.array([5, 1]), np.array([10.0, 20.0]), one_each)
    prices.write(np.array([2, 0, 1]), np.array([4, 7, 3]), np.array([21.0, 11.0, np.nan]),
                 one_each)
    prices.write(np.array([0, 2]), np.array([8, 4]), np.array([12.0, 22.0]), one_each)
    np.testing.assert_array_equal(prices.day(0, 10), [np.nan] * 5 + [10, 10, 11, 12, np.nan])
    np.testing.assert_array_equal(prices.day(2, 6), [np.nan, 20, 20, 20, 22, np.nan])
    assert np.isnan(prices.day(1, 390)).all()  # a NaN price is no price
    # 2 bytes a minute; a row's last minute and version, then its first price, step
    # (int8 and float64) and live price (float32)
    assert prices.nbytes == 3 * (390 * 2 + 4 + 8 + 8 + 1 + 8 + 4)


def test_a_snapshots_points_give_the_day_so_far_and_updates_leave_it_to_the_quotes():
    def pts(rows, prices=True):
        return MinutePoints([r[0] for r in rows], np.array([r[1] for r in rows], np.int32),
                            np.zeros((len(rows), 6)),
                            np.array([r[2] for r in rows]) if prices else None)

    store = LiveStore()
    store.set_codes([US, HK])
    store.apply(Batch(points=pts([(HK, 0, 480.0), (HK, 3, 481.0), (US, 2, 200.0)]),
                      snapshot=True), 1.0)
    np.testing.assert_array_equal(prices_of(store, HK)[:5], [480, 480, 480, 481, np.nan])
    np.testing.assert_array_equal(prices_of(store, US)[:4], [np.nan, np.nan, 200, np.nan])
    store.apply(Batch(points=pts([(HK, 5, 999.0)])), 2.0)  # an update: its quote counts
    assert np.isnan(prices_of(store, HK)[5])
    store.apply(Batch(points=pts([(US, 4, 201.0)], prices=False), snapshot=True), 3.0)
    assert np.isnan(prices_of(store, US)[4])  # a source without prices: none made up
