"""Feishu / Lark (飞书) custom bot: POST https://open.feishu.cn/open-apis/bot/v2/hook/ID.

A rich-text ("post") message: {"msg_type": "post", "content": {"post": {"zh_cn":
{"title", "content": [[{"tag": "text", "text": line}], ...]}}}}, the title the
alert's one line, a paragraph per detail line and a last one, "— FlowDeck" (the keyword
for a bot secured by keywords). With the bot's signing secret the
body also carries "timestamp" (Unix SECONDS, as a string) and "sign" =
base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b"")): the key is the string to
sign and the message is empty, unlike DingTalk's.

The reply is {"code": 0, "msg": "success", ...} (older bots: {"StatusCode": 0});
code 19001 (no such hook), 19002 (params error), 19021 (sign match fail, or a
timestamp over an hour off), 19022 (IP not allowed) and 19024 (keywords not in
content) cannot succeed again; 11232 (frequency limited) and 9499 are retried: the
guide gives 9499 "Bad Request" for a body it cannot read, other Feishu APIs answer it
for "too many request", and FlowDeck's own bodies are well formed. Any other code is
retried."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flowdeck.core.channel_spec import ChannelSpec

from .base import ChannelError, Secrets
from .http import Redactor, Reply, SessionFactory, timeout_option
from .robot import JsonRobot, code_failure, robot_url
from .text import PLAIN, SIGNATURE, render, title, utf8_size

BODY_BYTES = 18_000     # Feishu refuses request bodies over 20 KB
PERMANENT = {19001: "no such bot (its hook is invalid)",
             19002: "parameters refused (params error)",
             19021: "signature refused (sign match fail or timestamp off)",
             19022: "IP not allowed", 19024: "keywords not in content"}
WAIT: dict[int, float | None] = {9499: None, 11232: None}


def feishu_sign(secret: str, timestamp_s: int) -> str:
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class FeishuChannel(JsonRobot):
    kind = "feishu"

    def __init__(self, name: str, url: str, *, sign_secret: str | None = None,
                 timeout_s: float = 10.0, session_factory: SessionFactory | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        hidden = [sign_secret] if sign_secret else []
        super().__init__(name, Redactor(hidden, urls=[url]), timeout_s, session_factory)
        self._url = url
        self._secret = sign_secret or None
        self._clock = clock

    def request(self, payloads: Sequence[Mapping[str, Any]]) -> tuple[str, dict, Redactor]:
        lines = render(payloads, PLAIN, BODY_BYTES, utf8_size).split("\n")
        # The title is the first line: "who: what" for one firing, "12 alerts" else.
        post = {"title": title(payloads, 200) if len(payloads) == 1 else lines[0],
                "content": [[{"tag": "text", "text": line}] for line in [*lines[1:], SIGNATURE]]}
        message: dict[str, Any] = {"msg_type": "post", "content": {"post": {"zh_cn": post}}}
        redactor = self._redactor
        if self._secret:
            stamp = int(self._clock())
            message = {"timestamp": str(stamp), "sign": feishu_sign(self._secret, stamp),
                       **message}
            redactor = redactor.plus(message["sign"])
        return self._url, message, redactor

    def took(self, data: dict | None, text: str) -> bool:
        return data is not None and ("code" in data or "StatusCode" in data)

    def body_failure(self, data: dict, reply: Reply,
                     redactor: Redactor) -> ChannelError | None:
        code = data.get("code", data.get("StatusCode"))
        return code_failure(code, reply, redactor, permanent=PERMANENT, wait=WAIT)


def build(spec: ChannelSpec, secrets: Secrets,
          session_factory: SessionFactory | None) -> FeishuChannel:
    return FeishuChannel(spec.name, robot_url(spec, secrets),
                         sign_secret=secrets.get(spec.name, "sign_secret"),
                         timeout_s=timeout_option(spec.options, spec.name),
                         session_factory=session_factory)
