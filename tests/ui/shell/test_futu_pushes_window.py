"""The main window on `futu://` with OpenD's pushes (the real futu-api SDK against
tests/support/fake_opend/): an account without HK quote rights and a quota of 10 codes
is said in the status bar (its tooltip naming OpenD's refusal and every code polled
only), a pushed US ticker reaches the Big trades dock, a pushed quote the row's price.
Skipped when futu-api is not installed."""

from __future__ import annotations

import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.feeds.sim.stocks import DEFAULT_WATCHLIST
from tests.support.fake_opend import DIR_ASK, FakeOpenD, FakeTicker
from tests.support.waiting import wait_until
from tests.support.window import run_window

US = [c for c in DEFAULT_WATCHLIST if c.startswith("US.")]
A_SHARES = [c for c in DEFAULT_WATCHLIST if c[:2] in ("SH", "SZ")]


def test_pushes_without_hk_rights_and_beyond_the_quota_in_the_window(qloop, flowdeck_home):
    fake = FakeOpenD(seed=3).start()
    fake.subscriptions.no_rights = {"HK"}
    fake.subscriptions.quota = 20          # 10 codes of the 14 outside HK

    async def body(w):
        state = w.status.state
        await wait_until(lambda: "polled only" in state.toolTip(), 30, what="the state")
        tip = state.toolTip()
        assert w.status.state_name == "live"
        assert "no quote rights for HK pushes" in tip and "无权限订阅" in tip
        assert "pushes for 10 of 14 codes within the subscription quota" in tip
        left = tip.split("polled only: ")[1].split(";")[0].split(", ")
        assert len(left) == 4 and set(left) <= set(A_SHARES)
        # A big sell pushed for a subscribed code: the tape and the dock have it.
        await wait_until(lambda: set(US) <= fake.subscriptions.subscribed(), 10)
        fake.push_tickers("US.AAPL", [FakeTicker(200.0, 1_000, DIR_ASK)])
        w.tape.action.trigger()
        model = w.tape.dock.model
        await wait_until(lambda: model.rowCount() == 1, 10, what="the dock's row")
        assert model.code_at(0) == "US.AAPL"
        fake.push_quote("US.AAPL", 201.5, 195.0)
        await wait_until(lambda: w.store.quotes["US.AAPL"].last == 201.5, 10)

    try:
        run_window(qloop, body, source=fake.url)
    finally:
        fake.stop()
