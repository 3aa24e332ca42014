"""The Slack incoming webhook against its fake (tests/support/fake_channels/slack.py).

Slack documents its webhook errors as plain-text bodies with an HTTP status
(api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks: 400
invalid_payload / user_not_found, 403 action_prohibited, 404 channel_not_found, 410
channel_is_archived, 500 rollup_error), success as 200 "ok" (api.slack.com/messaging/
webhooks), and rate limits as 429 with a Retry-After header (api.slack.com/docs/
rate-limits)."""

from __future__ import annotations

import pytest

from flowdeck.channels.base import ChannelError
from tests.support.fake_channels.inputs import firing, send_once
from tests.support.fake_channels.server import status
from tests.support.fake_channels.slack import FakeSlack
from tests.support.waiting import run

TABLE = {"name": "sl", "kind": "slack"}


def test_a_firing_is_escaped_mrkdwn_in_a_section() -> None:
    async def go():
        async with FakeSlack() as hook:
            sent = await send_once(TABLE, {"url": hook.url}, [firing(note="A&B <!channel>")])
            return hook, sent
    hook, sent = run(go())
    assert hook.problems == [] and sent.answer == "ok"
    (message,) = hook.messages
    assert message["text"] == "HK.00700 騰訊控股: Main net inflow &gt; 50M"
    assert message["blocks"] == [{"type": "section", "text": {"type": "mrkdwn", "text": (
        "*HK.00700 騰訊控股*  Main net inflow &gt; 50M\n> Value: 51.2M\n"
        "> Time: 2025-03-14 10:31:00 (exchange time)\n> Note: A&amp;B &lt;!channel&gt;")}}]


def test_a_long_summary_fits_a_section() -> None:
    async def go():
        async with FakeSlack() as hook:
            await send_once(TABLE, {"url": hook.url},
                            [firing(f"US.T{i}", key=str(i)) for i in range(300)])
            return hook
    hook = run(go())
    assert hook.problems == []
    text = hook.messages[0]["blocks"][0]["text"]["text"]
    assert 2900 < len(text) <= 3000 and text.startswith("*300 alerts*")


@pytest.mark.parametrize(("status_code", "body", "permanent"), [
    (400, "invalid_payload", True), (400, "no_text", True), (403, "action_prohibited", True),
    (404, "channel_not_found", True), (410, "channel_is_archived", True),
    (500, "rollup_error", False),
])
def test_plain_text_errors(status_code, body, permanent) -> None:
    async def go():
        async with FakeSlack() as hook:
            hook.fail(status(status_code, body))
            with pytest.raises(ChannelError) as info:
                await send_once(TABLE, {"url": hook.url}, [firing()])
            return info.value
    err = run(go())
    assert err.permanent is permanent and err.answer == f"HTTP {status_code}: {body}"


def test_rate_limited_waits_for_retry_after() -> None:
    async def go():
        async with FakeSlack(per_min=1) as hook:
            await send_once(TABLE, {"url": hook.url}, [firing()])
            with pytest.raises(ChannelError) as info:
                await send_once(TABLE, {"url": hook.url}, [firing(key="2")])
            return info.value
    err = run(go())
    assert not err.permanent and err.retry_after == 30 and err.answer == "HTTP 429: rate_limited"


def test_a_revoked_webhook_is_permanent() -> None:
    async def go():
        async with FakeSlack() as hook:
            with pytest.raises(ChannelError) as info:
                await send_once(TABLE, {"url": hook.base + "/services/T1/B2/revokedsecret99"},
                                [firing()])
            return info.value
    err = run(go())
    assert err.permanent and err.answer == "HTTP 404: no_service"
