"""futu/push_handlers.py without OpenD: the handoff from the SDK's thread (a burst of
pushes is one call on the loop, in order) and tickers as big trades (the minimum per
code, Futu's direction and type, FlowDeck's tier, milliseconds kept)."""

import threading

from flowdeck.core.big_trade_thresholds import BigTradeThresholds
from flowdeck.core.big_trades import BUY, NEUTRAL, SELL
from flowdeck.core.records import Tier
from flowdeck.feeds.futu.push_handlers import Handoff, Tick, big_trades, local_seconds


def test_a_burst_is_handed_over_in_one_call_in_order():
    scheduled, delivered = [], []
    handoff = Handoff(delivered.append, scheduled.append)
    workers = [threading.Thread(target=handoff.put, args=([i],)) for i in range(50)]
    for worker in workers:
        worker.start()
        worker.join()
    assert len(scheduled) == 1 and delivered == []
    scheduled.pop()()
    assert delivered == [list(range(50))]
    handoff.put([50])
    assert len(scheduled) == 1      # a drain done, the next put schedules another
    scheduled.pop()()
    assert delivered[-1] == [50]


def test_a_closed_loop_drops_the_push_quietly():
    def closed(*_args):
        raise RuntimeError("Event loop is closed")
    Handoff(print, closed).put([1])   # no exception reaches the SDK's thread


def test_tickers_at_or_above_their_codes_minimum_become_big_trades():
    ticks = [Tick("HK.00700", "2026-12-04 10:00:01.250", 400.0, 1_250, "BUY", 7, "AUTO_MATCH"),
             Tick("HK.00700", "2026-12-04 10:00:01.500", 400.0, 1_249, "SELL", 8, "AUTO_MATCH"),
             Tick("US.AAPL", "2026-12-04 10:00:02.000", 200.0, 1_000, "SELL", 3, "ODD_LOT"),
             Tick("SH.600519", "2026-12-04 10:00:03.000", 1500.0, 200, "N/A", 9, "N/A")]
    trades = big_trades(ticks, BigTradeThresholds().with_code("SH.600519", 1e6))
    rows = list(trades.rows())
    assert [(r.code, r.seq, r.side, r.tier, r.kind) for r in rows] == [
        ("HK.00700", 7, BUY, int(Tier.LARGE), "AUTO_MATCH"),      # 500,000: inclusive
        ("US.AAPL", 3, SELL, int(Tier.SUPER), "ODD_LOT")]         # 200,000: US super
    assert rows[0].time == local_seconds("2026-12-04 10:00:01") + 0.25
    assert rows[0].time_text == "2026-12-04 10:00:01"
    assert len(big_trades(ticks[3:], BigTradeThresholds())) == 1
    assert next(big_trades(ticks[3:], BigTradeThresholds()).rows()).side == NEUTRAL
