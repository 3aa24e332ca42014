"""Which request the `eastmoney://` feed sends next, inside its one budget: plain
arithmetic over the rows' ages (no asyncio, no network), so that it is tested and
benched on virtual time.

- Fields (`ulist.np/get`, BATCH codes a request): every watched code once a round. A
  round comes every QUOTE_PERIOD seconds, or less often with many codes: fields take at
  most half the budget (500 codes = 5 requests a round: one round every 10 s at the
  default 1 request a second), so minute series still get the other half. Codes no
  answer has named yet (new rows, a snapshot waiting) go at once, before anything else.
- Minutes (`fflow/kline/get`, one request a code): the priority codes' (the selected
  row, rows with alert rules) when older than PRIORITY_MINUTES, then everyone else's,
  oldest first, when older than MINUTES_PERIOD: a series changes once a minute.
- Outside trading hours every period grows to CLOSED_PERIOD: the numbers do not move.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .rows import Row

BATCH = 100               # codes a ulist request names (URL length, like East Money's pages)
QUOTE_PERIOD = 3.0        # seconds between rounds of fields, at the least
PRIORITY_MINUTES = 30.0   # a priority code's minute series, at most this old
MINUTES_PERIOD = 60.0     # anyone else's
CLOSED_PERIOD = 600.0
QUOTE_SHARE = 0.5         # of the budget, at most, for rounds of fields


@dataclass(frozen=True, slots=True)
class Job:
    kind: str                 # "quotes" | "minutes"
    codes: tuple[str, ...]
    urgent: bool = False


def batches(codes: Sequence[str]) -> list[tuple[str, ...]]:
    return [tuple(codes[i:i + BATCH]) for i in range(0, len(codes), BATCH)]


def quote_period(n_codes: int, interval: float, trading: bool = True) -> float:
    """Seconds between two rounds of fields for `n_codes` at one request per `interval`."""
    if not trading:
        return CLOSED_PERIOD
    requests = len(batches(range(n_codes)))    # type: ignore[arg-type]
    return max(QUOTE_PERIOD, requests * interval / QUOTE_SHARE)


class Plan:
    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.round_at: float | None = None    # when the last round of fields began
        self.round: list[tuple[str, ...]] = []  # the batches of the round under way

    def next(self, now: float, watched: Sequence[str], priority: Sequence[str],
             rows: Mapping[str, Row], trading: bool = True) -> Job | float | None:
        """The job to send now, else when to ask again (clock time), None: nothing."""
        held = set(watched)
        priority = [c for c in priority if c in held and c in rows]  # shown rows only
        first = priority + [c for c in watched if c not in priority]
        unnamed = [c for c in first if rows[c].quoted_at is None and rows[c].error is None]
        if unnamed:
            return Job("quotes", tuple(unnamed[:BATCH]), urgent=True)
        if not first:
            return None
        period = quote_period(len(first), self.interval, trading)
        if not self.round and (self.round_at is None or now >= self.round_at + period):
            self.round, self.round_at = batches(first), now
        if self.round:
            return Job("quotes", self.round.pop(0))
        wake = self.round_at + period
        for codes, limit in ((priority, PRIORITY_MINUTES), (watched, MINUTES_PERIOD)):
            limit = limit if trading else CLOSED_PERIOD
            oldest = sorted((c for c in codes if c in rows and rows[c].record is not None),
                            key=lambda c: rows[c].minutes_at or -1e18)
            for code in oldest:
                at = rows[code].minutes_at
                if at is None or now >= at + limit:
                    return Job("minutes", (code,))
                wake = min(wake, at + limit)
                break
        return wake
