"""What the `eastmoney://` feed keeps per code, and the batches it hands out from it.

A code's row holds its last record, price and whole day of minute points, each kept
when a request fails (the window marks the row stale by its age, PolledFeed), and the
per-code error East Money's answer gave it (no data today, a changed field). Every
change bumps the row's `seq`; an updates() iterator hands out what changed since the
seq it saw, the minute points as the difference to what it sent (East Money sends the
whole day every time; the consumer gets the last minute or two).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ...core.batch import Batch, MarketStatus, MinutePoints
from ...core.codes import Market
from ...core.markets import local_now, market_state
from ...core.records import CapitalFlowRecord
from ...core.stock_info import Quote

COVERED = (Market.SH, Market.SZ)


@dataclass(slots=True)
class Row:
    seq: int = 0
    record: CapitalFlowRecord | None = None
    quote: Quote | None = None
    quote_seq: int = 0
    points: MinutePoints = field(default_factory=MinutePoints.empty)
    day: str = ""
    error: tuple[int, str] | None = None
    quoted_at: float | None = None     # clock time of the last answer with its fields
    minutes_at: float | None = None    # ... with its minutes


def covered(code: str) -> bool:
    return code.split(".", 1)[0] in COVERED


def not_covered(code: str) -> tuple[int, str]:
    return 1016, (f"{code}: East Money's source covers Shanghai and Shenzhen stocks; "
                  "HK and US need futu://")


def changed_points(old: MinutePoints, new: MinutePoints) -> MinutePoints:
    """The points of `new` (one code's day) that `old` lacks or holds other values at."""
    if not len(old):
        return new
    at = np.minimum(np.searchsorted(old.minutes, new.minutes), len(old) - 1)
    same = (old.minutes[at] == new.minutes) & (old.values[at] == new.values).all(axis=1)
    keep = np.flatnonzero(~same)
    return MinutePoints([new.codes[i] for i in keep.tolist()], new.minutes[keep],
                        new.values[keep])


def joined(parts: Sequence[MinutePoints]) -> MinutePoints:
    """One code's points after another's (each part one code, in code order)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return MinutePoints.empty()
    return MinutePoints([c for p in parts for c in p.codes],
                        np.concatenate([p.minutes for p in parts]),
                        np.concatenate([p.values for p in parts]))


def market_states(codes: Sequence[str], now: dt.datetime | None = None
                  ) -> dict[str, MarketStatus]:
    """SH's and SZ's states at `now` (aware; default: now) for those among `codes`."""
    out = {}
    for market in COVERED:
        if any(c.startswith(market.value + ".") for c in codes):
            local = local_now(market, now)
            out[market.value] = MarketStatus(market_state(market, local),
                                             local.strftime("%Y-%m-%d %H:%M:%S"))
    return out


def whole_batch(codes: Sequence[str], rows: Mapping[str, Row], snapshot: bool,
                now: dt.datetime | None = None) -> Batch:
    """Every kept thing of `codes`: records, prices, whole days, errors."""
    batch = Batch(snapshot=snapshot, markets=market_states(codes, now))
    for code in codes:
        row = rows.get(code)
        if row is None:
            continue
        if row.record is not None:
            batch.records[code] = row.record
        if row.error is not None:
            batch.errors[code] = row.error
        if row.quote is not None:
            batch.quotes[code] = row.quote
    batch.points = joined([rows[c].points for c in sorted(codes) if c in rows])
    return batch


def changes_batch(codes: Sequence[str], rows: Mapping[str, Row],
                  sent: dict[str, Row], now: dt.datetime | None = None) -> Batch:
    """What changed in `codes`' rows since `sent` (a copy of each as last handed out);
    `sent` is brought up to date. A record East Money answered again goes out again
    even unchanged (a quiet stock): the table judges a row stale by its last record."""
    batch = Batch(markets=market_states(codes, now))
    parts = []
    for code in sorted(codes):
        row, before = rows[code], sent.get(code)
        if row.record is not None and (before is None or before.record != row.record or
                                       before.quoted_at != row.quoted_at):
            batch.records[code] = row.record
        if row.error is not None and (before is None or before.error != row.error):
            batch.errors[code] = row.error
        if row.quote is not None and (before is None or before.quote_seq != row.quote_seq):
            batch.quotes[code] = row.quote
        old = before.points if before is not None and before.day == row.day \
            else MinutePoints.empty()
        parts.append(changed_points(old, row.points))
        sent[code] = Row(row.seq, row.record, row.quote, row.quote_seq, row.points,
                         row.day, row.error, row.quoted_at)
    batch.points = joined(parts)
    return batch
