"""The API's minute series are exact: on a replay file written to break float32 (values
like 1000.1 and 1e15 + 0.1, tiers that nearly cancel, trades in an auction, at a
session's close, in a lunch break and after the close), every point /v1/capital_detail,
the stream and the client hand out equals an independent reading of README's
definitions over the trades, bit for bit; a series' last minute equals the record; main
and retail are the float64 sums of their tiers, as the record makes them.

The reference below is README's "What the numbers mean" in plain Python, one trade at a
time. Its sums agree with the engine's to the last bit because the file has at most one
trade per code, trading minute, tier and direction (the engine sums a minute's trades
before adding them to the day, README leaves that order open)."""

from __future__ import annotations

import json

import pytest

from flowdeck.api.async_context import AsyncQuoteContext
from flowdeck.core.errors import RET_OK
from flowdeck.feeds.registry import open_feed
from flowdeck.feeds.replay.feed import ReplayFeed, parse_replay_source
from tests.support.server_fakes import SERVED_TOKEN, hub_of, served
from tests.support.stream_client import subscribe
from tests.support.waiting import run, wait_until

DAY = "2025-03-14"
# code, time, price, quantity, bid, ask (as written in the file)
TRADES = [
    ("HK.00700", "09:20:00", "1000.1", "1", "1000", "1000.1"),        # auction: small buy
    ("SH.600519", "09:25:00", "0.1", "7", "0.05", "0.1"),             # auction: small buy
    ("HK.00700", "09:30:10", "1000000000000000.1", "1", "1e15", "1000000000000000.1"),
    ("US.AAPL", "09:30:00", "0.1", "1", "", ""),                      # first: neutral
    ("US.AAPL", "09:30:30", "0.2", "1", "", ""),                      # up: buy
    ("HK.00700", "09:31:00", "1e15", "1", "1e15", "1000000000000001"),  # super sell
    ("US.AAPL", "09:31:00", "0.1", "1", "", ""),                      # down: sell
    ("HK.00700", "09:32:00", "700000.1", "1", "700000", "700000.1"),  # large buy
    ("US.AAPL", "09:32:00", "1000000000000000.1", "1", "1e15", "1000000000000000.1"),
    ("HK.00700", "09:33:00", "699999.9", "1", "699999.9", "700000"),  # large sell
    ("US.AAPL", "09:33:00", "1e15", "1", "1e15", "1000000000000001"),
    ("HK.00700", "09:34:00", "100000.3", "1", "100000", "100000.3"),  # medium buy
    ("HK.00700", "09:35:00", "0.1", "3", "0.1", "0.2"),               # small sell
    ("SZ.000001", "10:00:00", "13.37", "3000", "13.36", "13.37"),     # medium buy
    ("SH.600519", "11:29:00", "1000000.1", "1", "1000000", "1000000.1"),
    ("SH.600519", "11:30:00", "200000.1", "1", "200000", "200000.1"),  # at the close
    ("HK.00700", "11:59:30", "1000.1", "1", "1000", "1000.1"),
    ("HK.00700", "12:00:00", "100000.7", "1", "100000.7", "100001"),  # at the close
    ("US.AAPL", "12:00:00", "40000.1", "1", "40000", "40000.1"),
    ("SH.600519", "12:15:00", "200000.3", "1", "200000.3", "200001"),  # lunch: sell
    ("HK.00700", "12:30:00", "500000.3", "1", "500000", "500000.3"),  # lunch: buy
    ("HK.00700", "13:00:00", "2000000.1", "1", "2000000", "2000000.1"),
    ("HK.00700", "14:00:00", "1000.3", "1", "", ""),                  # down: sell
    ("SZ.000001", "14:57:00", "13.1", "3000.5", "13.1", "13.2"),      # medium sell
    ("SH.600519", "15:00:00", "1000000.3", "1", "1000000.3", "1000001"),  # at the close
    ("US.AAPL", "15:59:00", "10000.1", "1", "10000", "10000.1"),
    ("HK.00700", "15:59:59", "1000000.05", "1", "1000000.05", "1000001"),
    ("HK.00700", "16:00:00", "100000.9", "1", "100000", "100000.9"),  # at the close
    ("US.AAPL", "16:00:00", "10000.3", "1", "10000.3", "10001"),      # at the close
    ("HK.00700", "16:10:00", "0.7", "1", "0.7", "0.8"),               # after it
]
CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.000001"]

