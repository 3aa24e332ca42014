"""tests/support/fake_opend's subscriptions and pushes, as the real futu-api SDK sees them:
subscribe / query_subscription / unsubscribe answered as OpenD answers them (quota,
rights, the one-minute minimum), ticker and quote pushes reaching the SDK's handlers,
pushes going silent on a live connection, and a restart forgetting every subscription."""

import threading

import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

futu = futu_sdk.load_futu()

from tests.support.fake_opend import (  # noqa: E402
    DIR_ASK,
    DIR_BID,
    FakeOpenD,
    FakeTicker,
    no_right_message,
)

BOTH = [futu.SubType.TICKER, futu.SubType.QUOTE]


class Collect(futu.TickerHandlerBase):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.came = threading.Event()

    def on_recv_rsp(self, rsp_pb):
        ret, rows = self.parse_rsp_pb(rsp_pb)
        self.rows.extend(rows)
        self.came.set()
        return ret, rows


class Quotes(futu.StockQuoteHandlerBase):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.came = threading.Event()

    def on_recv_rsp(self, rsp_pb):
        ret, rows = self.parse_rsp_pb(rsp_pb)
        self.rows.extend(rows)
        self.came.set()
        return ret, rows


@pytest.fixture
def opend():
    now = [1000.0]
    with FakeOpenD(seed=3) as fake:
        fake.subscriptions.clock = lambda: now[0]
        fake.now = now
        yield fake


@pytest.fixture
def ctx(opend):
    context = futu.OpenQuoteContext(host="127.0.0.1", port=opend.port)
    yield context
    context.close()


def test_subscriptions_count_against_the_quota_as_get_sub_info_reports(opend, ctx):
    assert ctx.subscribe(["HK.00700", "US.AAPL"], BOTH) == (futu.RET_OK, None)
    ret, info = ctx.query_subscription()
    assert ret == futu.RET_OK
    assert (info["total_used"], info["remain"], info["own_used"]) == (4, 96, 4)
    assert sorted(info["sub_list"]["TICKER"]) == ["HK.00700", "US.AAPL"]
    assert sorted(info["sub_list"]["QUOTE"]) == ["HK.00700", "US.AAPL"]

    opend.subscriptions.quota = 5   # one unit left: two more are refused, none taken
    ret, message = ctx.subscribe(["SH.600519"], BOTH)
    assert ret == futu.RET_ERROR and "订阅额度不足" in message
    assert ctx.query_subscription()[1]["total_used"] == 4


def test_a_market_without_rights_is_refused_in_opends_words(opend, ctx):
    opend.subscriptions.no_rights = {"HK"}
    assert ctx.subscribe(["HK.00700"], BOTH) == (
        futu.RET_ERROR, "无权限订阅HK.00700的行情，请检查香港市场股票行情权限")
    assert ctx.subscribe(["US.AAPL"], BOTH) == (futu.RET_OK, None)
    assert no_right_message("HK.00700", "en") == "No right to subscribe 00700"


def test_an_unsubscription_waits_a_minute_from_the_subscription(opend, ctx):
    ctx.subscribe(["US.AAPL"], BOTH)
    ret, message = ctx.unsubscribe(["US.AAPL"], BOTH)
    assert ret == futu.RET_ERROR and "at least one minute" in message
    opend.now[0] += 60.0
    assert ctx.unsubscribe(["US.AAPL"], BOTH) == (futu.RET_OK, None)
    assert ctx.query_subscription()[1]["total_used"] == 0


def test_tickers_and_quotes_reach_the_sdks_handlers(opend, ctx):
    tickers, quotes = Collect(), Quotes()
    ctx.set_handler(tickers)
    ctx.set_handler(quotes)
    ctx.subscribe(["HK.00700"], BOTH)
    pushed = opend.push_tickers("HK.00700", [FakeTicker(380.2, 30_000, DIR_BID),
                                             FakeTicker(380.0, 500, DIR_ASK)])
    assert tickers.came.wait(5)
    assert [(r["code"], r["sequence"], r["price"], r["volume"], r["ticker_direction"],
             r["type"]) for r in tickers.rows] == [
        ("HK.00700", 1, 380.2, 30_000, "BUY", "AUTO_MATCH"),
        ("HK.00700", 2, 380.0, 500, "SELL", "AUTO_MATCH")]
    assert [r["time"] for r in tickers.rows] == [t.time for t in pushed]
    assert opend.push_quote("HK.00700", 381.0, 370.0) == 1
    assert quotes.came.wait(5)
    assert (quotes.rows[0]["last_price"], quotes.rows[0]["prev_close_price"]) == (381.0, 370.0)
    # Codes nobody subscribed are pushed to nobody.
    assert opend.push_many([("US.AAPL", [FakeTicker(190.0, 10)])]) == 0


def test_silent_pushes_keep_the_connection_and_a_restart_forgets_subscriptions(opend, ctx):
    ctx.subscribe(["HK.00700"], BOTH)
    opend.silent_pushes = True
    assert opend.push_tickers("HK.00700", [FakeTicker(380.0, 100)])[0].sequence == 1
    assert opend.pushes_sent == 0
    assert ctx.query_subscription()[1]["total_used"] == 2   # still up, still subscribed
    opend.silent_pushes = False
    port = opend.port
    opend.subscriptions.quota = 40
    opend.restart()
    assert opend.port == port and opend.subscriptions.used() == 0
    assert opend.subscriptions.quota == 40          # the account's, kept
    again = futu.OpenQuoteContext(host="127.0.0.1", port=port)
    try:
        assert again.query_subscription()[1]["total_used"] == 0
    finally:
        again.close()


def test_a_closed_connections_units_are_held_a_minute(opend):
    first = futu.OpenQuoteContext(host="127.0.0.1", port=opend.port)
    first.subscribe(["US.AAPL"], BOTH)
    first.close()
    second = futu.OpenQuoteContext(host="127.0.0.1", port=opend.port)
    try:
        assert second.query_subscription()[1]["total_used"] == 2
        opend.now[0] += 61.0
        assert second.query_subscription()[1]["total_used"] == 0
    finally:
        second.close()
