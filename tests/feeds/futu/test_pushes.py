"""futu:// pushes through the real futu-api SDK against the fake OpenD: the followed codes
subscribed within the quota OpenD reports, pushed tickers as big trades (Futu's own
direction and type, FlowDeck's tier by value, the ticker's sequence), pushed quotes as
Batch.quotes, a market without quote rights said in the feed's state, every subscription
back after an OpenD restart, and pushes gone silent on a live connection noticed and
subscribed again."""

import asyncio

import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.core.big_trade_thresholds import BigTradeThresholds, TapeSettings
from flowdeck.core.big_trades import BUY, NEUTRAL, SELL
from flowdeck.core.quota import QuotaPolicy
from flowdeck.core.records import Tier
from flowdeck.feeds.base import CoversTrades, TakesTapeSettings
from flowdeck.feeds.futu.feed import FutuFeed
from flowdeck.feeds.futu.push_handlers import local_seconds
from flowdeck.feeds.futu.push_plan import PushPlan
from flowdeck.feeds.futu.push_side import LOG_TRADES
from tests.support.fake_opend import DIR_ASK, DIR_BID, DIR_NEUTRAL, SUB, SUB_INFO, FakeTicker
from tests.support.waiting import run, wait_until

QUICK = QuotaPolicy(window=3.0, slack=0.1)
HK, US = "HK.00700", "US.AAPL"


class Taker:
    """Reads a feed's updates in a task, keeping the trades, quotes and states."""

    def __init__(self, feed: FutuFeed, codes: list[str]) -> None:
        self.feed, self.trades, self.quotes, self.states = feed, [], {}, []
        feed.on_state = self.states.append
        self.task = asyncio.get_running_loop().create_task(self._take(codes))

    async def _take(self, codes):
        async for batch in self.feed.updates(codes):
            self.trades.extend(batch.trades.rows())
            self.quotes.update(batch.quotes)

    async def close(self):
        await self.feed.aclose()
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)


def subscribed(fake, *codes):
    return lambda: set(codes) <= fake.subscriptions.subscribed()


def test_pushed_tickers_become_big_trades_and_quotes_come_between_refreshes(fake):
    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=QUICK)
        taker = Taker(feed, [HK, US])
        try:
            await wait_until(subscribed(fake, HK, US), what="subscribed")
            # 600,000 HKD: large (>= 500,000, < 2,000,000); 10,000 HKD: below HK's minimum.
            fake.push_tickers(HK, [FakeTicker(400.0, 1_500, DIR_BID),
                                   FakeTicker(400.0, 25, DIR_ASK),
                                   FakeTicker(400.2, 6_000, DIR_ASK),
                                   FakeTicker(400.0, 1_250, DIR_NEUTRAL)])
            pushed = fake.push_tickers(US, [FakeTicker(190.0, 1_000, DIR_BID)])
            fake.push_quote(HK, 401.0, 390.0)
            await wait_until(lambda: len(taker.trades) == 4 and HK in taker.quotes,
                             what="the pushes")
            got = [(t.code, t.seq, t.price, t.quantity, t.side, t.tier, t.kind)
                   for t in taker.trades]
            assert sorted(got) == sorted([
                (HK, 1, 400.0, 1_500, BUY, int(Tier.LARGE), "AUTO_MATCH"),
                (HK, 3, 400.2, 6_000, SELL, int(Tier.SUPER), "AUTO_MATCH"),
                (HK, 4, 400.0, 1_250, NEUTRAL, int(Tier.LARGE), "AUTO_MATCH"),
                (US, 1, 190.0, 1_000, BUY, int(Tier.LARGE), "AUTO_MATCH")])
            us = next(t for t in taker.trades if t.code == US)
            assert us.time == local_seconds(pushed[0].time)   # milliseconds kept
            quote = taker.quotes[HK]
            assert (quote.last, quote.prev_close) == (401.0, 390.0)
            # A code's own minimum: HK.00700's big trades from 2,000,000 HKD on.
            feed.set_tape_settings(TapeSettings(BigTradeThresholds().with_code(HK, "200万")))
            fake.push_tickers(HK, [FakeTicker(400.0, 1_500), FakeTicker(400.0, 5_000)])
            await wait_until(lambda: len(taker.trades) == 5, what="the big one")
            assert taker.trades[-1].seq == 6
        finally:
            await taker.close()
    run(go())


