"""What the chat robots share (WeCom, DingTalk, Feishu, Telegram, Slack): a JSON POST to
one URL, and a reply judged first by the provider's own error code in the body (WeCom
and DingTalk answer HTTP 200 with an `errcode`), then by the HTTP status."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from flowdeck.core.channel_spec import ChannelSpec
from flowdeck.core.errors import invalid_param

from .base import ChannelError, Secrets, Sent
from .http import HttpPoster, Redactor, Reply, SessionFactory, http_failure


def reply_json(reply: Reply) -> dict | None:
    try:
        data = json.loads(reply.text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


class JsonRobot:
    """A subclass says `kind`, builds `request(payloads) -> (url, body, redactor)` and
    judges a reply's body with `body_failure(data, reply, redactor)`. A 2xx is a
    delivery only when `took` finds it the provider's own answer: a 200 from a proxy's
    or a portal's page is none."""
    kind = ""

    def __init__(self, name: str, redactor: Redactor, timeout_s: float,
                 session_factory: SessionFactory | None) -> None:
        self.name = name
        self._redactor = redactor
        self._poster = HttpPoster(redactor, timeout_s, session_factory)

    def request(self, payloads: Sequence[Mapping[str, Any]]
                ) -> tuple[str, dict, Redactor]:
        raise NotImplementedError

    def body_failure(self, data: dict, reply: Reply,
                     redactor: Redactor) -> ChannelError | None:
        return None

    def took(self, data: dict | None, text: str) -> bool:
        """Whether a 2xx answer (`data` its JSON, None when it is not JSON) is the
        provider's own saying it took the message (an error it says is body_failure's)."""
        return data is not None

    async def send(self, payloads: Sequence[Mapping[str, Any]]) -> Sent:
        if not payloads:
            raise ValueError("nothing to send")
        url, message, redactor = self.request(payloads)
        body = json.dumps(message, ensure_ascii=False).encode()
        reply = await self._poster.post(
            url, body=body, headers={"Content-Type": "application/json; charset=utf-8"},
            redactor=redactor)
        data = reply_json(reply)
        failure = self.body_failure(data, reply, redactor) if data is not None else None
        failure = failure or http_failure(reply, redactor)
        if failure is None and not self.took(data, reply.text):
            failure = ChannelError("an answer that is not the provider's",
                                   answer=redactor.clean(f"HTTP {reply.status}: {reply.text}"))
        if failure is not None:
            raise failure
        return Sent(redactor.clean(reply.text), len(payloads))

    async def close(self) -> None:
        await self._poster.close()


def code_failure(code: Any, reply: Reply, redactor: Redactor, *,
                 permanent: Mapping[int, str], wait: Mapping[int, float | None],
                 ok: int = 0) -> ChannelError | None:
    """The error a provider's numeric code says: `ok` (or none) none; a code in `permanent`
    cannot succeed again; a code in `wait` is retried after its seconds (None: the
    outbox's backoff); any other code is retried too (an unknown error is more often
    a passing one than a lost alert is acceptable)."""
    if code is None or code == ok:
        return None
    answer = redactor.clean(f"HTTP {reply.status}: {reply.text}")
    try:
        number = int(code)
    except (TypeError, ValueError):
        number = None
    if number in permanent:
        return ChannelError(f"error {code}: {permanent[number]}", permanent=True,
                            answer=answer)
    if number in wait:
        return ChannelError(f"error {code}: rate limited", retry_after=wait[number],
                            answer=answer)
    return ChannelError(f"error {code}", answer=answer)


def robot_url(spec: ChannelSpec, secrets: Secrets) -> str:
    """A robot's webhook URL: a secret (it carries the robot's key or token), or the
    table's url where the user left it there."""
    url = secrets.get(spec.name, "url") or spec.url
    if not url:
        raise invalid_param(f"channel {spec.name}: a {spec.kind} robot needs its webhook "
                            f"url (a secret)")
    if not url.startswith(("http://", "https://")):
        raise invalid_param(f"channel {spec.name}: url must start with http:// or https://")
    return url