# README: sessions (local minutes of the day) and the fixed tier thresholds.
SESSIONS = {"HK": [(570, 720), (780, 960)], "US": [(570, 960)],
            "SH": [(570, 690), (780, 900)], "SZ": [(570, 690), (780, 900)]}
THRESHOLDS = {"HK": (2e6, 5e5, 1e5), "US": (2e5, 4e4, 1e4), "SH": (1e6, 2e5, 4e4),
              "SZ": (1e6, 2e5, 4e4)}
SERIES = ("main", "retail", "super", "large", "medium", "small")


def trading_minute(market: str, clock: str) -> int:
    """README: a minute of the sessions, counted from the open; before the open the
    first minute, in a break or after the close the session's last."""
    h, m, _ = (int(x) for x in clock.split(":"))
    minute, index = h * 60 + m, 0
    for open_, close in SESSIONS[market]:
        if minute < open_:
            return max(index - 1, 0)
        if minute < close:
            return index + minute - open_
        index += close - open_
    return index - 1


def reference() -> tuple[dict[str, dict[int, list[float]]], dict[str, str]]:
    """Per code, {trading minute: the six cumulative nets at its end}, and the time of
    its last trade."""
    state: dict[str, dict] = {}
    points: dict[str, dict[int, list[float]]] = {}
    last: dict[str, str] = {}
    for code, clock, *texts in sorted(TRADES, key=lambda t: t[1]):
        price, qty = float(texts[0]), float(texts[1])
        bid, ask = (float(t) if t else None for t in texts[2:])
        market = code.split(".")[0]
        s = state.setdefault(code, {"buy": [0.0] * 4, "sell": [0.0] * 4,
                                    "price": None, "change": 0})
        if s["price"] is not None and price != s["price"]:
            s["change"] = 1 if price > s["price"] else -1
        s["price"] = price
        if bid is not None and ask is not None and bid < ask:
            side = 1 if price >= ask else -1 if price <= bid else 0
        else:
            side = s["change"]
        value = price * qty
        tier = sum(value < t for t in THRESHOLDS[market])   # 0 super .. 3 small
        if side:
            book = s["buy"] if side > 0 else s["sell"]
            book[tier] = book[tier] + value
        nets = [b - x for b, x in zip(s["buy"], s["sell"], strict=True)]
        points.setdefault(code, {})[trading_minute(market, clock)] = \
            [nets[0] + nets[1], nets[2] + nets[3], *nets]
        last[code] = f"{DAY} {clock}"
    return points, last


def at(points: dict[int, list[float]], minute: int) -> list[float]:
    """The reference's series at `minute`: its last point at or before it."""
    return points[max(m for m in points if m <= minute)]


def write_file(tmp_path, header: str = "code,time,price,quantity,bid,ask") -> str:
    path = tmp_path / "adversarial.csv"
    lines = [header] + [f"{c},{DAY} {t},{','.join(rest)}"
                        for c, t, *rest in sorted(TRADES, key=lambda t: t[1])]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def feed(path: str, query: str) -> ReplayFeed:
    url = f"replay:{path}?{query}"
    return ReplayFeed(url, parse_replay_source(url))


def test_the_reference_counts_as_readme_says():
    points, last = reference()
    hk = points["HK.00700"]
    assert sorted(hk) == [0, 1, 2, 3, 4, 5, 149, 150, 210, 329]
    assert hk[0][2] == 1e15 + 0.1 and hk[1][2] == 0.125     # 1e15 + 0.1 - 1e15
    assert hk[149][5] == (1000.1 + 1000.1) - 0.1 * 3 and 0 < hk[3][3] < 0.21  # nearly cancel
    assert points["US.AAPL"][0][5] == 0.2 and points["US.AAPL"][1][5] == 0.2 - 0.1
    assert sorted(points["SH.600519"]) == [0, 119, 239]
    assert last["HK.00700"] == f"{DAY} 16:10:00"


