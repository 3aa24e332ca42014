"""The DingTalk custom robot against its fake (tests/support/fake_channels/dingtalk.py).

Known answers, from DingTalk's documentation "自定义机器人安全设置 / 加签"
(open.dingtalk.com/document/robots/customize-robot-security-settings): the string to
sign is timestamp (ms) + "\\n" + secret, HmacSHA256 keyed with the secret, Base64, then
urlEncode; its Python sample ends in urllib.parse.quote_plus(base64.b64encode(...)).
The document gives no worked value: the expected one is the reference implementation's
test in the `dingding` crate 0.1.1 (docs.rs/crate/dingding/0.1.1/source/src/
signature.rs: create_signature("1700000000000", "secret")). Errors from its
"常见问题" (errcode 310000: keywords not in content, invalid timestamp, sign not match,
ip not in whitelist) and its limit: each robot 20 messages a minute, beyond that
throttled for 10 minutes (errcode 130101)."""

from __future__ import annotations

import logging
import urllib.parse

import pytest

from flowdeck.channels.base import ChannelError
from flowdeck.channels.dingtalk import DingTalkChannel, dingtalk_sign
from tests.support.clock import VirtualClock
from tests.support.fake_channels.dingtalk import FakeDingTalk
from tests.support.fake_channels.inputs import firing, send_once
from tests.support.waiting import run

SECRET = "SEC5a3ecf88f2b3eb50db30ecfc00f53033ac909c99bf7f88fd612bda89d7f3a9dc"


def test_sign_known_answer() -> None:
    assert dingtalk_sign("secret", 1700000000000) == (
        "OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D")


async def send_signed(robot: FakeDingTalk, payloads, clock, secret=SECRET, **kw):
    channel = DingTalkChannel("ding", robot.url, sign_secret=secret, clock=clock, **kw)
    try:
        return await channel.send(payloads)
    finally:
        await channel.close()


def test_a_signed_markdown_message_is_accepted() -> None:
    # At this time the signature has a "+", which only URL-encoding keeps from being
    # read as a space.
    clock = VirtualClock(1_700_000_007.0)
    assert "+" in urllib.parse.unquote(dingtalk_sign(SECRET, 1_700_000_007_000))

    async def go():
        async with FakeDingTalk(secret=SECRET, clock=clock) as robot:
            sent = await send_signed(robot, [firing(note="*ST watch")], clock)
            return robot, sent
    robot, sent = run(go())
    assert robot.problems == []
    assert robot.requests[0].query["timestamp"] == "1700000007000"
    (message,) = robot.messages
    assert message["msgtype"] == "markdown"
    assert message["markdown"]["title"] == "HK.00700 騰訊控股: Main net inflow > 50M"
    assert message["markdown"]["text"] == (
        "**HK.00700 騰訊控股**  Main net inflow > 50M\n\n> Value: 51.2M\n\n"
        "> Time: 2025-03-14 10:31:00 (exchange time)\n\n> Note: ＊ST watch\n\n— FlowDeck")
    assert message["at"] == {"atMobiles": [], "isAtAll": False}
    assert sent.answer == '{"errcode": 0, "errmsg": "ok"}'


def test_mobiles_to_mention_are_in_the_text_and_at() -> None:
    async def go():
        async with FakeDingTalk() as robot:
            await send_once({"name": "d", "kind": "dingtalk",
                             "options": {"at_mobiles": ["13800001111"], "at_all": True}},
                            {"url": robot.url}, [firing()])
            return robot
    (message,) = run(go()).messages
    assert message["markdown"]["text"].endswith("\n\n— FlowDeck\n\n@13800001111")
    assert message["at"] == {"atMobiles": ["13800001111"], "isAtAll": True}


def test_a_wrong_secret_is_permanent_and_says_nothing_secret(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    clock = VirtualClock(1_700_000_000.0)

    async def go():
        async with FakeDingTalk(secret="SECthe-robots-own-secret", clock=clock) as robot:
            with pytest.raises(ChannelError) as info:
                await send_signed(robot, [firing()], clock)
            return robot, info.value
    robot, err = run(go())
    assert err.permanent and "310000" in err.message
    assert "sign not match" in err.answer
    sent_sign = robot.requests[0].query["sign"]
    for secret in (SECRET, robot.token, sent_sign, dingtalk_sign(SECRET, 1700000000000)):
        assert secret not in err.answer and secret not in err.message
        assert secret not in caplog.text


def test_a_timestamp_over_an_hour_off_is_refused() -> None:
    robot_clock, our_clock = VirtualClock(1_700_000_000.0), VirtualClock(1_700_000_000.0 - 3700)

    async def go():
        async with FakeDingTalk(secret=SECRET, clock=robot_clock) as robot:
            with pytest.raises(ChannelError) as info:
                await send_signed(robot, [firing()], our_clock)
            return info.value
    err = run(go())
    assert err.permanent and "invalid timestamp" in err.answer


def test_over_20_a_minute_throttles_for_10_minutes() -> None:
    clock = VirtualClock(1_700_000_000.0)

    async def go():
        async with FakeDingTalk(secret=SECRET, clock=clock) as robot:
            for i in range(20):
                await send_signed(robot, [firing(key=str(i))], clock)
                clock.now += 1
            with pytest.raises(ChannelError) as first:
                await send_signed(robot, [firing(key="21")], clock)
            clock.now += 300     # the minute is over, the throttle is not
            with pytest.raises(ChannelError) as later:
                await send_signed(robot, [firing(key="22")], clock)
            clock.now += 301
            await send_signed(robot, [firing(key="23")], clock)
            return robot, first.value, later.value
    robot, first, later = run(go())
    assert len(robot.messages) == 21
    for err in (first, later):
        assert not err.permanent and err.retry_after == 600
        assert "130101" in err.message


def test_an_unknown_token_is_permanent() -> None:
    async def go():
        async with FakeDingTalk() as robot:
            with pytest.raises(ChannelError) as info:
                await send_once({"name": "d", "kind": "dingtalk"},
                                {"url": robot.url.replace(robot.token, "wrong-token-123")},
                                [firing()])
            return info.value
    err = run(go())
    assert err.permanent and "300005" in err.message and "wrong-token-123" not in err.answer


def test_a_robot_secured_by_the_keyword_flowdeck_takes_summaries_too() -> None:
    async def go():
        async with FakeDingTalk(keywords=("FlowDeck",)) as ours, \
                FakeDingTalk(keywords=("告警",)) as theirs:
            await send_once({"name": "d", "kind": "dingtalk"}, {"url": ours.url},
                            [firing(key="a"), firing(key="b")])
            with pytest.raises(ChannelError) as info:
                await send_once({"name": "d", "kind": "dingtalk"}, {"url": theirs.url},
                                [firing()])
            return ours, info.value
    ours, err = run(go())
    assert len(ours.messages) == 1
    assert err.permanent and "keywords not in content" in err.answer
