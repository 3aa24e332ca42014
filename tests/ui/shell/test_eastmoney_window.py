"""The main window on `eastmoney://` against the fake East Money on loopback
(tests/support/fake_eastmoney/, the shapes akshare's stock/stock_fund_em.py and
efinance's common/getter.py read): the default watchlist's SH/SZ rows get the numbers
the fake published and their minute series, HK and US rows say they need futu://, the
status bar labels East Money's numbers and is not SIMULATED, the detail dock shows
no inflow or outflow (East Money publishes none: "—", never 0); when the server refuses,
the status bar says so with the minute it asks again (in the user's language), and the
rows keep their last values."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from flowdeck.core.markets import market_of
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.feeds.sim.stocks import DEFAULT_WATCHLIST
from flowdeck.live.follow import LIVE, RECONNECTING, FollowState
from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.shell.follow_status import state_detail
from tests.support.fake_eastmoney.quotes import tiers
from tests.support.fake_eastmoney.threaded import threaded_fake
from tests.support.waiting import wait_until
from tests.support.window import run_window

A_SHARES = [c for c in DEFAULT_WATCHLIST if market_of(c).value in ("SH", "SZ")]
OTHERS = [c for c in DEFAULT_WATCHLIST if c not in A_SHARES]
NOON = dt.datetime(2026, 3, 2, 12, 0, 0)


def secid(code: str) -> str:
    market, symbol = code.split(".")
    return f"{1 if market == 'SH' else 0}.{symbol}"


def test_the_window_shows_east_moneys_numbers_and_their_refusal(qloop, flowdeck_home) -> None:
    with threaded_fake() as fake:
        seen: dict = {}

        async def body(w) -> None:
            table = w.model.table
            rows = {c: table.codes.index(c) for c in DEFAULT_WATCHLIST}
            await wait_until(lambda: all(np.isfinite(table.values[rows[c]]).all()
                                         for c in A_SHARES), 20, what="the A-share rows")
            await wait_until(lambda: all(c in w.store.errors for c in OTHERS), 10)
            await wait_until(lambda: w.model.history.last_minute(A_SHARES[0]) >= 0, 20,
                             what="a minute series")
            seen["state"] = w.status.state_name
            seen["badges"] = (w.status.convention.isVisibleTo(w), w.status.convention.text(),
                              w.status.badge.isVisibleTo(w))
            seen["values"] = {c: table.values[rows[c]].copy() for c in A_SHARES}
            seen["others"] = {c: w.store.errors[c] for c in OTHERS}
            w.view.selectRow(w.model.row_of_code(A_SHARES[0]))
            seen["bars"] = (w.detail_dock.code, w.detail_dock.bars.label_texts())
            fake.call(lambda f: f.fail("html", times=10_000))
            await wait_until(lambda: w.status.state_name == RECONNECTING, 20,
                             what="the refusal in the status bar")
            seen["refused"] = w.status.state.toolTip()
            # A polled source: the heartbeat shows how old the kept rows are.
            await wait_until(lambda: w.status.freshness.isVisibleTo(w)
                             and w.status.freshness.text().startswith("Fresh: oldest"), 10,
                             what="the rows' ages in the status bar")
            seen["kept"] = {c: table.values[rows[c]].copy() for c in A_SHARES}

        run_window(qloop, body, source=fake.source + "&rate=20")
    assert seen["state"] == LIVE
    assert seen["badges"] == (True, "East Money numbers", False)
    for code in A_SHARES:
        published = dict(zip(("super", "large", "medium", "small"), tiers(secid(code), 0),
                             strict=True))
        values = seen["values"][code]
        for tier, net in published.items():
            assert values[NUMERIC_KEYS.index(f"{tier}_net_inflow")] == net, (code, tier)
        assert values[NUMERIC_KEYS.index("main_net_inflow")] == \
            published["super"] + published["large"]
    # East Money publishes no inflow or outflow per tier: unknown, never 0.
    assert seen["bars"] == (A_SHARES[0], ["—"] * 8)
    for code, (number, message) in seen["others"].items():
        assert number == 1016 and "futu://" in message, code
    assert seen["refused"].startswith("East Money refused the request (too frequent?) — "
                                      "retrying at ")
    for code in A_SHARES:   # the last values stay, not blanked by the refusal
        np.testing.assert_array_equal(seen["kept"][code], seen["values"][code])


def refused(retry_in: float = 90.0) -> FollowState:
    return FollowState(RECONNECTING, "East Money refused the request (too frequent?)",
                       retry_in=retry_in, by_feed=True, source="eastmoney://",
                       origin="eastmoney")


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "East Money refused the request (too frequent?) — retrying at 12:01"),
    ("zh_CN", "东方财富拒绝了请求（请求过于频繁？）— 将于 12:01 重试"),
    ("zh_HK", "東方財富拒絕了請求（請求過於頻繁？）— 將於 12:01 重試"),
])
def test_a_refusal_is_worded_in_the_language_shown(qapp, lang, text) -> None:
    try:
        apply_language(lang)
        QApplication.processEvents()
        assert state_detail(refused(), lambda: NOON) == text
    finally:
        apply_language("en")
        QApplication.processEvents()


def test_other_sources_reconnecting_keep_their_own_words() -> None:
    other = FollowState(RECONNECTING, "connection refused", retry_in=2.0, by_feed=True,
                        source="gateway://x:1", origin="gateway")
    assert state_detail(other, lambda: NOON) == "next retry at 12:00:02: connection refused"
