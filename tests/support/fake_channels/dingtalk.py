"""DingTalk's custom robot as its documentation describes it
(open.dingtalk.com/document/robots/custom-robot-access and .../customize-robot-security-
settings): POST /robot/send?access_token=T with JSON (msgtype markdown: title and
text); with a signing secret, `timestamp` (milliseconds, within an hour of now) and
`sign` = urlencode(base64(HmacSHA256(secret, timestamp + "\\n" + secret))) in the
query; the request's charset UTF-8 ("发起POST请求时，必须将字符集编码设置成UTF-8"). At
most 20 messages a minute: beyond, errcode 130101 and the robot stays
throttled for 10 minutes. Answers HTTP 200 with errcode: 0 ok, 300005 for an unknown
token, 310000 for a bad sign or timestamp, or for a message without one of the robot's
`keywords` (its other security setting)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable

from aiohttp import web

from .server import FakeServer, RateWindow, Recorded


def errcode(code: int, msg: str) -> web.Response:
    return web.json_response({"errcode": code, "errmsg": msg})


class FakeDingTalk(FakeServer):
    def __init__(self, token: str = "ding-token-0123456789", secret: str | None = None,
                 clock: Callable[[], float] = time.time, per_min: int = 20,
                 keywords: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.token = token
        self.secret = secret
        self.clock = clock
        self.rate = RateWindow(per_min, clock)
        self.keywords = keywords
        self.throttled_until = 0.0
        self.messages: list[dict] = []

    @property
    def url(self) -> str:
        return f"{self.base}/robot/send?access_token={self.token}"

    def check_sign(self, rec: Recorded) -> web.Response | None:
        stamp, sign = rec.query.get("timestamp", ""), rec.query.get("sign", "")
        if not stamp.isdigit() or abs(int(stamp) / 1000 - self.clock()) > 3600:
            self.problem(f"timestamp {stamp!r}")
            return errcode(310000, "invalid timestamp")
        assert self.secret is not None
        want = base64.b64encode(hmac.new(self.secret.encode(),
                                         f"{stamp}\n{self.secret}".encode(),
                                         hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(want, sign):
            self.problem(f"sign {sign!r}")
            return errcode(310000, f"sign not match, more: [sign={sign}]")
        return None

    async def answer(self, rec: Recorded) -> web.StreamResponse:
        if rec.method != "POST" or rec.path != "/robot/send":
            self.problem(f"{rec.method} {rec.path}")
            return web.Response(status=404)
        if rec.query.get("access_token") != self.token:
            return errcode(300005, "token is not exist")
        if self.secret is not None and (failed := self.check_sign(rec)) is not None:
            return failed
        body = self.json_of(rec, charset=True) or {}
        md = body.get("markdown")
        if body.get("msgtype") != "markdown" or not isinstance(md, dict) or not (
                md.get("title") and md.get("text")):
            self.problem(f"message {body!r:.80}")
            return errcode(40035, "缺少参数 markdown")
        if self.keywords and not any(k in md["title"] + md["text"] for k in self.keywords):
            return errcode(310000, "keywords not in content")
        now = self.clock()
        if now < self.throttled_until:
            return errcode(130101, "send too fast, exceed 20 times per minute")
        if not self.rate.allow():
            self.throttled_until = now + 600
            return errcode(130101, "send too fast, exceed 20 times per minute")
        self.messages.append(body)
        return errcode(0, "ok")
