"""A fake Futu OpenD for tests: the real futu-api SDK connects to it over TCP.

In four parts: protocol.py (framing, proto ids, requests and failure replies), day.py
(the data served, FakeDay), garble.py (replies mangled on purpose), server.py (FakeOpenD:
the asyncio server in its thread, its knobs and what it counts).

It speaks OpenD's framing (a 44-byte little-endian header `"<1s1sI2B2I20s8s"`: 'F', 'T',
proto id, body format, version, serial number, body length, SHA-1 of the body, 8
reserved bytes) with protobuf bodies built from the SDK's own `futu.common.pb` classes,
and answers InitConnect (1001), GetGlobalState (1002), KeepAlive (1004),
Qot_GetCapitalFlow (3211) and Qot_GetCapitalDistribution (3212); any other proto gets
a failure reply (retType -1). Encryption stays off (the SDK's default).

Data come from a deterministic generator per code (`FakeDay`, seeded by the fake's seed
and the code), so a test can compare what a feed produced with what was served; `served`
holds the last day served per (proto, code). Knobs for the data: `progress` (how much
of each session has passed), `no_super` (codes served without the super tier, as OpenD
does for some), `date` (another trading day). Knobs for trouble: `fail` (retType != 0
for a code), `delay` (seconds before a capital reply), `silent` (never reply to capital
requests), `stall` (protos of any kind read and never answered), `drop_on_request`
(abort the connection when a capital request arrives), `drop_connections()`, and
`garble`: capital replies (or the protos in `garble_protos`) go out mangled, one of
GARBLES: "magic" (not 'FT'), "sha" (a wrong SHA-1), "truncate" (half the body, the
connection kept open), "huge_length" (a header declaring 2**31 bytes), "random" (random
bytes instead of a packet), "garbage_body" (a well-formed packet whose body is not
protobuf), "unknown_proto" (a well-formed packet of a proto id the SDK does not know);
`garble_codes` limits it to the replies for some codes. `garbled` counts the replies
mangled. Every capital request is counted with its monotonic timestamp in `requests`,
so a test can check the quota.

The server runs its own asyncio loop in a daemon thread; every knob may be set from the
test's thread.
"""

from .day import FakeDay
from .garble import GARBLES, HUGE_LENGTH
from .protocol import (
    CAPITAL_DISTRIBUTION,
    CAPITAL_FLOW,
    CAPITAL_PROTOS,
    GET_GLOBAL_STATE,
    HEADER,
    INIT_CONNECT,
    KEEP_ALIVE,
    frame,
)
from .server import FakeOpenD, Request

__all__ = [
    "CAPITAL_DISTRIBUTION", "CAPITAL_FLOW", "CAPITAL_PROTOS", "GARBLES", "GET_GLOBAL_STATE",
    "HEADER", "HUGE_LENGTH", "INIT_CONNECT", "KEEP_ALIVE", "FakeDay", "FakeOpenD", "Request",
    "frame",
]
