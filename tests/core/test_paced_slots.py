"""One paced sequence of slots shared by the refreshes and leases, on a virtual clock:
slots are dealt by stride (1 in share to each lease, the rest to the refreshes), a slot
taken a little late keeps the ones after it on time, one taken long after starts the
sequence again, and a lease that comes after its grace waits for its next slot."""

from __future__ import annotations

import pytest

from flowdeck.core.paced_slots import REFRESHES, PacedSlots

S = 1.0


def owners(slots: PacedSlots, start: float, count: int, *leases) -> list[str]:
    """Who takes each of `count` slots from `start` when everybody comes on time."""
    out, now = [], start
    for _ in range(count):
        for name, owner in (("L", leases[0] if leases else None),
                            ("M", leases[1] if len(leases) > 1 else None), ("R", REFRESHES)):
            if (owner is not None or name == "R") and slots.next_at(owner, now) == now:
                slots.take(now, owner)
                out.append(name)
                break
        now += S
    return out


def test_a_lease_of_one_in_five_gets_the_next_slot_then_every_fifth():
    slots = PacedSlots(S)
    slots.take(0.0)
    slots.open("lease", 5)
    assert slots.next_at("lease", 1.0) == 1.0 and slots.next_at(REFRESHES) == 2.0
    assert "".join(owners(slots, 1.0, 15, "lease")) == "LRRRRLRRRRLRRRR"
    slots.close("lease")
    assert "".join(owners(slots, 16.0, 3)) == "RRR" and slots.lent == 0


def test_two_leases_share_by_stride_and_the_refreshes_keep_the_rest():
    slots = PacedSlots(S)
    slots.take(0.0)
    slots.open("a", 4)
    slots.open("b", 4)
    assert slots.lent == 0.5
    dealt = owners(slots, 1.0, 40, "a", "b")
    assert dealt.count("L") == dealt.count("M") == 10 and dealt.count("R") == 20
    assert "RRR" not in "".join(dealt)        # no lease waits more than 4 slots


def test_a_little_late_keeps_the_grid_long_after_starts_again():
    slots = PacedSlots(S)
    slots.take(0.0)
    slots.take(1.3)                           # 0.3 late (a slow wake-up)
    assert slots.next_at() == 2.0
    slots.take(2.8)                           # 0.8 late: more than half a spacing
    assert slots.next_at() == 3.8
    slots.push(3.9)                           # a request outside the slots
    assert slots.next_at() == pytest.approx(4.9)


def test_a_lease_past_its_grace_waits_for_its_next_slot():
    slots = PacedSlots(S, grace=0.1)
    slots.take(0.0)
    slots.open("lease", 5)                    # its slot: 1.0
    assert slots.next_at("lease", 1.05) == 1.0
    assert slots.next_at("lease", 1.2) == 6.0  # gone: the refreshes' slot at 2.0 stays
    slots.take(2.0)
    assert slots.next_at(REFRESHES) == 3.0
    slots.take(6.0, "lease")
    assert slots.next_at(REFRESHES) == 7.0


def test_unknown_owners_and_bad_shares_are_refused():
    slots = PacedSlots(S)
    with pytest.raises(ValueError, match="no slots"):
        slots.next_at("nobody")
    slots.open("lease", 2)
    with pytest.raises(ValueError, match="already"):
        slots.open("lease", 3)
    with pytest.raises(ValueError, match="share"):
        slots.open("other", 0)