def test_codes_beyond_the_quota_and_a_market_without_rights_are_said(fake):
    fake.subscriptions.quota = 4            # two codes' TICKER + QUOTE
    fake.subscriptions.no_rights = {"HK"}
    codes = [HK, "HK.00005", US, "US.TSLA", "SH.600519"]

    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=QUICK)
        taker = Taker(feed, codes)
        try:
            await wait_until(subscribed(fake, US, "US.TSLA"), what="subscribed")
            await wait_until(lambda: len(feed.uncovered_trades()) == 3, what="uncovered")
            assert isinstance(feed, CoversTrades) and isinstance(feed, TakesTapeSettings)
            assert feed.uncovered_trades() == {
                HK: "no quote rights for HK pushes", "HK.00005": "no quote rights for HK pushes",
                "SH.600519": "beyond the subscription quota"}
            await wait_until(lambda: taker.states and "SH.600519" in taker.states[-1].error,
                             what="the state")
            state = taker.states[-1]
            assert state.state == "live"
            assert state.error.startswith("no quote rights for HK pushes")
            assert "无权限订阅" in state.error    # OpenD's own words, whole, for the tooltip
            assert "pushes for 2 of 3 codes within the subscription quota" in state.error
        finally:
            await taker.close()
    run(go())


def test_every_subscription_comes_back_after_an_opend_restart(fake):
    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=QUICK, timeout=3)
        taker = Taker(feed, [HK, US])
        try:
            await wait_until(subscribed(fake, HK, US), what="subscribed")
            await asyncio.to_thread(fake.restart)
            await wait_until(subscribed(fake, HK, US), timeout=20, what="subscribed again")
            assert feed.pushes.contexts == 2
            fake.push_tickers(HK, [FakeTicker(400.0, 2_000, DIR_BID)])
            await wait_until(lambda: taker.trades, what="a push after the restart")
        finally:
            await taker.close()
    run(go())


def test_pushes_silent_on_a_live_connection_are_noticed_and_subscribed_again(fake):
    fake.progress = 0.3

    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=QUICK)
        taker = Taker(feed, [HK])
        try:
            await wait_until(subscribed(fake, HK), what="subscribed")
            await wait_until(lambda: feed.refreshes >= 2, what="refreshed while subscribed")
            subs = len([r for r in fake.subscriptions.requests if r[1] == SUB and r[2]])
            fake.silent_pushes = True
            fake.push_tickers(HK, [FakeTicker(400.0, 2_000)])   # dropped
            fake.progress = 0.4         # the polled flow moves on 33 minutes: no tickers
            await wait_until(lambda: feed.pushes.resubscribes == 1, what="noticed")
            assert len([r for r in fake.subscriptions.requests
                        if r[1] == SUB and r[2]]) > subs
            # The count goes up as the round starts; the state is told once it has
            # subscribed again.
            await wait_until(lambda: "pushes stopped while the polled flow moved on"
                             in (taker.states[-1].error or ""), what="said")
            assert feed.pushes.contexts == 1
            # Still silent after subscribing again, twice: a new connection.
            fake.progress = 0.5
            await wait_until(lambda: feed.pushes.resubscribes == 2, what="noticed again")
            assert feed.pushes.contexts == 1
            fake.progress = 0.6
            await wait_until(lambda: feed.pushes.contexts == 2, timeout=20, what="renewed")
            assert feed.pushes.resubscribes == 3
            await wait_until(subscribed(fake, HK), what="subscribed on the new connection")
            fake.silent_pushes = False
            fake.push_tickers(HK, [FakeTicker(400.0, 2_000)])
            await wait_until(lambda: taker.trades, what="pushes again")
            assert taker.trades[0].seq == 2
        finally:
            await taker.close()
    run(go())


