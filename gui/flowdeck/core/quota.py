"""Keeping a per-method request quota (Futu OpenD's), and choosing which code to
refresh next. Pure: the caller passes the time in, so tests run minutes in microseconds.

OpenD allows each capital-flow method 30 requests in any 30 s, as a sliding window (the
1st and the 31st request must be more than 30 s apart), and does not throttle for us:
a request over the quota fails. One refresh of a code is one request of each method, so
both windows fill in step.

Policy (numbers are QuotaPolicy's defaults):

- **Safety margin.** At most 28 requests in any 31 s per method: 2 requests and 1 s kept
  back for clock skew, network jitter and the odd manual request on the same account.
- **Pacing.** Refreshes are spaced 31/28 = 1.107 s apart, so the window never fills in
  one burst and then stalls for 30 s (a burst-and-wait rhythm would make a code's turn
  come every 2 or 3 windows, not every round). Codes that have no data yet (new in the
  watchlist, or asked for by a snapshot) skip the pacing and go out as fast as the
  window allows: a new watchlist of up to 28 codes fills at once.
- **Round robin.** Otherwise the code whose last attempt is oldest goes next, so every
  code gets the same share; a failed attempt counts as a turn (a code that keeps failing
  cannot starve the others) and, after OpenD refused it, the code waits 30, 60 ... 300 s
  before its next try.
- **Priority codes** (the selected row, rows with alert rules) go first among codes
  without data, and get extra refreshes, each at most every 10 s, as long as an extra
  does not push any other code beyond `max_age` (75 s). When even a plain round takes
  longer than that (more than about 67 codes), one pick in 10 may still be a priority
  extra; everybody else's round gets about 11 % longer.

With n codes and the quota used, a round takes n x 1.107 s: 20 codes 22 s, 60 codes
66 s, 200 codes 221 s (see tests/core/test_quota.py for measured ages).

- **Lending slots.** Requests of a method made outside the refreshes (the backfill's
  daily capital flows) go through a `QuotaLease` from `RefreshScheduler.lend(method,
  share)`: the paced refreshes and the leases take their turns in one sequence of
  slots (core/paced_slots.py), 1 slot in `share` the lease's, so while it is open the
  refreshes get exactly (share - 1)/share of the paced rate (share 5: a round takes
  5/4 as long, no longer). The lease's requests are recorded in the method's sliding
  window too, so the lease and the refreshes together never pass OpenD's quota,
  whoever asks first.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .paced_slots import REFRESHES, PacedSlots


@dataclass(frozen=True, slots=True)
class QuotaPolicy:
    limit: int = 30                  # OpenD: requests per window, per method
    window: float = 30.0             # OpenD: the sliding window, seconds
    reserve: int = 2                 # requests per window never used (safety margin)
    slack: float = 1.0               # seconds added to the window (safety margin)
    max_age: float = 75.0            # priority extras never push a code beyond this
    priority_interval: float = 10.0  # a priority code's extras: at most this often
    overload_share: int = 10         # over capacity, 1 pick in this many may be an extra
    retry_first: float = 30.0        # after OpenD refused a code: first wait, seconds
    retry_cap: float = 300.0         # ... doubling up to this

    @property
    def used_limit(self) -> int:
        """Requests per method we allow ourselves in `used_window`."""
        return max(1, self.limit - self.reserve)

    @property
    def used_window(self) -> float:
        return self.window + self.slack

    @property
    def spacing(self) -> float:
        """Seconds between paced refreshes: the sustained rate the margin allows."""
        return self.used_window / self.used_limit

    def round_seconds(self, codes: int) -> float:
        """How long a round of `codes` refreshes takes at the paced rate."""
        return codes * self.spacing


class SlidingWindow:
    """At most `limit` events in any `window` seconds: the next event may happen when the
    `limit`-th most recent one is `window` seconds old."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._times: deque[float] = deque(maxlen=limit)

    def next_free(self, now: float) -> float:
        """The earliest time >= now at which one more event keeps the limit."""
        if len(self._times) < self.limit:
            return now
        return max(now, self._times[0] + self.window)

    def record(self, at: float) -> None:
        self._times.append(at)

    def count(self, now: float) -> int:
        """Events in the last `window` seconds."""
        return sum(1 for t in self._times if t > now - self.window)


def max_in_window(times: Iterable[float], window: float) -> int:
    """The most events that any `window`-second interval holds, counting events exactly
    `window` apart as inside (OpenD wants the 1st and the 31st *more* than 30 s apart)."""
    ordered = sorted(times)
    best = start = 0
    for end, t in enumerate(ordered):
        while t - ordered[start] > window:
            start += 1
        best = max(best, end - start + 1)
    return best