def check_items(items: list[dict], records: dict[str, dict]) -> None:
    points, last = reference()
    assert [i["code"] for i in items] == CODES
    for item in items:
        code, minutes, series = item["code"], item["minutes"], item["series"]
        assert minutes[0] == min(points[code]) and minutes[-1] == max(points[code])
        for k, minute in enumerate(minutes):
            got = [series[s][k] for s in SERIES]
            assert got == at(points[code], minute), (code, minute)
            assert got[0] == got[2] + got[3] and got[1] == got[4] + got[5]
        record = records[code]
        assert [series[s][-1] for s in SERIES] == [record[f"{s}_net_inflow"] for s in SERIES]
        assert record["update_time"] == last[code]


@pytest.mark.parametrize("query", ["start=23:59", "speed=max"])
def test_capital_detail_and_the_stream_hand_out_the_engines_numbers(tmp_path, query):
    path = write_file(tmp_path)
    params = {"stock_list": ",".join(CODES)}
    _, last = reference()

    async def main():
        async with served(feed(path, query)) as client:
            resp = await client.get("/v1/capital_flow", params=params)
            assert resp.status == 200
            state = hub_of(client).state
            # The clock past the file's last trade: the batch that counted it is in.
            await wait_until(lambda: state.markets and max(
                s.local_time for s in state.markets.values()) >= last["HK.00700"],
                what="the replay's end")
            flow = await (await client.get("/v1/capital_flow", params=params)).json()
            records = {r["code"]: r for r in flow["data"]["capital_flow_list"]}
            resp = await client.get("/v1/capital_detail", params=params)
            text = await resp.text()
            assert "1000.0999755859375" not in text          # 1000.1 as float32
            check_items(json.loads(text)["data"]["capital_detail_list"], records)

            async with AsyncQuoteContext(port=client.server.port, token=SERVED_TOKEN) as ctx:
                ret, rows = await ctx.get_capital_detail(CODES)
            assert ret == RET_OK
            check_items([{"code": r["code"], "minutes": r["minutes"].tolist(),
                          "series": dict(zip(SERIES, r["values"].T.tolist(), strict=True))}
                         for r in rows], records)

            # The window's gateway:// source: the stream decoded into a Batch.
            url = f"gateway://127.0.0.1:{client.server.port}?token={SERVED_TOKEN}"
            async with open_feed(url) as upstream:
                batch = await upstream.snapshot(CODES)
            got = {c: [j for j, p in enumerate(batch.points.codes) if p == c] for c in CODES}
            check_items([{"code": c, "minutes": batch.points.minutes[got[c]].tolist(),
                          "series": dict(zip(SERIES, batch.points.values[got[c]].T.tolist(),
                                             strict=True))} for c in CODES],
                        {c: r.to_dict() for c, r in batch.records.items()})

            async with client.ws_connect("/v1/stream") as ws:
                snap = await subscribe(ws, CODES)
            assert snap["type"] == "batch"
            streamed = {r["code"]: r for r in snap["records"]}
            assert streamed == records
            check_items([{"code": c, "minutes": snap["points"][c]["minutes"],
                          "series": dict(zip(SERIES, zip(*snap["points"][c]["values"],
                                                         strict=True), strict=True))}
                         for c in CODES],
                        records)

    run(main())


def test_start_counts_a_trade_at_that_second_and_a_code_without_one_has_no_time(tmp_path):
    """start=09:30: US.AAPL's trade at 09:30:00 counted (not its 09:30:30 one);
    SZ.000001 trades first at 10:00, so its record has no update time yet."""
    path = write_file(tmp_path, header="Code, Time, PRICE, quantity, bid, ask")

    async def main():
        async with served(feed(path, "start=09:30")) as client:
            resp = await client.get("/v1/capital_flow",
                                    params={"stock_list": "US.AAPL,SZ.000001"})
            return (await resp.json())["data"]["capital_flow_list"]

    aapl, sz = run(main())
    assert aapl["update_time"] == f"{DAY} 09:30:00"
    assert aapl["small_net_inflow"] == 0.0                   # the neutral first trade
    assert sz["update_time"] == "" and sz["main_net_inflow"] == 0.0
