"""The main window on `futu://` against tests/support/fake_opend/ (the real futu-api SDK over
TCP): every row of the default watchlist gets the numbers the fake served and a whole
day of sparkline at once, OpenD's names and prices (the names kept in the data folder),
the status bar shows a live, non-simulated source, and the UI thread never waits on
the SDK. Skipped when futu-api is not installed."""

from __future__ import annotations

import asyncio
import time

import numpy as np
import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.feeds.futu.feed import FutuFeed
from flowdeck.feeds.sim.stocks import DEFAULT_WATCHLIST
from tests.support.fake_opend import (
    CAPITAL_DISTRIBUTION,
    CAPITAL_FLOW,
    FakeOpenD,
    fake_name,
    fake_price,
)
from tests.support.waiting import wait_until
from tests.support.window import run_window


def test_window_fills_rows_from_opend(qloop, flowdeck_home) -> None:
    fake = FakeOpenD(seed=3).start()
    lags: list[float] = []

    async def watch_the_loop() -> None:
        # How late a 20 ms timer fires: the UI thread's responsiveness while it works.
        while True:
            start = time.monotonic()
            await asyncio.sleep(0.02)
            lags.append(time.monotonic() - start - 0.02)

    async def body(w):
        ticker = asyncio.ensure_future(watch_the_loop())
        try:
            table = w.model.table
            await wait_until(lambda: len(table.codes) == len(DEFAULT_WATCHLIST)
                             and np.isfinite(table.values).all(), 30)
            await wait_until(lambda: all(w.model.history.last_minute(c) >= 0
                                         for c in DEFAULT_WATCHLIST), 10)
            feed = w.follower.feed
            assert isinstance(feed, FutuFeed)
            assert w.status.state_name == "live"
            assert not w.status.badge.isVisibleTo(w)  # real data: no SIMULATED badge
            # The selected row is refreshed first; the heartbeat (once a second) shows
            # the freshness and stretches the stale time to the source's pace.
            assert w.detail_dock.code in feed.scheduler.priority
            label = w.status.freshness
            await wait_until(lambda: label.isVisibleTo(w)
                             and label.text().startswith("Fresh: oldest"), 5)
            assert w.store.stale_after_s >= 1.5 * feed.policy.round_seconds(
                len(DEFAULT_WATCHLIST))
            ages = feed.ages()
            assert set(ages) >= set(DEFAULT_WATCHLIST)
            # OpenD's names and prices reach the rows; the day's names are kept beside
            # the archive, so a restart today asks OpenD for none.
            await wait_until(lambda: not feed.universe().due(), 10)
            assert w.store.info("HK.00700").name("en") == fake_name("HK.00700")
            last, prev = fake_price(fake.seed, "HK.00700")
            quote = w.store.quotes["HK.00700"]
            assert (quote.last, quote.prev_close) == (last, prev)
            kept = flowdeck_home / "data" / "futu"
            await wait_until(lambda: len(list(kept.glob("futu-names-*.json"))) == 4, 10)
            return table.values.copy(), list(table.codes)
        finally:
            ticker.cancel()

    try:
        result = {}

        async def capture(w):
            result["values"], result["codes"] = await body(w)
            result["history"] = {c: (w.model.history.last_minute(c),
                                     np.array(w.model.history.series(c)))
                                 for c in DEFAULT_WATCHLIST}

        run_window(qloop, capture, source=fake.url)
    finally:
        fake.stop()

    for row, code in enumerate(result["codes"]):
        day = fake.served[(CAPITAL_DISTRIBUTION, code)]
        main = (day.cum_in[-1][:2] - day.cum_out[-1][:2]).sum()
        assert result["values"][row, 0] == pytest.approx(main)   # main_net_inflow
        flow = fake.served[(CAPITAL_FLOW, code)]
        last, series = result["history"][code]
        assert last == flow.minutes - 1                          # the whole day at once
        assert series[0, last] == pytest.approx(flow.net[-1, :2].sum(), rel=1e-6)
    # The SDK's blocking calls ran off the UI thread: the loop kept ticking.
    assert lags and max(lags) < 0.5
