"""East Money's numbers are labelled as theirs: beside where the SIMULATED badge sits,
the status bar says "East Money numbers" (their convention sizes both sides of every
trade, README: East Money) for an eastmoney:// source, and for a gateway:// relaying
one; no other source gets the label. In the language shown."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from flowdeck.core.batch import Batch
from flowdeck.live.follow import LIVE, Follower
from flowdeck.live.store import LiveStore
from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.shell.follow_status import FollowStatus
from flowdeck.ui.shell.status_bar import StatusBar
from tests.support.feeds import ScriptedFeed
from tests.support.waiting import wait_until


@pytest.fixture
def status(qtbot) -> StatusBar:
    bar = StatusBar()
    qtbot.addWidget(bar)
    return bar


def follow(qloop, status: StatusBar, feed: ScriptedFeed) -> None:
    """A real Follower on `feed` until it is live, its states told to `status`."""
    follower = Follower(LiveStore(), opener=lambda url: feed)
    follower.add_state_listener(FollowStatus(status, follower).on_state)

    async def go() -> None:
        follower.start(feed.name, ["SH.600519"])
        await wait_until(lambda: follower.state.state == LIVE, what="the follower live")
        await follower.stop()

    qloop.run_until_complete(go())


def test_an_eastmoney_source_is_labelled_east_money_numbers(qloop, status) -> None:
    follow(qloop, status, ScriptedFeed([Batch(snapshot=True)],
                                       name="eastmoney://127.0.0.1:8080?tls=0"))
    assert status.convention.isVisibleTo(status)
    assert status.convention.text() == "East Money numbers"
    assert "both sides" in status.convention.toolTip()
    assert not status.badge.isVisibleTo(status)   # real numbers: not SIMULATED


@pytest.mark.parametrize("name", ["sim", "futu://127.0.0.1:11111", "replay:day.csv",
                                  "gateway://127.0.0.1:11111"])
def test_other_sources_have_no_convention_label(qloop, status, name) -> None:
    follow(qloop, status, ScriptedFeed([Batch(snapshot=True)], name=name))
    assert not status.convention.isVisibleTo(status)


def test_a_gateway_relaying_east_money_is_labelled_too(qloop, status) -> None:
    feed = ScriptedFeed([Batch(snapshot=True)], name="gateway://127.0.0.1:11111")
    feed.origin = "eastmoney"   # what a GatewayFeed learns from its upstream's health
    follow(qloop, status, feed)
    assert status.convention.isVisibleTo(status)
    status.set_source("sim", True, "sim")   # the source switched: the label goes
    assert not status.convention.isVisibleTo(status) and status.badge.isVisibleTo(status)


@pytest.mark.parametrize(("lang", "text"), [("zh_CN", "东方财富口径"),
                                            ("zh_HK", "東方財富口徑")])
def test_the_label_follows_the_language(qapp, status, lang, text) -> None:
    status.set_source("eastmoney://", False, "eastmoney")
    try:
        apply_language(lang)
        QApplication.processEvents()   # LanguageChange is posted
        assert status.convention.text() == text
        assert status.convention.toolTip() and "East Money" not in status.convention.toolTip()
    finally:
        apply_language("en")
        QApplication.processEvents()
    assert status.convention.text() == "East Money numbers"
