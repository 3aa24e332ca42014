"""registry.make_channel: every kind of core/channel_spec.KINDS builds a Channel from its
table and secrets, and what a kind lacks is error 1001 naming it (the settings page
and `watch --notify` show that message)."""

from __future__ import annotations

import pytest

from flowdeck.channels.base import Channel
from flowdeck.channels.registry import make_channel
from flowdeck.core.channel_spec import KINDS, ChannelSpec, channel_from_table
from flowdeck.core.errors import FlowDeckError
from tests.support.fake_channels.inputs import DictSecrets
from tests.support.waiting import run

# kind -> (the table's url and options, its secrets, the secret it cannot do without)
MINIMAL = {
    "webhook": ({"url": "https://example.com/in"}, {}, None),
    "wecom": ({}, {"url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"}, "url"),
    "dingtalk": ({}, {"url": "https://oapi.dingtalk.com/robot/send?access_token=t"}, "url"),
    "feishu": ({}, {"url": "https://open.feishu.cn/open-apis/bot/v2/hook/h"}, "url"),
    "telegram": ({"options": {"chat_id": 42}}, {"bot_token": "1:abc"}, "bot_token"),
    "slack": ({}, {"url": "https://hooks.slack.com/services/T/B/X"}, "url"),
    "email": ({"options": {"host": "smtp.example.com", "to": "me@example.com",
                           "username": "u@example.com"}}, {"password": "pw"}, "password"),
}


def test_every_kind_is_built() -> None:
    assert set(MINIMAL) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_a_kind_builds_a_channel_of_its_kind(kind) -> None:
    extra, secrets, _ = MINIMAL[kind]
    spec = channel_from_table({"name": f"my {kind}", "kind": kind, **extra})
    channel = make_channel(spec, DictSecrets({(spec.name, k): v for k, v in secrets.items()}))
    assert isinstance(channel, Channel)
    assert (channel.name, channel.kind) == (f"my {kind}", kind)
    run(channel.close())


@pytest.mark.parametrize("kind", [k for k in KINDS if MINIMAL[k][2]])
def test_a_missing_secret_is_named(kind) -> None:
    extra, secrets, needed = MINIMAL[kind]
    spec = channel_from_table({"name": "c", "kind": kind, **extra})
    left = {("c", k): v for k, v in secrets.items() if k != needed}
    with pytest.raises(FlowDeckError) as info:
        make_channel(spec, DictSecrets(left))
    assert info.value.code == 1001 and needed in info.value.message


def test_a_telegram_bot_needs_its_chat() -> None:
    spec = channel_from_table({"name": "t", "kind": "telegram"})
    with pytest.raises(FlowDeckError) as info:
        make_channel(spec, DictSecrets({("t", "bot_token"): "1:abc"}))
    assert "chat_id" in info.value.message


def test_an_unknown_kind_is_refused() -> None:
    # A spec made by hand (channel_from_table already refuses one) is refused too.
    with pytest.raises(FlowDeckError) as info:
        make_channel(ChannelSpec("x", "pager"), DictSecrets())
    assert info.value.code == 1001 and "unknown kind" in info.value.message
