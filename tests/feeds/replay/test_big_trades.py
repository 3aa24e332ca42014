"""The replay's big trades: numbered per code and day as its engine counted them, so a
consumer's batches and a later snapshot hold the same ones; the user's minimums apply
(a replay feed takes the tape settings)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest

from flowdeck.core.big_trade_thresholds import BigTradeThresholds, TapeSettings
from flowdeck.core.big_trades import BigTrades, concat_trades
from flowdeck.core.codes import parse_code
from flowdeck.core.tiers import FIXED_THRESHOLDS, tier_of
from flowdeck.feeds.base import TakesTapeSettings
from flowdeck.feeds.registry import open_feed
from flowdeck.feeds.replay.market import ReplayMarket
from flowdeck.live.store import LiveStore
from tests.support.replay_files import CODES, record_file

WHOLE = TapeSettings(per_code=100_000, total=2_000_000)  # caps that keep every trade
KNOWN = [c for c in CODES if c not in ("HK.08123", "US.ZZQ")]


@pytest.fixture(scope="module")
def day_file(tmp_path_factory) -> Path:
    return record_file(tmp_path_factory.mktemp("replay") / "day.csv")


def rows(trades: BigTrades) -> list[tuple]:
    return sorted(zip(trades.codes, trades.seq.tolist(), trades.times.tolist(),
                      trades.price.tolist(), trades.quantity.tolist(), trades.side.tolist(),
                      trades.tier.tolist(), strict=True))


def test_batches_and_a_later_snapshot_hold_the_same_trades(day_file):
    market = ReplayMarket(day_file, tape=WHOLE)
    cursor = market.cursor(CODES)
    told = [cursor.next_batch().trades]
    for _ in range(40):
        market.step()
        told.append(cursor.next_batch().trades)
    seen = rows(concat_trades(told))
    assert len(seen) == len(set(seen)) > 20
    assert seen == rows(market.snapshot_batch(CODES).trades)
    again = ReplayMarket(day_file, tape=WHOLE)
    again.advance_to(market.now_ns)  # one step where the other took forty
    assert rows(again.snapshot_batch(CODES).trades) == seen
    for trade in concat_trades(told).rows():
        thresholds = FIXED_THRESHOLDS[parse_code(trade.code).market]
        assert trade.value >= thresholds.large
        assert trade.tier == tier_of(trade.value, thresholds)


def test_a_reconnects_snapshot_adds_none_twice(day_file):
    market = ReplayMarket(day_file)
    store = LiveStore()
    store.set_codes(CODES, 0.0)
    cursor = market.cursor(CODES)
    for k in range(30):
        market.step()
        store.apply(cursor.next_batch(), float(k))
    kept = len(store.tape)
    change = store.apply(market.snapshot_batch(CODES), 31.0)
    assert kept > 0 and len(change.batch.trades) > 0 and len(change.trades) == 0
    assert len(store.tape) == kept


def test_a_replay_feed_takes_the_users_minimums(day_file):
    feed = open_feed(f"replay:{day_file}?speed=max")
    assert isinstance(feed, TakesTapeSettings)
    feed.set_tape_settings(TapeSettings(BigTradeThresholds().with_code("HK.00700", 0)
                                        .with_market("US", "1T")))
    got = _snapshot_after(feed, 30)
    tencent = got.seq[np.asarray(got.codes) == "HK.00700"]
    # Every trade is big at 0: the snapshot holds the day's last 2,000 (the cap), in a row.
    assert len(tencent) == 2_000 and (np.diff(tencent) == 1).all()
    assert not [c for c in got.codes if c.startswith("US.")]


def _snapshot_after(feed, steps: int) -> BigTrades:
    """The feed's snapshot trades after `steps` minutes of trading replayed."""
    async def go() -> BigTrades:
        await feed.snapshot(KNOWN)
        for _ in range(steps):
            feed.market.step()
        batch = await feed.snapshot(KNOWN)
        await feed.aclose()
        return batch.trades

    return asyncio.run(go())
