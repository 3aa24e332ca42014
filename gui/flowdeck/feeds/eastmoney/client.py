"""The HTTP client of `eastmoney://`: one aiohttp session, every request through the
source's one budget (budget.py), each answer read as JSON or turned into a typed error.

- `Refused`: the server did not give an answer we can read: a connection refused or
  cut, a timeout, an HTTP error status, an empty body, an HTML page (East Money's block
  page), text that is not JSON. East Money blocks addresses that ask too often and says
  so in exactly these ways, so each one backs the WHOLE source off (budget.hold_until):
  5 s, doubling up to 5 minutes, each wait jittered by +-25 % so that many FlowDeck
  windows behind one address do not come back in step. `retry_at` / `retry_wall` say
  when (clock and wall time), for the status bar's "retrying at HH:MM".
- `ShapeError`: a JSON answer whose shape is not what akshare's and efinance's parsers
  read (a field renamed or gone, `data` missing): upstream changed. It names the field;
  the answer is saved (size-capped, AnswerLog) for a bug report.

akshare and efinance (the reference for every format here) are synchronous and pull
pandas; this client is the same requests on the window's loop.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol, TypeVar

import aiohttp

from .budget import NORMAL, RequestBudget
from .url import EastMoneyTarget

log = logging.getLogger("flowdeck.feeds.eastmoney")
T = TypeVar("T")

BACKOFF_FIRST = 5.0      # seconds after the first refusal in a row
BACKOFF_MAX = 300.0      # a blocked address is usually let back within minutes
JITTER = 0.25
ANSWER_CAP = 64 * 1024   # bytes of an unexpected answer kept for a bug report
ANSWERS_KEPT = 20        # files; the oldest go
# East Money's web pages send these; without a Referer some hosts answer an HTML page.
HEADERS = {"User-Agent": "Mozilla/5.0 (FlowDeck)", "Referer": "https://quote.eastmoney.com/",
           "Accept": "application/json,*/*"}


class Refused(Exception):
    """No readable answer; the whole source waits until `retry_at` (clock time)."""

    def __init__(self, why: str, retry_at: float, retry_wall: float) -> None:
        super().__init__(why)
        self.why, self.retry_at, self.retry_wall = why, retry_at, retry_wall


class ShapeError(Exception):
    """A JSON answer without the field a parser needs (`field`, e.g. "data.diff[3].f62")."""

    def __init__(self, field: str, detail: str = "") -> None:
        super().__init__(f"{field}: {detail}" if detail else field)
        self.field, self.detail = field, detail


def parsed_or_kept(parse: Callable[[object], T], payload: object, path: str,
                   keep: Callable[[str, object], None] | None) -> T:
    """`parse(payload)`; an answer of a shape it does not know goes to `keep` (the state
    folder's unexpected answers, for a bug report) before its ShapeError goes on."""
    try:
        return parse(payload)
    except ShapeError:
        if keep is not None:
            keep(path, payload)
        raise


class AnswerLog:
    """Unexpected answers, each in a file of its own (at most ANSWER_CAP bytes, the newest
    ANSWERS_KEPT files), so a user can attach them to a bug report. No folder: nothing kept."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.saved: list[Path] = []

    def save(self, what: str, text: str) -> Path | None:
        if self.folder is None:
            return None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
            path = self.folder / f"{stamp}-{len(self.saved):03d}-{what}.txt"
            path.write_bytes(text.encode("utf-8", "replace")[:ANSWER_CAP])
        except OSError as exc:
            log.warning("cannot keep East Money's answer in %s: %s", self.folder, exc)
            return None
        self.saved.append(path)
        old = sorted(self.folder.glob("*.txt"))[:-ANSWERS_KEPT]
        for path_ in old:
            with contextlib.suppress(OSError):
                path_.unlink()
        return path


class Transport(Protocol):
    """Sends a GET and returns (status, body); aiohttp's errors when there is no answer.
    The fake's in-process transport stands in for it on virtual time (tests, the bench)."""

    async def __call__(self, url: str, params: Mapping[str, str]) -> tuple[int, bytes]: ...

    async def aclose(self) -> None: ...


class HttpTransport:
    """One aiohttp session for every request of the source."""

    def __init__(self, target: EastMoneyTarget) -> None:
        self.target = target
        self._session: aiohttp.ClientSession | None = None

    async def __call__(self, url: str, params: Mapping[str, str]) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.target.timeout),
                trust_env=self.target.public)  # a desk's proxy for the public hosts only
        async with self._session.get(url, params=dict(params), headers=HEADERS) as resp:
            return resp.status, await resp.read()

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class EastMoneyClient:
    def __init__(self, target: EastMoneyTarget, budget: RequestBudget, *,
                 clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time,
                 jitter: Callable[[], float] = random.random,
                 answers: AnswerLog | None = None,
                 transport: Transport | None = None) -> None:
        self.target, self.budget = target, budget
        self.answers = answers or AnswerLog()
        self.refusals = 0          # in a row; 0 after any readable answer
        self.requests = 0          # sent, by path (tests, the bench)
        self._clock, self._wall, self._jitter = clock, wall, jitter
        self.transport: Transport = transport or HttpTransport(target)

    async def get(self, host: str, path: str, params: Mapping[str, str],
                  priority: int = NORMAL, *, taken: bool = False) -> dict:
        """The JSON object `host`+`path`?`params` answers; Refused or ShapeError.
        `taken`: the caller already waited its turn in the budget (to choose what to
        ask at the moment it may ask)."""
        if not taken:
            await self.budget.take(priority)
        self.requests += 1
        try:
            status, body = await self.transport(self.target.url(host, path), params)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise self._refused(f"no answer ({type(exc).__name__})") from None
        text = body.decode("utf-8", "replace").strip()
        if status != 200:
            raise self._refused(f"HTTP {status}")
        if not text:
            raise self._refused("an empty answer")
        if text.startswith("<"):
            raise self._refused("an HTML page instead of data")
        try:
            payload = json.loads(text)
        except ValueError:
            raise self._refused("an answer that is not JSON") from None
        self.refusals = 0
        if not isinstance(payload, dict):
            self.answers.save(path.rsplit("/", 2)[-2], text)
            raise ShapeError("the answer", "not a JSON object")
        return payload

    def keep(self, path: str, payload: object) -> Path | None:
        """Save an answer a parser found the wrong shape (for a bug report)."""
        return self.answers.save(path.rsplit("/", 2)[-2],
                                 json.dumps(payload, ensure_ascii=False))

    async def aclose(self) -> None:
        await self.transport.aclose()

    def _refused(self, why: str) -> Refused:
        self.refusals += 1
        wait = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (self.refusals - 1))
        wait *= 1 + JITTER * (2 * self._jitter() - 1)
        now = self._clock()
        self.budget.hold_until(now + wait)
        log.info("East Money refused a request (%s); retrying in %.0f s", why, wait)
        return Refused(why, now + wait, self._wall() + wait)
