"""Fuzzing the client's decoding of gateway replies (api/replies.py, core/wire.py) and of
stream messages (api/stream.py): arbitrary values give a valid result or a FlowDeckError
with the spec's code, never another exception."""

import json

from hypothesis import example, given, settings
from hypothesis import strategies as st

from flowdeck.core.records import NUMERIC_KEYS

from .budgets import examples
from .strategies import batches, deep_json, envelopes, json_texts
from .targets import batch_target, envelope_target, reply_target, stream_message_target


def good_record(code: str = "HK.00700", **changes) -> dict:
    rec = {"code": code, "update_time": "2025-03-12 10:00:00",
           **{k: 0.5 if k.endswith("_ratio") else 1e6 for k in NUMERIC_KEYS}}
    rec.update(changes)
    return rec


def flow_envelope(records: list, **data) -> dict:
    return {"ret_code": 0, "ret_msg": "SUCCESS",
            "data": {"capital_flow_list": records, **data}}


@settings(max_examples=examples(300))
@given(envelopes())
# Found: data.errors not a list raised TypeError out of decode_envelope.
@example(flow_envelope([good_record()], errors=5))
# Found: an integer past float range raised OverflowError out of the record decoder.
@example(flow_envelope([good_record(main_net_inflow=10**400), good_record("US.AAPL")]))
# Found: ret_code Infinity raised OverflowError (int(inf)).
@example({"ret_code": float("inf"), "ret_msg": "x", "data": None})
@example({"ret_code": 0, "data": {"capital_detail_list": [
    {**good_record(), "turnover": 1.0, "trades": 1, "minutes": [10**400],
     "series": {}}]}})
def test_envelopes(obj):
    envelope_target(obj)


@settings(max_examples=examples(150))
@given(st.one_of(json_texts(envelopes()).map(str.encode), st.binary(max_size=200),
                 deep_json().map(str.encode)),
       st.sampled_from([200, 400, 401, 404, 500, 503]))
# Found: nesting past the recursion limit raised RecursionError out of json.loads.
@example(b"[" * 100_000, 200)
@example(b"\xff\xfe\x00", 200)
def test_reply_bytes(body, status):
    reply_target(body, status)


@settings(max_examples=examples(300))
@given(batches())
@example({"type": "batch", "records": [good_record(main_net_inflow=-(10**400))]})
# Found: a minute of 1e12 wrapped to a negative int32 minute.
@example({"type": "batch", "points": {"HK.00700": {"minutes": [1e12], "values": [[0] * 6]}}})
@example({"type": "batch", "points": {"HK.00700": {"minutes": [10**400], "values": [[0] * 6]}}})
# Found: a value past float32 range became infinite in the history.
@example({"type": "batch", "points": {"HK.00700": {"minutes": [1], "values": [[1e39] * 6]}}})
@example({"type": "batch", "errors": [{"code": "HK.00700", "ret_code": float("inf")}]})
# Found (by the stream drill): points as a list were indexed by their items: IndexError.
@example({"type": "batch", "points": [1, 2]})
# Found: records as an object were iterated by key into errors for "?0".
@example({"type": "batch", "records": {"": None}})
def test_stream_batches(obj):
    batch_target(obj)


@settings(max_examples=examples(300))
@given(json_texts(batches()))
@example('{"type": "error", "ret_code": Infinity, "ret_msg": "x"}')
@example("[" * 100_000)
@example(json.dumps({"type": "batch", "records": [good_record(f"HK.{i:05d}")
                                                 for i in range(50)]}))
def test_stream_messages(text):
    stream_message_target(text)
