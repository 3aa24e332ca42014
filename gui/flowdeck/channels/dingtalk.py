"""DingTalk (钉钉) custom robot: POST https://oapi.dingtalk.com/robot/send?access_token=T.

A markdown message, a paragraph a line (DingTalk joins the lines of a paragraph), its
last "— FlowDeck" (text.SIGNATURE: the keyword for a robot secured by keywords):
{"msgtype": "markdown", "markdown": {"title", "text"}, "at":
{"atMobiles", "isAtAll"}} (a mobile to @ is written into the text too, as DingTalk
shows a mention only then). With the robot's signing secret ("SEC…"), every request
carries `&timestamp=<ms>&sign=<s>` in the URL, where s is the URL-encoded
base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")) and the timestamp
must be within an hour of DingTalk's clock.

The reply is HTTP 200 with {"errcode": 0, "errmsg": "ok"}; errcode 310000 (sign not
match, invalid timestamp, keywords not in content, ip not in whitelist: the robot's
security settings) and 300001/300005 (no such token) cannot succeed again; 130101
(send too fast: more than 20 a minute throttles the robot for 10 minutes) is retried
after 10 minutes; any other code is retried."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flowdeck.core.channel_spec import ChannelSpec
from flowdeck.core.errors import invalid_param

from .base import ChannelError, Secrets
from .http import Redactor, Reply, SessionFactory, timeout_option
from .robot import JsonRobot, code_failure, robot_url
from .text import MARKDOWN_PARAGRAPHS, SIGNATURE, render, title, utf8_size

MARKDOWN_BYTES = 4096
THROTTLE_S = 600.0
PERMANENT = {310000: "refused by the robot's security settings (signature, timestamp, "
                     "keywords or IP)",
             300001: "no such robot token", 300005: "no such robot token"}
WAIT = {130101: THROTTLE_S}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """The `sign` query value (already URL-encoded) for `timestamp_ms`."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(),
                      hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


class DingTalkChannel(JsonRobot):
    kind = "dingtalk"

    def __init__(self, name: str, url: str, *, sign_secret: str | None = None,
                 at_all: bool = False, at_mobiles: Sequence[str] = (),
                 timeout_s: float = 10.0, session_factory: SessionFactory | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        hidden = [sign_secret] if sign_secret else []
        super().__init__(name, Redactor(hidden, urls=[url]), timeout_s, session_factory)
        self._url = url
        self._secret = sign_secret or None
        self._at_all = at_all
        self._mobiles = list(at_mobiles)
        self._clock = clock

    def request(self, payloads: Sequence[Mapping[str, Any]]) -> tuple[str, dict, Redactor]:
        mentions = " ".join(f"@{m}" for m in self._mobiles)
        ending = "\n\n".join(s for s in (SIGNATURE, mentions) if s)
        room = MARKDOWN_BYTES - utf8_size(ending) - 2
        text = render(payloads, MARKDOWN_PARAGRAPHS, room, utf8_size)
        message = {"msgtype": "markdown",
                   "markdown": {"title": title(payloads, 60), "text": f"{text}\n\n{ending}"},
                   "at": {"atMobiles": self._mobiles, "isAtAll": self._at_all}}
        url, redactor = self._url, self._redactor
        if self._secret:
            stamp = int(self._clock() * 1000)
            sign = dingtalk_sign(self._secret, stamp)
            url += ("&" if "?" in url else "?") + f"timestamp={stamp}&sign={sign}"
            redactor = redactor.plus(sign, urllib.parse.unquote_plus(sign))
        return url, message, redactor

    def took(self, data: dict | None, text: str) -> bool:
        return data is not None and "errcode" in data

    def body_failure(self, data: dict, reply: Reply,
                     redactor: Redactor) -> ChannelError | None:
        return code_failure(data.get("errcode"), reply, redactor,
                            permanent=PERMANENT, wait=WAIT)


def build(spec: ChannelSpec, secrets: Secrets,
          session_factory: SessionFactory | None) -> DingTalkChannel:
    at_all = spec.options.get("at_all", False)
    mobiles = spec.options.get("at_mobiles", [])
    if not isinstance(at_all, bool):
        raise invalid_param(f"channel {spec.name}: at_all must be true or false")
    if isinstance(mobiles, str) or not all(isinstance(m, str) for m in mobiles):
        raise invalid_param(f"channel {spec.name}: at_mobiles must be a list of numbers "
                            f"as text")
    return DingTalkChannel(spec.name, robot_url(spec, secrets),
                           sign_secret=secrets.get(spec.name, "sign_secret"),
                           at_all=at_all, at_mobiles=mobiles,
                           timeout_s=timeout_option(spec.options, spec.name),
                           session_factory=session_factory)
