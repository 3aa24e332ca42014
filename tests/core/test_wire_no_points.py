"""A code with no minute point yet (its snapshot's points `{"minutes": [], "values":
[]}`, as the gateway writes an empty day) decodes as no points, not as a malformed item
that would turn the code into a 1016 error downstream."""

from __future__ import annotations

from flowdeck.core.wire import decode_batch
from tests.support.batches import rec


def test_an_empty_day_of_points_is_no_points():
    batch = decode_batch({"type": "batch", "snapshot": True,
                          "records": [rec("HK.00700", 1.0).to_dict()],
                          "points": {"HK.00700": {"minutes": [], "values": []}}})
    assert batch.errors == {} and list(batch.records) == ["HK.00700"]
    assert len(batch.points) == 0
    bad = decode_batch({"type": "batch", "records": [],
                        "points": {"HK.00700": {"minutes": [3], "values": []}}})
    assert "HK.00700" in bad.errors   # a minute without its values is still refused
