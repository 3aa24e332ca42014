"""Who follows what in the gateway, as clients come and go: a client that leaves frees
only the codes nobody else follows and leaves its channel; what is pending for codes a
client drops goes, the rest stays (the shortcuts that keep a hundred 2,000-code clients
leaving at once cheap must not change what is kept)."""

from __future__ import annotations

import numpy as np

from flowdeck.server.fanout import Subscribers
from flowdeck.server.fragments import PointChunk
from flowdeck.server.pending import Pending
from flowdeck.server.state import CodeChange
from flowdeck.server.subscription import Subscription

A = [f"HK.{i:05d}" for i in range(1001, 3001)]  # not HK.00700


def test_a_client_leaving_frees_only_the_codes_nobody_else_follows():
    subs = Subscribers()
    one, two, three = Subscription("one"), Subscription("two"), Subscription("three")
    subs.add(one, A)
    subs.add(two, [*A[:10], "US.AAPL"])
    subs.add(three, A)
    assert one.channel is three.channel and len(subs.channels) == 2
    assert sorted(subs.detach(two)) == ["US.AAPL"]
    assert "US.AAPL" not in subs and A[0] in subs and two.channel is None
    assert len(subs.channels) == 1 and len(subs) == 2
    assert subs.detach(one) == []           # three still follows all of them
    assert sorted(subs.detach(three)) == sorted(A)
    assert not subs.codes() and not subs.channels and len(subs) == 0


def test_adding_codes_twice_counts_them_once():
    subs = Subscribers()
    sub = Subscription("one")
    subs.add(sub, ["HK.00700", "HK.00700", "US.AAPL"])
    subs.add(sub, ["US.AAPL", "SH.600519"])
    assert sub.codes == {"HK.00700", "US.AAPL", "SH.600519"}
    assert subs.remove(sub, ["HK.00700"]) == ["HK.00700"]
    assert sub.channel is not None and sub.channel.codes == {"US.AAPL", "SH.600519"}


def test_forgetting_codes_drops_their_pending_state_and_keeps_the_rest():
    p = Pending()
    chunk = PointChunk(np.arange(3, dtype=np.int32), np.zeros((3, 6), np.float32))
    for code in ("HK.00700", "US.AAPL"):
        p.put(code, CodeChange(record="{}", detail="{}", points=chunk, snapshot=True))
    p.put("SH.600519", CodeChange(error=(1016, "late")))
    assert p.point_count() == 6
    p.forget([*A, "US.AAPL", "SH.600519"])   # many codes, pending on few
    assert set(p.records) == {"HK.00700"} and set(p.details) == {"HK.00700"}
    assert set(p.points) == {"HK.00700"} and p.point_count() == 3
    assert not p.errors and p.snapshot_codes == {"HK.00700"}
    p.forget(["HK.00700"])                   # few codes, pending on as many
    assert not p.records and not p.points and p.point_count() == 0
    assert not p.snapshot_codes
