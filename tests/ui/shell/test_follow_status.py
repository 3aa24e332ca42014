"""The status bar tells what the live core reports: the Follower's states in words (the
next retry on the wall clock, no codes, an error without its token), a written batch's
markets, last update and rate, a beat's rate and a polled source's freshness."""

from __future__ import annotations

import datetime as dt

from flowdeck.core.batch import Batch, MarketStatus
from flowdeck.core.markets import MarketState
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.live.follow import ERROR, LIVE, RECONNECTING, Follower, FollowState
from flowdeck.live.heartbeat import Beat
from flowdeck.live.store import LiveStore
from flowdeck.ui.shell.follow_status import FollowStatus, state_detail
from flowdeck.ui.shell.status_bar import StatusBar
from tests.support.feeds import ScriptedFeed

NOON = dt.datetime(2026, 3, 2, 12, 0, 0)


def rig(qtbot) -> tuple[FollowStatus, StatusBar, LiveStore]:
    status = StatusBar()
    qtbot.addWidget(status)
    store = LiveStore()
    follow_status = FollowStatus(status, Follower(store), now=lambda: NOON)
    store.add_listener(follow_status.on_change)
    return follow_status, status, store


def test_a_retry_is_told_on_the_wall_clock_with_its_error() -> None:
    state = FollowState(RECONNECTING, "connection refused", retry_in=2.0)
    assert state_detail(state, lambda: NOON) == "next retry at 12:00:02: connection refused"
    assert state_detail(FollowState(RECONNECTING, retry_in=30.0),
                        lambda: NOON) == "next retry at 12:00:30"
    assert state_detail(FollowState(LIVE, no_codes=True)) == "no codes in the watchlist"
    assert state_detail(FollowState(ERROR, "unknown source nosuch://x")) == (
        "unknown source nosuch://x")


def test_states_reach_the_status_bar_without_secrets(qtbot) -> None:
    follow_status, status, _store = rig(qtbot)
    follow_status.on_state(FollowState(
        ERROR, "gateway://127.0.0.1:1?token=SECRET refused", source="gateway://127.0.0.1:1",
        simulated=False))
    assert status.state_name == ERROR
    assert "SECRET" not in status.state.text() and "SECRET" not in status.state.toolTip()
    assert status.source.text().endswith("gateway://127.0.0.1:1")
    assert not status.badge.isVisibleTo(status)
    follow_status.on_state(FollowState(LIVE, source="sim", simulated=True))
    assert status.state_name == LIVE and status.badge.isVisibleTo(status)


def test_a_written_batch_shows_markets_and_the_last_update(qtbot) -> None:
    _follow_status, status, store = rig(qtbot)
    store.set_codes(["HK.00700"])
    record = CapitalFlowRecord.from_tier_values(
        "HK.00700", "2026-03-02 10:30:05", [1.0, 0, 0, 0], [0, 0, 0, 0], 1e6)
    markets = {"HK": MarketStatus(MarketState.OPEN, "2026-03-02 10:30:06")}
    store.apply(Batch(records={"HK.00700": record}, markets=markets), 1.0)
    assert "10:30:05" in status.last_update.text()
    assert "HK" in status.markets.text()


def test_a_beat_shows_the_rate_and_a_polled_sources_freshness(qtbot) -> None:
    follow_status, status, _store = rig(qtbot)
    follow_status.on_beat(Beat(1.0, 12.0, {"HK.00700": 3.0, "US.AAPL": None}))
    assert "12" in status.rate.text()
    assert status.freshness.isVisibleTo(status) and "1 waiting" in status.freshness.text()
    follow_status.on_beat(Beat(2.0, 0.0, None))
    assert not status.freshness.isVisibleTo(status)


def test_a_gateway_reconnecting_by_itself_shows_in_the_status_bar(qtbot, qloop) -> None:
    from flowdeck.api.stream import ConnectionState

    feed = ScriptedFeed([Batch(snapshot=True)], name="flaky")
    status = StatusBar()
    qtbot.addWidget(status)
    follower = Follower(LiveStore(), opener=lambda url: feed)
    follower.add_state_listener(FollowStatus(status, follower, now=lambda: NOON).on_state)

    async def go() -> None:
        follower.start("gateway://x:1", ["HK.00700"])
        assert feed.on_state is not None
        feed.on_state(ConnectionState("reconnecting", retry_in=2.0, attempt=1,
                                      error="connection refused"))
        assert status.state_name == RECONNECTING
        assert status.state.toolTip() == "next retry at 12:00:02: connection refused"
        feed.on_state(ConnectionState("live"))
        assert status.state_name == LIVE and status.state.toolTip() == ""
        await follower.stop()

    qloop.run_until_complete(go())
