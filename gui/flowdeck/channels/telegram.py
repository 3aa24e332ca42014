"""Telegram bot: POST {api_base}/bot<TOKEN>/sendMessage.

{"chat_id", "text", "parse_mode": "HTML", "link_preview_options": {"is_disabled":
true}}: HTML because every value is escaped with html.escape and nothing else is
needed, where MarkdownV2 would need each '-' and '.' of "-51.2M" escaped. At most
4,096 characters (UTF-16 code units, counted on the marked-up text, which is never
shorter than what Telegram counts).

The reply is {"ok": true, "result": {...}} or {"ok": false, "error_code",
"description", "parameters": {"retry_after": s}}: 429 is retried after
parameters.retry_after; 400 (bad request: chat not found, can't parse entities), 401
(a revoked token), 403 (the bot was blocked or removed) and 404 cannot succeed again
(a group that became a supergroup says its new chat id: the error names it);
5xx are retried. The bot token is part of the URL: it is never logged or shown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flowdeck.core.channel_spec import ChannelSpec
from flowdeck.core.errors import invalid_param

from .base import ChannelError, Secrets
from .http import Redactor, Reply, SessionFactory, timeout_option
from .robot import JsonRobot
from .text import HTML, render, utf16_size

API_BASE = "https://api.telegram.org"
TEXT_UNITS = 4096


class TelegramChannel(JsonRobot):
    kind = "telegram"

    def __init__(self, name: str, bot_token: str, chat_id: int | str, *,
                 api_base: str = API_BASE, timeout_s: float = 10.0,
                 session_factory: SessionFactory | None = None) -> None:
        super().__init__(name, Redactor([bot_token]), timeout_s, session_factory)
        self._url = f"{api_base.rstrip('/')}/bot{bot_token}/sendMessage"
        self._chat_id = chat_id

    def request(self, payloads: Sequence[Mapping[str, Any]]) -> tuple[str, dict, Redactor]:
        message = {"chat_id": self._chat_id, "text": render(payloads, HTML, TEXT_UNITS,
                                                              utf16_size),
                   "parse_mode": "HTML", "link_preview_options": {"is_disabled": True}}
        return self._url, message, self._redactor

    def took(self, data: dict | None, text: str) -> bool:
        return data is not None and data.get("ok") is True

    def body_failure(self, data: dict, reply: Reply,
                     redactor: Redactor) -> ChannelError | None:
        if data.get("ok") is True or "ok" not in data:   # the latter: not Telegram's
            return None
        code = data.get("error_code", reply.status)
        answer = redactor.clean(f"{code}: {data.get('description', reply.text)}")
        params = data.get("parameters") or {}
        if code == 429:
            wait = params.get("retry_after")
            return ChannelError("too many requests",
                                retry_after=float(wait) if isinstance(wait, int | float)
                                else None, answer=answer)
        moved = params.get("migrate_to_chat_id")
        if moved is not None:
            return ChannelError(f"the group became a supergroup: set chat_id to {moved}",
                                permanent=True, answer=answer)
        if isinstance(code, int) and 400 <= code < 500:
            return ChannelError(f"error {code}", permanent=True, answer=answer)
        return ChannelError(f"error {code}", answer=answer)


def build(spec: ChannelSpec, secrets: Secrets,
          session_factory: SessionFactory | None) -> TelegramChannel:
    token = secrets.get(spec.name, "bot_token")
    if not token:
        raise invalid_param(f"channel {spec.name}: a telegram bot needs its bot_token "
                            f"(a secret)")
    chat_id = spec.options.get("chat_id")
    if isinstance(chat_id, bool) or not isinstance(chat_id, int | str) or chat_id == "":
        raise invalid_param(f"channel {spec.name}: a telegram bot needs its chat_id "
                            f"option (a number, or \"@channelname\")")
    if isinstance(chat_id, str):
        chat_id = chat_id.strip()
        # Typed as text (the settings dialog's one line): a number is sent as one.
        if chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
    api_base = spec.options.get("api_base", API_BASE)
    if not isinstance(api_base, str) or not api_base.startswith(("http://", "https://")):
        raise invalid_param(f"channel {spec.name}: api_base must be an http(s) URL")
    return TelegramChannel(spec.name, token, chat_id, api_base=api_base,
                           timeout_s=timeout_option(spec.options, spec.name),
                           session_factory=session_factory)
