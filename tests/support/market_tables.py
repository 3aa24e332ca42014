"""Whole-market tables for the ranking and sector tests and the market bench: valid codes
of the four markets, random numbers with ties and unknowns, written the way a source
writes them (a Batch through FlowTable.apply)."""

from __future__ import annotations

import string
from collections.abc import Mapping

import numpy as np

from flowdeck.core.batch import Batch, RecordColumns
from flowdeck.core.flow_table import FlowTable
from flowdeck.core.records import NUMERIC_KEYS


def market_codes(market: str, count: int, start: int = 0) -> list[str]:
    """`count` distinct valid codes of `market` (US: letter tickers)."""
    out = []
    for i in range(start, start + count):
        if market == "HK":
            out.append(f"HK.{i:05d}")
        elif market == "US":
            letters, k = "", i
            while True:
                letters = string.ascii_uppercase[k % 26] + letters
                k = k // 26 - 1
                if k < 0:
                    break
            out.append(f"US.{letters}")
        elif market == "SH":
            out.append(f"SH.{600000 + i:06d}")
        else:
            out.append(f"SZ.{i:06d}")
    return out


def random_values(rng: np.random.Generator, n: int, nan_share: float = 0.1,
                  levels: int = 0) -> np.ndarray:
    """(n, 12) numbers: nets in the millions, ratios in [-1, 1]; `levels` > 0 draws each
    from that many values only (many ties); `nan_share` of the cells unknown."""
    if levels:
        values = rng.integers(-levels // 2, levels // 2 + 1, (n, len(NUMERIC_KEYS))) * 1.0
        values[:, 1::2] /= levels
    else:
        values = rng.normal(0.0, 1e7, (n, len(NUMERIC_KEYS)))
        values[:, 1::2] = np.clip(rng.normal(0.0, 0.2, (n, 6)), -1, 1)
    values[rng.random(values.shape) < nan_share] = np.nan
    return values


def table_with(counts: Mapping[str, int], rng: np.random.Generator, *,
               nan_share: float = 0.1, levels: int = 0, day: str = "2026-03-20",
               shuffle: bool = True) -> FlowTable:
    """A table of `counts[market]` codes per market (rows shuffled across markets) whose
    numbers arrived in one batch stamped `day`."""
    codes = [c for m, k in counts.items() for c in market_codes(m, k)]
    if shuffle:
        codes = [codes[i] for i in rng.permutation(len(codes))]
    table = FlowTable()
    table.set_codes(codes)
    table.apply(batch_of(codes, random_values(rng, len(codes), nan_share, levels), day),
                wall=0.0)
    return table


def batch_of(codes: list[str], values: np.ndarray, day: str = "2026-03-20") -> Batch:
    """A batch carrying `values` for `codes` in columns, as the simulator sends them."""
    return Batch(columns=RecordColumns(list(codes), values, [f"{day} 10:30:00"] * len(codes)))
