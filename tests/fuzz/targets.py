"""Fuzz targets, shared by the CI property tests (tests/fuzz/test_*.py, hypothesis with a
fixed budget) and the long run (tests/fuzz/long_run.py, hypothesis or atheris).

Each target takes one input and returns normally when FlowDeck behaved: a valid result,
or a FlowDeckError with one of the spec's codes. A broken property raises
AssertionError; any other exception escaping FlowDeck is a crash and propagates as is.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Sequence
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.test_utils import TestClient, TestServer

from flowdeck.api.replies import (
    CAPITAL_DETAIL_KEY,
    CAPITAL_FLOW_KEY,
    capital_detail_rows,
    capital_flow_rows,
    parse_reply,
)
from flowdeck.api.stream import Fatal, Subscription
from flowdeck.core.alert_rules import (
    Rule,
    RuleProblem,
    parse_expression,
    rule_from_table,
    rule_to_table,
    rules_from_config,
)
from flowdeck.core.batch import Batch
from flowdeck.core.codes import Code, Market, normalise_code, parse_code, parse_stock_list
from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.wire import decode_batch, decode_envelope
from flowdeck.server.admission import NewCodeBudget
from flowdeck.server.app import build_app
from flowdeck.server.hub import Hub
from flowdeck.server.stream import StreamClient
from tests.support.server_fakes import FakeFeed

PARAM_ERRORS = (ErrorCode.INVALID_PARAM, ErrorCode.INVALID_CODE)
FAILED = ErrorCode.GET_CAPITAL_FLOW_FAILED
# What a normalised code looks like, in ASCII.
NORMAL_CODE = re.compile(r"HK\.[0-9]{5}|US\.[A-Z]{1,6}(\.[A-Z]{1,2})?|S[HZ]\.[0-9]{6}",
                         re.ASCII)
ASKED = ["HK.00700", "US.AAPL", "SH.600519"]


def expect_param_error(exc: FlowDeckError) -> None:
    assert exc.code in PARAM_ERRORS, f"{exc!r} should be 1001 or 1002"


# --- codes ---------------------------------------------------------------------------------

def code_target(text: object, market: object = None) -> None:
    """normalise_code: a normalised ASCII code that normalises to itself and parses back
    to the same Code, or 1001/1002."""
    try:
        code = normalise_code(text, market)
    except FlowDeckError as exc:
        expect_param_error(exc)
        if exc.code == ErrorCode.INVALID_PARAM:
            assert market not in (None, ""), "1001 without a market"
        return
    assert NORMAL_CODE.fullmatch(code), f"{text!r} -> {code!r} is not a normal code"
    assert normalise_code(code) == code
    parsed = parse_code(code)
    assert isinstance(parsed, Code) and str(parsed) == code
    assert parse_code(text, market) == parsed
    if market not in (None, ""):
        assert parsed.market is Market(str(market).strip().upper())


def stock_list_target(stock_list: object, market: object = None) -> None:
    try:
        codes = parse_stock_list(stock_list, market)
    except FlowDeckError as exc:
        expect_param_error(exc)
        return
    assert 1 <= len(codes) <= 500 and len(set(codes)) == len(codes)
    assert all(NORMAL_CODE.fullmatch(c) for c in codes)


# --- replies (client side) -------------------------------------------------------------------

def envelope_target(obj: object, codes: Sequence[str] = ASKED) -> None:
    """An envelope as the client decodes it, for the flow and the detail call: rows for
    asked codes only, errors with the spec's codes, or a FlowDeckError."""
    for key, rows_of in ((CAPITAL_FLOW_KEY, capital_flow_rows),
                         (CAPITAL_DETAIL_KEY, capital_detail_rows)):
        try:
            items, errors = decode_envelope(obj, key)
            rows, errors = rows_of(codes, items, errors)
        except FlowDeckError:
            continue
        _check_rows(rows, errors, codes)


