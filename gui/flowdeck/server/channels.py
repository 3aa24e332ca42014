"""Update messages of /v1/stream, built once per code set and shared.

Subscribers of the same codes are one Channel. Built per subscriber, 100 subscribers of
the same 2,000 codes cost 100 merges and 100 encodes of every batch (the issue 17
finding: the loop busy ~1 s a batch); here a batch is merged once per channel, and a
message is encoded once and its bytes sent to every member that needs it.

Members do not all take their messages at once (a slow reader takes the next one when
its socket has taken the last). Each batch put in is an epoch; a member has been sent
everything up to the epoch it is at, and the members at one epoch share an accumulator
of the changes since (pending.Pending: the latest record, detail, error and minute
points per code, so memory stays bounded however far a member lags). A member that
takes its messages gets the accumulator of its epoch, encoded once for all the members
at that epoch taking at the same time. At most MAX_ACCUMULATORS are kept: beyond that,
the members of the newest one but one join the one before it, which holds every change
theirs holds (and some they already had: sending a code's latest state again is
harmless, the client keeps the latest). Work per batch: O(codes x accumulators),
whatever the number of members.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from ..core.batch import MarketStatus
from .pending import Pending
from .snapshots import Message, encoded
from .state import CodeChange


class Member(Protocol):
    """A subscriber as its channel sees it (subscription.Subscription): declared here so the
    two modules do not import each other."""

    pending: Pending

    def wake(self) -> None: ...

MAX_ACCUMULATORS = 4


class Channel:
    def __init__(self, codes: frozenset[str]) -> None:
        self.codes = codes
        self.markets = {c.partition(".")[0] for c in codes}
        self.epoch = 0
        self._at: dict[Member, int] = {}              # member -> its epoch
        self._members_at: dict[int, set[Member]] = {}  # epoch -> members
        self._since: dict[int, Pending] = {}                 # epoch -> changes after it
        self._built: dict[int, tuple[int, list[Message]]] = {}  # epoch -> (as of, msgs)
        self.builds = 0        # update messages encoded (what sharing saves shows here)
        self.max_points = 0    # high-water mark of the points held for members

    def __len__(self) -> int:
        return len(self._at)

    def join(self, sub: Member) -> None:
        """`sub` gets the changes from now on."""
        self._move(sub, self.epoch)

    def leave(self, sub: Member, keep: set[str] | None = None) -> None:
        """Take `sub` out; what it was not sent yet of the codes in `keep` goes to its
        own pending state (sent before the messages of its next channel)."""
        if sub not in self._at:
            return
        if keep is not None and self.codes <= keep:
            # Moving to a superset (a subscribe): its messages, shared, go as they are.
            sub.pending.ready += self.take(sub)
        at = self._at.pop(sub)
        self._members_at[at].discard(sub)
        acc = self._since.get(at)
        if acc is not None and keep:
            acc.copy_into(sub.pending, keep)
        self._forget(at)

    def put(self, changes: Mapping[str, CodeChange],
            markets: Mapping[str, MarketStatus]) -> None:
        """One batch's changes of this channel's codes (a new epoch); wakes the
        members."""
        if not changes and not markets:
            return
        if self._members_at.get(self.epoch):
            self._since.setdefault(self.epoch, Pending())
        if len(self._since) > MAX_ACCUMULATORS:
            self._merge_newest_but_one()
        for acc in self._since.values():
            for code, ch in changes.items():
                acc.put(code, ch)
            if markets:
                acc.put_markets(dict(markets))
            self.max_points = max(self.max_points, acc.max_points)
        self.epoch += 1
        self._built.clear()
        for sub in self._at:
            sub.wake()

    def take(self, sub: Member) -> list[Message]:
        """The messages `sub` has not been sent yet (shared with the members at its
        epoch), and `sub` is at the current epoch from now on."""
        at = self._at.get(sub)
        if at is None or at == self.epoch:
            return []
        built = self._built.get(at)
        if built is None or built[0] != self.epoch:
            acc = self._since.get(at)
            messages = [encoded(m) for m in acc.messages()] if acc else []
            self.builds += len(messages)
            built = self._built[at] = (self.epoch, messages)
        self._move(sub, self.epoch)
        return built[1]

    def _move(self, sub: Member, epoch: int) -> None:
        old = self._at.get(sub)
        self._at[sub] = epoch
        self._members_at.setdefault(epoch, set()).add(sub)
        if old is not None and old != epoch:
            self._members_at[old].discard(sub)
            self._forget(old)

    def _forget(self, epoch: int) -> None:
        if not self._members_at.get(epoch):
            self._members_at.pop(epoch, None)
            self._since.pop(epoch, None)
            self._built.pop(epoch, None)

    def _merge_newest_but_one(self) -> None:
        epochs = sorted(self._since)
        gone, into = epochs[-2], epochs[-3]
        for sub in self._members_at.pop(gone, set()):
            self._at[sub] = into
            self._members_at[into].add(sub)
        self._since.pop(gone)
        self._built.pop(gone, None)
