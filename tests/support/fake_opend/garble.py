"""Replies mangled on purpose: what a broken or hostile OpenD might send."""

from __future__ import annotations

import hashlib
import random

from .protocol import HEADER, frame

GARBLES = ("magic", "sha", "truncate", "huge_length", "random", "garbage_body",
           "unknown_proto")
HUGE_LENGTH = 2**31


def mangle(mode: str, proto: int, serial: int, data: bytes, rng: random.Random) -> bytes:
    """The packet `data` mangled the way `mode` (one of GARBLES) says."""
    head, body = data[:HEADER.size], data[HEADER.size:]
    fields = list(HEADER.unpack(head))
    if mode == "magic":
        return b"XY" + data[2:]
    if mode == "sha":
        fields[7] = hashlib.sha1(b"not the body").digest()
        return HEADER.pack(*fields) + body
    if mode == "truncate":
        return data[: HEADER.size + len(body) // 2]
    if mode == "huge_length":
        fields[6] = HUGE_LENGTH
        return HEADER.pack(*fields) + body
    if mode == "random":
        return rng.randbytes(rng.randint(1, 4096))
    if mode == "garbage_body":
        # Field 1 as a length-delimited field claiming more bytes than follow:
        # protobuf cannot parse it.
        return frame(proto, serial, b"\x0a\xff\xff\xff\x0f" + rng.randbytes(32))
    if mode == "unknown_proto":
        return frame(65000, serial, body)
    raise ValueError(f"unknown garble {mode!r}; one of {', '.join(GARBLES)}")
