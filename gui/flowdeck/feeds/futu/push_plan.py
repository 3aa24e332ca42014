"""Which codes FutuFeed keeps subscribed to OpenD's pushes (TICKER and QUOTE, 2 quota
units a code), decided without I/O on an injected clock:

- the codes wanted are the followed ones, priority first; they fit into the account's
  subscription quota as OpenD reports it (its free units and the feed's own), and the
  ones beyond are `uncovered` (polled only);
- a market OpenD refused for lack of quote rights is not asked again for
  `rights_retry_s` (its codes are `no_rights`);
- no churn: a change of the wanted codes waits `settle_s` for the next one before any
  subscription moves, and a code is unsubscribed only once it has been subscribed for
  Futu's minimum of `MIN_SUBSCRIBED_S` (until then it stays, and keeps its units).

`step(now)` says what to subscribe and unsubscribe now and when to look again; the
caller reports what OpenD did (`subscribed`, `unsubscribed`, `refused`) and the quota
(`set_units`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

UNITS_PER_CODE = 2           # TICKER + QUOTE
MIN_SUBSCRIBED_S = 60.0      # Futu: no unsubscription sooner than a minute after
SETTLE_S = 3.0               # a watchlist edited quickly moves nothing until it settles
RIGHTS_RETRY_S = 600.0
REFUSED_WAIT_S = 30.0        # after OpenD refused a subscription for another reason


@dataclass(frozen=True, slots=True)
class Step:
    subscribe: list[str] = field(default_factory=list)
    unsubscribe: list[str] = field(default_factory=list)
    at: float = math.inf     # when to call step() again (at the latest)


class PushPlan:
    def __init__(self, *, settle_s: float = SETTLE_S, min_subscribed_s: float = MIN_SUBSCRIBED_S,
                 rights_retry_s: float = RIGHTS_RETRY_S) -> None:
        self.settle_s = settle_s
        self.min_subscribed_s = min_subscribed_s
        self.rights_retry_s = rights_retry_s
        self.wanted: list[str] = []
        self.since: dict[str, float] = {}        # subscribed code -> when
        self.units: int | None = None            # units this feed may hold (None: unknown)
        self.no_rights: dict[str, tuple[float, str]] = {}   # market -> (until, OpenD's words)
        self.refusal = ""                        # the last other refusal, for people
        self._changed_at = -math.inf
        self._hold_until = -math.inf

    # --- what the feed tells ---------------------------------------------------------------

    def want(self, codes: Sequence[str], now: float) -> None:
        codes = list(dict.fromkeys(codes))
        if codes != self.wanted:
            # The first codes go at once; an edit after them waits to settle.
            self._changed_at = now if self.wanted or self.since else -math.inf
            self.wanted = codes

    def set_units(self, free: int, own: int) -> None:
        """OpenD's quota: units free and units this connection holds."""
        self.units = max(0, free) + max(0, own)

    def subscribed(self, codes: Iterable[str], now: float) -> None:
        for code in codes:
            self.since.setdefault(code, now)
            self.no_rights.pop(code.split(".", 1)[0], None)  # the rights came

    def unsubscribed(self, codes: Iterable[str]) -> None:
        for code in codes:
            self.since.pop(code, None)

    def unsubscribe_failed(self, codes: Iterable[str], now: float) -> None:
        """OpenD kept them (its own minute is not over): try again REFUSED_WAIT_S on."""
        for code in codes:
            if code in self.since:
                self.since[code] = now + REFUSED_WAIT_S - self.min_subscribed_s

    def hold_off(self, now: float) -> None:
        """OpenD refused a subscription (its quota): no new one for REFUSED_WAIT_S."""
        self._hold_until = now + REFUSED_WAIT_S

    def refused_rights(self, market: str, message: str, now: float) -> None:
        self.no_rights[market] = (now + self.rights_retry_s, message)

    def restart(self, now: float) -> None:
        """A new connection holds nothing: every code wanted is subscribed again now."""
        self.since.clear()
        self._changed_at = self._hold_until = -math.inf

    # --- what to do ------------------------------------------------------------------------

    def covered(self, now: float) -> list[str]:
        """The wanted codes that fit: in order, those of markets with rights, as many as
        the quota allows (codes still held count against it whether wanted or not)."""
        allowed = [c for c in self.wanted if not self._refused(c, now)]
        if self.units is None:
            return []
        held_unwanted = len([c for c in self.since if c not in set(allowed)])
        room = max(0, self.units // UNITS_PER_CODE - held_unwanted)
        return allowed[:room]

    def uncovered(self, now: float) -> list[str]:
        """Wanted codes of markets with rights that the quota leaves out."""
        covered = set(self.covered(now))
        return [c for c in self.wanted if c not in covered and not self._refused(c, now)]

    def refused_codes(self, now: float) -> list[str]:
        return [c for c in self.wanted if self._refused(c, now)]

    def step(self, now: float) -> Step:
        settled_at = self._changed_at + self.settle_s
        if now < settled_at:
            return Step(at=settled_at)
        covered = set(self.covered(now))
        subscribe = [] if now < self._hold_until else \
            [c for c in self.covered(now) if c not in self.since]
        unsubscribe, later = [], math.inf
        for code, since in self.since.items():
            if code in covered:
                continue
            free_at = since + self.min_subscribed_s
            if free_at <= now:
                unsubscribe.append(code)
            else:
                later = min(later, free_at)
        retry = min((until for until, _ in self.no_rights.values()), default=math.inf)
        if now < self._hold_until:
            later = min(later, self._hold_until)
        return Step(subscribe, unsubscribe, min(later, retry if retry > now else math.inf))

    def _refused(self, code: str, now: float) -> bool:
        entry = self.no_rights.get(code.split(".", 1)[0])
        return entry is not None and entry[0] > now
