"""The latest of everything the feed said about each followed code: record, detail,
quote, per-code error, the day's minute series, market states, the day's big trades (a
bounded TradeTape: /v1/trades, the stream's `trades` option); with each record's,
detail's and quote's JSON encoded once per update (fragments.py). No asyncio: the hub
drives it.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Collection, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..core.batch import Batch, MarketStatus, MinutePoints
from ..core.big_trades import BigTrades
from ..core.history import IntradayHistory
from ..core.markets import market_of
from ..core.records import CapitalFlowDetail, CapitalFlowRecord
from ..core.stock_info import Quote
from ..core.trade_tape import TradeTape
from .fragments import PointChunk, detail_item_json, detail_json, quote_json, record_json

# A whole day's series of one code is ~40 KB of JSON: keep the ones recently asked for,
# not one per followed code.
_CACHE_SIZE = 512
# Its points (~10 KB) are what every stream snapshot of a code set reads: kept for each
# followed code up to this many (~40 MB), so that subscribers of 2,000 codes do not work
# the days out again at every snapshot build.
_DAY_CACHE_MAX = 4096
# Codes taken in per step of apply_steps: ~5-10 ms (20-90 ms seen with 200 codes on a
# busy machine, an HTTP request waiting all that time).
STEP_CODES = 100
# New codes taken in per step of add_steps (each with its whole day): ~1-3 ms, 5-20 ms
# on a loaded machine (50 a step held a request up to ~70 ms during admission).
NEW_STEP_CODES = 20
# Minute points written to the history per step of apply_steps. The first batch of an
# update iterator restarted with a new union repeats the day so far (the sim: ~130,000
# points for 2,000 codes), which written at once held the loop ~35 ms.
POINTS_PER_STEP = 20_000


@dataclass(slots=True, eq=False)
class CodeState:
    code: str
    record: CapitalFlowRecord | None = None
    record_json: str = ""
    detail: CapitalFlowDetail | None = None
    detail_json: str = ""
    error: tuple[int, str] | None = None
    quote: Quote | None = None
    quote_json: str = ""


@dataclass(slots=True, eq=False)
class CodeChange:
    """What one batch changed for one code, as a subscriber's pending state takes it.
    `snapshot`: `points` is the code's whole day (a new day, or a first snapshot)."""
    record: str | None = None    # record JSON
    detail: str | None = None    # detail JSON
    points: PointChunk | None = None
    error: tuple[int, str] | None = None
    snapshot: bool = False
    quote: str | None = None     # quote JSON (the stream's "quotes" item)


@dataclass(slots=True, eq=False)
class Delta:
    changes: dict[str, CodeChange] = field(default_factory=dict)
    markets: dict[str, MarketStatus] = field(default_factory=dict)
    trades: BigTrades = field(default_factory=BigTrades.empty)  # new to the tape

    def change(self, code: str) -> CodeChange:
        ch = self.changes.get(code)
        if ch is None:
            ch = self.changes[code] = CodeChange()
        return ch


class _Lru(OrderedDict):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def put(self, key: object, value: object) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


