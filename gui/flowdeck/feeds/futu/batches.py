"""What FutuFeed keeps per code (the last refresh's data, the last error), and the
batches it hands out from them (futu/feed.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...core.coalesce import concat_points
from ...core.errors import ErrorCode
from ...core.records import CapitalFlowDetail, CapitalFlowRecord
from ..base import Batch, MinutePoints
from .records import changed_points, market_states


@dataclass(slots=True)
class Kept:
    seq: int
    record: CapitalFlowRecord
    detail: CapitalFlowDetail
    points: MinutePoints      # the whole day so far
    day: str                  # its trading day, `YYYY-MM-DD` (from update_time)


@dataclass(slots=True)
class KeptError:
    seq: int
    message: str


def batch_of(codes: Sequence[str], data: Mapping[str, Kept],
             errors: Mapping[str, KeptError], snapshot: bool, with_errors: bool) -> Batch:
    """Records, details and the whole day's points of `codes` (their errors too when
    `with_errors`, for codes without data)."""
    batch = Batch(snapshot=snapshot)
    parts = []
    for code in codes:
        kept = data.get(code)
        if kept is not None:
            batch.records[code] = kept.record
            batch.details[code] = kept.detail
            parts.append(kept.points)
        elif with_errors and code in errors:
            batch.errors[code] = (int(ErrorCode.GET_CAPITAL_FLOW_FAILED),
                                  errors[code].message)
    batch.points = concat_points(parts)
    batch.markets = market_states(codes)
    return batch


def update_batch(codes: Sequence[str], data: Mapping[str, Kept],
                 sent: Mapping[str, Kept]) -> Batch:
    """Records and details of `codes`, and the minute points that are new or changed
    since what this consumer was last given (all of them for a code it has none of)."""
    batch = Batch()
    parts = []
    for code in codes:
        kept = data[code]
        batch.records[code] = kept.record
        batch.details[code] = kept.detail
        before = sent.get(code)
        parts.append(kept.points if before is None else
                     changed_points(before.points, kept.points))
    batch.points = concat_points(parts)
    batch.markets = market_states(codes)
    return batch


def error_batch(codes: Sequence[str], errors: Mapping[str, KeptError]) -> Batch:
    found = {c: (int(ErrorCode.GET_CAPITAL_FLOW_FAILED), errors[c].message)
             for c in codes if c in errors}
    return Batch(errors=found, markets=market_states(codes))
