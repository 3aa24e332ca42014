"""Drills: a peer standing in for the gateway answers garbage, through the real clients
(OpenQuoteContext, AsyncQuoteContext, the /v1/stream subscription) and the gateway://
feed.

HTTP replies come from tests/support/raw_servers.py; the stream from a scripted aiohttp
server below whose WebSocket sends, per connection, what a test lists (then good
batches). Asserted: a reply that is not the spec's envelope is RET_ERROR with the spec's
code (1016 GET_CAPITAL_FLOW_FAILED, or the envelope's own); a malformed record fails its
own code (1016, the reason named, a warning logged) while the good records are kept;
records for codes not asked are dropped; a malformed stream message makes the
subscription reconnect and start over from a snapshot; 100,000 records in one reply or
message are handled in bounded time and memory; nothing raises anything else.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from flowdeck.api import RET_ERROR, RET_OK, AsyncQuoteContext, OpenQuoteContext
from flowdeck.api.stream import Backoff
from flowdeck.core.batch import Batch
from flowdeck.core.envelope import success_envelope
from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.wire import encode_batch
from flowdeck.feeds.gateway import GatewayFeed
from tests.support import raw_servers as rs
from tests.support.rss import PeakRss
from tests.support.server_fakes import tick_record

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

CODES = ["HK.00700", "US.AAPL", "SH.600519"]
FAILED = "GET_CAPITAL_FLOW_FAILED: "


def record(code: str, tick: int = 1, **changes) -> dict:
    rec = tick_record(code, tick).to_dict()
    rec.update(changes)
    return rec


def both(port: int, codes=CODES) -> list[tuple[int, object, dict]]:
    """(ret, data, last_errors) from the blocking and the asyncio client."""
    with OpenQuoteContext(port=port, timeout=30) as ctx:
        ret, data = ctx.get_capital_flow(codes)
        out = [(ret, data, ctx.last_errors)]

    async def go():
        async with AsyncQuoteContext(port=port, timeout=30) as actx:
            ret, data = await actx.get_capital_flow(codes)
            return ret, data, actx.last_errors
    return [*out, asyncio.run(go())]


# --- HTTP replies -----------------------------------------------------------------------------

@pytest.mark.parametrize("body, name", [
    (b"[]", FAILED),
    (b'"SUCCESS"', FAILED),
    (b'{"ret_code": "0", "data": {"capital_flow_list": []}}', FAILED),
    (b'{"ret_code": 0, "ret_msg": "SUCCESS", "data": null}', FAILED),
    (b'{"ret_code": 0, "data": {"capital_flow_list": 5}}', FAILED),
    (b'{"ret_code": 0, "data": {"capital_flow_list": [], "errors": 5}}', FAILED),
    (b'{"ret_code": Infinity, "ret_msg": "x", "data": null}', FAILED),
    (b'{"ret_code": NaN, "ret_msg": "x", "data": null}', FAILED),
    (b'{"ret_code": [0], "data": {}}', FAILED),
    (b"[" * 100_000, FAILED),
    (b"\xff\xfe\xfd", FAILED),
    (b"<html><body>502 Bad Gateway</body></html>", FAILED),
    (b'{"ret_code": 1002, "ret_msg": "INVALID_CODE: HK.X", "data": null}', "INVALID_CODE: "),
], ids=["list", "string", "ret_code-string", "null-data", "list-not-a-list",
        "errors-not-a-list", "ret_code-inf", "ret_code-nan", "ret_code-list", "deep",
        "not-utf8", "html", "spec-error"])
def test_a_reply_that_is_not_an_envelope_is_ret_error_with_a_spec_code(body, name):
    with rs.serving(rs.http_reply("200 OK", "application/json", body)) as srv:
        for ret, message, errors in both(srv.port):
            assert ret == RET_ERROR and errors == {}
            assert isinstance(message, str) and message.startswith(name), message


def test_malformed_records_fail_their_own_code_and_the_good_ones_stay(caplog):
    caplog.set_level(logging.WARNING, logger="flowdeck.api")
    good = record("HK.00700", note="unknown fields are ignored", extra={"a": [1, None]})
    rows = [good,
            record("US.AAPL", main_net_inflow=float("nan")),
            record("SH.600519", small_net_inflow="12k"),
            record("HK.09988", main_net_inflow=10**400),   # not asked: dropped
            None, 5, "HK.00700", {"code": None}, {"code": ["HK.00700"]}]
    env = {"ret_code": 0, "ret_msg": "SUCCESS", "data": {"capital_flow_list": rows}}
    with rs.serving(rs.json_reply(env)) as srv:
        for ret, data, errors in both(srv.port):
            assert ret == RET_OK
            assert [r["code"] for r in data] == ["HK.00700"]
            assert data[0] == tick_record("HK.00700", 1).to_dict()
            assert set(errors) == {"US.AAPL", "SH.600519"}
            assert errors["US.AAPL"][0] == errors["SH.600519"][0] == 1016
            assert "main_net_inflow is not finite" in errors["US.AAPL"][1]
            assert "small_net_inflow is not a number: '12k'" in errors["SH.600519"][1]
    logged = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert len(logged) == 2 and all("dropped 8 of 9 records" in m for m in logged), logged


@pytest.mark.parametrize("value, word", [
    (float("inf"), "not finite"), (-float("inf"), "not finite"), (None, "not a number"),
    (True, "not a number"), ([1], "not a number"), ({"v": 1}, "not a number"),
    (10**400, "out of range"), ("1e3", "not a number")],
    ids=["inf", "-inf", "null", "bool", "list", "object", "10**400", "string"])
def test_each_kind_of_bad_number_is_named(value, word):
    env = success_envelope([record("HK.00700"), record("US.AAPL", large_net_inflow=value)])
    with rs.serving(rs.json_reply(env)) as srv:
        for ret, data, errors in both(srv.port, CODES[:2]):
            assert ret == RET_OK and [r["code"] for r in data] == ["HK.00700"]
            number, message = errors["US.AAPL"]
            assert number == 1016 and "large_net_inflow" in message and word in message


@pytest.mark.timeout(120)
def test_100k_records_in_one_reply():
    """A reply of 100,000 records (40 MB of JSON) for 3 codes asked: the 3 come back,
    the others are dropped (not reported as errors), in bounded time and memory."""
    rows = [record(f"HK.{i:05d}", i) for i in range(1, 100_001)] + \
        [record("US.AAPL"), record("SH.600519", main_net_inflow="bad")]
    body = json.dumps(success_envelope(rows)).encode()
    with rs.serving(rs.http_reply("200 OK", "application/json", body)) as srv, \
            PeakRss() as rss:
        started = time.monotonic()
        answers = both(srv.port)
        took = time.monotonic() - started
    for ret, data, errors in answers:
        assert ret == RET_OK and [r["code"] for r in data] == ["HK.00700", "US.AAPL"]
        assert set(errors) == {"SH.600519"}
    growth = rss.growth_mb   # the 40 MB body, its parse, the peer's copy: a few times it
    assert growth < 1000, growth
    print(json.dumps({"drill": "http_100k_records", "bytes": len(body),
                      "seconds_both_clients": round(took, 2), "peak_rss_growth_mb":
                      round(growth)}))


# --- the stream -----------------------------------------------------------------------------

def snapshot_message(codes=CODES, tick: int = 1, snapshot: bool = True) -> str:
    batch = Batch(records={c: tick_record(c, tick) for c in codes}, snapshot=snapshot)
    return json.dumps(encode_batch(batch))


class ScriptedGateway:
    """A stand-in gateway: its n-th WebSocket connection sends `scripts[n]` (text, bytes,
    or CLOSE) after the subscribe, then good update batches every 50 ms; connections past
    the scripts get a good snapshot first. /v1/health answers like a sim gateway. With
    `reads=False` it never reads after the subscribe, so never answers a close either."""

    CLOSE = object()

    def __init__(self, scripts: list[list], reads: bool = True) -> None:
        self.scripts = list(scripts)
        self.reads = reads
        self.connections = 0
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def __aenter__(self) -> ScriptedGateway:
        app = web.Application()
        app.router.add_get("/v1/stream", self._stream)
        app.router.add_get("/v1/health", self._health)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    async def _health(self, request: web.Request) -> web.Response:
        return web.json_response({"ret_code": 0, "ret_msg": "SUCCESS",
                                  "data": {"source": "sim", "state": "live"}})

    async def _stream(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        n, self.connections = self.connections, self.connections + 1
        script = self.scripts[n] if n < len(self.scripts) else [snapshot_message(tick=n)]
        await ws.receive()  # the subscribe
        reader = asyncio.ensure_future(self._drain(ws)) if self.reads else None
        with contextlib.suppress(ConnectionError, RuntimeError):
            for item in script:
                if item is self.CLOSE:
                    await ws.close()
                    return ws
                await (ws.send_bytes(item) if isinstance(item, bytes) else ws.send_str(item))
            tick = 100 * (n + 1)
            while not ws.closed:
                await asyncio.sleep(0.05)
                tick += 1
                await ws.send_str(snapshot_message(tick=tick, snapshot=False))
        if reader is not None:
            reader.cancel()
        return ws

    @staticmethod
    async def _drain(ws: web.WebSocketResponse) -> None:
        async for _ in ws:  # answers the client's close
            pass


async def take(sub: AsyncIterator[Batch], n: int, timeout: float = 20.0) -> list[Batch]:
    out = []
    for _ in range(n):
        out.append(await asyncio.wait_for(anext(sub), timeout))
    return out


BAD_MESSAGES = {
    "not-json": "{{{",
    "json-list": "[1, 2]",
    "deep": "[" * 100_000,
    "records-not-a-list": json.dumps({"type": "batch", "records": {"HK.00700": 1}}),
    "bad-market-state": json.dumps({"type": "batch",
                                    "markets": {"HK": {"state": "on fire", "local_time": 1}}}),
    "error-ret-code-inf": '{"type": "error", "ret_code": Infinity, "ret_msg": "x"}',
    "error-unknown-code": '{"type": "error", "ret_code": 4242, "ret_msg": "x"}',
    "points-not-an-object": json.dumps({"type": "batch", "points": [1, 2]}),
    "binary": b"\x00\xff" * 10,
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", list(BAD_MESSAGES))
def test_a_malformed_stream_message_reconnects_and_starts_over(kind, caplog):
    caplog.set_level(logging.INFO, logger="flowdeck.api")

    async def go():
        script = [snapshot_message(tick=1), BAD_MESSAGES[kind]]
        async with ScriptedGateway([script]) as gw:
            states = []
            async with AsyncQuoteContext(port=gw.port, timeout=5) as ctx:
                sub = ctx.subscribe(CODES, on_state=states.append,
                                    backoff=Backoff(first=0.05, cap=0.2))
                first, second = await take(sub, 2)
                await sub.aclose()
                return first, second, states, sub.reconnects, gw.connections

    first, second, states, reconnects, connections = asyncio.run(go())
    assert first.snapshot and second.snapshot and set(second.records) == set(CODES)
    assert reconnects == 1 and connections == 2
    down = next(s for s in states if s.state == "reconnecting")
    assert down.error, down
    assert any("retry in" in r.getMessage() for r in caplog.records)


@pytest.mark.timeout(60)
def test_a_peer_that_never_answers_the_close_does_not_hold_the_subscription():
    """aiohttp's close() waits for the peer's close frame and restarts its timeout with
    every message: a peer that keeps sending and never reads held the subscription for
    ever after a bad message (found by this drill); now the close waits CLOSE_WAIT_S."""
    async def go():
        script = [snapshot_message(tick=1), "not json"]
        async with ScriptedGateway([script], reads=False) as gw, \
                AsyncQuoteContext(port=gw.port, timeout=30) as ctx:
            sub = ctx.subscribe(CODES, backoff=Backoff(first=0.05, cap=0.2))
            _first, second = await take(sub, 2, timeout=20)
            await sub.aclose()
            return second, sub.reconnects

    second, reconnects = asyncio.run(go())
    assert second.snapshot and reconnects == 1


@pytest.mark.timeout(60)
def test_bad_items_in_a_batch_fail_their_codes_and_the_rest_arrives(caplog):
    caplog.set_level(logging.WARNING, logger="flowdeck.api")
    msg = json.loads(snapshot_message())
    msg["records"] = [record("HK.00700", 1, surprise="a field from a newer gateway"),
                      record("US.AAPL", 1, main_net_inflow_ratio=float("inf")),
                      record("SH.600519", 1, update_time=None),
                      record("HK.09988", 1),                  # not subscribed
                      None, [], {"code": 7}]
    msg["details"] = None
    msg["points"] = {"HK.700": {"minutes": [1, 2], "values": [[1] * 6, [2] * 6]},
                     "US.AAPL": {"minutes": [0], "values": [[1e39] * 6]},
                     "HK.09988": {"minutes": [0], "values": [[0] * 6]}}
    msg["surprise"] = {"nested": [1, 2, 3]}

    async def go():
        async with ScriptedGateway([[json.dumps(msg)]]) as gw, \
                AsyncQuoteContext(port=gw.port, timeout=5) as ctx:
            sub = ctx.subscribe(CODES)
            batch, update = await take(sub, 2)
            await sub.aclose()
            return batch, update, sub.reconnects

    batch, update, reconnects = asyncio.run(go())
    assert batch.snapshot and reconnects == 0
    assert list(batch.records) == ["HK.00700"]
    assert set(batch.errors) == {"US.AAPL", "SH.600519"}
    # Its record (ratio infinite) and its points (past float32) are both bad.
    assert "not finite" in batch.errors["US.AAPL"][1] or \
        "out of range" in batch.errors["US.AAPL"][1]
    assert "update_time" in batch.errors["SH.600519"][1]
    assert batch.points.codes == ["HK.00700", "HK.00700"]   # sent as "HK.700"
    assert set(update.records) == set(CODES)                # and the stream goes on
    logged = [r.getMessage() for r in caplog.records]
    assert any("dropped 5 items for codes not subscribed and 2 malformed" in m
               for m in logged), logged


@pytest.mark.timeout(120)
def test_100k_records_in_one_stream_message():
    """A 40 MB snapshot message of 100,000 records: the subscribed codes come through,
    the rest are dropped before decoding, in bounded time and memory."""
    msg = json.loads(snapshot_message())
    msg["records"] += [record(f"HK.{i:05d}", i) for i in range(1000, 101_000)]
    text = json.dumps(msg)

    async def go():
        async with ScriptedGateway([[text]]) as gw, \
                AsyncQuoteContext(port=gw.port, timeout=30) as ctx:
            sub = ctx.subscribe(CODES)
            started = time.monotonic()
            (batch,) = await take(sub, 1, timeout=60)
            took = time.monotonic() - started
            await sub.aclose()
            return batch, took

    with PeakRss() as rss:
        batch, took = asyncio.run(go())
    growth = rss.growth_mb
    assert set(batch.records) == set(CODES) and not batch.errors
    assert growth < 1000, growth
    print(json.dumps({"drill": "stream_100k_records", "bytes": len(text),
                      "seconds": round(took, 2), "peak_rss_growth_mb": round(growth)}))


@pytest.mark.timeout(60)
def test_the_gateway_feed_says_1016_for_a_malformed_first_message_then_recovers():
    """gateway:// : the snapshot fails with a clear 1016 (no reconnect inside a
    snapshot); the updates reconnect past the same garbage."""
    async def go():
        scripts = [["not json at all"], [json.dumps({"type": "batch", "records": 5})]]
        async with ScriptedGateway(scripts) as gw:
            feed = GatewayFeed("127.0.0.1", gw.port, timeout=5)
            try:
                with pytest.raises(FlowDeckError) as info:
                    await feed.snapshot(CODES)
                states = []
                feed.on_state = states.append
                updates = feed.updates(CODES)
                (batch,) = await take(updates, 1)
                await updates.aclose()
                return info.value, batch, states
            finally:
                await feed.aclose()

    error, batch, states = asyncio.run(go())
    assert error.code == ErrorCode.GET_CAPITAL_FLOW_FAILED
    assert "not a FlowDeck gateway" in error.message and "not JSON" in error.message
    assert batch.snapshot and set(batch.records) == set(CODES)
    words = [s.state for s in states]
    assert "reconnecting" in words and "live" in words, words
    assert "malformed batch" in next(s.error for s in states if s.state == "reconnecting")
