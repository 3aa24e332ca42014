"""The WeCom group robot against its fake (tests/support/fake_channels/wecom.py).

WeCom's "群机器人配置说明" (developer.work.weixin.qq.com/document/path/91770): a text
message's content "最长不超过2048个字节，必须是utf8编码", a markdown message's 4,096
bytes; "每个机器人发送的消息不能超过20条/分钟"; errcode 45009 "api freq out of limit"
over it and 93000 "invalid webhook url" for a wrong key (the reply quoted by the
code search: "invalid webhook url, hint: [...], from ip: ..., more info at
https://open.work.weixin.qq.com/devtool/query?e=93000")."""

from __future__ import annotations

import pytest

from flowdeck.channels.base import ChannelError
from tests.support.clock import VirtualClock
from tests.support.fake_channels.inputs import firing, send_once
from tests.support.fake_channels.server import status
from tests.support.fake_channels.wecom import FakeWeCom
from tests.support.waiting import run


def table(**options) -> dict:
    return {"name": "wc", "kind": "wecom", "options": options}


def test_one_firing_is_markdown() -> None:
    async def go():
        async with FakeWeCom() as robot:
            sent = await send_once(table(), {"url": robot.url}, [firing()])
            return robot, sent
    robot, sent = run(go())
    assert robot.problems == []
    assert robot.messages == [{"msgtype": "markdown", "markdown": {"content": (
        "**HK.00700 騰訊控股**  Main net inflow > 50M\n> Value: 51.2M\n"
        "> Time: 2025-03-14 10:31:00 (exchange time)")}}]
    assert sent.answer == '{"errcode": 0, "errmsg": "ok"}'


def many(n: int) -> list[dict]:
    return [firing(f"SZ.{i:06d}", name="平安银行股份有限公司", key=str(i)) for i in range(n)]


def test_a_text_summary_keeps_under_2048_bytes_with_mentions() -> None:
    async def go():
        async with FakeWeCom() as robot:
            await send_once(table(mentioned_list=["@all"]), {"url": robot.url}, many(200))
            return robot
    robot = run(go())
    assert robot.problems == []
    (message,) = robot.messages
    assert message["msgtype"] == "text" and message["text"]["mentioned_list"] == ["@all"]
    content = message["text"]["content"]
    assert 1900 < len(content.encode()) <= 2048
    lines = content.split("\n")
    assert lines[0] == "200 alerts" and lines[1].startswith("- SZ.000000 平安银行")
    shown = len(lines) - 2
    assert lines[-1] == f"… and {200 - shown} more"


def test_a_markdown_summary_keeps_under_4096_bytes() -> None:
    async def go():
        async with FakeWeCom() as robot:
            await send_once(table(), {"url": robot.url}, many(200))
            return robot
    robot = run(go())
    assert robot.problems == []
    content = robot.messages[0]["markdown"]["content"]
    assert 3900 < len(content.encode()) <= 4096 and content.endswith("more")


def test_over_20_a_minute_is_45009_retried_after_a_minute() -> None:
    clock = VirtualClock(0.0)

    async def go():
        async with FakeWeCom(clock=clock) as robot:
            for i in range(20):
                await send_once(table(), {"url": robot.url}, [firing(key=str(i))])
            with pytest.raises(ChannelError) as info:
                await send_once(table(), {"url": robot.url}, [firing(key="over")])
            clock.now += 60
            await send_once(table(), {"url": robot.url}, [firing(key="next minute")])
            return robot, info.value
    robot, err = run(go())
    assert len(robot.messages) == 21
    assert not err.permanent and err.retry_after == 60 and "45009" in err.message


def test_a_wrong_key_is_93000_permanent_and_the_key_hidden() -> None:
    async def go():
        async with FakeWeCom() as robot:
            url = robot.url.replace(robot.key, "0a1b2c3d-dead-beef-0000-111122223333")
            with pytest.raises(ChannelError) as info:
                await send_once(table(), {"url": url}, [firing()])
            return info.value
    err = run(go())
    assert err.permanent and "93000" in err.message
    assert "invalid webhook url" in err.answer
    assert "0a1b2c3d-dead-beef-0000-111122223333" not in err.answer


def test_the_url_may_stay_in_the_table() -> None:
    async def go():
        async with FakeWeCom() as robot:
            await send_once({**table(), "url": robot.url}, {}, [firing()])
            return robot
    assert len(run(go()).messages) == 1


@pytest.mark.parametrize(("reply", "permanent"), [
    ({"errcode": 44004, "errmsg": "empty content"}, True),
    ({"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}, True),
    ({"errcode": -1, "errmsg": "system busy"}, False),
])
def test_codes_mapped(reply, permanent) -> None:
    async def go():
        async with FakeWeCom() as robot:
            robot.fail(status(200, reply))
            with pytest.raises(ChannelError) as info:
                await send_once(table(), {"url": robot.url}, [firing()])
            return info.value
    err = run(go())
    assert err.permanent is permanent and str(reply["errcode"]) in err.message
