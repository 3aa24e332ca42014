"""/v1/stream batches carry each code's latest quote ("quotes" beside "records"), in the
snapshot and in updates, encoded once per batch for every subscriber of the same codes;
an unknown price is null, never NaN; the 14-key records stay as they are."""

from __future__ import annotations

import asyncio
import json
import math

from flowdeck.core.batch import Batch
from flowdeck.core.records import RECORD_KEYS
from flowdeck.core.stock_info import Quote
from flowdeck.feeds.sim.feed import SimFeed
from flowdeck.server.answers import snapshot_change
from flowdeck.server.pending import Pending
from flowdeck.server.snapshots import build_snapshot
from flowdeck.server.state import FlowState
from tests.support.batches import rec
from tests.support.server_fakes import hub_of, run, served
from tests.support.stream_client import STREAM, subscribe

CODES = ["HK.00700", "US.AAPL", "SH.600519"]
QUOTE_KEYS = ["code", "last", "prev_close", "update_time"]


def strict(text: str) -> dict:
    """JSON as a strict peer reads it: NaN or Infinity in the text fails."""
    def refuse(word: str) -> float:
        raise AssertionError(f"{word} on the wire")
    return json.loads(text, parse_constant=refuse)


async def next_batch(ws, snapshot: bool) -> dict:
    """The next snapshot, or the next update with records (not only market states)."""
    while True:
        msg = await ws.receive(timeout=10.0)
        got = strict(msg.data)
        if got["type"] == "batch" and got["snapshot"] is snapshot and \
                (snapshot or got["records"]):
            return got


def sim() -> SimFeed:
    return SimFeed("sim?speed=20&interval=0.1", speed=20.0, interval=0.1)


def test_snapshot_and_updates_carry_quotes_beside_unchanged_records():
    async def main():
        async with served(sim()) as client:
            ws = await client.ws_connect(STREAM, max_msg_size=0)
            await ws.send_json({"op": "subscribe", "stock_list": CODES})
            snap = await next_batch(ws, True)
            assert sorted(q["code"] for q in snap["quotes"]) == sorted(CODES)
            for q in snap["quotes"]:
                assert list(q) == QUOTE_KEYS and q["last"] > 0 and q["prev_close"] > 0
            assert all(tuple(r) == RECORD_KEYS for r in snap["records"])
            quoted = await (await client.get("/v1/quote", params={
                "stock_list": ",".join(CODES)})).json()
            prev = {q["code"]: q["prev_close"] for q in quoted["data"]["quote_list"]}
            assert {q["code"]: q["prev_close"] for q in snap["quotes"]} == prev
            seen: set[str] = set()
            while seen != set(CODES):
                update = await next_batch(ws, False)
                for q in update["quotes"]:
                    assert list(q) == QUOTE_KEYS and q["code"] in CODES
                    assert q["last"] > 0 and q["prev_close"] == prev[q["code"]]
                    seen.add(q["code"])
            await ws.close()
    run(main())


def test_identical_subscribers_share_one_encode_per_batch_quotes_included():
    async def main():
        async with served(sim()) as client:
            hub = hub_of(client)
            streams = [await client.ws_connect(STREAM, max_msg_size=0) for _ in range(12)]
            for ws in streams:
                await subscribe(ws, CODES)
            batches, builds = hub.batches, hub.subs.update_builds
            quoted = 0
            for _ in range(3):
                updates = await asyncio.gather(*(next_batch(ws, False) for ws in streams))
                quoted += sum(bool(u["quotes"]) for u in updates)
            batches, builds = hub.batches - batches, hub.subs.update_builds - builds
            assert quoted == 3 * len(streams)   # the sim quotes every code that traded
            assert batches >= 2 and 1 <= builds <= batches + 1, (builds, batches)
            for ws in streams:
                await ws.close()
    run(main())


def test_an_unknown_price_is_null_in_updates_and_snapshots():
    state = FlowState()
    state.add(["HK.00001", "HK.00002"])
    delta = state.apply(Batch(
        records={c: rec(c, 1.0) for c in ("HK.00001", "HK.00002")},
        quotes={"HK.00001": Quote("HK.00001", math.nan, None),
                "HK.00002": Quote("HK.00002", 10.5, math.inf, "2025-03-12 10:00:00")}))
    pending = Pending()
    for code, change in delta.changes.items():
        pending.put(code, change)
    update, = (strict(m) for m in pending.messages())
    want = [{"code": "HK.00001", "last": None, "prev_close": None, "update_time": ""},
            {"code": "HK.00002", "last": 10.5, "prev_close": None,
             "update_time": "2025-03-12 10:00:00"}]
    assert update["quotes"] == want

    async def snapshot():
        return await build_snapshot(
            ["HK.00001", "HK.00002"],
            lambda code: snapshot_change(state, code, None, None), dict)
    snap = strict(b"".join(asyncio.run(snapshot())).decode())
    assert snap["quotes"] == want and len(snap["records"]) == 2


def test_a_failed_code_sends_its_error_not_its_last_quote():
    state = FlowState()
    state.add(["HK.00001"])
    pending = Pending()
    for batch in (Batch(records={"HK.00001": rec("HK.00001", 1.0)},
                        quotes={"HK.00001": Quote("HK.00001", 9.0, 8.0)}),
                  Batch(errors={"HK.00001": (1016, "gone")})):
        for code, change in state.apply(batch).changes.items():
            pending.put(code, change)
    msg, = (strict(m) for m in pending.messages())
    assert msg["quotes"] == [] and msg["records"] == [] and msg["errors"][0]["code"] == \
        "HK.00001"