@dataclass(slots=True)
class _Code:
    order: int                       # position in the watchlist (ties go in this order)
    tried_at: float = -math.inf      # last attempt started
    fresh_at: float | None = None    # last successful refresh ended
    in_flight: bool = False
    failures: int = 0                # refused by OpenD in a row
    not_before: float = -math.inf    # backing off after failures
    pending: bool = True             # wants a refresh as soon as the window allows


@dataclass(slots=True)
class Pick:
    code: str
    at: float          # earliest start time that keeps quota and pacing
    paced: bool        # False: a code without data, sent as fast as the window allows
    extra: bool        # a priority extra (not its round-robin turn)


@dataclass
class RefreshScheduler:
    """Which code to refresh next and when. Call `due(now)`; when `pick.at <= now`,
    `start(code, now)` (this records one request per method), then `finish(...)`."""

    methods: Sequence[str] = ("capital_flow", "capital_distribution")
    policy: QuotaPolicy = field(default_factory=QuotaPolicy)

    def __post_init__(self) -> None:
        p = self.policy
        self.windows = {m: SlidingWindow(p.used_limit, p.used_window) for m in self.methods}
        self._codes: dict[str, _Code] = {}   # every code ever watched (keeps ages)
        self._watched: list[str] = []
        self._priority: list[str] = []
        self._pending_order: dict[str, None] = {}
        self.slots = PacedSlots(p.spacing)       # the paced refreshes' and the leases'
        self._since_extra = 0

    # --- what to refresh ------------------------------------------------------------------

    def watch(self, codes: Sequence[str]) -> None:
        """Refresh these codes from now on (in this order on ties); others stop."""
        self._watched = list(dict.fromkeys(codes))
        for i, code in enumerate(self._watched):
            state = self._codes.get(code)
            if state is None:
                self._codes[code] = _Code(order=i)
                self._pending_order[code] = None
            else:
                state.order = i

    @property
    def watched(self) -> list[str]:
        return list(self._watched)

    def set_priority(self, codes: Iterable[str]) -> None:
        """The codes to favour (selected row, alert rows); replaces the previous ones."""
        self._priority = list(dict.fromkeys(codes))

    @property
    def priority(self) -> list[str]:
        return list(self._priority)

    def request(self, codes: Iterable[str]) -> None:
        """Refresh these as soon as the window allows (a snapshot needs them)."""
        for code in codes:
            state = self._codes.get(code)
            if state is not None:
                state.pending = True
                state.not_before = -math.inf
                self._pending_order[code] = None

    # --- slots lent to requests outside the refreshes ------------------------------------

    def lend(self, method: str, share: int = 5) -> QuotaLease:
        """A lease of 1 slot in `share` of `method`'s paced rate, until `close()`."""
        if method not in self.windows:
            raise ValueError(f"no quota window for {method!r}: one of {list(self.windows)}")
        if share < 2 or self.slots.lent + 1 / share > 0.5:
            raise ValueError(f"cannot lend 1 slot in {share}: the refreshes keep at "
                             f"least half of the quota")
        lease = QuotaLease(self, method, share)
        self.slots.open(lease, lease.share)
        return lease

    @property
    def spacing(self) -> float:
        """Seconds between paced refreshes on average now: the policy's, longer while
        slots are lent (share 5: 5/4 as long)."""
        return self.policy.spacing / (1 - self.slots.lent)

    def round_seconds(self, codes: int) -> float:
        """How long a round of `codes` refreshes takes at the current paced rate."""
        return codes * self.spacing

    # --- the decision ----------------------------------------------------------------------

    def window_free(self, now: float) -> float:
        return max(w.next_free(now) for w in self.windows.values())

    def due(self, now: float) -> Pick | None:
        """The next code to refresh and the earliest time it may start; None when every
        watched code is in flight or backing off (ask again after `finish` or at
        `next_retry(now)`)."""
        watched = [c for c in self._watched
                   if not self._codes[c].in_flight and self._codes[c].not_before <= now]
        if not watched:
            return None
        free = self.window_free(now)
        pending = self._pending(watched)
        if pending is not None:
            return Pick(pending, free, paced=False, extra=False)
        at = max(free, self.slots.next_at(REFRESHES))
        turn = min(watched, key=lambda c: (self._codes[c].tried_at, self._codes[c].order))
        extra = self._extra(watched, turn, at)
        if extra is not None:
            return Pick(extra, at, paced=True, extra=True)
        return Pick(turn, at, paced=True, extra=False)

    def _pending(self, watched: list[str]) -> str | None:
        live = set(watched)
        for code in self._priority:
            if code in live and self._codes[code].pending:
                return code
        for code in self._pending_order:
            if code in live and self._codes[code].pending:
                return code
        return None

    def _extra(self, watched: list[str], turn: str, at: float) -> str | None:
        p = self.policy
        live = set(watched)
        due = [c for c in self._priority if c in live and c != turn
               and at - self._codes[c].tried_at >= p.priority_interval]
        if not due:
            return None
        extra = min(due, key=lambda c: self._codes[c].tried_at)
        overloaded = self.round_seconds(len(self._watched)) > p.max_age
        if overloaded:
            return extra if self._since_extra >= p.overload_share - 1 else None
        return extra if self._extra_fits(extra, at) else None

    def _extra_fits(self, extra: str, at: float) -> bool:
        """Would every other code still be refreshed within max_age if one extra went
        first? The k-th oldest (by last attempt) is served k + 1 paced slots from now
        without the extra, k + 2 with it."""
        p = self.policy
        tried = sorted(self._codes[c].tried_at for c in self._watched
                       if c != extra and not self._codes[c].in_flight)
        return all(at + (k + 2) * self.spacing - t <= p.max_age for k, t in enumerate(tried))

    def next_retry(self, now: float) -> float | None:
        """When the first code backing off after `now` may be tried again (None: none
        is backing off)."""
        times = [self._codes[c].not_before for c in self._watched
                 if not self._codes[c].in_flight and self._codes[c].not_before > now]
        return min(times, default=None)

    # --- bookkeeping -----------------------------------------------------------------------

    def start(self, pick: Pick | str, now: float) -> None:
        """A refresh of the code starts at `now`: one request per method is counted. A
        paced pick takes the refreshes' slot; a code without data (or a bare code) goes
        outside the slots and only pushes the next one a spacing later."""
        code = pick.code if isinstance(pick, Pick) else pick
        extra = pick.extra if isinstance(pick, Pick) else False
        if isinstance(pick, Pick) and pick.paced:
            self.slots.take(now, REFRESHES)
        else:
            self.slots.push(now)
        state = self._codes[code]
        state.in_flight = True
        state.tried_at = now
        state.pending = False
        self._pending_order.pop(code, None)
        for window in self.windows.values():
            window.record(now)
        self._since_extra = 0 if extra else self._since_extra + 1

    def finish(self, code: str, now: float, ok: bool, refused: bool = False) -> None:
        """The refresh ended. `refused`: OpenD answered with an error for this code (it
        backs off); a timeout or a lost connection is not held against the code."""
        state = self._codes[code]
        state.in_flight = False
        if ok:
            state.fresh_at = now
            state.failures = 0
            state.not_before = -math.inf
        elif refused:
            p = self.policy
            state.failures += 1
            state.not_before = now + min(p.retry_cap, p.retry_first * 2 ** (state.failures - 1))

    def requeue(self, code: str) -> None:
        """The refresh never went out (no connection): its turn comes again first."""
        state = self._codes[code]
        state.in_flight = False
        state.pending = True
        self._pending_order[code] = None

    # --- freshness -------------------------------------------------------------------------

    def age(self, code: str, now: float) -> float | None:
        """Seconds since `code` was last refreshed; None when it never was."""
        state = self._codes.get(code)
        if state is None or state.fresh_at is None:
            return None
        return max(0.0, now - state.fresh_at)

    def ages(self, now: float) -> dict[str, float | None]:
        """`age` of every watched code."""
        return {c: self.age(c, now) for c in self._watched}

    def in_flight(self) -> list[str]:
        return [c for c, s in self._codes.items() if s.in_flight]


class QuotaLease:
    """1 slot in `share` of a RefreshScheduler's paced slots, for requests of one method
    (see the module's doc): ask `next_at(now)`; when it is <= now, `take(now)` and send
    the request at once (no await in between: the refreshes' pump checks the same
    window). A slot not taken within `grace` of its time is lost, not lent again: the
    refreshes keep their pace (core/paced_slots.py). `close()` gives the slots back."""

    def __init__(self, scheduler: RefreshScheduler, method: str, share: int) -> None:
        self.method = method
        self.share = int(share)
        self.spacing = scheduler.policy.spacing * self.share   # on average
        self.taken = 0
        self._slots = scheduler.slots
        self._window = scheduler.windows[method]

    def next_at(self, now: float) -> float:
        """The earliest time >= now the lease may send its next request."""
        return max(self._window.next_free(now), self._slots.next_at(self, now))

    def take(self, now: float) -> None:
        """One request goes out now: the lease's slot, counted in the method's window.
        Take it with the `now` that `next_at` said yes to."""
        self._slots.take(now, self)
        self._window.record(now)
        self.taken += 1

    def close(self) -> None:
        self._slots.close(self)

    def __enter__(self) -> QuotaLease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
