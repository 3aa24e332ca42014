"""The Telegram bot against its fake (tests/support/fake_channels/telegram.py).

Telegram's Bot API (core.telegram.org/bots/api): "Formatting options / HTML style":
only its tags, and "All <, > and & symbols that are not a part of a tag or an HTML
entity must be replaced with the corresponding HTML entities"; "MarkdownV2 style":
"Any character with code between 1 and 126 inclusively can be escaped anywhere …
'_', '*', '[', ']', '(', ')', '~', '`', '>', '#', '+', '-', '=', '|', '{', '}', '.',
'!' must be escaped", so "-51.2M" would need two escapes: we send HTML. sendMessage:
"Text of the message to be sent, 1-4096 characters after entities parsing".
"ResponseParameters": retry_after, "the number of seconds left to wait before the
request can be repeated" on a 429 ("Too Many Requests: retry after N")."""

from __future__ import annotations

import logging

import pytest

from flowdeck.channels.base import ChannelError
from tests.support.fake_channels.inputs import firing, send_once
from tests.support.fake_channels.server import status
from tests.support.fake_channels.telegram import FakeTelegram
from tests.support.waiting import run

TOKEN = "123456789:AAE-fake_bot_token_0123456789"
CHAT = -1001234567890


def table(bot: FakeTelegram, chat_id=CHAT) -> dict:
    return {"name": "tg", "kind": "telegram",
            "options": {"chat_id": chat_id, "api_base": bot.base}}


def test_html_with_everything_escaped() -> None:
    async def go():
        async with FakeTelegram(TOKEN, CHAT) as bot:
            await send_once(table(bot), {"bot_token": TOKEN},
                            [firing(value=-51.2e6, threshold=-50e6,
                                    note="<b>R&D</b> 5 < 6 & 7 > 3")])
            return bot
    bot = run(go())
    assert bot.problems == []
    (message,) = bot.messages
    assert message["parse_mode"] == "HTML" and message["chat_id"] == CHAT
    assert message["text"] == (
        "<b>HK.00700 騰訊控股</b>  Main net inflow &gt; -50M\nValue: -51.2M\n"
        "Time: 2025-03-14 10:31:00 (exchange time)\n"
        "Note: &lt;b&gt;R&amp;D&lt;/b&gt; 5 &lt; 6 &amp; 7 &gt; 3")


def test_a_long_summary_keeps_under_4096_units() -> None:
    async def go():
        async with FakeTelegram(TOKEN, CHAT) as bot:
            await send_once(table(bot), {"bot_token": TOKEN},
                            [firing(f"US.T{i}", name="Tesla 🚗", key=str(i))
                             for i in range(400)])
            return bot
    bot = run(go())
    assert bot.problems == []
    text = bot.messages[0]["text"]
    assert 3900 < len(text.encode("utf-16-le")) // 2 <= 4096
    assert text.startswith("<b>400 alerts</b>\n") and text.endswith("more")


def test_429_waits_for_retry_after() -> None:
    async def go():
        async with FakeTelegram(TOKEN, CHAT, per_min=1) as bot:
            await send_once(table(bot), {"bot_token": TOKEN}, [firing()])
            with pytest.raises(ChannelError) as info:
                await send_once(table(bot), {"bot_token": TOKEN}, [firing(key="2")])
            return info.value
    err = run(go())
    assert not err.permanent and err.retry_after == 35
    assert err.answer == "429: Too Many Requests: retry after 35"


def test_a_chat_id_typed_as_text_is_sent_as_a_number() -> None:
    async def go():
        async with FakeTelegram(TOKEN, CHAT) as bot, \
                FakeTelegram(TOKEN, "@flowdeck_desk") as channel:
            await send_once(table(bot, chat_id=f" {CHAT} "), {"bot_token": TOKEN}, [firing()])
            await send_once(table(channel, chat_id="@flowdeck_desk"), {"bot_token": TOKEN},
                            [firing()])
            return bot, channel
    bot, channel = run(go())
    assert [m["chat_id"] for m in bot.messages] == [CHAT]
    assert [m["chat_id"] for m in channel.messages] == ["@flowdeck_desk"]


def test_an_unknown_chat_is_permanent() -> None:
    async def go():
        async with FakeTelegram(TOKEN, CHAT) as bot:
            with pytest.raises(ChannelError) as info:
                await send_once(table(bot, chat_id=42), {"bot_token": TOKEN}, [firing()])
            return info.value
    err = run(go())
    assert err.permanent and err.answer == "400: Bad Request: chat not found"


def test_a_revoked_token_is_permanent_and_never_shown(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    revoked = "987654321:AAH-revoked_token_abcdefghij"

    async def go():
        async with FakeTelegram(TOKEN, CHAT) as bot:
            with pytest.raises(ChannelError) as info:
                await send_once(table(bot), {"bot_token": revoked}, [firing()])
            return info.value
    err = run(go())
    assert err.permanent and err.answer == "401: Unauthorized"
    for text in (err.answer, err.message, str(err), caplog.text):
        assert revoked not in text


def test_a_refused_connection_never_names_the_token() -> None:
    async def go():
        async with FakeTelegram(TOKEN, CHAT) as bot:
            closed = table(bot)
        with pytest.raises(ChannelError) as info:   # the fake is gone: nothing listens
            await send_once(closed, {"bot_token": TOKEN}, [firing()])
        return info.value
    err = run(go())
    assert not err.permanent and err.message.startswith("connection failed")
    assert TOKEN not in err.message and TOKEN.split(":")[1] not in err.message


def test_a_group_that_became_a_supergroup_names_its_new_chat() -> None:
    async def go():
        async with FakeTelegram(TOKEN, CHAT) as bot:
            bot.fail(status(400, {"ok": False, "error_code": 400, "description":
                                  "Bad Request: group chat was upgraded to a supergroup chat",
                                  "parameters": {"migrate_to_chat_id": -1009876543210}}))
            with pytest.raises(ChannelError) as info:
                await send_once(table(bot), {"bot_token": TOKEN}, [firing()])
            return info.value
    err = run(go())
    assert err.permanent
    assert err.message == "the group became a supergroup: set chat_id to -1009876543210"