def test_a_watchlist_edited_quickly_moves_no_subscription_until_it_settles(fake):
    async def go():
        plan = PushPlan(settle_s=0.5)
        feed = FutuFeed("127.0.0.1", fake.port, policy=QUICK, push_plan=plan)
        first = Taker(feed, [HK])
        try:
            await wait_until(subscribed(fake, HK), what="subscribed")
            loop = asyncio.get_running_loop()
            for code in ["US.AAPL", "US.TSLA", "SH.600519"]:   # edits 0.1 s apart
                it = feed.updates([code])
                task = loop.create_task(anext(it))
                await asyncio.sleep(0.1)
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                await it.aclose()
            await asyncio.sleep(1.0)
            asked = {c for r in fake.subscriptions.requests if r[1] == SUB and r[2]
                     for c, _ in r[3]}
            assert asked == {HK}
        finally:
            await first.close()
    run(go())


def test_trades_pushed_between_a_snapshot_and_its_updates_are_not_lost(fake):
    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=QUICK)
        other = Taker(feed, [HK])             # another consumer keeps HK subscribed
        try:
            await wait_until(subscribed(fake, HK), what="subscribed")
            await feed.snapshot([HK])         # a Follower's snapshot, then its updates
            fake.push_tickers(HK, [FakeTicker(400.0, 2_000, DIR_BID)])
            await wait_until(lambda: feed.pushes.ticks == 1, what="the push taken")
            updates = feed.updates([HK])
            batch = await asyncio.wait_for(anext(updates), 10)
            while not len(batch.trades):      # a refresh may come first
                batch = await asyncio.wait_for(anext(updates), 10)
            assert [(t.code, t.seq) for t in batch.trades.rows()] == [(HK, 1)]
            await updates.aclose()
        finally:
            await other.close()
    run(go())


def test_a_quota_reading_without_answer_is_read_again(fake):
    fake.stall = {SUB_INFO}                   # OpenD reads query_subscription, never answers

    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=QUICK, timeout=1)
        taker = Taker(feed, [US])
        try:
            await wait_until(lambda: feed.pushes and "push" in feed.pushes.failure,
                             what="the failure")
            fake.stall = set()
            await wait_until(subscribed(fake, US), what="subscribed")
            assert feed.pushes.contexts == 1  # on the same connection
        finally:
            await taker.close()
    run(go())


def test_the_log_for_iterators_behind_keeps_the_newest_trades_within_its_cap(fake):
    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=QUICK)
        taker = Taker(feed, [HK])
        try:
            await wait_until(subscribed(fake, HK), what="subscribed")
            for _ in range(6):
                fake.push_many([(HK, [FakeTicker(400.0, 2_000) for _ in range(1_000)])
                                for _ in range(10)])
                await asyncio.sleep(0.05)   # several handovers, as pushes come
            await wait_until(lambda: feed.pushes.ticks == 60_000, 20, what="every push")
            kept, _ = feed.pushes.trades_since(0, {HK})
            assert 49_000 <= len(kept) <= LOG_TRADES
            assert kept.seq[-1] == 60_000 and (kept.seq[1:] - kept.seq[:-1] == 1).all()
        finally:
            await taker.close()
    run(go())


def test_a_snapshot_alone_subscribes_nothing(fake):
    """`flowdeck fetch` and the backfill take a snapshot and go: a subscription would hold
    the account's units for a minute after they closed."""
    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=QUICK)
        await feed.snapshot([HK, US])
        await asyncio.sleep(1.0)
        taker = Taker(feed, [HK])
        try:
            assert not [r for r in fake.subscriptions.requests if r[1] == SUB]
            await wait_until(subscribed(fake, HK), what="followed, subscribed")
            assert fake.subscriptions.subscribed() == {HK}
        finally:
            await taker.close()
    run(go())
