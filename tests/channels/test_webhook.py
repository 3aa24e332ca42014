"""The generic webhook against its fake receiver (tests/support/fake_channels/webhook.py):
the body (one payload, or a summary of several), the dedupe key header, the HMAC
signature as README documents it, custom headers, and each failure mapped to retry,
Retry-After or permanent, with no secret in what the channel says."""

from __future__ import annotations

import hashlib
import hmac
import logging

import pytest

from flowdeck.channels.base import ChannelError
from flowdeck.channels.registry import make_channel
from flowdeck.channels.webhook import body_signature
from flowdeck.core.channel_spec import channel_from_table
from flowdeck.core.errors import FlowDeckError
from tests.support.fake_channels.inputs import DictSecrets, firing
from tests.support.fake_channels.server import CLOSE, HANG, status
from tests.support.fake_channels.webhook import FakeWebhook
from tests.support.waiting import run

SECRET = "whsec-0123456789abcdef"


def channel(url: str, secret: str | None = SECRET, **options):
    spec = channel_from_table({"name": "hook", "kind": "webhook", "url": url,
                               "options": options})
    secrets = DictSecrets({("hook", "hmac_secret"): secret} if secret else {})
    return make_channel(spec, secrets)


async def send_to(hook: FakeWebhook, payloads, **kw):
    ch = channel(hook.url, **kw)
    try:
        return await ch.send(payloads)
    finally:
        await ch.close()


def test_signature_known_answer() -> None:
    # RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    assert body_signature("Jefe", b"what do ya want for nothing?") == (
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")


def test_one_firing_is_its_payload_signed_with_its_key() -> None:
    async def go():
        async with FakeWebhook(secret=SECRET) as hook:
            sent = await send_to(hook, [firing(key="f-1")])
            return hook, sent
    hook, sent = run(go())
    assert hook.problems == []
    assert hook.bodies == [firing(key="f-1")]
    assert hook.keys == ["f-1"]
    rec = hook.requests[0]
    assert rec.headers["X-FlowDeck-Signature"] == "sha256=" + hmac.new(
        SECRET.encode(), rec.body, hashlib.sha256).hexdigest()
    assert sent.count == 1 and sent.answer == "HTTP 200: ok"


def test_several_firings_are_one_summary_with_every_key() -> None:
    async def go():
        async with FakeWebhook(secret=SECRET) as hook:
            await send_to(hook, [firing(key="a"), firing("US.AAPL", key="b")])
            return hook
    hook = run(go())
    assert hook.problems == []
    (body,) = hook.bodies
    assert body["type"] == "summary" and body["count"] == 2
    assert [a["code"] for a in body["alerts"]] == ["HK.00700", "US.AAPL"]
    assert hook.keys == ["a, b"]


def test_unsigned_without_secret_and_custom_headers_sent() -> None:
    async def go():
        async with FakeWebhook() as hook:
            await send_to(hook, [firing()], secret=None, headers={"Authorization": "Bearer t"})
            return hook
    hook = run(go())
    rec = hook.requests[0]
    assert "X-FlowDeck-Signature" not in rec.headers
    assert rec.headers["Authorization"] == "Bearer t"


def test_a_wrong_secret_is_refused_permanently_and_the_signature_hidden() -> None:
    async def go():
        async with FakeWebhook(secret="the-receivers-secret") as hook:
            with pytest.raises(ChannelError) as info:
                await send_to(hook, [firing()])
            return hook, info.value
    hook, err = run(go())
    assert err.permanent and err.retry_after is None
    assert err.answer.startswith("HTTP 401: bad signature")
    sent_sig = hook.requests[0].headers["X-FlowDeck-Signature"]
    assert sent_sig not in err.answer and "***" in err.answer


@pytest.mark.parametrize(("fault", "permanent", "retry_after"), [
    (status(500, "boom"), False, None),
    (status(503, "busy", Retry_After="30"), False, 30.0),
    (status(429, "slow down", Retry_After="7"), False, 7.0),
    (status(404, "no such hook"), True, None),
])
def test_http_failures_mapped(fault, permanent, retry_after) -> None:
    async def go():
        async with FakeWebhook(secret=SECRET) as hook:
            hook.fail(fault)
            with pytest.raises(ChannelError) as info:
                await send_to(hook, [firing()])
            return info.value
    err = run(go())
    assert (err.permanent, err.retry_after) == (permanent, retry_after)
    assert err.answer.startswith(f"HTTP {fault.status}: {fault.body}")


