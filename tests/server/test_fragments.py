"""The gateway's JSON from fragments is wire.py's shapes, and pending state merges
to the latest while staying bounded."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.core.envelope import success_envelope
from flowdeck.core.wire import decode_batch, encode_batch, encode_detail_item
from flowdeck.feeds.sim.market import SimMarket
from flowdeck.server.fragments import (
    PointChunk,
    batch_message,
    detail_item_json,
    detail_json,
    envelope_body,
    quote_json,
    record_json,
)
from flowdeck.server.pending import MAX_MESSAGE_CHARS, Pending
from flowdeck.server.state import CodeChange, FlowState, split_points

CODES = ["HK.00700", "US.AAPL", "SH.600519", "US.BRK.B"]
NOW = dt.datetime(2025, 3, 12, 2, 30, tzinfo=dt.UTC)


def sim_batch():
    sim = SimMarket(seed=3, speed=20, now=NOW)
    return sim.snapshot_batch(CODES)


def test_batch_message_is_encode_batch():
    batch = sim_batch()
    batch.errors["US.XYZ"] = (1016, "gone")
    text = batch_message(
        batch.snapshot, [record_json(r) for r in batch.records.values()],
        [detail_json(d) for d in batch.details.values()], list(split_points(batch.points)),
        batch.errors, batch.markets, [quote_json(q) for q in batch.quotes.values()])
    assert batch.quotes   # the simulator quotes every code of a snapshot
    assert json.loads(text) == json.loads(json.dumps(encode_batch(batch)))
    assert text == json.dumps(encode_batch(batch))   # the very same text
    decoded = decode_batch(json.loads(text))
    assert decoded.records == batch.records and decoded.snapshot
    assert decoded.quotes == batch.quotes


def test_envelope_and_detail_items_are_the_cores():
    batch = sim_batch()
    records = list(batch.records.values())
    errors = {"US.XYZ": (1016, "no data")}
    body = envelope_body("capital_flow_list", [record_json(r) for r in records], errors)
    assert body.decode() == json.dumps(success_envelope(records, errors))
    body = envelope_body("capital_flow_list", [record_json(r) for r in records])
    assert json.loads(body) == success_envelope(records)
    state = FlowState()
    state.add(CODES)
    state.apply(batch)
    code = "HK.00700"
    chunk = state.day_chunk(code)
    assert len(chunk) > 0
    item = json.loads(state.detail_item(code))
    assert item == json.loads(json.dumps(
        encode_detail_item(batch.details[code], chunk.minutes, chunk.values)))
    assert detail_item_json(batch.details[code], chunk) == state.detail_item(code)


def chunk(minutes, tag):
    m = np.asarray(minutes, np.int32)
    return PointChunk(m, np.tile(np.float32(tag), (len(m), 6)).astype(np.float32))


@given(st.lists(st.lists(st.integers(0, 40), max_size=15, unique=True).map(sorted),
                max_size=8))
def test_merged_chunks_keep_the_newest_value_per_minute(parts):
    merged = PointChunk.empty()
    expect: dict[int, float] = {}
    for tag, minutes in enumerate(parts):
        merged = merged.merged(chunk(minutes, tag))
        expect.update({m: float(tag) for m in minutes})
    assert merged.minutes.tolist() == sorted(expect)
    assert merged.values[:, 0].tolist() == [expect[m] for m in sorted(expect)]


def test_pending_keeps_the_latest_and_stays_bounded():
    p = Pending()
    codes = [f"HK.{i:05d}" for i in range(1, 51)]
    for tick in range(500):
        for code in codes:
            p.put(code, CodeChange(record=f'{{"code": "{code}", "tick": {tick}}}',
                                   points=chunk([tick % 60, (tick + 1) % 60], tick)))
    assert p.point_count() <= 50 * 60 and p.max_points <= 50 * 60
    assert len(p.records) == 50
    messages = p.take()
    assert len(messages) == 1
    msg = json.loads(messages[0])
    assert msg["type"] == "batch" and msg["snapshot"] is False
    assert {r["tick"] for r in msg["records"]} == {499}
    assert len(msg["points"]["HK.00001"]["minutes"]) == 60
    assert not p and p.take() == []


def test_pending_sends_snapshots_first_and_errors_replace_records():
    p = Pending()
    p.put("HK.00001", CodeChange(record='{"r": 1}', points=chunk([1], 1)))
    p.put("HK.00002", CodeChange(record='{"r": 2}', points=chunk([0, 1, 2], 2),
                                 snapshot=True))
    p.put("HK.00002", CodeChange(points=chunk([3], 3)))
    p.put("HK.00003", CodeChange(record='{"r": 3}'))
    p.put("HK.00003", CodeChange(error=(1016, "down")))
    p.notice(1001, "bad op")
    out = [json.loads(m) for m in p.take()]
    assert [m["type"] for m in out] == ["error", "batch", "batch"]
    snap, upd = out[1], out[2]
    assert snap["snapshot"] and list(snap["points"]) == ["HK.00002"]
    assert snap["points"]["HK.00002"]["minutes"] == [0, 1, 2, 3]
    assert not upd["snapshot"] and upd["records"] == [{"r": 1}]
    assert upd["errors"][0]["code"] == "HK.00003"


def test_large_updates_are_split_into_valid_messages_but_snapshots_are_not():
    minutes = list(range(390))
    codes = [f"US.A{chr(65 + i % 26)}{chr(65 + i // 26)}" for i in range(60)]
    for snapshot in (False, True):
        p = Pending()
        for code in codes:
            p.put(code, CodeChange(record='{"x": 1}', points=chunk(minutes, 1.2345678),
                                   snapshot=snapshot))
        out = p.take()
        decoded = [json.loads(m) for m in out]
        assert all(m["snapshot"] is snapshot for m in decoded)
        assert sum(len(m["points"]) for m in decoded) == 60
        if snapshot:
            assert len(out) == 1   # the first batch after a subscribe holds every code
        else:
            assert len(out) > 1 and all(len(m) <= 2 * MAX_MESSAGE_CHARS for m in out)


def test_state_passes_on_only_new_minutes_of_an_update():
    from flowdeck.core.batch import Batch, MinutePoints

    def points(code, minutes, tag):
        # main = tag (tiers tag / 2: the history derives main from super + large).
        m = np.asarray(minutes, np.int32)
        values = np.full((len(m), 6), tag / 2, np.float32)
        values[:, :2] = tag
        return MinutePoints([code] * len(m), m, values)

    state = FlowState()
    state.add(["HK.00700"])
    delta = state.apply(Batch(points=points("HK.00700", [0, 1, 2, 3], 1.0), snapshot=True))
    assert delta.changes["HK.00700"].points.minutes.tolist() == [0, 1, 2, 3]
    # A restarted iterator repeats minutes 0-3 and brings 4: 3 (may have moved) and 4.
    delta = state.apply(Batch(points=points("HK.00700", [0, 1, 2, 3, 4], 2.0)))
    assert delta.changes["HK.00700"].points.minutes.tolist() == [3, 4]
    assert state.history.series("HK.00700")[0, :5].tolist() == [2.0] * 5
    delta = state.apply(Batch(points=points("HK.00700", [1, 2], 3.0)))
    assert "HK.00700" not in delta.changes
