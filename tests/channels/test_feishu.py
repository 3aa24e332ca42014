"""The Feishu / Lark custom bot against its fake (tests/support/fake_channels/feishu.py).

Feishu's "自定义机器人使用指南" (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot,
"签名校验"): timestamp + "\\n" + secret is the string to sign, HmacSHA256 over it as
the KEY with an empty message, Base64; the timestamp in seconds (its example
1599360473) within an hour of now; both sent in the JSON body as "timestamp" and
"sign"; error 19021 "sign match fail or timestamp is not within one hour from current
time". The document gives no signature for its example: the expected value
l1N0gAcB… is the one two independent reference implementations assert for
("demo", 1599360473) (github: a FeishuPusher.generate_signature test and a
build_lark_signature test found with the code search), and it is what a key-and-empty
-message HMAC gives, not DingTalk's secret-keyed one (checked below)."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from flowdeck.channels.base import ChannelError
from flowdeck.channels.feishu import FeishuChannel, feishu_sign
from tests.support.clock import VirtualClock
from tests.support.fake_channels.feishu import FakeFeishu
from tests.support.fake_channels.inputs import firing, send_once
from tests.support.fake_channels.server import status
from tests.support.waiting import run

SECRET = "nIMtb7r3N9pkXyXdtAbx6e"


def test_sign_known_answer() -> None:
    assert feishu_sign("demo", 1599360473) == "l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8="
    dingtalk_way = base64.b64encode(hmac.new(b"demo", b"1599360473\ndemo",
                                             hashlib.sha256).digest()).decode()
    assert feishu_sign("demo", 1599360473) != dingtalk_way


async def send_signed(bot: FakeFeishu, payloads, clock, secret=SECRET):
    channel = FeishuChannel("fs", bot.url, sign_secret=secret, clock=clock)
    try:
        return await channel.send(payloads)
    finally:
        await channel.close()


def test_a_signed_post_carries_seconds_and_sign_in_the_body() -> None:
    clock = VirtualClock(1_599_360_473.4)

    async def go():
        async with FakeFeishu(secret=SECRET, clock=clock) as bot:
            await send_signed(bot, [firing(note="watch")], clock)
            return bot
    bot = run(go())
    assert bot.problems == []
    (message,) = bot.messages
    assert message["timestamp"] == "1599360473"
    assert message["sign"] == feishu_sign(SECRET, 1599360473)
    post = message["content"]["post"]["zh_cn"]
    assert post["title"] == "HK.00700 騰訊控股: Main net inflow > 50M"
    assert [p[0]["text"] for p in post["content"]] == [
        "Value: 51.2M", "Time: 2025-03-14 10:31:00 (exchange time)", "Note: watch",
        "— FlowDeck"]


def test_a_summary_is_titled_with_its_count() -> None:
    async def go():
        async with FakeFeishu() as bot:
            await send_once({"name": "fs", "kind": "feishu"}, {"url": bot.url},
                            [firing(key="a"), firing("SH.600519", name="贵州茅台", key="b")])
            return bot
    post = run(go()).messages[0]["content"]["post"]["zh_cn"]
    assert post["title"] == "2 alerts"
    assert [p[0]["text"] for p in post["content"]] == [
        "- HK.00700 騰訊控股: Main net inflow > 50M = 51.2M (10:31:00)",
        "- SH.600519 贵州茅台: Main net inflow > 50M = 51.2M (10:31:00)", "— FlowDeck"]


def test_a_wrong_secret_is_19021_permanent_without_secrets() -> None:
    clock = VirtualClock(1_599_360_473.0)

    async def go():
        async with FakeFeishu(secret="the-bots-own-secret", clock=clock) as bot:
            with pytest.raises(ChannelError) as info:
                await send_signed(bot, [firing()], clock)
            return bot, info.value
    bot, err = run(go())
    assert err.permanent and "19021" in err.message
    assert SECRET not in err.answer and bot.hook not in err.answer
    assert feishu_sign(SECRET, 1599360473) not in err.answer


def test_milliseconds_would_be_refused() -> None:
    # A DingTalk-style millisecond timestamp is more than an hour from now in seconds.
    bot_clock, ms_clock = VirtualClock(1_599_360_473.0), VirtualClock(1_599_360_473_000.0)

    async def go():
        async with FakeFeishu(secret=SECRET, clock=bot_clock) as bot:
            with pytest.raises(ChannelError) as info:
                await send_signed(bot, [firing()], ms_clock)
            return info.value
    assert run(go()).permanent


def test_frequency_limit_is_retried() -> None:
    clock = VirtualClock(1_599_360_473.0)

    async def go():
        async with FakeFeishu(clock=clock) as bot:
            for i in range(100):
                await send_once({"name": "fs", "kind": "feishu"}, {"url": bot.url},
                                [firing(key=str(i))])
            with pytest.raises(ChannelError) as info:
                await send_once({"name": "fs", "kind": "feishu"}, {"url": bot.url},
                                [firing(key="over")])
            return bot, info.value
    bot, err = run(go())
    assert len(bot.messages) == 100
    assert not err.permanent and "11232" in err.message


def test_an_unknown_hook_is_permanent() -> None:
    async def go():
        async with FakeFeishu() as bot:
            with pytest.raises(ChannelError) as info:
                await send_once({"name": "fs", "kind": "feishu"},
                                {"url": bot.url + "-gone"}, [firing()])
            return info.value
    err = run(go())
    assert err.permanent and "19001" in err.message


def test_a_bot_secured_by_keywords_needs_flowdeck() -> None:
    async def go():
        async with FakeFeishu(keywords=("FlowDeck",)) as ours, \
                FakeFeishu(keywords=("报警",)) as theirs:
            await send_once({"name": "fs", "kind": "feishu"}, {"url": ours.url}, [firing()])
            with pytest.raises(ChannelError) as info:
                await send_once({"name": "fs", "kind": "feishu"}, {"url": theirs.url},
                                [firing()])
            return ours, info.value
    ours, err = run(go())
    assert len(ours.messages) == 1
    assert err.permanent and "19024" in err.message


@pytest.mark.parametrize(("reply", "permanent"), [
    ({"code": 19002, "data": {}, "msg": "params error, msg_type need"}, True),
    ({"code": 19022, "data": {}, "msg": "Ip Not Allowed"}, True),
    ({"code": 9499, "data": {}, "msg": "Bad Request"}, False),
    ({"StatusCode": 19021, "StatusMessage": "sign match fail"}, True),   # older bots
])
def test_codes_mapped(reply, permanent) -> None:
    async def go():
        async with FakeFeishu() as bot:
            bot.fail(status(200, reply))
            with pytest.raises(ChannelError) as info:
                await send_once({"name": "fs", "kind": "feishu"}, {"url": bot.url},
                                [firing()])
            return info.value
    assert run(go()).permanent is permanent
