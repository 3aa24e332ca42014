"""Slots of a method's quota lent to requests outside the refreshes (the Futu backfill's
daily capital flows): on a virtual clock, the lease gets 1 slot in 5, the refreshes are
paced 5/4 as long meanwhile and no longer (a live row's interval at most x1.25), and the
two together never pass the method's window, whoever asks first."""

from __future__ import annotations

import statistics
from itertools import pairwise

import pytest

from flowdeck.core.quota import QuotaPolicy, RefreshScheduler, max_in_window

POLICY = QuotaPolicy()
FLOW, DIST = "capital_flow", "capital_distribution"


def drive(sched: RefreshScheduler, lease, seconds: float, start: float = 0.0,
          latency: float = 0.15, lease_first: bool = False, lease_work: float = 0.0,
          picks: list[tuple[float, str]] | None = None) -> tuple[list[float], list[float]]:
    """The feed's pump and a backfill sharing `sched` on a virtual clock from `start`:
    refresh starts and lease takes, each at the first moment it is allowed (at the same
    moment the lease goes first when `lease_first`). After a take the backfill works
    `lease_work` seconds before it asks for its next slot. Refreshes go in `picks`."""
    now, refreshes, taken, ends = start, [], [], []
    ready = start
    while now < start + seconds:
        for end, code in [e for e in ends if e[0] <= now]:
            sched.finish(code, end, ok=True)
            ends.remove((end, code))
        pick = sched.due(now)
        ask = max(now, ready)
        lease_at = max(ask, lease.next_at(ask)) if lease is not None else None
        lease_due = lease_at is not None and lease_at <= now
        if pick is not None and pick.at <= now and not (lease_first and lease_due):
            sched.start(pick, now)
            refreshes.append(now)
            if picks is not None:
                picks.append((now, pick.code))
            ends.append((now + latency, pick.code))
            continue
        if lease_due:
            lease.take(now)
            taken.append(now)
            ready = now + lease_work
            continue
        times = [e[0] for e in ends] + ([pick.at] if pick is not None else [])
        if lease_at is not None:
            times.append(lease_at)
        now = min(times)
    return refreshes, taken


def intervals(picks: list[tuple[float, str]], after: float) -> list[float]:
    """Seconds between two refreshes of a code, for refreshes after `after`."""
    by_code: dict[str, list[float]] = {}
    for t, code in picks:
        if t > after:
            by_code.setdefault(code, []).append(t)
    return [b - a for times in by_code.values() for a, b in pairwise(times)]


@pytest.mark.parametrize("lease_first", [False, True])
def test_a_lease_takes_one_slot_in_five_and_the_window_holds(lease_first):
    sched = RefreshScheduler((FLOW, DIST), POLICY)
    sched.watch([f"HK.{i:05d}" for i in range(1, 41)])
    drive(sched, None, 120.0)                    # the refreshes alone use the quota
    lease = sched.lend(FLOW, share=5)
    assert sched.spacing == pytest.approx(POLICY.spacing * 5 / 4)
    refreshes, taken = drive(sched, lease, 600.0, start=120.0, lease_first=lease_first)
    flow = sorted(refreshes + taken)
    # OpenD's rule (30 in any 30 s), and our margin (28 in 31 s, the 29th exactly 31 s
    # after the 1st).
    assert max_in_window(flow, POLICY.window) <= POLICY.limit
    assert max_in_window(flow, POLICY.used_window - 1e-6) <= POLICY.used_limit
    # Over ten minutes the method runs at its full paced rate, 1 request in 5 lent.
    assert len(flow) == pytest.approx(600.0 / POLICY.spacing, rel=0.02)
    assert len(taken) / len(flow) == pytest.approx(0.2, abs=0.01)
    assert lease.taken == len(taken)
    # The refreshes' other method is not lent: it only slows with them.
    assert sched.windows[DIST].count(720.0) == sum(
        1 for t in refreshes if t > 720.0 - POLICY.used_window)


@pytest.mark.parametrize("lease_work", [0.0, 0.3, 5.6, 6.5])
def test_a_live_row_is_refreshed_at_most_a_quarter_later_while_a_lease_is_open(lease_work):
    """The issue's bound: 1 slot in 5 lent, a live row's refresh interval at most x1.25
    (the live rate at least 4/5), with 20 codes as in futu_backfill_bench. A backfill
    that is not ready for its slot (5.6 or 6.5 s a code where its slots come every
    5.5 s) misses it and waits for its next one: the live rows are not slowed for it."""
    sched = RefreshScheduler((FLOW, DIST), POLICY)
    sched.watch([f"HK.{i:05d}" for i in range(1, 21)])
    alone: list[tuple[float, str]] = []
    drive(sched, None, 300.0, picks=alone)
    lease = sched.lend(FLOW, share=5)
    busy: list[tuple[float, str]] = []
    _, taken = drive(sched, lease, 600.0, start=300.0, lease_work=lease_work, picks=busy)
    before = statistics.median(intervals(alone, 60.0))
    during = intervals(busy, 360.0)
    assert before == pytest.approx(20 * POLICY.spacing)
    assert max(during) <= 1.25 * before * (1 + 1e-9)
    assert min(during) == pytest.approx(1.25 * before)
    lease_slots = 600.0 / (5 * POLICY.spacing)
    if lease_work < 5 * POLICY.spacing:           # ready in time for every slot
        assert len(taken) == pytest.approx(lease_slots, abs=1)
    else:                                         # as often as it is ready, or every other
        assert lease_slots / 2 - 1 <= len(taken) <= 600.0 / lease_work + 1


def test_closing_the_lease_gives_the_pace_back():
    sched = RefreshScheduler((FLOW, DIST), POLICY)
    sched.watch([f"HK.{i:05d}" for i in range(1, 41)])
    with sched.lend(FLOW, share=5):
        assert sched.round_seconds(40) == pytest.approx(40 * POLICY.spacing * 1.25)
    assert sched.spacing == POLICY.spacing
    refreshes, _ = drive(sched, None, 300.0)
    assert len(refreshes) == pytest.approx(300.0 / POLICY.spacing, abs=POLICY.used_limit + 1)


def test_a_lease_cannot_take_more_than_half_or_an_unknown_method():
    sched = RefreshScheduler((FLOW, DIST), POLICY)
    with pytest.raises(ValueError, match="half"):
        sched.lend(FLOW, share=1)
    first = sched.lend(FLOW, share=4)
    with pytest.raises(ValueError, match="half"):
        sched.lend(FLOW, share=3)                # 1/4 + 1/3 > 1/2
    first.close()
    with pytest.raises(ValueError, match="no quota window"):
        sched.lend("request_history_kline")
