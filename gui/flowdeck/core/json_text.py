"""JSON text from peers and files (gateway replies, stream messages, request bodies, the
alert log) into Python values, with every way it can fail raised as ValueError: bad JSON
and bad UTF-8 already are; nesting too deep for the parser (`[` * 100000) raises
RecursionError, which callers catching ValueError would let through as a crash."""

from __future__ import annotations

import json
from typing import Any


def loads(text: str | bytes | bytearray) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deep") from None
