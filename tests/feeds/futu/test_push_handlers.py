"""futu/push_handlers.py without OpenD: the handoff from the SDK's thread (a burst of
pushes is one call on the loop, in order), a push's tickers read as the SDK's
parse_rsp_pb reads them, and tickers as big trades (the minimum per code, Futu's
direction and type, FlowDeck's tier, milliseconds kept)."""

import threading

import pytest

from flowdeck.core.big_trade_thresholds import BigTradeThresholds
from flowdeck.core.big_trades import BUY, NEUTRAL, SELL
from flowdeck.core.records import Tier
from flowdeck.feeds.futu.push_handlers import Handoff, Tick, big_trades, local_seconds, ticks_of


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


def test_ticks_of_reads_a_push_as_the_sdks_parse_rsp_pb_does():
    from flowdeck.feeds.futu import sdk as futu_sdk
    if not futu_sdk.installed():
        pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})")
    futu = futu_sdk.load_futu()
    from tests.support.fake_opend import DIR_ASK, DIR_NEUTRAL, FakeSubscriptions, FakeTicker
    from tests.support.fake_opend.protocol import Qot_UpdateTicker_pb2

    _, body = FakeSubscriptions().ticker_push("US.BRK.B", [
        FakeTicker(400.5, 1_000), FakeTicker(401.0, 7, DIR_ASK, type=6),
        FakeTicker(399.0, 3, DIR_NEUTRAL, type=99)])          # a type the SDK does not know
    rsp = Qot_UpdateTicker_pb2.Response.FromString(body)
    rsp.s2c.tickerList[0].hpVolume = 1_000.5                  # the high-precision volume
    rsp.s2c.tickerList[1].ClearField("type")
    ret, rows = futu.TickerHandlerBase.parse_rsp_pb(rsp)
    assert ret == futu.RET_OK
    want = [Tick(r["code"], r["time"], r["price"], r["volume"], r["ticker_direction"],
                 r["sequence"], r["type"]) for r in rows]
    assert ticks_of(rsp) == want
    assert [(t.code, t.volume, t.direction, t.kind) for t in want] == [
        ("US.BRK.B", 1_000.5, "BUY", "AUTO_MATCH"), ("US.BRK.B", 7, "SELL", "N/A"),
        ("US.BRK.B", 3, "NEUTRAL", "N/A")]
