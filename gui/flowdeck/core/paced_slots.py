"""One paced sequence of request slots, shared by a quota's refreshes and its leases
(core/quota.py). Pure: the caller passes the time in.

Why one sequence: the refreshes and a lease used to keep a pace each ("my last request
plus my spacing") and met only in the method's sliding window. At the quota's full rate
that window has no room to spare, so whenever a lease request had just gone, the window
pushed the next refresh later, every refresh after it was paced from the late one, and
the lease did not go any earlier to make up for it: the lost time added up. On a virtual
clock 20 codes came round every 28.2 s instead of 27.7 with a lease of 1 slot in 5
(x1.275 the 22.1 s of a round without it, where the issue allows x1.25).

Here slot k is `spacing` after slot k-1, whoever takes it, and the slots are dealt out
by stride: each open lease earns 1/share of a slot per slot and gets the slot once it
has earned a whole one (most credit first, then the lease opened first); every other
slot is the refreshes'. A new lease has all but the last share of a slot already, so
its first slot is the next one. A slot its owner lets pass is lost, never handed to
another owner: the refreshes get exactly 1 - sum(1/share) of the slots and each lease
1/share, so the refreshes' pace is (share - 1)/share of the policy's, never slower.

A slot taken up to half a spacing late (the loop woke late) keeps the slots after it on
their times, so the wake-up delays do not add up as they did; one taken later than that
(nobody wanted it, the window was full) starts the sequence again from the time it was
taken: no catching up in a burst. A lease's slot is its own only until `grace` after its
time: a lease that comes later (its last request took long) waits for its next slot.
Otherwise its late request would cost the refreshes: at the quota's full rate the
window holds every request of the last 31 s, so a request sent d late holds back the
one 28 slots after it by d, whoever's it is.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from fractions import Fraction

REFRESHES = None        # the owner of every slot no lease has earned


class PacedSlots:
    """Slots `spacing` seconds apart: `next_at(owner, now)` is when the owner's next slot
    comes, `take(now, owner)` takes it (and lets the others' slots before it pass),
    `push(now)` notes a request sent outside the slots (the next slot is a spacing
    later). Leases are any hashable owners, `open`ed with their share."""

    def __init__(self, spacing: float, grace: float | None = None) -> None:
        self.spacing = float(spacing)
        self.grace = self.spacing / 10 if grace is None else float(grace)
        self._next = -math.inf                    # when the next slot comes
        self._shares: dict[Hashable, int] = {}
        self._credit: dict[Hashable, Fraction] = {}

    # --- leases -----------------------------------------------------------------------------

    def open(self, owner: Hashable, share: int) -> None:
        """From the next slot on, 1 slot in `share` is `owner`'s."""
        if owner is REFRESHES or owner in self._shares:
            raise ValueError(f"{owner!r} already has slots")
        if share < 1:
            raise ValueError(f"a share is 1 slot in 1 or more, got {share}")
        self._shares[owner] = int(share)
        self._credit[owner] = 1 - Fraction(1, share)

    def close(self, owner: Hashable) -> None:
        """The owner's slots are the refreshes' again (closing twice is harmless)."""
        self._shares.pop(owner, None)
        self._credit.pop(owner, None)

    @property
    def lent(self) -> float:
        """The part of the slots the leases hold."""
        return float(sum((Fraction(1, s) for s in self._shares.values()), Fraction(0)))

    # --- slots ------------------------------------------------------------------------------

    def next_at(self, owner: Hashable = REFRESHES, now: float = -math.inf) -> float:
        """When `owner`'s next slot comes. The refreshes' may be in the past (a slot not
        taken yet); a lease's is no more than `grace` before `now`."""
        return self._next + self._ahead(owner, dict(self._credit), now) * self.spacing

    def take(self, now: float, owner: Hashable = REFRESHES) -> None:
        """`owner` takes its next slot at `now`; the others' slots before it pass."""
        slot = self._next + self._ahead(owner, self._credit, now) * self.spacing
        if 0.0 <= now - slot <= self.spacing / 2:
            self._next = slot + self.spacing
        else:  # early (the caller did not wait for it) or long after: start again
            self._next = now + self.spacing

    def push(self, now: float) -> None:
        """A request went out at `now` outside the slots (a code without data, sent as
        fast as the window allows): the next slot is no sooner than a spacing later."""
        self._next = max(self._next, now + self.spacing)

    def _ahead(self, owner: Hashable, credit: dict[Hashable, Fraction], now: float) -> int:
        """Deals slots out from the next one (updating `credit`) until one is `owner`'s
        (for a lease, one not gone by `now`): how many slots come before it."""
        if owner is not REFRESHES and owner not in credit:
            raise ValueError(f"{owner!r} has no slots")
        missed = 0
        if owner is not REFRESHES and math.isfinite(now) and math.isfinite(self._next):
            missed = max(0, math.ceil((now - self.grace - self._next) / self.spacing))
        # A lease is dealt a slot within `share` slots and the refreshes within one
        # more than the leases open: the bound is only a guard against a bad share.
        for k in range(missed + 1 + len(credit) + sum(self._shares.values())):
            for o in credit:
                credit[o] += Fraction(1, self._shares[o])
            best = max(credit, key=credit.__getitem__, default=REFRESHES)
            dealt = best if best is not REFRESHES and credit[best] >= 1 else REFRESHES
            if dealt is not REFRESHES:
                credit[dealt] -= 1
            if dealt is owner and (owner is REFRESHES or k >= missed):
                return k
        raise ValueError(f"no slot for {owner!r}: the leases hold every slot")
