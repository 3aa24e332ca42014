"""The Follower on real sources (the simulator, a replay file): rows, details, markets
and points fill the store; a watchlist change follows the new codes from a snapshot; a
replay ends without a retry. Waits are for events (rows filled, a market closed)."""

from __future__ import annotations

import datetime as dt

import pytest

from flowdeck.cli.record import record_day
from flowdeck.core.markets import MarketState
from flowdeck.feeds.replay.market import ReplayMarket
from flowdeck.feeds.sim.stocks import DEFAULT_WATCHLIST
from flowdeck.live.follow import LIVE, RECONNECTING, STOPPED, Follower
from flowdeck.live.store import BATCH, Change, LiveStore
from tests.support.waiting import run, wait_until

CODES = list(DEFAULT_WATCHLIST)


class Seen:
    """What a store and its follower told."""

    def __init__(self, store: LiveStore, follower: Follower) -> None:
        self.batches: list[Change] = []
        self.states: list = []
        self.errors: dict = {}
        store.add_listener(self.change)
        follower.add_state_listener(self.states.append)

    def change(self, change: Change) -> None:
        if change.kind == BATCH:
            self.batches.append(change)
            self.errors.update(change.new_errors)

    @property
    def points(self) -> int:
        return sum(len(c.batch.points) for c in self.batches)


def filled(store: LiveStore, codes) -> bool:
    values = store.table.values_of(list(codes), "main_net_inflow")
    return len(values) == len(codes) and all(v == v for v in values.values())


def test_rows_details_markets_and_points_fill_from_the_simulator() -> None:
    store = LiveStore()
    follower = Follower(store)
    seen = Seen(store, follower)

    async def main() -> None:
        follower.start("sim?speed=20&seed=7", CODES)
        await wait_until(lambda: filled(store, CODES) and follower.applies >= 3, 15)
        await follower.stop()

    run(main())
    assert store.codes == CODES
    first = seen.batches[0]
    assert first.batch.snapshot and first.restart == set(CODES)
    assert seen.points > 0
    assert seen.states[-2].state == LIVE and seen.states[-1].state == STOPPED
    assert seen.states[-2].source == "sim?speed=20&seed=7" and seen.states[-2].simulated
    assert set(store.markets) == {"HK", "US", "SH", "SZ"}
    assert any(c.last is not None and c.last.code in CODES for c in seen.batches)
    assert set(store.details) == set(CODES)


def test_a_watchlist_change_follows_the_new_codes_from_a_snapshot() -> None:
    store = LiveStore()
    follower = Follower(store)
    seen = Seen(store, follower)
    first, second = CODES[:4], [*CODES[2:4], "HK.00388", "US.NVDA"]

    async def main() -> None:
        follower.start("sim?speed=20", first)
        await wait_until(lambda: filled(store, first), 15)
        before = len(seen.batches)
        follower.follow(second)
        await wait_until(lambda: filled(store, second), 15)
        # The new codes come with a snapshot: their day restarts.
        assert any({"HK.00388", "US.NVDA"} <= c.restart for c in seen.batches[before:])
        now = len(seen.batches)
        await wait_until(lambda: len(seen.batches) >= now + 2, 10)
        await follower.stop()

    run(main())
    assert store.codes == second
    for change in seen.batches[-2:]:
        assert set(change.batch.records) <= set(second)
    assert set(store.details) <= set(second)


@pytest.fixture
def day_file(tmp_path):
    path = tmp_path / "day.csv"
    with path.open("w", encoding="ascii") as f:
        record_day(["SZ.000001", "HK.08123"], dt.date(2025, 3, 14), 5, f)
    return path


def test_a_replay_is_followed_to_its_end_without_a_retry(day_file) -> None:
    in_file, missing = ["SZ.000001", "HK.08123"], "US.MSFT"
    store = LiveStore()
    follower = Follower(store, min_interval=0.05)
    seen = Seen(store, follower)
    url = f"replay:{day_file}?speed=max"

    async def main() -> None:
        follower.start(url, [*in_file, missing])
        try:
            await wait_until(lambda: store.markets.get("SZ") == MarketState.CLOSED, 30)
            follower.flush()
        finally:
            await follower.stop()

    run(main(), 60)
    assert seen.states[-1].source == url and not seen.states[-1].simulated
    want = ReplayMarket(day_file, start_s=23 * 3600).snapshot_batch(in_file)
    got = store.table.values_of(in_file, "main_net_inflow")
    for code in in_file:
        assert got[code] == pytest.approx(want.records[code].main_net_inflow,
                                          rel=1e-9, abs=1e-3)
    assert seen.errors == {missing: (1016, f"no trades for {missing} in day.csv")}
    assert seen.points > 200
    # The end of the file is not a failure: no retry, no "feed ended".
    assert not any(s.state == RECONNECTING for s in seen.states)
