"""A save's minute series are encoded, decoded and merged all at once (encode_many,
decode_many, merge_many): the same bytes and numbers as one series at a time, whatever
the mix of session lengths, NaNs, missing or other-shaped stored series."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.storage.archive.minute_codec import (
    decode_many,
    decode_minutes,
    encode_many,
    encode_minutes,
)
from flowdeck.storage.archive.minute_merge import merge_many, merge_minutes

LENGTHS = st.sampled_from([0, 1, 3, 331, 390])


@st.composite
def series(draw, length=None) -> np.ndarray:
    m = draw(LENGTHS) if length is None else length
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    a = np.cumsum(rng.normal(0, 1e6, (m, 4)), axis=0)
    a[rng.random(m) < draw(st.floats(0, 1))] = np.nan      # minutes not known
    if m and draw(st.booleans()):
        a[rng.integers(m), rng.integers(4)] = np.nan       # one tier unknown
    return a


def bits(a: np.ndarray) -> bytes:
    return a.shape, a.tobytes()


@given(st.lists(series(), max_size=12))
def test_encoding_many_gives_each_ones_bytes_and_decodes_bit_for_bit(days) -> None:
    blobs = encode_many(days)
    assert blobs == [encode_minutes(d) for d in days]
    back = decode_many(blobs)
    assert [bits(b) for b in back] == [bits(d) for d in days]
    assert [bits(b) for b in back] == [bits(decode_minutes(x)) for x in blobs]
    assert all(b.flags.writeable for b in back)


@st.composite
def merges(draw):
    new = draw(series())
    old = draw(st.one_of(st.none(), series(length=len(new)), series()))
    return old, new, draw(st.booleans())


@given(st.lists(merges(), max_size=12))
def test_merging_many_gives_each_ones_numbers(cases) -> None:
    olds, news, complete = zip(*cases, strict=True) if cases else ((), (), ())
    got = merge_many(olds, news, complete)
    assert [bits(g) for g in got] == [bits(merge_minutes(o, n, c))
                                      for o, n, c in cases]


def test_a_float32_series_among_float64_ones_is_refused() -> None:
    with pytest.raises(ValueError, match="float64"):
        encode_many([np.zeros((3, 4)), np.zeros((3, 4), np.float32)])
