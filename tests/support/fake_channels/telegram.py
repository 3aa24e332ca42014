"""Telegram's Bot API as its documentation describes it (core.telegram.org/bots/api:
"Making requests", sendMessage, "HTML style", ResponseParameters): POST
/bot<token>/sendMessage with JSON; parse_mode HTML takes only its tags (b, i, u, s,
code, pre, a, ...) and the entities &lt; &gt; &amp; &quot; (and numeric ones), any
other "<" or "&" is "can't parse entities"; the text after parsing is at most 4,096
UTF-16 units. Replies {"ok": true, "result": {...}} or {"ok": false, "error_code",
"description"[, "parameters": {"retry_after"}]}: 401 for a wrong token, 400 for an
unknown chat or bad text, 429 over `per_min` messages a minute (20 a group)."""

from __future__ import annotations

import time
from collections.abc import Callable
from html.parser import HTMLParser

from aiohttp import web

from .server import FakeServer, RateWindow, Recorded

TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
        "a", "code", "pre", "blockquote", "tg-emoji"}
ENTITIES = {"lt", "gt", "amp", "quot"}


class _TelegramHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.text: list[str] = []
        self.error = ""

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.error = f"Unsupported start tag \"{tag}\""
        self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.error = f"Unmatched end tag \"{tag}\""

    def handle_data(self, data):
        if "&" in data or "<" in data:
            self.error = "unescaped & or <"
        self.text.append(data)

    def handle_entityref(self, name):
        if name not in ENTITIES:
            self.error = f"Unsupported entity \"{name}\""
        self.text.append("x")

    def handle_charref(self, name):
        self.text.append("x")


def parse_html(text: str) -> tuple[str, str]:
    """(the text as Telegram shows it, an error or "")."""
    parser = _TelegramHtml()
    parser.feed(text)
    parser.close()
    if parser.open and not parser.error:
        parser.error = f"Can't find end tag corresponding to start tag \"{parser.open[-1]}\""
    if parser.rawdata:   # left unparsed: a lone "<" or "&"
        parser.error = parser.error or "unescaped & or <"
    return "".join(parser.text), parser.error


def fail(code: int, description: str, **parameters: int) -> web.Response:
    body: dict = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)


class FakeTelegram(FakeServer):
    def __init__(self, token: str = "123456789:AAE-fake_bot_token_0123456789",
                 chat_id: int | str = -1001234567890, per_min: int = 20,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.token = token
        self.chat_id = chat_id
        self.rate = RateWindow(per_min, clock)
        self.messages: list[dict] = []

    async def answer(self, rec: Recorded) -> web.StreamResponse:
        method = rec.path.rpartition("/")[2]
        if rec.path != f"/bot{self.token}/{method}":
            return fail(401, "Unauthorized")
        if method != "sendMessage" or rec.method != "POST":
            self.problem(f"{rec.method} {method}")
            return fail(404, "Not Found")
        body = self.json_of(rec) or {}
        if body.get("chat_id") != self.chat_id:
            return fail(400, "Bad Request: chat not found")
        if body.get("parse_mode") != "HTML":
            self.problem(f"parse_mode {body.get('parse_mode')!r}")
        shown, error = parse_html(body.get("text", ""))
        if error:
            self.problem(error)
            return fail(400, f"Bad Request: can't parse entities: {error}")
        if not shown.strip():
            return fail(400, "Bad Request: message text is empty")
        if len(shown.encode("utf-16-le")) // 2 > 4096:
            self.problem("message is too long")
            return fail(400, "Bad Request: message is too long")
        if not self.rate.allow():
            return fail(429, "Too Many Requests: retry after 35", retry_after=35)
        self.messages.append(body)
        return web.json_response({"ok": True, "result": {
            "message_id": len(self.messages), "chat": {"id": self.chat_id},
            "text": shown}})