class FlowState:
    """Per followed code, the latest state. Codes not added are ignored in batches."""

    def __init__(self, tape: TradeTape | None = None) -> None:
        self.codes: dict[str, CodeState] = {}
        self.tape = tape if tape is not None else TradeTape()
        # float64: the API's series are the engine's numbers (main = super + large
        # summed when read, as the record sums them; twice a window's float32).
        self.history = IntradayHistory(np.float64)
        self.markets: dict[str, MarketStatus] = {}
        self._day_cache = _Lru(_CACHE_SIZE)    # code -> (version, PointChunk)
        self._item_cache = _Lru(_CACHE_SIZE)   # code -> (version, detail, item JSON)

    def __len__(self) -> int:
        return len(self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def add(self, codes: Iterable[str]) -> None:
        for code in codes:
            if code not in self.codes:
                self.codes[code] = CodeState(code)
                self.history.add(code, market_of(code))

    def remove(self, codes: Iterable[str]) -> None:
        codes = list(codes)
        self.tape.clear(codes)
        for code in codes:
            if self.codes.pop(code, None) is not None:
                self.history.remove(code)
                self._day_cache.pop(code, None)
                self._item_cache.pop(code, None)

    def add_steps(self, codes: Sequence[str], batch: Batch,
                  size: int = NEW_STEP_CODES) -> Generator[tuple[list[str], Delta], None, None]:
        """Start following `codes` with `batch`, their first snapshot, `size` codes a
        step: each step adds its codes with their records, details, whole day and
        errors at once (a code is never followed without them) and yields them with
        what changed. 500 new codes taken in one go held the loop ~0.1 s."""
        codes = [c for c in dict.fromkeys(codes) if c not in self.codes]
        runs = point_runs(batch.points.codes)
        points = batch.points
        for start in range(0, len(codes), size):
            step = codes[start:start + size]
            idx = [np.arange(a, b) for c in step for a, b in runs.get(c, ())]
            at = np.concatenate(idx) if idx else np.zeros(0, np.intp)
            part = Batch(
                records={c: batch.records[c] for c in step if c in batch.records},
                details={c: batch.details[c] for c in step if c in batch.details},
                points=MinutePoints([points.codes[i] for i in at.tolist()],
                                    np.asarray(points.minutes)[at],
                                    np.asarray(points.values)[at]),
                errors={c: batch.errors[c] for c in step if c in batch.errors},
                quotes={c: batch.quotes[c] for c in step if c in batch.quotes},
                markets=batch.markets if start == 0 else {}, snapshot=True,
                trades=_trades_of(batch.trades, step))
            self.add(step)
            yield step, self.apply(part)

    def apply(self, batch: Batch) -> Delta:
        """Take a batch in; what changed, per code, for the subscribers."""
        steps = self.apply_steps(batch)
        while True:
            try:
                next(steps)
            except StopIteration as done:
                return done.value

    def apply_steps(self, batch: Batch) -> Generator[None, None, Delta]:
        """apply() in steps of about STEP_CODES codes (each `yield`): 2,000 codes take
        ~0.1-0.2 s, mostly encoding records, which the caller's other work should not
        wait for. At every step each code's state is whole; codes removed meanwhile
        are skipped."""
        known = self.codes
        delta = Delta()
        if batch.snapshot:
            # Each code's whole day follows: a new day, or a first snapshot.
            for code in batch.records:
                if code in known:
                    self.history.clear(code)
                    ch = delta.change(code)
                    ch.snapshot, ch.points = True, PointChunk.empty()
            self.tape.clear([c for c in batch.records if c in known])
        if len(batch.trades):
            delta.trades = self.tape.add(_trades_of(batch.trades, known))
        for i, (code, rec) in enumerate(batch.records.items(), 1):
            st = known.get(code)
            if st is not None:
                st.record, st.record_json, st.error = rec, record_json(rec), None
                delta.change(code).record = st.record_json
            if i % STEP_CODES == 0:
                yield
        for i, (code, det) in enumerate(batch.details.items(), 1):
            st = known.get(code)
            if st is not None:
                st.detail, st.detail_json = det, detail_json(det)
                delta.change(code).detail = st.detail_json
            if i % STEP_CODES == 0:
                yield
        for i, (code, quote) in enumerate(batch.quotes.items(), 1):
            st = known.get(code)
            if st is not None:
                st.quote, st.quote_json = quote, quote_json(quote)
                delta.change(code).quote = st.quote_json
            if i % STEP_CODES == 0:
                yield
        if len(batch.points):
            chunks = []
            runs: list[tuple[str, int, int]] = []
            for i, run in enumerate(code_runs(batch.points.codes), 1):
                runs.append(run)
                chunks.append((run[0], run_chunk(batch.points, run[1], run[2])))
                if i % STEP_CODES == 0:
                    yield
            chunks = [(c, p) for c, p in chunks if c in known]
            # An update iterator restarted with a new union may repeat minutes already
            # taken (the sim resends all since its oldest snapshot): subscribers get
            # only what is new, from the code's last minute on (it may have moved).
            last = {} if batch.snapshot else \
                {c: self.history.last_minute(c) for c, _ in chunks}
            parts = point_slices(batch.points, runs, POINTS_PER_STEP)
            for i, part in enumerate(parts):
                if i:
                    yield
                self.history.apply(part)
            for i, (code, chunk) in enumerate(chunks, 1):
                if i % STEP_CODES == 0:
                    yield
                if not batch.snapshot:
                    chunk = chunk.since(last[code])
                    if not len(chunk):
                        continue
                ch = delta.change(code)
                ch.points = chunk if ch.points is None else ch.points.merged(chunk)
        for code, err in batch.errors.items():
            st = known.get(code)
            if st is not None:
                st.error = (int(err[0]), str(err[1]))
                delta.change(code).error = st.error
        if batch.markets:
            self.markets.update(batch.markets)
            delta.markets = dict(batch.markets)
        return delta

    def day_chunk(self, code: str) -> PointChunk:
        """The code's day so far, one point a minute from its first point on (the
        history fills quiet minutes with the last value)."""
        version = self.history.version(code)
        hit = self._day_cache.get(code)
        if hit is not None and hit[0] == version:
            return hit[1]
        last = self.history.last_minute(code)
        if last < 0:
            chunk = PointChunk.empty()
        else:
            series = self.history.series(code)[:, : last + 1]
            minutes = np.flatnonzero(~np.isnan(series[0])).astype(np.int32)
            chunk = PointChunk(minutes, np.ascontiguousarray(series[:, minutes].T))
        self._day_cache.size = min(max(_CACHE_SIZE, len(self.codes)), _DAY_CACHE_MAX)
        self._day_cache.put(code, (version, chunk))
        return chunk

    def detail_item(self, code: str) -> str | None:
        """The /v1/capital_detail item of a code (wire.encode_detail_item), or None
        when the source gave no detail for it."""
        st = self.codes[code]
        if st.detail is None:
            return None
        version = self.history.version(code)
        hit = self._item_cache.get(code)
        if hit is not None and hit[0] == version and hit[1] is st.detail:
            return hit[2]
        text = detail_item_json(st.detail, self.day_chunk(code))
        self._item_cache.put(code, (version, st.detail, text))
        return text

    def markets_of(self, codes: Iterable[str]) -> dict[str, MarketStatus]:
        wanted = {code.partition(".")[0] for code in codes}
        return {m: s for m, s in self.markets.items() if m in wanted}


def _trades_of(trades: BigTrades, codes: Collection[str]) -> BigTrades:
    """The trades of `codes` (the followed ones; a step's)."""
    if not len(trades):
        return trades
    keep = np.fromiter((c in codes for c in trades.codes), bool, len(trades))
    return trades if keep.all() else trades.take(keep)


def point_runs(codes: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
    """Per code, where its points are: [start, end) runs (one when sorted by code)."""
    runs: dict[str, list[tuple[int, int]]] = {}
    start = 0
    for code, group in itertools.groupby(codes):
        end = start + sum(1 for _ in group)
        runs.setdefault(code, []).append((start, end))
        start = end
    return runs


def code_runs(codes: Sequence[str]) -> Iterator[tuple[str, int, int]]:
    """Each run of one code in `codes`: (code, start, end)."""
    start = 0
    for code, group in itertools.groupby(codes):
        end = start + sum(1 for _ in group)
        yield code, start, end
        start = end


def point_slices(points: MinutePoints, runs: Sequence[tuple[str, int, int]],
                 size: int) -> list[MinutePoints]:
    """`points` (whose code_runs are `runs`) in consecutive parts of about `size` points,
    cut between codes, to be written one after the other with the outcome of one write:
    only when each code's points are together (as feeds send them), else one part."""
    if len(points) <= size or len({code for code, _, _ in runs}) != len(runs):
        return [points]
    bounds = [0]
    for _code, _start, end in runs:
        if end - bounds[-1] >= size:
            bounds.append(end)
    if bounds[-1] != len(points):
        bounds.append(len(points))
    minutes, values = np.asarray(points.minutes), np.asarray(points.values)
    return [MinutePoints(points.codes[a:b], minutes[a:b], values[a:b])
            for a, b in itertools.pairwise(bounds)]


def split_points(points: MinutePoints) -> Iterable[tuple[str, PointChunk]]:
    """Per code, its points as a chunk (one point a minute, the last given winning)."""
    for code, start, end in code_runs(points.codes):
        yield code, run_chunk(points, start, end)


def run_chunk(points: MinutePoints, start: int, end: int) -> PointChunk:
    """Points [start, end) of one code as a chunk (one a minute, the last given winning)."""
    minutes = np.asarray(points.minutes[start:end], np.int32)
    values = np.asarray(points.values[start:end], np.float64)
    if end - start > 1 and not (np.diff(minutes) > 0).all():
        # np.unique keeps first occurrences: reversed, those are the last given.
        _, first = np.unique(minutes[::-1], return_index=True)
        minutes, values = minutes[::-1][first], values[::-1][first]
    return PointChunk(minutes, values)