def reply_target(body: bytes, status: int = 200, codes: Sequence[str] = ASKED) -> None:
    """Raw reply bytes, as both clients parse them."""
    for key, rows_of in ((CAPITAL_FLOW_KEY, capital_flow_rows),
                         (CAPITAL_DETAIL_KEY, capital_detail_rows)):
        try:
            items, errors = parse_reply("127.0.0.1", 1, status, "application/json", body, key)
            rows, errors = rows_of(codes, items, errors)
        except FlowDeckError:
            continue
        _check_rows(rows, errors, codes)


def _check_rows(rows: list, errors: dict, codes: Sequence[str]) -> None:
    got = [r["code"] for r in rows]
    assert got, "RET_OK without rows"
    assert set(got) <= set(codes) and len(set(got)) == len(got)
    assert not set(got) & set(errors)
    for number, message in errors.values():
        assert number in (1001, 1002, 1016) and isinstance(message, str)


def batch_target(obj: object) -> None:
    """decode_batch: a Batch whose records are finite and whose errors carry the spec's
    codes, or 1016."""
    try:
        batch = decode_batch(obj)
    except FlowDeckError as exc:
        assert exc.code == FAILED
        return
    _check_batch(batch)


def _check_batch(batch: Batch) -> None:
    assert not set(batch.records) & set(batch.errors)
    for code, rec in batch.records.items():
        assert rec.code == code
    values = batch.record_columns().values
    assert (abs(values) < float("inf")).all()
    for number, message in batch.errors.values():
        assert int(number) in (1001, 1002, 1016) and isinstance(message, str)
    assert len(batch.points.minutes) == len(batch.points.codes) == len(batch.points.values)
    if len(batch.points):
        assert batch.points.minutes.min() >= 0


_SUBSCRIPTION: Subscription | None = None


def stream_message_target(text: str) -> None:
    """One WebSocket text message as the client's subscription decodes it: a Batch of
    its own codes, None (a kind it does not know), or FlowDeckError."""
    global _SUBSCRIPTION
    if _SUBSCRIPTION is None:
        _SUBSCRIPTION = Subscription(lambda: None, "127.0.0.1", 1, ASKED)  # type: ignore[arg-type]
    try:
        batch = _SUBSCRIPTION.decode(text)
    except FlowDeckError:
        return
    except Fatal as exc:
        expect_param_error(exc.error)
        return
    if batch is not None:
        _check_batch(batch)
        covered = {*batch.records, *batch.details, *batch.errors, *batch.points.codes}
        assert covered <= set(ASKED), f"codes not subscribed: {covered - set(ASKED)}"


# --- alert rules ------------------------------------------------------------------------------

def rule_expression_target(text: object, scope: object = "all") -> None:
    try:
        rule = parse_expression(text, scope)  # type: ignore[arg-type]
    except FlowDeckError as exc:
        expect_param_error(exc)
        return
    assert isinstance(rule, Rule)
    assert rule_from_table(rule_to_table(rule)) == rule


def rules_config_target(tables: object) -> None:
    try:
        items = list(tables)  # type: ignore[call-overload]
    except TypeError:
        return  # rules_from_config takes an iterable; the config loader checks that
    rules, problems = rules_from_config(items)
    assert len(rules) + len(problems) == len(items)
    assert all(isinstance(p, RuleProblem) and p.message for p in problems)
    for rule in rules:
        assert rule_from_table(rule_to_table(rule)) == rule


# --- the gateway's request parsing -------------------------------------------------------------

