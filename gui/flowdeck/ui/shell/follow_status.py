"""The status bar told what the live core reports: the Follower's state in words (the
time of the next retry on the wall clock, the error without secrets), the markets and
the last update of each written batch, the rate and a polled source's freshness once a
second."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from ...core.redact import redact_source
from ...feeds.origin import EASTMONEY
from ...live.follow import RECONNECTING, STOPPED, Follower, FollowState
from ...live.heartbeat import Beat
from ...live.store import BATCH, Change
from .status_bar import StatusBar

# lupdate finds only literal texts in calls named tr or translate.
translate = QCoreApplication.translate


def state_detail(state: FollowState, now: Callable[[], dt.datetime] = dt.datetime.now) -> str:
    """What the status bar says after the state's word."""
    if state.no_codes:
        return translate("FollowStatus", "no codes in the watchlist")
    if (state.state == RECONNECTING and state.by_feed and state.origin == EASTMONEY
            and state.retry_in is not None):
        # East Money's feed backs off only when refused (an error page, an empty answer):
        # said in the user's language, at the minute it asks again.
        at = (now() + dt.timedelta(seconds=state.retry_in)).strftime("%H:%M")
        return translate("FollowStatus", "East Money refused the request (too frequent?) "
                                         "— retrying at {time}").format(time=at)
    if state.state == RECONNECTING and state.retry_in is not None:
        at = (now() + dt.timedelta(seconds=state.retry_in)).strftime("%H:%M:%S")
        if state.error:
            return translate("FollowStatus", "next retry at {time}: {error}").format(
                time=at, error=state.error)
        return translate("FollowStatus", "next retry at {time}").format(time=at)
    return state.error


class FollowStatus:
    """Listens to a Follower (its states), its LiveStore (written batches) and a
    Heartbeat (beats), and shows them in `status`."""

    def __init__(self, status: StatusBar, follower: Follower,
                 now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.status = status
        self.follower = follower
        self._now = now

    def on_state(self, state: FollowState) -> None:
        if state.state != STOPPED:  # a stopped follower has let go of its feed
            self.status.set_source(state.source, state.simulated, state.origin)
        # An error may quote the source URL: its token must not reach the status bar.
        self.status.set_state(state.state, redact_source(state_detail(state, self._now)))

    def on_change(self, change: Change) -> None:
        if change.kind != BATCH:
            return
        if change.batch.markets:
            self.status.set_markets(change.batch.markets)
        if change.last is not None:
            self.status.set_last_update(change.last.code, change.last.update_time)
        self.status.set_rate(self.follower.rate.per_second(change.wall))

    def on_beat(self, beat: Beat) -> None:
        self.status.set_rate(beat.rate)
        self.status.set_freshness(beat.ages)
