"""WeCom (企业微信) group robot: POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY.

A markdown message ({"msgtype": "markdown", "markdown": {"content": ...}}, at most
4,096 bytes of UTF-8), or, when the channel's `mentioned_list` option names people to
@ (userids, or "@all", which only a text message takes), a text message ({"msgtype":
"text", "text": {"content", "mentioned_list"}}, at most 2,048 bytes). Longer messages are cut
between lines with "…" (text.py).

The reply is HTTP 200 with {"errcode": 0, "errmsg": "ok"}; errcode 45009 (api freq out
of limit: more than 20 messages a minute) is retried after a minute; 93000 (invalid
webhook url: a wrong or deleted key) and the malformed-message codes cannot succeed
again; any other code is retried."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flowdeck.core.channel_spec import ChannelSpec
from flowdeck.core.errors import invalid_param

from .base import ChannelError, Secrets
from .http import Redactor, Reply, SessionFactory, timeout_option
from .robot import JsonRobot, code_failure, robot_url
from .text import MARKDOWN, PLAIN, render, utf8_size

TEXT_BYTES = 2048
MARKDOWN_BYTES = 4096
PERMANENT = {93000: "invalid webhook url (the robot's key)", 40008: "invalid message type",
             40058: "invalid parameter", 44004: "empty content"}
WAIT = {45009: 60.0}


class WeComChannel(JsonRobot):
    kind = "wecom"

    def __init__(self, name: str, url: str, *, mentioned_list: Sequence[str] = (),
                 timeout_s: float = 10.0,
                 session_factory: SessionFactory | None = None) -> None:
        super().__init__(name, Redactor(urls=[url]), timeout_s, session_factory)
        self._url = url
        self._mentioned = list(mentioned_list)

    def request(self, payloads: Sequence[Mapping[str, Any]]) -> tuple[str, dict, Redactor]:
        if self._mentioned:
            content = render(payloads, PLAIN, TEXT_BYTES, utf8_size)
            message = {"msgtype": "text",
                       "text": {"content": content, "mentioned_list": self._mentioned}}
        else:
            content = render(payloads, MARKDOWN, MARKDOWN_BYTES, utf8_size)
            message = {"msgtype": "markdown", "markdown": {"content": content}}
        return self._url, message, self._redactor

    def took(self, data: dict | None, text: str) -> bool:
        return data is not None and "errcode" in data

    def body_failure(self, data: dict, reply: Reply,
                     redactor: Redactor) -> ChannelError | None:
        return code_failure(data.get("errcode"), reply, redactor,
                            permanent=PERMANENT, wait=WAIT)


def build(spec: ChannelSpec, secrets: Secrets,
          session_factory: SessionFactory | None) -> WeComChannel:
    mentioned = spec.options.get("mentioned_list", [])
    if isinstance(mentioned, str) or not all(isinstance(m, str) for m in mentioned):
        raise invalid_param(f"channel {spec.name}: mentioned_list must be a list of "
                            f"userids (or \"@all\")")
    return WeComChannel(spec.name, robot_url(spec, secrets), mentioned_list=mentioned,
                        timeout_s=timeout_option(spec.options, spec.name),
                        session_factory=session_factory)
