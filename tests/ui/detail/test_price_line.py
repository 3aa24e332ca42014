"""The day's price behind the detail chart's flow curves: drawn from the live store's
prices a minute on its own right axis, x linked to the chart, named in the crosshair;
no price seen is no line."""

from __future__ import annotations

import numpy as np
import pytest

from flowdeck.core.batch import Batch, MarketStatus
from flowdeck.core.markets import MarketState
from flowdeck.core.stock_info import Quote
from flowdeck.live.store import LiveStore
from flowdeck.ui.detail.detail_dock import DetailDock
from tests.support.batches import points
from tests.support.waiting import wait_until
from tests.support.window import run_window

HK, US = "HK.00700", "US.AAPL"


def quoted(clock: str, **lasts: float) -> Batch:
    """HK quotes of `lasts` with HK's clock at `clock`, and a point at that minute."""
    minute = (int(clock[:2]) - 9) * 60 + int(clock[3:5]) - 30
    codes = [c.replace("_", ".") for c in lasts]
    return Batch(quotes={c: Quote(c, p, 470.0) for c, p in zip(codes, lasts.values(),
                                                               strict=True)},
                 points=points([(c, minute, 1e6 * minute) for c in codes]),
                 markets={"HK": MarketStatus(MarketState.OPEN, f"2025-03-14 {clock}:00")})


@pytest.fixture
def store() -> LiveStore:
    s = LiveStore()
    s.set_codes([HK, US])
    return s


@pytest.fixture
def dock(qtbot, store):
    d = DetailDock(store.history, store.details)
    d.set_prices(store.minute_prices)
    qtbot.addWidget(d)
    d.resize(700, 500)
    d.show()
    d.show_code(HK)
    return d


def test_the_line_holds_the_prices_seen_and_follows_new_ones(dock, store):
    store.apply(quoted("10:00", HK_00700=480.0), 1.0)
    dock.refresh()
    x, y = dock.price_line.curve.getData()
    assert x.tolist() == [30.0] and y.tolist() == [480.0]
    store.apply(quoted("10:03", HK_00700=481.5), 2.0)
    assert dock.refresh() is True
    x, y = dock.price_line.curve.getData()
    assert x.tolist() == [30.0, 31.0, 32.0, 33.0]
    assert y.tolist() == [480.0, 480.0, 480.0, 481.5]  # a quiet code's price repeats
    low, high = dock.price_line.view.viewRange()[1]
    assert low < 480.0 and high > 481.5  # its own axis, fitted to the prices
    assert dock.refresh() is False  # nothing new: nothing redrawn


def test_no_price_seen_is_no_line_and_no_axis_values(dock, store):
    store.apply(quoted("10:00", HK_00700=480.0), 1.0)
    dock.show_code(US)
    x, _ = dock.price_line.curve.getData()
    assert len(x) == 0
    assert dock.price_line.axis.style["showValues"] is False
    dock.show_code(HK)
    assert dock.price_line.axis.style["showValues"] is True


def test_zooming_the_chart_moves_the_price_line_with_it(dock, store):
    store.apply(quoted("10:00", HK_00700=480.0), 1.0)
    dock.refresh()
    dock.chart.getPlotItem().getViewBox().setXRange(20, 60, padding=0)
    x0, x1 = dock.price_line.view.viewRange()[0]
    assert (round(x0), round(x1)) == (20, 60)


def test_the_crosshair_names_the_price_where_there_is_one(dock, store):
    store.apply(quoted("10:00", HK_00700=480.0), 1.0)
    store.apply(quoted("10:02", HK_00700=0.0625), 2.0)  # a penny stock's three decimals
    dock.refresh()
    dock.crosshair_at(30)
    assert "Price 480.00" in dock.crosshair_text()
    dock.crosshair_at(32)
    assert "Price 0.062" in dock.crosshair_text()
    dock.crosshair_at(10)  # before the window saw a price
    assert "Price" not in dock.crosshair_text()


def test_the_window_draws_the_quotes_of_the_selected_code(qloop, flowdeck_home):
    async def body(w):
        await wait_until(lambda: w.detail_dock.code is not None, 20)
        dock, store = w.detail_dock, w.store

        def drawn_last() -> float | None:
            _, y = dock.price_line.curve.getData()
            return None if y is None or not len(y) else float(y[-1])
        await wait_until(lambda: drawn_last() is not None, 20)
        dock.refresh()  # what the store holds now, drawn
        prices = store.minute_prices(dock.code)[1]
        known = np.flatnonzero(np.isfinite(prices))
        x, y = dock.price_line.curve.getData()
        assert x[0] == known[0] and x[-1] == known[-1]
        np.testing.assert_array_equal(y, prices[known[0]: known[-1] + 1])
        assert y[-1] == np.float32(store.quotes[dock.code].last)

    run_window(qloop, body)
