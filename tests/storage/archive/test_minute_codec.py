"""The minute series blob: bit for bit back, smaller than raw, strict about its input."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from flowdeck.storage.archive.minute_codec import decode_minutes, encode_minutes
from tests.support.day_flows import minute_series


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.tobytes() == b.tobytes()


def test_a_day_round_trips_bit_for_bit_and_packs_smaller() -> None:
    series = minute_series(np.random.default_rng(3), 4)
    for day in series:
        blob = encode_minutes(day)
        assert same_bits(decode_minutes(blob), day)
        assert len(blob) < day.nbytes / 2


def test_nan_payloads_signed_zeros_and_infinities_survive() -> None:
    odd_nan = struct.unpack("<d", struct.pack("<Q", 0x7FF8_0000_DEAD_BEEF))[0]
    day = np.array([[np.nan, odd_nan, -0.0, 0.0],
                    [np.inf, -np.inf, 5e-324, -1.7976931348623157e308],
                    [1000.1, 1000.1, -68_399_850.0, 0.1 + 0.2]])
    back = decode_minutes(encode_minutes(day))
    assert same_bits(back, day)
    assert back.flags.writeable


def test_an_empty_day_round_trips() -> None:
    empty = np.zeros((0, 4))
    assert decode_minutes(encode_minutes(empty)).shape == (0, 4)


@pytest.mark.parametrize("bad", [np.zeros((5, 4), np.float32), np.zeros((5, 6)),
                                 np.zeros(20)])
def test_other_shapes_and_precisions_are_refused(bad) -> None:
    with pytest.raises(ValueError):
        encode_minutes(bad)


def test_an_unknown_format_is_refused() -> None:
    blob = encode_minutes(np.ones((3, 4)))
    with pytest.raises(ValueError, match="format"):
        decode_minutes(b"\x09" + blob[1:])
