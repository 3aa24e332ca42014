"""WeCom's group robot as its documentation describes it (developer.work.weixin.qq.com
/document/path/91770, "群机器人配置说明"): POST /cgi-bin/webhook/send?key=KEY with JSON;
msgtype "text" (content at most 2,048 bytes of UTF-8, mentioned_list) or "markdown"
(content at most 4,096 bytes); 20 messages a minute. Answers HTTP 200 with errcode:
0 ok, 93000 for a wrong key, 45009 over the rate, 40058 for a content over its limit,
44004 for an empty one."""

from __future__ import annotations

import time
from collections.abc import Callable

from aiohttp import web

from .server import FakeServer, RateWindow, Recorded

LIMITS = {"text": 2048, "markdown": 4096}


def errcode(code: int, msg: str) -> web.Response:
    return web.json_response({"errcode": code, "errmsg": msg})


class FakeWeCom(FakeServer):
    def __init__(self, key: str = "wecom-key-0123456789", per_min: int = 20,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.key = key
        self.rate = RateWindow(per_min, clock)
        self.messages: list[dict] = []

    @property
    def url(self) -> str:
        return f"{self.base}/cgi-bin/webhook/send?key={self.key}"

    async def answer(self, rec: Recorded) -> web.StreamResponse:
        if rec.method != "POST" or rec.path != "/cgi-bin/webhook/send":
            self.problem(f"{rec.method} {rec.path}")
            return web.Response(status=404)
        if rec.query.get("key") != self.key:
            return errcode(93000, f"invalid webhook url, hint: [1700000000123], from ip: "
                                  f"127.0.0.1, more info at https://open.work.weixin.qq.com"
                                  f"/devtool/query?e=93000 key={rec.query.get('key')}")
        body = self.json_of(rec)
        if not isinstance(body, dict):
            return errcode(40058, "invalid json")
        kind = body.get("msgtype")
        if kind not in LIMITS or not isinstance(body.get(kind), dict):
            self.problem(f"msgtype {kind!r}")
            return errcode(40008, "invalid message type")
        content = body[kind].get("content")
        if not isinstance(content, str) or not content:
            self.problem("empty content")
            return errcode(44004, "empty content")
        if len(content.encode()) > LIMITS[kind]:
            self.problem(f"{kind} content of {len(content.encode())} bytes")
            return errcode(40058, f"{kind}.content exceed max length {LIMITS[kind]}")
        if not self.rate.allow():
            return errcode(45009, "api freq out of limit")
        self.messages.append(body)
        return errcode(0, "ok")
