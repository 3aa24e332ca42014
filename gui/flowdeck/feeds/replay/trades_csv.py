"""Reading a replay file: CSV trade prints, streamed in chunks and checked line by line
in numpy, never loaded whole.

Format (README "Replay"): one trade a line, `code,time,price,quantity,bid,ask`; an
optional header line with exactly those names; `bid`/`ask` may be empty (no quote: the
engine's tick rule). `time` is exchange-local (replay/time_column.py). No quoting, UTF-8 or
ASCII, `\\n` or `\\r\\n` line ends, blank lines ignored. Lines must be sorted by time
overall (ties keep file order; markets compare by their local clocks as written): a line
earlier than one before it is a bad line, as is any line that does not parse. A bad
line is counted and skipped, never fatal; the first REPORTED are kept with their line
number and reason.

The reader runs twice over a file (see replay/market.py): once to learn its codes and
span, once to replay. Both passes see the same lines in the same way, so the second can
take the first's code numbering.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ...core.codes import Market, normalise_code
from ...core.errors import FlowDeckError
from ...core.markets import format_local_seconds
from .time_column import NS, parse_times
from .time_column import WIDTH as TIME_WIDTH

COLUMNS = ("code", "time", "price", "quantity", "bid", "ask")
HEADER = ",".join(COLUMNS)
# About 5,000 lines: a few MB of temporaries (the split fields are Python bytes, ~40
# bytes each), and no slower than larger reads (it stays in the CPU caches).
CHUNK_BYTES = 1 << 18
MAX_LINE = 1 << 16      # a "line" longer than this is skipped without being held whole
REPORTED = 20
#: Spellings of codes remembered (as written -> number): a file of millions of distinct
#: bad codes must not grow memory (3 M of them took 854 MB). Past this the memory is
#: emptied and codes are checked again (~2 us each).
MAX_CACHED_CODES = 1 << 16

# Checks after the column count, in the order a line's reason is chosen.
_CODE, _TIME, _PRICE, _QUANTITY, _BID, _ASK, _ORDER = range(1, 8)


@dataclass(slots=True)
class TradeChunk:
    """Valid trades in file order: `symbols` are the reader's code numbers; `ns` are
    exchange-local nanoseconds (core.markets' local-seconds scale x 1e9)."""
    symbols: np.ndarray   # int32
    ns: np.ndarray        # int64, non-decreasing
    price: np.ndarray     # float64
    quantity: np.ndarray  # float64
    bid: np.ndarray       # float64, NaN: none
    ask: np.ndarray       # float64, NaN: none

    def __len__(self) -> int:
        return len(self.ns)

    def slice(self, lo: int, hi: int) -> TradeChunk:
        return TradeChunk(self.symbols[lo:hi], self.ns[lo:hi], self.price[lo:hi],
                          self.quantity[lo:hi], self.bid[lo:hi], self.ask[lo:hi])


@dataclass(slots=True)
class BadLines:
    """How many lines were skipped, and the first few with their reasons."""
    keep: int = REPORTED
    total: int = 0
    first: list[tuple[int, str]] = field(default_factory=list)

    @property
    def room(self) -> int:
        return max(0, self.keep - len(self.first))

    def add(self, line: int, reason: str) -> None:
        self.total += 1
        if len(self.first) < self.keep:
            self.first.append((line, reason))

    def summary(self, name: str) -> str:
        """`3 bad lines in day.csv, skipped: line 4: ...; line 9: ...` ('' when none)."""
        if not self.total:
            return ""
        shown = "; ".join(f"line {n}: {why}" for n, why in self.first)
        more = f"; and {self.total - len(self.first)} more" if self.total > len(self.first) else ""
        plural = "s" if self.total != 1 else ""
        return f"{self.total} bad line{plural} in {name}, skipped: {shown}{more}"


class TradeReader:
    """Iterates over a file's valid trades, a TradeChunk per CHUNK_BYTES read.

    `codes` (normalised code -> number) is shared with the caller: the first pass fills
    it; a later pass passes it in with `frozen=True` and gets the same numbers (a code it
    has not seen, in a file changed in between, is then a bad line)."""

    def __init__(self, path: str | Path, codes: dict[str, int] | None = None,
                 frozen: bool = False, chunk_bytes: int = CHUNK_BYTES) -> None:
        self.path = Path(path)
        self.codes: dict[str, int] = {} if codes is None else codes
        self.frozen = frozen
        self.chunk_bytes = int(chunk_bytes)
        self.bad = BadLines()
        self.rows = 0              # valid trades so far
        self.lines = 0             # lines read so far (the header and blank ones too)
        self.last_ns: int | None = None
        self._raw_codes: dict[bytes, int] = {}  # as written -> number, -1 when bad

    def __iter__(self) -> Generator[TradeChunk, None, None]:
        with self.path.open("rb") as f:
            yield from self._chunks(f)

    def _chunks(self, f) -> Iterator[TradeChunk]:
        carry = b""
        skipping = False  # inside a line longer than MAX_LINE: drop until its end
        first = True
        while True:
            data = f.read(self.chunk_bytes)
            if not data:
                break
            if skipping:
                end = data.find(b"\n")
                if end < 0:
                    continue
                data, skipping = data[end + 1:], False
            data = carry + data
            cut = data.rfind(b"\n")
            if cut < 0:
                carry = data
                if len(carry) > MAX_LINE:
                    self.lines += 1
                    self.bad.add(self.lines, f"line longer than {MAX_LINE} bytes")
                    carry, skipping, first = b"", True, False
                continue
            block, carry = data[: cut + 1], data[cut + 1:]
            if first:
                block, first = self._header(block), False
            chunk = self.parse(block)
            if len(chunk):
                yield chunk
        if carry and not skipping:  # a last line without a line end
            chunk = self.parse(self._header(carry + b"\n") if first else carry + b"\n")
            if len(chunk):
                yield chunk

    def _header(self, block: bytes) -> bytes:
        """The block without a byte-order mark and without the header line, if any."""
        block = block.removeprefix(b"\xef\xbb\xbf")
        end = block.find(b"\n")
        line = block[:end].strip().lower().replace(b" ", b"")
        if line == HEADER.encode():
            self.lines += 1
            return block[end + 1:]
        if line.startswith(b"code,"):  # a header, but not ours: say so once
            self.lines += 1
            self.bad.add(self.lines, f"unexpected header {block[:end].strip()[:80]!r}; "
                                     f"expected {HEADER}")
            return block[end + 1:]
        return block

    # --- one block of whole lines --------------------------------------------------

    def parse(self, block: bytes) -> TradeChunk:
        """The valid trades of `block` (whole lines, each ending with a line feed).

        Lines are split by one bytes.split of the whole block (the fastest split there
        is: about 150 ns a line), the columns converted a list at a time."""
        if b"\r" in block:  # \r\n line ends (a copy only then)
            block = block.replace(b"\r", b"")
        buf = np.frombuffer(block, np.uint8)
        ends = np.flatnonzero(buf == ord("\n"))
        n = len(ends)
        first_line = self.lines + 1
        self.lines += n
        starts = np.empty(n, np.int64)
        starts[:1] = 0
        starts[1:] = ends[:-1] + 1
        commas = np.flatnonzero(buf == ord(","))
        count = np.searchsorted(commas, ends) - np.searchsorted(commas, starts)
        good = count == len(COLUMNS) - 1
        broken = np.flatnonzero(~good & (ends > starts))  # blank lines are not bad
        early = [(first_line + i, f"expected {len(COLUMNS)} columns, got {int(count[i]) + 1}")
                 for i in broken[: self.bad.room].tolist()]
        if len(broken) or not good.all():
            lines = block.split(b"\n")
            block = b"".join(lines[i] + b"\n" for i in np.flatnonzero(good).tolist())
        fields = block.replace(b"\n", b",").split(b",")
        fields.pop()  # after the last line's end
        chunk, late, late_total = self._columns(fields, first_line + np.flatnonzero(good))
        self.bad.total += len(broken) + late_total
        self.bad.first.extend(sorted(early + late)[: self.bad.room])
        return chunk

    def _columns(self, fields: list[bytes], line_no: np.ndarray
                 ) -> tuple[TradeChunk, list[tuple[int, str]], int]:
        """Check and convert the fields of well-shaped lines (6 a line): the valid
        trades, the (line, reason) of the first bad ones, and how many were bad."""
        width = len(COLUMNS)
        symbols = self._symbols(fields[0::width])
        ns, time_ok = _times(fields[1::width])
        price, price_ok = _numbers(fields[2::width])
        quantity, quantity_ok = _numbers(fields[3::width])
        bid, bid_ok = _numbers(fields[4::width], empty_is_nan=True)
        ask, ask_ok = _numbers(fields[5::width], empty_is_nan=True)
        with np.errstate(invalid="ignore", over="ignore"):
            checks = [  # NaN fails `> 0`; for bid/ask it means "no quote" and passes
                (_CODE, symbols >= 0),
                (_TIME, time_ok),
                (_PRICE, price_ok & np.isfinite(price) & (price > 0)),
                # ... and a finite value, which the engine insists on.
                (_QUANTITY, quantity_ok & (quantity > 0) & np.isfinite(price * quantity)),
                (_BID, bid_ok & ~(bid < 0) & ~np.isinf(bid)),
                (_ASK, ask_ok & ~(ask < 0) & ~np.isinf(ask)),
            ]
        fail = np.zeros(len(line_no), np.int8)
        for check, ok in reversed(checks):  # the first failing check names the line
            fail[~ok] = check
        # Order: each valid line against the latest valid time before it, in this chunk
        # or an earlier one. An out-of-order line is below that maximum, so dropping it
        # does not change the maximum the lines after it are held to.
        valid = np.flatnonzero(fail == 0)
        prior = np.empty(0, np.int64)
        if len(valid):
            t = ns[valid]
            prior = np.empty_like(t)
            prior[0] = t[0] if self.last_ns is None else self.last_ns
            np.maximum.accumulate(t[:-1], out=prior[1:])
            np.maximum(prior, prior[0], out=prior)
            fail[valid[t < prior]] = _ORDER
            self.last_ns = int(max(prior[-1], t[-1]))
        bad_rows = np.flatnonzero(fail)
        reasons = []
        for r in bad_rows[: self.bad.room].tolist():
            latest = int(prior[np.searchsorted(valid, r)]) if fail[r] == _ORDER else 0
            row = fields[width * r: width * (r + 1)]
            reasons.append((int(line_no[r]), self._reason(int(fail[r]), row, latest)))
        keep = np.flatnonzero(fail == 0)
        self.rows += len(keep)
        chunk = TradeChunk(symbols[keep], ns[keep], price[keep], quantity[keep],
                           bid[keep], ask[keep])
        return chunk, reasons, len(bad_rows)

    def _symbols(self, codes: list[bytes]) -> np.ndarray:
        """Each code's number (int32), -1 for a bad code. Codes repeat: each distinct
        spelling is checked once per file, then it is a dict lookup (~30 ns)."""
        known = self._raw_codes
        new = set(codes).difference(known)  # usually empty after the first chunk
        if len(known) + len(new) > MAX_CACHED_CODES:  # bounded: see MAX_CACHED_CODES
            known.clear()
            new = set(codes)
        in_order = [c for c in dict.fromkeys(codes) if c in new] if new else []
        for raw in in_order:  # numbered in order of appearance
            got = self._code_id(raw)
            known[raw] = -1 if isinstance(got, str) else got
        return np.fromiter(map(known.__getitem__, codes), np.int32, len(codes))

    def _code_id(self, raw: bytes) -> int | str:
        """The number of a code as written, or why it is bad."""
        text = raw.decode("utf-8", "replace").strip()
        head, dot, _ = text.partition(".")
        if dot and head.upper() not in Market.__members__:
            return f"unknown market {head!r} in code {_short(text)!r}"
        try:
            code = normalise_code(text)
        except FlowDeckError as exc:
            return exc.message if len(text) <= 40 else f"invalid stock code {_short(text)!r}"
        if code not in self.codes:
            if self.frozen:
                return f"code {code} was not in the file when it was opened"
            self.codes[code] = len(self.codes)
        return self.codes[code]

    def _reason(self, check: int, row: list[bytes], latest_ns: int) -> str:
        """Why a line failed `check` (the first check it failed)."""
        value = [_short(v.decode("utf-8", "replace")) for v in row]
        if check == _CODE:
            why = self._code_id(row[0])  # only for the few lines reported: not kept
            return why if isinstance(why, str) else f"bad code {value[0]!r}"
        if check == _TIME:
            return (f"time {value[1]!r} is not exchange-local "
                    "YYYY-MM-DD HH:MM:SS[.fraction]")
        column = check - 1  # the checks follow the columns
        if check == _QUANTITY and _positive(row[3]):
            return f"price x quantity ({value[2]} x {value[3]}) is too large"
        if check in (_PRICE, _QUANTITY):
            return f"{COLUMNS[column]} {value[column]!r} is not a number > 0"
        if check in (_BID, _ASK):
            return f"{COLUMNS[column]} {value[column]!r} is not empty or a number >= 0"
        return (f"time {value[1]} is before {format_ns(latest_ns)} of an earlier line "
                "(the file must be sorted by time)")


def _positive(text: bytes) -> bool:
    try:
        return 0 < float(text) < float("inf")
    except ValueError:
        return False


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _times(texts: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Times -> (int64 ns, ok). A sorted file repeats a time on many consecutive lines
    (every trade of a busy second): each run is parsed once."""
    # One byte wider than a valid time: a longer one keeps a byte there and fails.
    text = np.array(texts, dtype=f"S{TIME_WIDTH + 1}")
    if len(text) < 2:
        return parse_times(text)
    new = np.empty(len(text), bool)
    new[0] = True
    np.not_equal(text[1:], text[:-1], out=new[1:])
    ns, ok = parse_times(text[new])
    run = np.cumsum(new) - 1
    return ns[run], ok[run]


def format_ns(ns: int) -> str:
    """Nanoseconds on the local-seconds scale as `YYYY-MM-DD HH:MM:SS[.fraction]`."""
    seconds, frac = divmod(int(ns), NS)
    text = format_local_seconds(seconds)
    return f"{text}.{frac:09d}".rstrip("0") if frac else text


def _numbers(texts: list[bytes], empty_is_nan: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Fields -> (float64, ok), with Python's float syntax (numpy converts bytes with
    it: a number written with repr() comes back bit for bit)."""
    if empty_is_nan:
        texts = [t or b"nan" for t in texts]
    try:
        return np.array(texts, np.float64), np.ones(len(texts), bool)
    except ValueError:
        pass
    # Some field is not a number: find which, one by one (only in such chunks).
    values = np.empty(len(texts), np.float64)
    ok = np.ones(len(texts), bool)
    for i, text in enumerate(texts):
        try:
            values[i] = float(text)
        except ValueError:
            values[i], ok[i] = np.nan, False
    return values, ok
