"""Feishu's custom bot as its documentation describes it (open.feishu.cn/document/
client-docs/bot-v3/add-custom-bot, "自定义机器人使用指南"): POST
/open-apis/bot/v2/hook/ID with JSON (msg_type text, post, interactive ...); with a
signing secret the body has "timestamp" (seconds, within an hour) and "sign" =
base64(HmacSHA256 keyed with timestamp + "\\n" + secret over an empty message). At
most 100 messages a minute (and 5 a second); a body at most 20 KB. Answers
{"code": 0, "msg": "success"}, 19021 for a bad sign, 19001 for an unknown hook, 19002
without a msg_type, 19024 for a message without one of the bot's `keywords`, 11232 over
the rate, 9499 "Bad Request" for content it cannot read (its guide's example)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable

from aiohttp import web

from .server import FakeServer, RateWindow, Recorded


def code(number: int, msg: str) -> web.Response:
    return web.json_response({"code": number, "data": {}, "msg": msg})


def valid_post(content: object) -> bool:
    post = content.get("post") if isinstance(content, dict) else None
    if not isinstance(post, dict) or not post:
        return False
    for lang in post.values():
        if not isinstance(lang, dict) or not isinstance(lang.get("content"), list):
            return False
        for paragraph in lang["content"]:
            if not isinstance(paragraph, list) or not all(
                    isinstance(el, dict) and el.get("tag") == "text"
                    and isinstance(el.get("text"), str) for el in paragraph):
                return False
    return True


class FakeFeishu(FakeServer):
    def __init__(self, hook: str = "5e3d587e-d78e-4a07-bd07-265f269f86fd",
                 secret: str | None = None, clock: Callable[[], float] = time.time,
                 per_min: int = 100, keywords: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.hook = hook
        self.secret = secret
        self.clock = clock
        self.rate = RateWindow(per_min, clock)
        self.keywords = keywords
        self.messages: list[dict] = []

    @property
    def url(self) -> str:
        return f"{self.base}/open-apis/bot/v2/hook/{self.hook}"

    def sign_failure(self, body: dict) -> web.Response | None:
        assert self.secret is not None
        stamp, sign = str(body.get("timestamp", "")), body.get("sign", "")
        if not stamp.isdigit() or abs(int(stamp) - self.clock()) > 3600:
            self.problem(f"timestamp {stamp!r}")
        else:
            key = f"{stamp}\n{self.secret}".encode()
            want = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
            if hmac.compare_digest(want, str(sign)):
                return None
            self.problem(f"sign {sign!r}")
        return code(19021, "sign match fail or timestamp is not within one hour from "
                           "current time")

    async def answer(self, rec: Recorded) -> web.StreamResponse:
        if rec.method != "POST" or rec.path != f"/open-apis/bot/v2/hook/{self.hook}":
            return code(19001, "param invalid: incoming webhook access token invalid")
        if len(rec.body) > 20 * 1024:
            self.problem(f"body of {len(rec.body)} bytes")
            return code(9499, "request body too large")
        body = self.json_of(rec) or {}
        if self.secret is not None and (failed := self.sign_failure(body)) is not None:
            return failed
        if body.get("msg_type") not in ("text", "post", "image", "share_chat", "interactive"):
            self.problem(f"msg_type {body.get('msg_type')!r}")
            return code(19002, "params error, msg_type need")
        content = body.get("content")
        readable = (valid_post(content) if body["msg_type"] == "post" else
                    isinstance(content, dict) and (body["msg_type"] != "text"
                                                   or isinstance(content.get("text"), str)))
        if not readable:
            self.problem(f"message {body!r:.80}")
            return code(9499, "Bad Request: fail to parse content")
        if self.keywords and not any(k in json.dumps(body["content"], ensure_ascii=False)
                                     for k in self.keywords):
            return code(19024, "Key Words Not Found")
        if not self.rate.allow():
            return code(11232, "frequency limited psm[lark.oapi.app_platform_runtime]")
        self.messages.append(body)
        return code(0, "success")
