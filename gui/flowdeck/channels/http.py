"""What every HTTP channel shares: one aiohttp session, a bounded POST, the reading of
HTTP failures (retry, wait, or give up) and the removal of secrets from whatever is
logged or shown.

A provider's reply can quote our request (a URL, a token, a signature); aiohttp's own
exceptions name the URL. So every text that leaves a channel goes through
`Redactor.clean`, which removes each secret in the forms it can travel in (as is,
percent-encoded, and for a URL its token-like parts) and cuts it short."""

from __future__ import annotations

import email.utils
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp

from flowdeck.core.errors import invalid_param

from .base import ChannelError

ANSWER_CHARS = 300
REPLY_BYTES = 64 * 1024   # what is read of a reply: enough for any provider's JSON
DEFAULT_TIMEOUT_S = 10.0
HIDDEN = "***"
SessionFactory = Callable[[], aiohttp.ClientSession]


class Redactor:
    """Removes secrets from text. A URL secret hides its token-like parts too
    (url_tokens): a reply may quote a WeCom `key`, a DingTalk `access_token`, a Slack
    or Feishu hook's path on its own."""

    def __init__(self, secrets: Iterable[str] = (), urls: Iterable[str] = ()) -> None:
        parts: set[str] = set(secrets)
        for url in urls:
            parts.add(url)
            parts.update(url_tokens(url))
        self._parts: list[str] = []
        self.add(*parts)

    def plus(self, *secrets: str) -> Redactor:
        """A copy that hides these too (a signature made for one request)."""
        copy = Redactor()
        copy._parts = list(self._parts)
        copy.add(*secrets)
        return copy

    def add(self, *secrets: str) -> None:
        for s in secrets:
            if len(s) < 4:   # too short to hide without mangling ordinary words
                continue
            for form in (s, urllib.parse.quote(s, safe=""), urllib.parse.quote_plus(s),
                         urllib.parse.quote(s)):
                if form not in self._parts:
                    self._parts.append(form)
        self._parts.sort(key=len, reverse=True)   # a URL before the key inside it

    def clean(self, text: str, limit: int = ANSWER_CHARS) -> str:
        for part in self._parts:
            text = text.replace(part, HIDDEN)
        text = " ".join(text.split())
        return text if len(text) <= limit else text[: limit - 1] + "…"


def url_tokens(url: str) -> list[str]:
    """The parts of a URL that may carry a secret: its query values and its path parts
    that look like a token (16 characters or more, or 8 or more with a digit: a hook
    id, Slack's T…/B…/X…), not words such as "alerts", "services" or "open-apis"."""
    split = urllib.parse.urlsplit(url)
    parts = [v for _, v in urllib.parse.parse_qsl(split.query)]
    parts += [p for p in split.path.split("/")
              if len(p) >= 16 or (len(p) >= 8 and any(c.isdigit() for c in p))]
    return parts


def retry_after_s(value: str | None, now: float | None = None) -> float | None:
    """HTTP Retry-After: seconds, or an HTTP date (RFC 9110 10.2.3); None when absent
    or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    text: str


def timeout_option(options: Mapping[str, Any], name: str) -> float:
    value = options.get("timeout_s", DEFAULT_TIMEOUT_S)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 120:
        raise invalid_param(f"channel {name}: timeout_s must be a number of seconds 0-120")
    return float(value)


def default_session() -> aiohttp.ClientSession:
    """A session that goes through the proxy the environment names (HTTPS_PROXY,
    NO_PROXY), as desks that reach Telegram or Slack only through one need."""
    return aiohttp.ClientSession(trust_env=True)


class HttpPoster:
    """One session per channel, made on first use by `session_factory` (default:
    default_session) and closed by `close`."""

    def __init__(self, redactor: Redactor, timeout_s: float = DEFAULT_TIMEOUT_S,
                 session_factory: SessionFactory | None = None) -> None:
        self.redactor = redactor
        self.timeout_s = timeout_s
        self._factory = session_factory or default_session
        self._session: aiohttp.ClientSession | None = None

    async def post(self, url: str, *, body: bytes, headers: Mapping[str, str],
                   redactor: Redactor | None = None) -> Reply:
        """POST `body`; a reply whatever its status. A timeout, a refused or dropped
        connection: a ChannelError worth retrying (its text has no secret, cleaned by
        `redactor`, default the poster's)."""
        if self._session is None or self._session.closed:
            self._session = self._factory()
        try:
            async with self._session.post(
                    url, data=body, headers=dict(headers), allow_redirects=False,
                    timeout=aiohttp.ClientTimeout(total=self.timeout_s)) as resp:
                body = await resp.content.read(REPLY_BYTES)
                text = body.decode(resp.charset or "utf-8", errors="replace")
                return Reply(resp.status, dict(resp.headers), text)
        except TimeoutError as exc:
            raise ChannelError(f"no answer within {self.timeout_s:g} s") from exc
        except aiohttp.ClientError as exc:
            # aiohttp's texts name the URL: only its kind and a cleaned text go out.
            what = (redactor or self.redactor).clean(f"{type(exc).__name__}: {exc}", 200)
            raise ChannelError(f"connection failed ({what})") from exc

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def http_failure(reply: Reply, redactor: Redactor) -> ChannelError | None:
    """The error an HTTP status alone says (None for 2xx): 429 and 408 and 5xx are
    worth retrying (after Retry-After when given), any other status is permanent."""
    if 200 <= reply.status < 300:
        return None
    answer = redactor.clean(f"HTTP {reply.status}: {reply.text}")
    wait = retry_after_s(reply.headers.get("Retry-After"))
    if reply.status in (408, 425, 429) or reply.status >= 500:
        return ChannelError(f"HTTP {reply.status}", retry_after=wait, answer=answer)
    return ChannelError(f"HTTP {reply.status}", permanent=True, answer=answer)
