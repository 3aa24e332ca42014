"""What a WebSocket subscriber has not been sent yet, merged: a slow consumer costs at
most one record, one quote, one detail, one error and one day of minute points per code
(plus the market states), however many updates it missed. Intermediate updates are dropped; the
latest state is always what goes out next.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from ..core.batch import MarketStatus
from .fragments import PointChunk, batch_message, error_message
from .snapshots import Message
from .state import CodeChange

# A slow reader's merged updates go out in messages of about this size at most (each a
# valid batch on its own). A snapshot is never split: a client takes the first batch
# after its subscribe as the snapshot of all the codes it asked for (feeds/gateway.py),
# so peers need a large message limit (api/ allows 256 MiB; 500 codes x a whole day is
# ~20 MB).
MAX_MESSAGE_CHARS = 1 << 20
_MAX_NOTICES = 64


class Pending:
    def __init__(self) -> None:
        self.records: dict[str, str] = {}
        self.quotes: dict[str, str] = {}
        self.details: dict[str, str] = {}
        self.points: dict[str, PointChunk] = {}
        self.errors: dict[str, tuple[int, str]] = {}
        self.markets: dict[str, MarketStatus] = {}
        self.snapshot_codes: set[str] = set()
        # Snapshot messages built for this subscriber's subscribes (snapshots.py), and
        # how many are still being built: nothing is sent before they are.
        self.snapshots: list[Message] = []
        self.building = 0
        # Update messages of its previous channel, shared with its members (channels.py).
        self.ready: list[Message] = []
        self.notices: deque[str] = deque(maxlen=_MAX_NOTICES)
        self.max_points = 0          # high-water mark of point_count(), for tests
        self._npoints = 0

    def put(self, code: str, ch: CodeChange) -> None:
        if ch.record is not None:
            self.records[code] = ch.record
            self.errors.pop(code, None)
        if ch.quote is not None:
            self.quotes[code] = ch.quote
        if ch.detail is not None:
            self.details[code] = ch.detail
        if ch.snapshot or ch.points is not None:
            old = self.points.get(code)
            if ch.snapshot:
                self.snapshot_codes.add(code)
                new = ch.points if ch.points is not None else PointChunk.empty()
            else:
                new = ch.points if old is None else old.merged(ch.points)
            self.points[code] = new
            self._npoints += len(new) - (len(old) if old is not None else 0)
            self.max_points = max(self.max_points, self._npoints)
        if ch.error is not None:
            # The newest word on a code is its error: its older record must not be sent
            # as if current (the client drops records of codes in `errors` anyway).
            self.errors[code] = ch.error
            self.records.pop(code, None)
            self.details.pop(code, None)
            self.quotes.pop(code, None)

    def put_markets(self, markets: dict[str, MarketStatus]) -> None:
        self.markets.update(markets)

    def notice(self, ret_code: int, ret_msg: str) -> None:
        self.notices.append(error_message(ret_code, ret_msg))

    def forget(self, codes: Iterable[str]) -> None:
        """Drop what is pending for `codes`. Pending state is small and a client may
        leave with thousands of codes: each table is walked on its smaller side."""
        gone = codes if isinstance(codes, (set, frozenset)) else set(codes)
        for table in (self.records, self.quotes, self.details, self.errors, self.points):
            if not table:
                continue
            if len(table) <= len(gone):
                hit = [c for c in table if c in gone]
            else:
                hit = [c for c in gone if c in table]
            for code in hit:
                value = table.pop(code)
                if table is self.points:
                    self._npoints -= len(value)
        if self.snapshot_codes:
            self.snapshot_codes.difference_update(gone)

    def point_count(self) -> int:
        return self._npoints

    def __bool__(self) -> bool:
        return bool(self.records or self.quotes or self.details or self.points
                    or self.errors or self.markets or self.notices or self.snapshots or self.ready)

    def take(self) -> list[str | Message]:
        """Everything pending as messages (error notices first, then the snapshot
        batches, then the update batches), and start empty again."""
        out: list[str | Message] = list(self.notices)
        self.notices.clear()
        out += self.snapshots
        self.snapshots = []
        out += self.ready
        self.ready = []
        out += self.messages()
        self.records, self.details, self.points, self.errors = {}, {}, {}, {}
        self.quotes = {}
        self._npoints = 0
        self.markets = {}
        self.snapshot_codes = set()
        return out

    def messages(self) -> list[str]:
        """The batch messages of the updates pending (snapshot codes first), leaving
        them pending (a channel's accumulator is read by several members)."""
        codes = dict.fromkeys(self._codes())
        snap = [c for c in codes if c in self.snapshot_codes]
        rest = [c for c in codes if c not in self.snapshot_codes]
        markets = self.markets
        out: list[str] = []
        if snap:
            out += self._messages(True, snap, markets)
            markets = {}
        if rest or markets:
            out += self._messages(False, rest, markets)
        return out

    def copy_into(self, other: Pending, codes: set[str]) -> None:
        """Put the updates pending of `codes` (and the market states) into `other`."""
        for code in dict.fromkeys(self._codes()):
            if code in codes:
                other.put(code, CodeChange(
                    record=self.records.get(code), detail=self.details.get(code),
                    points=self.points.get(code), error=self.errors.get(code),
                    snapshot=code in self.snapshot_codes, quote=self.quotes.get(code)))
        if self.markets:
            other.put_markets(dict(self.markets))

    def _codes(self) -> list[str]:
        return [*self.records, *self.quotes, *self.details, *self.points, *self.errors]

    def _messages(self, snapshot: bool, codes: list[str],
                  markets: dict[str, MarketStatus]) -> list[str]:
        out: list[str] = []
        records: list[str] = []
        quotes: list[str] = []
        details: list[str] = []
        points: list[tuple[str, PointChunk]] = []
        errors: dict[str, tuple[int, str]] = {}
        size = 0

        def flush() -> None:
            nonlocal markets, size
            out.append(batch_message(snapshot, records, details, points, errors, markets,
                                     quotes))
            records.clear()
            quotes.clear()
            details.clear()
            points.clear()
            errors.clear()
            markets, size = {}, 0

        for code in codes:
            rec = self.records.get(code)
            quote = self.quotes.get(code)
            det = self.details.get(code)
            pts = self.points.get(code)
            err = self.errors.get(code)
            cost = (len(rec) if rec else 0) + (len(det) if det else 0) + \
                (len(quote) if quote else 0) + \
                (len(pts.json()) if pts is not None else 0) + (100 if err else 0)
            if size and size + cost > MAX_MESSAGE_CHARS and not snapshot:
                flush()
            if rec is not None:
                records.append(rec)
            if quote is not None:
                quotes.append(quote)
            if det is not None:
                details.append(det)
            if pts is not None:
                points.append((code, pts))
            if err is not None:
                errors[code] = err
            size += cost
        if size or markets or not out:
            flush()
        return out