class GatewayHarness:
    """An in-process gateway over a FakeFeed on its own event loop, for fuzzing one
    request at a time from synchronous code (hypothesis, atheris). Records log lines of
    the gateway at ERROR and above (an unhandled exception logs one)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.errors: list[str] = []
        self.handler = _Collect(self.errors)
        self.client, self.hub = self.loop.run_until_complete(self._start())
        for name in ("flowdeck.server", "aiohttp"):
            logging.getLogger(name).addHandler(self.handler)

    async def _start(self) -> tuple[TestClient, Hub]:
        # The token and an unbounded new-code budget: the fuzzer drives the parsers.
        app = build_app(FakeFeed(interval=3600.0), token="fuzz", max_codes=10**9,
                        backoff=(0.05, 0.2), budget=NewCodeBudget(1e12, 10**12))
        # A connection per request: one the server left mid-body (a 405 or 415 answered
        # before the body was read) must not stall the next example for aiohttp's 10 s
        # lingering time, nor end it as "server disconnected" unchecked.
        client = TestClient(TestServer(app, host="127.0.0.1", port=0),
                            headers={"Authorization": "Bearer fuzz"},
                            connector=aiohttp.TCPConnector(force_close=True))
        await client.start_server()
        hub = Hub(FakeFeed(interval=3600.0), max_codes=10**9)  # for stream messages
        hub.start()
        return client, hub

    def close(self) -> None:
        for name in ("flowdeck.server", "aiohttp"):
            logging.getLogger(name).removeHandler(self.handler)
        self.loop.run_until_complete(self.client.close())
        self.loop.run_until_complete(self.hub.close())
        self.loop.run_until_complete(_cancel_all())
        self.loop.close()

    def request(self, method: str, path: str, params: Any = None, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        async def go() -> tuple[int, bytes]:
            async with self.client.request(method, path, params=params, data=body,
                                           headers=headers) as resp:
                return resp.status, await resp.read()
        return self.loop.run_until_complete(go())

    def stream_message(self, text: str) -> list[dict]:
        """`text` handled as one client's /v1/stream message; the error notices it got."""
        client = StreamClient(None, self.hub, "fuzz")  # type: ignore[arg-type]
        try:
            self.loop.run_until_complete(client.handle(text))
            return [json.loads(m) for m in client.sub.pending.notices]
        finally:
            self.hub.drop(client.sub)


async def _cancel_all() -> None:
    tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


class _Collect(logging.Handler):
    """ERROR records, but for aiohttp's own HTTP parser refusing a request (a
    compressed body that does not decompress): it answers a plain 400 before the app
    sees the request, and logs it; those are counted in `parser_errors` instead."""

    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.into = into
        self.parser_errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        exc = record.exc_info[1] if record.exc_info else None
        if record.name == "aiohttp.server" and isinstance(
                exc, HttpProcessingError | web.RequestPayloadError):
            self.parser_errors += 1
            return
        self.into.append(f"{record.name}: {record.getMessage()}")


def check_http_answer(harness: GatewayHarness, status: int, body: bytes) -> None:
    """Never a 500; always the spec's envelope; 4xx with 1001/1002; 200 with 0."""
    assert not harness.errors, harness.errors
    assert status != 500, body[:300]
    env = json.loads(body)
    assert isinstance(env, dict) and {"ret_code", "ret_msg", "data"} <= set(env), env
    code = env["ret_code"]
    if status == 200:
        assert code == 0
    elif 400 <= status < 500:
        assert code in (1001, 1002), env
        assert env["data"] is None and env["ret_msg"].startswith(ErrorCode(code).name)
    else:
        assert status == 503 and code == 1016, (status, env)


def http_target(harness: GatewayHarness, method: str, path: str, params: Any,
                body: bytes | None, content_type: str | None,
                content_encoding: str | None = None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    if content_encoding:
        headers["Content-Encoding"] = content_encoding
    harness.errors.clear()
    parser_errors = harness.handler.parser_errors
    try:
        status, answer = harness.request(method, path, params, body, headers)
    except (aiohttp.ClientError, ValueError, TypeError):
        # The *client* refused to send it (a header or URL it cannot encode): nothing
        # reached the gateway.
        return
    if status == 400 and not answer.startswith(b"{") and content_encoding and \
            harness.handler.parser_errors > parser_errors:
        return  # aiohttp's parser refused the compressed body; FlowDeck never saw it
    check_http_answer(harness, status, answer)


def ws_target(harness: GatewayHarness, text: str) -> None:
    harness.errors.clear()
    notices = harness.stream_message(text)
    assert not harness.errors, harness.errors
    for notice in notices:
        assert notice["type"] == "error" and notice["ret_code"] in (1001, 1002), notice