def test_a_dropped_connection_is_worth_retrying() -> None:
    async def go():
        async with FakeWebhook() as hook:
            hook.fail(CLOSE)
            with pytest.raises(ChannelError) as info:
                await send_to(hook, [firing()], secret=None)
            await send_to(hook, [firing(key="again")], secret=None)
            return hook, info.value
    hook, err = run(go())
    assert not err.permanent and err.message.startswith("connection failed")
    assert hook.keys == ["again"]


def test_a_hanging_receiver_times_out_as_retryable() -> None:
    async def go():
        async with FakeWebhook() as hook:
            hook.fail(HANG)
            with pytest.raises(ChannelError) as info:
                await send_to(hook, [firing()], secret=None, timeout_s=0.2)
            return info.value
    err = run(go(), timeout=10)
    assert not err.permanent and err.message == "no answer within 0.2 s"


def test_a_token_in_the_url_never_leaves_the_channel(caplog) -> None:
    token = "tok_9f8e7d6c5b4a"

    async def go():
        async with FakeWebhook(path=f"/in/{token}") as hook:
            hook.fail(status(400, f"unknown hook /in/{token}?x={token}"))
            with pytest.raises(ChannelError) as info:
                await send_to(hook, [firing()], secret=None)
            return info.value
    caplog.set_level(logging.DEBUG)
    err = run(go())
    assert token not in err.answer and token not in err.message
    assert token not in caplog.text


def test_answers_are_cut_short() -> None:
    async def go():
        async with FakeWebhook() as hook:
            hook.fail(status(500, "x" * 5000))
            with pytest.raises(ChannelError) as info:
                await send_to(hook, [firing()], secret=None)
            return info.value
    assert len(run(go()).answer) <= 300


@pytest.mark.parametrize(("table", "what"), [
    ({"name": "h", "kind": "webhook"}, "needs its url"),
    ({"name": "h", "kind": "webhook", "url": "http://x/", "options": {"headers": "x"}},
     "headers must be a table"),
    ({"name": "h", "kind": "webhook", "url": "http://x/",
      "options": {"headers": {"X-FlowDeck-Key": "k"}}}, "FlowDeck's own"),
    ({"name": "h", "kind": "webhook", "url": "http://x/", "options": {"timeout_s": 0}},
     "timeout_s"),
])
def test_what_a_webhook_needs_is_named(table, what) -> None:
    with pytest.raises(FlowDeckError) as info:
        make_channel(channel_from_table(table), DictSecrets())
    assert info.value.code == 1001 and what in info.value.message


def test_words_of_a_plain_url_are_not_hidden() -> None:
    async def go():
        async with FakeWebhook(path="/flowdeck/alerts?team=desk-7") as hook:
            hook.fail(status(500, "flowdeck alerts queue full for desk-7"))
            with pytest.raises(ChannelError) as info:
                await send_to(hook, [firing()], secret=None)
            return info.value
    assert run(go()).answer == "HTTP 500: flowdeck alerts queue full for ***"


def test_the_environments_proxy_is_used(monkeypatch) -> None:
    # Desks that reach the internet only through a proxy name it in HTTP(S)_PROXY.
    async def go():
        async with FakeWebhook(path="/hook") as proxy:
            monkeypatch.setenv("HTTP_PROXY", proxy.base)
            monkeypatch.delenv("NO_PROXY", raising=False)
            monkeypatch.delenv("no_proxy", raising=False)
            ch = channel("http://alerts.example.invalid/hook", secret=None)
            try:
                await ch.send([firing(key="via-proxy")])
            finally:
                await ch.close()
            return proxy
    proxy = run(go())
    assert proxy.keys == ["via-proxy"]
    assert proxy.requests[0].headers["Host"] == "alerts.example.invalid"
