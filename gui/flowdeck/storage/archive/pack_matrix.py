"""The day matrix's arrays from month packs (day_packs.py): every record of every pack
put in its place with a few numpy passes, no Python per record (the window loads a
year of its codes at open: ~150,000 records for 500 codes).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .day_packs import PACK_DTYPE, days_of, nets_of


def pack_arrays(rows: Sequence[int], months: Sequence[int], blobs: Sequence[bytes],
                keys: np.ndarray, n_codes: int) -> tuple[np.ndarray, np.ndarray]:
    """(net (n_codes, days, 4), turnover (n_codes, days)) of the packs: blob i belongs
    to matrix row rows[i] and month months[i]; `keys` are the columns' days (yyyymmdd,
    ascending). A code-day without a record is NaN; records of other days are left out."""
    n_days = len(keys)
    # One spare cell at the end takes the records of no column (then cut off).
    net = np.full((n_codes * n_days + 1, 4), np.nan)
    turnover = np.full(n_codes * n_days + 1, np.nan)
    if blobs and n_days:
        recs = np.frombuffer(b"".join(blobs), PACK_DTYPE)
        per_blob = np.fromiter(map(len, blobs), np.intp, len(blobs)) // PACK_DTYPE.itemsize
        # Column of a record's yyyymmdd through a table over the range of days (a gather;
        # searchsorted over the records cost several times more). An empty slot is its
        # month's "day 0": no column.
        first = int(keys[0])
        column = np.full(int(keys[-1]) - first + 3, -1, np.intp)
        column[keys - first + 1] = np.arange(n_days)
        offset = np.repeat(np.asarray(months, np.int64) * 100 - first + 1, per_blob)
        offset += days_of(recs)
        col = column[np.clip(offset, 0, len(column) - 1)]
        cell = np.repeat(np.asarray(rows, np.intp) * n_days, per_blob) + col
        cell[col < 0] = n_codes * n_days
        # A tier's net is inflow - outflow (day_packs.py); each cell's 4 nets moved as
        # one 32-byte item, several times faster than a (n, 4) fancy assignment.
        net.view("V32")[cell, 0] = nets_of(recs).view("V32")[:, 0]
        turnover[cell] = recs["turnover"]
    return (net[:-1].reshape(n_codes, n_days, 4), turnover[:-1].reshape(n_codes, n_days))
