"""The generic webhook: a JSON POST of the payload, for a receiver of one's own.

Body: one firing is its payload object (core/alert_payload.py: the `watch --json`
alert object with name, rule_text, value_text, conditions and key); several due at
once are one summary, {"type": "summary", "count": N, "alerts": [payload, ...]}.

Headers:
- X-FlowDeck-Key: the dedupe key of the firing, or the keys of a summary's firings
  joined by ", ": the same on every retry, so a receiver drops what it has seen;
- X-FlowDeck-Signature: "sha256=" + the lowercase hex HMAC-SHA256 of the exact body
  bytes keyed with the channel's hmac_secret (only when one is set), as GitHub
  signs its webhooks;
- the channel's own `headers` option (a table of name = value), which cannot
  replace Content-Type or the X-FlowDeck- headers.

Any 2xx is delivered; 408, 425, 429 and 5xx are retried (after Retry-After when the
receiver sends one); any other status is permanent."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from typing import Any

from flowdeck import __version__
from flowdeck.core.channel_spec import ChannelSpec
from flowdeck.core.errors import invalid_param

from .base import Secrets, Sent
from .http import (
    DEFAULT_TIMEOUT_S,
    HttpPoster,
    Redactor,
    SessionFactory,
    http_failure,
    timeout_option,
    url_tokens,
)

KEY_HEADER = "X-FlowDeck-Key"
SIGNATURE_HEADER = "X-FlowDeck-Signature"
_OURS = ("content-type", "content-length", "host", "x-flowdeck-")


def webhook_body(payloads: Sequence[Mapping[str, Any]]) -> dict:
    """One payload as it is; several as one summary."""
    if not payloads:
        raise ValueError("nothing to send")
    if len(payloads) == 1:
        return dict(payloads[0])
    return {"type": "summary", "count": len(payloads), "alerts": [dict(p) for p in payloads]}


def body_signature(secret: str, body: bytes) -> str:
    """The X-FlowDeck-Signature value of `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def dedupe_keys(payloads: Sequence[Mapping[str, Any]]) -> str:
    return ", ".join(str(p["key"]) for p in payloads if p.get("key"))


def custom_headers(options: Mapping[str, Any], name: str) -> dict[str, str]:
    headers = options.get("headers", {}) or {}
    if not isinstance(headers, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
        raise invalid_param(f"channel {name}: headers must be a table of name = \"value\"")
    taken = [k for k in headers if k.lower().startswith(_OURS)]
    if taken:
        raise invalid_param(f"channel {name}: header(s) {', '.join(taken)} are FlowDeck's "
                            f"own and cannot be set")
    return dict(headers)


class WebhookChannel:
    kind = "webhook"

    def __init__(self, name: str, url: str, *, hmac_secret: str | None = None,
                 headers: Mapping[str, str] | None = None,
                 timeout_s: float = DEFAULT_TIMEOUT_S,
                 session_factory: SessionFactory | None = None) -> None:
        self.name = name
        self._url = url
        self._secret = hmac_secret or None
        self._headers = dict(headers or {})
        # The receiver's URL may carry a token of its own: hidden like a secret.
        self._redactor = Redactor([s for s in (hmac_secret, *url_tokens(url)) if s])
        self._poster = HttpPoster(self._redactor, timeout_s, session_factory)

    async def send(self, payloads: Sequence[Mapping[str, Any]]) -> Sent:
        body = json.dumps(webhook_body(payloads), ensure_ascii=False,
                          separators=(",", ":")).encode()
        headers = {**self._headers, "Content-Type": "application/json; charset=utf-8",
                   "User-Agent": f"FlowDeck/{__version__}"}
        keys = dedupe_keys(payloads)
        if keys:
            headers[KEY_HEADER] = keys
        redactor = self._redactor
        if self._secret:
            headers[SIGNATURE_HEADER] = body_signature(self._secret, body)
            redactor = redactor.plus(headers[SIGNATURE_HEADER])
        reply = await self._poster.post(self._url, body=body, headers=headers,
                                        redactor=redactor)
        failure = http_failure(reply, redactor)
        if failure is not None:
            raise failure
        return Sent(redactor.clean(f"HTTP {reply.status}: {reply.text}"), len(payloads))

    async def close(self) -> None:
        await self._poster.close()


def build(spec: ChannelSpec, secrets: Secrets,
          session_factory: SessionFactory | None) -> WebhookChannel:
    if not spec.url:
        raise invalid_param(f"channel {spec.name}: a webhook needs its url")
    return WebhookChannel(spec.name, spec.url, hmac_secret=secrets.get(spec.name, "hmac_secret"),
                          headers=custom_headers(spec.options, spec.name),
                          timeout_s=timeout_option(spec.options, spec.name),
                          session_factory=session_factory)
