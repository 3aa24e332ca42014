"""One market's rows of IntradayHistory (core/history.py): [rows, 4 tiers, session
minutes], in one of two encodings.

PlainStore keeps the numbers as float32 or float64, NaN where a code has no point yet.

CompactStore is a window's: 2 bytes a number instead of 4, since a window only draws
the series (half of what a 5,000-code list costs: 12 MB instead of 24). Each (row, tier)
is int16 steps of a power of two, 2**exponent, the exponent the smallest that holds the
largest |value| the series has had in 32,767 steps; -32,768 is "no point". A number
read back is within half a step of what was written, and a step is under twice the
series' largest |value| / 32,767; a larger value coarsens the series' step, rounding
its earlier numbers again, so an early number is off by at most 1.5 steps of the final
one: under 1/10,000 of the curve's height (a 300-pixel chart: 0.03 pixel). A power of
two makes a read exact in float32 (an int16 times 2**e) and coarsening a rounded shift.
Each row's last point is also kept as float32 (`tail`) and read back as it was
written: the right end of a chart, and today's bar, say what the table says.

Forward-filling and overwriting points work on the stored int16 the same as on floats
(one row's tier has one step), so core/history.py writes both through `data` once
`encode` has put the batch's values in the store's encoding.
"""

from __future__ import annotations

import numpy as np

N_TIERS = 4
MIN_ROWS = 16
_NA = -32768            # CompactStore's "no point yet"
_TOP = 32767            # the largest step count
_MIN_EXPONENT = -16     # a step of 2**-16 (of a currency unit) before any value
_MAX_EXPONENT = 127     # int8's
_MAX_SHIFT = 24         # coarser by this many powers of two and every count rounds to 0


