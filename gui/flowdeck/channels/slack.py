"""Slack incoming webhook: POST https://hooks.slack.com/services/T…/B…/X….

{"text": <one line, the notification's text>, "blocks": [{"type": "section", "text":
{"type": "mrkdwn", "text": ...}}]}: mrkdwn escapes only &, < and >, and a section's
text holds at most 3,000 characters.

The reply is HTTP 200 and the plain-text body "ok". Errors are plain text too, by
status (Slack's "Improving error conditions for Incoming Webhooks"): 400
invalid_payload / user_not_found / no_text, 403 action_prohibited, 404
channel_not_found / no_service / no_team, 410 channel_is_archived cannot succeed
again; 429 is retried after its Retry-After header; 500 rollup_error and other 5xx are
retried."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flowdeck.core.channel_spec import ChannelSpec

from .base import Secrets
from .http import Redactor, SessionFactory, timeout_option
from .robot import JsonRobot, robot_url
from .text import SLACK, render, title

SECTION_CHARS = 3000


class SlackChannel(JsonRobot):
    kind = "slack"

    def __init__(self, name: str, url: str, *, timeout_s: float = 10.0,
                 session_factory: SessionFactory | None = None) -> None:
        super().__init__(name, Redactor(urls=[url]), timeout_s, session_factory)
        self._url = url

    def took(self, data: dict | None, text: str) -> bool:
        return text.strip() == "ok"   # Slack's plain-text answer

    def request(self, payloads: Sequence[Mapping[str, Any]]) -> tuple[str, dict, Redactor]:
        text = render(payloads, SLACK, SECTION_CHARS)
        message = {"text": SLACK.escape(title(payloads, 150)),
                   "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}
        return self._url, message, self._redactor


def build(spec: ChannelSpec, secrets: Secrets,
          session_factory: SessionFactory | None) -> SlackChannel:
    return SlackChannel(spec.name, robot_url(spec, secrets),
                        timeout_s=timeout_option(spec.options, spec.name),
                        session_factory=session_factory)
