"""What every HTTP provider does when the network, not the provider, fails: a 500, a
dropped connection, no answer at all. Each kind against its own fake: the failure is
worth retrying, and neither its message nor the log names a secret."""

from __future__ import annotations

import logging

import pytest

from flowdeck.channels.base import ChannelError
from tests.support.fake_channels.dingtalk import FakeDingTalk
from tests.support.fake_channels.feishu import FakeFeishu
from tests.support.fake_channels.inputs import firing, send_once
from tests.support.fake_channels.server import CLOSE, HANG, status
from tests.support.fake_channels.slack import FakeSlack
from tests.support.fake_channels.telegram import FakeTelegram
from tests.support.fake_channels.webhook import FakeWebhook
from tests.support.fake_channels.wecom import FakeWeCom
from tests.support.waiting import run

SIGNING = "signing-secret-0123456789"
TOKEN = "123456789:AAE-fake_bot_token_0123456789"


def setups():
    """(kind, fake, its table and secrets, the secrets' texts that must never show)."""
    def webhook(f):
        return {"url": f.url}, {"hmac_secret": SIGNING}, [SIGNING]

    def robot(f):
        return {}, {"url": f.url, "sign_secret": SIGNING}, [f.url, SIGNING]

    def wecom(f):
        return {}, {"url": f.url}, [f.url, f.key]

    def slack(f):
        return {}, {"url": f.url}, [f.url, "XXXXXXXXXXXXXXXXXXXXXXXX"]

    def telegram(f):
        return ({"options": {"chat_id": f.chat_id, "api_base": f.base}},
                {"bot_token": TOKEN}, [TOKEN])

    return [("webhook", lambda: FakeWebhook(SIGNING), webhook),
            ("wecom", FakeWeCom, wecom),
            ("dingtalk", lambda: FakeDingTalk(secret=SIGNING), robot),
            ("feishu", lambda: FakeFeishu(secret=SIGNING), robot),
            ("telegram", lambda: FakeTelegram(TOKEN), telegram),
            ("slack", FakeSlack, slack)]


@pytest.mark.parametrize("fault", [status(500, "upstream broke"), status(503, "", Retry_After="9"),
                                   CLOSE, HANG], ids=["500", "503", "close", "hang"])
@pytest.mark.parametrize(("kind", "make_fake", "setup"), setups(),
                         ids=[s[0] for s in setups()])
def test_retryable_and_secret_free(kind, make_fake, setup, fault, caplog) -> None:
    caplog.set_level(logging.DEBUG)

    async def go():
        async with make_fake() as fake:
            extra, secrets, hidden = setup(fake)
            # A short timeout only where it is the point: a loaded machine may take
            # longer than that to answer on loopback.
            options = {**extra.pop("options", {}), "timeout_s": 0.2 if fault is HANG else 10}
            table = {"name": "c", "kind": kind, "options": options, **extra}
            fake.fail(fault)
            with pytest.raises(ChannelError) as info:
                await send_once(table, secrets, [firing()])
            await send_once(table, secrets, [firing(key="after")])   # then it works
            return fake, info.value, hidden
    fake, err, hidden = run(go(), timeout=20)
    assert not err.permanent
    assert err.retry_after == (9 if fault.headers else None)
    assert fake.problems == []
    for secret in hidden:
        assert secret not in err.message and secret not in err.answer
        assert secret not in caplog.text


@pytest.mark.parametrize("body", ["<html>Welcome to the hotel Wi-Fi</html>", {"status": "ok"}],
                         ids=["html", "foreign-json"])
@pytest.mark.parametrize(("kind", "make_fake", "setup"),
                         [s for s in setups() if s[0] != "webhook"],
                         ids=[s[0] for s in setups() if s[0] != "webhook"])
def test_a_200_that_is_not_the_providers_is_no_delivery(kind, make_fake, setup, body) -> None:
    # A proxy's or a portal's page answers 200 too: no provider took the message (only
    # the generic webhook's own receiver is trusted with any 2xx).
    async def go():
        async with make_fake() as fake:
            extra, secrets, _ = setup(fake)
            fake.fail(status(200, body))
            with pytest.raises(ChannelError) as info:
                await send_once({"name": "c", "kind": kind, **extra}, secrets, [firing()])
            return info.value
    err = run(go())
    assert not err.permanent and err.message == "an answer that is not the provider's"
