"""core/stock_quota.py with a simulated clock: each of the four stock methods keeps
within OpenD's published window over ten simulated minutes of greedy requests, gets
close to its share, and none of them moves the capital-flow scheduler's windows."""

from __future__ import annotations

import pytest

from flowdeck.core.quota import RefreshScheduler, max_in_window
from flowdeck.core.stock_quota import (
    BASIC_INFO,
    PLATE_LIST,
    PLATE_STOCK,
    PUBLISHED,
    QUOTE_INTERVAL,
    SNAPSHOT,
    StockQuota,
)


def greedy(quota: StockQuota, method: str, seconds: float, step: float = 0.01
           ) -> list[float]:
    """Every request `method` may send, asked for every `step` seconds."""
    sent, now = [], 0.0
    while now < seconds:
        if quota.next_free(method, now) <= now:
            quota.take(method, now)
            sent.append(now)
        now = round(now + step, 6)
    return sent


@pytest.mark.parametrize("method", [BASIC_INFO, SNAPSHOT, PLATE_LIST, PLATE_STOCK])
def test_greedy_requests_stay_inside_the_published_window(method):
    published = PUBLISHED[method]
    sent = greedy(StockQuota(), method, 600.0)
    assert max_in_window(sent, published.window) < published.limit
    # ... and use most of it: the margin is one request in 30 and a second.
    limit, window = StockQuota().used[method]
    assert len(sent) >= 600.0 / window * limit - limit


def test_methods_have_windows_of_their_own():
    quota = StockQuota()
    for _ in range(9):
        quota.take(BASIC_INFO, 0.0)
    assert quota.next_free(BASIC_INFO, 0.0) == pytest.approx(31.0)
    assert quota.next_free(SNAPSHOT, 0.0) == 0.0
    assert quota.next_free(PLATE_STOCK, 0.0) == 0.0
    with pytest.raises(ValueError):
        quota.take(BASIC_INFO, 1.0)


def test_stock_calls_never_touch_the_capital_flow_windows():
    """A capital-flow scheduler's request times are the same whether or not the stock
    methods are busy beside it (they share nothing)."""
    def flow_starts(busy: bool) -> list[float]:
        scheduler = RefreshScheduler()
        scheduler.watch([f"HK.{i:05d}" for i in range(1, 41)])
        quota, starts, now = StockQuota(), [], 0.0
        while now < 120.0:
            if busy:
                for method in PUBLISHED:
                    if quota.next_free(method, now) <= now:
                        quota.take(method, now)
            pick = scheduler.due(now)
            if pick is not None and pick.at <= now:
                scheduler.start(pick, now)
                scheduler.finish(pick.code, now, ok=True)
                starts.append(now)
            now = round(now + 0.01, 6)
        return starts

    assert flow_starts(busy=True) == flow_starts(busy=False)


def test_quote_interval_grows_only_past_the_snapshot_share():
    quota = StockQuota()
    assert quota.quote_interval(1) == QUOTE_INTERVAL
    assert quota.quote_interval(3_000) == QUOTE_INTERVAL          # 8 requests
    # 20,000 codes need 50 requests: at 58 per 31 s that is ~26.7 s a round.
    assert quota.quote_interval(20_000) == pytest.approx(50 * 31 / 58)
