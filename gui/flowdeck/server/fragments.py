"""JSON text of the wire shapes (core/wire.py), assembled from per-code fragments.

A record's JSON is encoded once per update and then joined into every HTTP answer and
every WebSocket message that carries it, instead of being re-encoded per request and per
subscriber. The text is what `json.dumps(wire.encode_batch(batch))` and
`json.dumps(success_envelope(...))` would give (tests/server/test_fragments.py checks it):
the shapes are wire.py's, only the encoding is shared.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from ..core.batch import MarketStatus
from ..core.envelope import SUCCESS, error_item
from ..core.errors import RET_OK
from ..core.records import CapitalFlowDetail, CapitalFlowRecord
from ..core.stock_info import Quote
from ..core.wire import encode_detail_item, encode_quote

_dumps = json.JSONEncoder(ensure_ascii=True, separators=(", ", ": ")).encode


def dumps(obj: object) -> str:
    """The gateway's one JSON encoder (json.dumps defaults: the same text everywhere)."""
    return _dumps(obj)


def record_json(record: CapitalFlowRecord) -> str:
    return _dumps(record.to_dict())


def detail_json(detail: CapitalFlowDetail) -> str:
    return _dumps(detail.to_dict())


def quote_json(quote: Quote) -> str:
    """A quote's stream item (wire.encode_quote): null for an unknown price, never NaN."""
    return _dumps(encode_quote(quote))


@dataclass(slots=True, eq=False)
class PointChunk:
    """One code's minute points (minutes ascending, one point a minute), with its JSON
    encoded lazily once however many subscribers send it."""
    minutes: np.ndarray  # int32 (k,)
    values: np.ndarray   # float64 (k, 6)
    _json: str | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.minutes)

    def json(self) -> str:
        if self._json is None:
            # tolist() of the float64 array, as wire.encode_points does, so the numbers
            # print the same: each one's shortest repr, the engine's sum exactly.
            self._json = _dumps({"minutes": self.minutes.tolist(),
                                 "values": self.values.tolist()})
        return self._json

    @classmethod
    def empty(cls) -> PointChunk:
        return cls(np.zeros(0, np.int32), np.zeros((0, 6), np.float64))

    def since(self, minute: int) -> PointChunk:
        """The points at `minute` and later."""
        if not len(self) or self.minutes[0] >= minute:
            return self
        keep = self.minutes >= minute
        return PointChunk(self.minutes[keep], self.values[keep])

    def merged(self, newer: PointChunk) -> PointChunk:
        """Both chunks' points, one per minute, the newer chunk's value winning."""
        if not len(self):
            return newer
        if not len(newer):
            return self
        if newer.minutes[0] > self.minutes[-1]:
            return PointChunk(np.concatenate([self.minutes, newer.minutes]),
                              np.concatenate([self.values, newer.values]))
        minutes = np.concatenate([newer.minutes, self.minutes])
        values = np.concatenate([newer.values, self.values])
        # np.unique keeps the first occurrence: the newer chunk comes first.
        _, first = np.unique(minutes, return_index=True)
        return PointChunk(minutes[first], values[first])


def detail_item_json(detail: CapitalFlowDetail, chunk: PointChunk) -> str:
    return _dumps(encode_detail_item(detail, chunk.minutes, chunk.values))


def markets_json(markets: Mapping[str, MarketStatus]) -> str:
    return _dumps({m: {"state": s.state.value, "local_time": s.local_time}
                   for m, s in markets.items()})


def errors_json(errors: Mapping[str, tuple[int, str]]) -> str:
    return _dumps([error_item(c, e) for c, e in errors.items()])


def envelope_body(list_key: str, items: Iterable[str],
                  errors: Mapping[str, tuple[int, str]] | None = None,
                  source: str = "") -> bytes:
    """success_envelope's JSON from item fragments, as bytes for an HTTP body."""
    parts = ['{"ret_code": ', str(RET_OK), ', "ret_msg": ', _dumps(SUCCESS), ', "data": {',
             _dumps(list_key), ": [", ", ".join(items), "]"]
    if errors:
        parts += [', "errors": ', errors_json(errors)]
    if source:
        parts += [', "source": ', _dumps(source)]
    parts.append("}}")
    return "".join(parts).encode()


def batch_message(snapshot: bool, records: Iterable[str], details: Iterable[str],
                  points: Iterable[tuple[str, PointChunk]],
                  errors: Mapping[str, tuple[int, str]],
                  markets: Mapping[str, MarketStatus], quotes: Iterable[str] = ()) -> str:
    """A /v1/stream batch message (wire.encode_batch's shape) from fragments."""
    return "".join([
        '{"type": "batch", "snapshot": ', "true" if snapshot else "false",
        ', "records": [', ", ".join(records),
        '], "quotes": [', ", ".join(quotes),
        '], "details": [', ", ".join(details),
        '], "points": {', ", ".join(f"{_dumps(c)}: {p.json()}" for c, p in points),
        '}, "errors": ', errors_json(errors),
        ', "markets": ', markets_json(markets), "}",
    ])


def error_message(ret_code: int, ret_msg: str) -> str:
    """A /v1/stream error message: the socket stays open."""
    return _dumps({"type": "error", "ret_code": int(ret_code), "ret_msg": ret_msg})
