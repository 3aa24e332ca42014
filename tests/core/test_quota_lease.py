"""Slots of a method's quota lent to requests outside the refreshes (the Futu backfill's
daily capital flows): on a virtual clock, the lease gets 1 slot in 5, the refreshes are
paced 5/4 as long meanwhile, and the two together never pass the method's window."""

from __future__ import annotations

import pytest

from flowdeck.core.quota import QuotaPolicy, RefreshScheduler, max_in_window

POLICY = QuotaPolicy()
FLOW, DIST = "capital_flow", "capital_distribution"


def drive(sched: RefreshScheduler, lease, seconds: float, start: float = 0.0,
          latency: float = 0.15) -> tuple[list[float], list[float]]:
    """The feed's pump and a backfill sharing `sched` on a virtual clock from `start`:
    refresh starts and lease takes, each at the first moment it is allowed."""
    now, refreshes, taken, ends = start, [], [], []
    while now < start + seconds:
        for end, code in [e for e in ends if e[0] <= now]:
            sched.finish(code, end, ok=True)
            ends.remove((end, code))
        pick = sched.due(now)
        if pick is not None and pick.at <= now:
            sched.start(pick, now)
            refreshes.append(now)
            ends.append((now + latency, pick.code))
            continue
        if lease is not None and lease.next_at(now) <= now:
            lease.take(now)
            taken.append(now)
            continue
        times = [e[0] for e in ends] + ([pick.at] if pick is not None else [])
        if lease is not None:
            times.append(lease.next_at(now))
        now = min(times)
    return refreshes, taken


def test_a_lease_takes_one_slot_in_five_and_the_window_holds():
    sched = RefreshScheduler((FLOW, DIST), POLICY)
    sched.watch([f"HK.{i:05d}" for i in range(1, 41)])
    drive(sched, None, 120.0)                    # the refreshes alone use the quota
    lease = sched.lend(FLOW, share=5)
    assert sched.spacing == pytest.approx(POLICY.spacing * 5 / 4)
    refreshes, taken = drive(sched, lease, 600.0, start=120.0)
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
