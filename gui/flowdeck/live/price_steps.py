"""Prices a minute in 2 bytes each: the encoding of MinutePrices (minute_prices.py).

A row's prices are int16 steps of 2**exponent off the row's first price (`base`):
a day's prices stay near where they opened, so a small step holds them. The exponent
is the smallest whose 32,767 steps reach the row's farthest price from its base; a
price farther out coarsens the row (its counts rounded again to the new step). A price
read back is within 1.5 steps of the one written, a step under 2/32,767 of the day's
range from the first price: a price moving 20 % off 100.00 is read within 0.002,
under the 0.01 the chart's label shows. -32,768 is "no price". The live minute (each
row's last) is kept as float32 in `tail` and read as it was written.
"""

from __future__ import annotations

import numpy as np

from ..core.history_store import row_peaks

NA = -32768
_TOP = 32767
_MIN_EXPONENT = -24     # a step of 2**-24 before a row's prices move
_MAX_EXPONENT = 127
_MAX_SHIFT = 24


class PriceSteps:
    """Per row: `base` (NaN until the first price), `exponent` / `inverse` (2**-e) and
    `tail`; the counts themselves live in the owner's (rows, minutes) int16 array."""

    def __init__(self, rows: int = 0) -> None:
        self.base = np.full(rows, np.nan)
        self.exponent = np.full(rows, _MIN_EXPONENT, np.int8)
        self.inverse = np.full(rows, 2.0**-_MIN_EXPONENT)
        self.tail = np.full(rows, np.nan, np.float32)

    @property
    def nbytes(self) -> int:
        return (self.base.nbytes + self.exponent.nbytes + self.inverse.nbytes
                + self.tail.nbytes)

    def taken(self, old_rows: np.ndarray) -> PriceSteps:
        """New rows: row i is old row `old_rows[i]` (-1: empty)."""
        out = PriceSteps(len(old_rows))
        kept = old_rows >= 0
        for name in ("base", "exponent", "inverse", "tail"):
            getattr(out, name)[kept] = getattr(self, name)[old_rows[kept]]
        return out

    def reset(self, rows: np.ndarray) -> None:
        self.base[rows] = np.nan
        self.exponent[rows] = _MIN_EXPONENT
        self.inverse[rows] = 2.0**-_MIN_EXPONENT
        self.tail[rows] = np.nan

    def start(self, rows: np.ndarray, prices: np.ndarray) -> None:
        """Rows without a base take their first price of these as theirs."""
        new = np.isnan(self.base[rows])
        if new.any():
            fresh, first = np.unique(rows[new], return_index=True)
            self.base[fresh] = prices[new][first]

    def encode(self, data: np.ndarray, last: np.ndarray, rows: np.ndarray,
               prices: np.ndarray) -> np.ndarray:
        """`prices` of `rows` as counts; coarsens rows (in `data`) a price is too far
        out for. `last`: each row's last minute written (-1 none)."""
        counts = (prices - self.base[rows]) * self.inverse[rows]
        over = np.abs(counts) > _TOP
        if over.any():
            self._coarsen(data, last, rows[over], np.abs(prices - self.base[rows])[over])
            counts = (prices - self.base[rows]) * self.inverse[rows]
        np.rint(counts, out=counts)
        np.clip(counts, -_TOP, _TOP, out=counts)
        return counts.astype(np.int16)

    def _coarsen(self, data: np.ndarray, last: np.ndarray, rows: np.ndarray,
                 distance: np.ndarray) -> None:
        rows, distance = row_peaks(rows, distance)
        mantissa, power = np.frexp(distance / _TOP)
        need = np.minimum(power - (mantissa == 0.5), _MAX_EXPONENT)
        shift = np.minimum(need - self.exponent[rows], _MAX_SHIFT)[:, None]
        upto = int(last[rows].max()) + 1
        if upto > 0:
            counts = data[rows, :upto].astype(np.int32)
            empty = counts == NA
            counts += np.left_shift(1, shift - 1)     # rounds half up
            np.right_shift(counts, shift, out=counts)
            counts[empty] = NA
            data[rows, :upto] = counts
        self.exponent[rows] = need
        self.inverse[rows] = np.ldexp(1.0, -need)

    def decode(self, row: int, counts: np.ndarray, last: int) -> np.ndarray:
        """Row `row`'s `counts` (its first minutes) as float32 prices, NaN where none;
        minute `last` as written."""
        out = (self.base[row] + np.ldexp(counts.astype(np.float64),
                                         int(self.exponent[row]))).astype(np.float32)
        out[counts == NA] = np.nan
        if 0 <= last < len(out):
            out[last] = self.tail[row]
        return out