class PlainStore:
    """float32 or float64 rows, NaN where no point."""

    na: float = np.nan

    def __init__(self, minutes: int, dtype: np.dtype) -> None:
        self.minutes = minutes
        self.data = np.full((0, N_TIERS, minutes), self.na, self._storage(dtype))
        self.last = np.full(0, -1, np.int32)    # last minute written per row
        self.version = np.zeros(0, np.int64)
        self.used = 0                           # rows ever handed out
        self.slot = 0                           # position in IntradayHistory._slots
        self.free: list[int] = []

    @staticmethod
    def _storage(dtype: np.dtype) -> np.dtype:
        return dtype

    @property
    def nbytes(self) -> int:
        return self.data.nbytes + self.last.nbytes + self.version.nbytes

    def take_row(self) -> int:
        if self.free:
            return self.free.pop()
        if self.used == len(self.last):
            self.reserve(max(MIN_ROWS, 2 * len(self.last)))
        self.used += 1
        return self.used - 1

    def reserve(self, cap: int) -> None:
        """Room for `cap` rows (never shrinks)."""
        if cap <= len(self.last):
            return
        data = np.full((cap, N_TIERS, self.minutes), self.na, self.data.dtype)
        data[: self.used] = self.data[: self.used]
        self.data = data
        self.last = np.concatenate([self.last, np.full(cap - self.used, -1, np.int32)])
        self.version = np.concatenate([self.version, np.zeros(cap - self.used, np.int64)])

    def blank(self, row: int | np.ndarray) -> None:
        self.data[row] = self.na
        self.last[row] = -1

    def keep_live(self, rows: np.ndarray, minutes: np.ndarray, values: np.ndarray,
                  single: bool) -> bool:
        """True when the store kept the points (`single`: one a row) without a write
        to `data`; the plain store writes every point."""
        return False

    def note_last(self, rows: np.ndarray, minutes: np.ndarray, values: np.ndarray,
                  single: bool) -> None:
        """Points about to be written; the plain store keeps every point as it is."""

    def encode(self, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
        """(k, 4) values of `rows` in the stored dtype (rows may repeat)."""
        return values.astype(self.data.dtype, copy=False)

    def tiers(self, rows: int | np.ndarray) -> np.ndarray:
        """The stored tiers of a row ((4, minutes)) or of rows ((k, 4, minutes)) as
        numbers; may be a view of the store."""
        return self.data[rows]


class CompactStore(PlainStore):
    """int16 steps of 2**exponent per (row, tier); reads are float32 (module doc)."""

    na = _NA

    def __init__(self, minutes: int, dtype: np.dtype) -> None:
        super().__init__(minutes, dtype)
        self.exponent = np.zeros((0, N_TIERS), np.int8)
        self.inverse = np.zeros((0, N_TIERS))                # 2**-exponent, to encode
        self.tail = np.zeros((0, N_TIERS), np.float32)   # each row's last point, float32

    @staticmethod
    def _storage(dtype: np.dtype) -> np.dtype:
        return np.dtype(np.int16)

    @property
    def nbytes(self) -> int:
        return super().nbytes + self.exponent.nbytes + self.inverse.nbytes + self.tail.nbytes

    def reserve(self, cap: int) -> None:
        if cap <= len(self.last):
            return
        used = self.used
        exponent = np.full((cap, N_TIERS), _MIN_EXPONENT, np.int8)
        inverse = np.full((cap, N_TIERS), 2.0**-_MIN_EXPONENT)
        tail = np.zeros((cap, N_TIERS), np.float32)
        exponent[:used], inverse[:used] = self.exponent[:used], self.inverse[:used]
        tail[:used] = self.tail[:used]
        super().reserve(cap)
        self.exponent, self.inverse, self.tail = exponent, inverse, tail

    def blank(self, row: int | np.ndarray) -> None:
        super().blank(row)
        self.exponent[row] = _MIN_EXPONENT
        self.inverse[row] = 2.0**-_MIN_EXPONENT

    def keep_live(self, rows: np.ndarray, minutes: np.ndarray, values: np.ndarray,
                  single: bool) -> bool:
        if not single:
            return False
        if not (minutes == self.last[rows]).all():
            return False
        # The usual second: each row's point at its live minute, which is read from
        # `tail`; its int16 is written once the row moves on (note_last).
        self.tail[rows] = values
        return True

    def note_last(self, rows: np.ndarray, minutes: np.ndarray, values: np.ndarray,
                  single: bool) -> None:
        # Called before the points are written (`last` is still the row's previous
        # minute). A row moving on to a later minute gets its live minute's int16 (a
        # gap is filled from it); then a point at or after `last` becomes the row's
        # last, a later one of the same row and minute winning, as the write does.
        prev = self.last[rows]
        moved = (minutes > prev) & (prev >= 0)
        if moved.any():
            left = rows[moved] if single else np.unique(rows[moved])
            self.data[left, :, self.last[left]] = self.encode(
                left, self.tail[left].astype(np.float64))
        if not single:
            end = last_points(rows, minutes)
            rows, minutes, values = rows[end], minutes[end], values[end]
            prev = self.last[rows]
        newer = minutes >= prev
        if newer.all():
            self.tail[rows] = values
        else:
            self.tail[rows[newer]] = values[newer]

    def encode(self, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
        counts = values * self.inverse[rows]
        if (np.abs(counts) > _TOP).any():      # NaN is never over
            self._coarsen(rows, values)
            counts = values * self.inverse[rows]
        np.rint(counts, out=counts)
        np.clip(counts, -_TOP, _TOP, out=counts)   # beyond 32,767 * 2**127: inf, say
        gone = np.isnan(counts)
        if gone.any():
            counts[gone] = _NA
        return counts.astype(np.int16)

    def _coarsen(self, rows: np.ndarray, values: np.ndarray) -> None:
        """Raise the exponents of the (row, tier)s some value is too large for, and
        round their stored counts to the new step."""
        rows, peak = row_peaks(rows, np.abs(values))
        # The smallest e with peak <= 32,767 * 2**e (frexp: peak/32,767 = m * 2**p,
        # 0.5 <= m < 1, so 2**p is at least it and 2**(p - 1) is below it).
        at, tier = np.nonzero(peak > _TOP / self.inverse[rows])   # NaN is never over
        mantissa, power = np.frexp(peak[at, tier] / _TOP)
        need = np.minimum(power - (mantissa == 0.5), _MAX_EXPONENT)
        r, t = rows[at], tier
        shift = np.minimum(need - self.exponent[r, t], _MAX_SHIFT)[:, None]
        # Only the minutes written so far hold counts (early in the day, when series
        # coarsen most, a few).
        end = int(self.last[r].max()) + 1
        if end > 0:
            counts = self.data[r, t, :end].astype(np.int32)
            empty = counts == _NA
            counts += np.left_shift(1, shift - 1)     # rounds half up
            np.right_shift(counts, shift, out=counts)
            counts[empty] = _NA
            self.data[r, t, :end] = counts
        self.exponent[r, t] = need
        self.inverse[r, t] = np.ldexp(1.0, -need)

    def tiers(self, rows: int | np.ndarray) -> np.ndarray:
        counts = self.data[rows]
        out = np.ldexp(counts.astype(np.float32), self.exponent[rows][..., None])
        out[counts == _NA] = np.nan
        # The last point as written: the chart's right end reads what the table shows.
        last = self.last[rows]
        if np.ndim(last) == 0:
            if last >= 0:
                out[:, last] = self.tail[rows]
        else:
            has = np.flatnonzero(last >= 0)
            out[has, :, last[has]] = self.tail[np.asarray(rows)[has]]
        return out


def row_peaks(rows: np.ndarray, size: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct `rows` and the largest `size` (k, ...) of each, NaN left out (as
    feeds send points, a row's are together: one pass; else sorted first)."""
    if len(rows) > 1 and not (rows[1:] >= rows[:-1]).all():
        order = np.argsort(rows, kind="stable")
        rows, size = rows[order], size[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    return rows[starts], np.fmax.reduceat(size, starts, axis=0)


def last_points(rows: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """Indices of each row's last point by minute, a later one of the same minute
    winning (in row order)."""
    key = rows.astype(np.int64) << 32 | minutes
    order = None
    if len(key) > 1 and not (key[1:] >= key[:-1]).all():
        order = np.argsort(key, kind="stable")
        rows = rows[order]
    end = np.ones(len(rows), bool)
    end[:-1] = rows[1:] != rows[:-1]
    picked = np.flatnonzero(end)
    return picked if order is None else order[picked]
