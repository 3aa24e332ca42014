"""The quota scheduler with a controllable clock: OpenD's sliding window is never
exceeded over simulated minutes, every one of 60 codes is refreshed within 75 s, priority
codes go first without starving the rest, refused codes back off. Run as a script, it
prints the freshness figures the README quotes:

    PYTHONPATH=gui python tests/core/test_quota.py
"""

from __future__ import annotations

import heapq
import json
import random
import statistics
from dataclasses import dataclass
from itertools import pairwise

import pytest

from flowdeck.core.quota import (
    Pick,
    QuotaPolicy,
    RefreshScheduler,
    SlidingWindow,
    max_in_window,
)

POLICY = QuotaPolicy()
METHODS = ("capital_flow", "capital_distribution")


def codes(n: int) -> list[str]:
    return [f"HK.{i:05d}" for i in range(1, n + 1)]


@dataclass
class Run:
    """What a simulated stretch of time did."""
    starts: list[float]             # every refresh start (one request of each method)
    picks: list[tuple[float, str]]  # (time, code)
    ages: dict[str, list[float]]    # per code, its age sampled each second after warm-up
    refreshed: dict[str, list[float]]  # per code, the times its refreshes ended

    def max_age(self, code: str | None = None) -> float:
        if code is not None:
            return max(self.ages[code])
        return max(max(v) for v in self.ages.values())

    def median_age(self, which: list[str] | None = None) -> float:
        return statistics.median(a for c, v in self.ages.items()
                                 if which is None or c in which for a in v)


def simulate(scheduler: RefreshScheduler, seconds: float, *, warmup: float = 0.0,
             latency: float = 0.15, fail=lambda code, now: None, events=()) -> Run:
    """Drive `scheduler` the way the feed's pump does, on a virtual clock: start a
    refresh whenever `due` allows, end it `latency` later (`fail(code, now)` may say
    "refused" or "lost"), sample every watched code's age once a second after `warmup`.
    `events` are (time, callable) run at that time (watchlist or priority changes)."""
    now = 0.0
    ends: list[tuple[float, str]] = []
    todo = sorted(events, key=lambda e: e[0])
    run = Run([], [], {}, {})
    sample = warmup
    while now < seconds:
        busy = len(scheduler.in_flight()) >= 4      # the feed's MAX_IN_FLIGHT
        pick = None if busy else scheduler.due(now)
        t_pick = pick.at if pick is not None else float("inf")
        retry = None if busy or pick is not None else scheduler.next_retry(now)
        if retry is not None:
            t_pick = retry
        t_end = ends[0][0] if ends else float("inf")
        t_event = todo[0][0] if todo else float("inf")
        now = min(t_pick, t_end, t_event, sample, seconds)
        if now >= seconds:
            break
        if now == t_event:
            todo.pop(0)[1]()
        elif now == t_end:
            _, code = heapq.heappop(ends)
            outcome = fail(code, now)
            scheduler.finish(code, now, ok=outcome is None, refused=outcome == "refused")
            if outcome is None:
                run.refreshed.setdefault(code, []).append(now)
        elif now == sample:
            for code, age in scheduler.ages(now).items():
                run.ages.setdefault(code, []).append(float("inf") if age is None else age)
            sample += 1.0
        elif now == t_pick and pick is None:
            pass  # a backing-off code may go now: `due` says so next time round
        elif pick is not None and now == pick.at:
            scheduler.start(pick, now)
            run.starts.append(now)
            run.picks.append((now, pick.code))
            heapq.heappush(ends, (now + latency, pick.code))
    return run


def steady(n: int, priority: list[str] | None = None, policy: QuotaPolicy = POLICY) -> Run:
    """n codes, both methods at quota, measured after three rounds of warm-up."""
    sched = RefreshScheduler(METHODS, policy)
    sched.watch(codes(n))
    sched.set_priority(priority or [])
    round_s = policy.round_seconds(n)
    warmup = max(300.0, 3 * round_s)
    return simulate(sched, warmup + 3 * round_s + 300.0, warmup=warmup)


# --- the window itself ----------------------------------------------------------------------

def test_sliding_window_allows_limit_then_waits_for_the_oldest():
    w = SlidingWindow(3, 10.0)
    for t in (0.0, 1.0, 2.0):
        assert w.next_free(t) == t
        w.record(t)
    assert w.next_free(2.5) == 10.0      # the oldest of the last 3 is 10 s old then
    w.record(10.0)
    assert w.next_free(10.0) == 11.0
    assert w.count(10.5) == 3


def test_max_in_window_counts_like_opend():
    # The 1st and the 31st request must be MORE than 30 s apart: 30.0 apart is a breach.
    assert max_in_window([0.0, 30.0], 30.0) == 2
    assert max_in_window([0.0, 30.001], 30.0) == 1
    assert max_in_window([float(i) for i in range(100)], 9.5) == 10
    assert max_in_window([], 30.0) == 0


def test_policy_margin_and_pacing():
    assert POLICY.used_limit == 28 and POLICY.used_window == 31.0
    assert POLICY.spacing == pytest.approx(31 / 28)
    assert POLICY.round_seconds(60) == pytest.approx(66.43, abs=0.01)


# --- the quota over simulated time ------------------------------------------------------------

@pytest.mark.parametrize("n", [5, 20, 60, 200])
def test_ten_minutes_never_exceed_30_requests_per_method_in_any_30_s(n):
    sched = RefreshScheduler(METHODS, POLICY)
    sched.watch(codes(n))
    rng = random.Random(n)
    # Trouble and churn on the way: refusals, lost answers, new codes, priority changes.
    events = [(90.0, lambda: sched.watch([*codes(n), "US.AAPL", "US.MSFT"])),
              (150.0, lambda: sched.set_priority(["HK.00002", "US.AAPL"])),
              (200.0, lambda: sched.request(codes(n)[: n // 2])),
              (400.0, lambda: sched.watch(codes(n // 2 + 1)))]

    def fail(code, now):
        r = rng.random()
        return "refused" if r < 0.05 else "lost" if r < 0.08 else None

    run = simulate(sched, 600.0, fail=fail, events=events)
    # One request of each method per start, so both windows hold the same times.
    for method in METHODS:
        assert max_in_window(run.starts, 30.0) <= 30, method
    # ... and the margin: the 1st and the 29th at least 31 s apart.
    assert max_in_window(run.starts, 31.0 - 1e-9) <= 28
    assert len(run.starts) >= min(n, 28)


def test_60_codes_are_each_refreshed_at_least_every_75_s():
    for priority in ([], ["HK.00007"]):
        run = steady(60, priority)
        assert run.max_age() <= 75.0, priority
        assert all(a <= 75.0 for v in run.ages.values() for a in v)
    # Between refreshes of a code, never more than 75 s (not only at the samples).
    warm = 3 * POLICY.round_seconds(60)
    for times in run.refreshed.values():
        times = [t for t in times if t >= warm]
        gaps = [b - a for a, b in pairwise(times)]
        assert max(gaps) <= 75.0


def test_a_full_refresh_of_60_codes_takes_at_least_60_s_at_quota():
    sched = RefreshScheduler(METHODS, POLICY)
    sched.watch(codes(60))
    run = simulate(sched, 200.0)
    first = {}
    for t, code in run.picks:
        first.setdefault(code, t)
    # 28 at once (no data yet: unpaced), 28 more when the window frees at 31 s, the
    # last 4 at 62 s: the quota, not the scheduler, makes it take over a minute.
    assert len(first) == 60 and max(first.values()) >= 60.0
    assert sorted(first.values())[27] < 2.0 and sorted(first.values())[28] >= 31.0
    # A second full round (every code once more) takes ~66 s: paced at 31/28 s.
    second = {}
    for t, code in run.picks:
        if t > max(first.values()):
            second.setdefault(code, t)
    assert max(second.values()) - min(second.values()) >= 60.0


def test_new_codes_go_first_priority_ones_before_the_rest():
    sched = RefreshScheduler(METHODS, POLICY)
    sched.watch(["HK.00001", "HK.00002", "HK.00003"])
    sched.set_priority(["HK.00003"])
    order = []
    for _ in range(3):
        pick = sched.due(0.0)
        assert pick is not None and pick.at == 0.0 and not pick.paced
        sched.start(pick, 0.0)
        order.append(pick.code)
    assert order == ["HK.00003", "HK.00001", "HK.00002"]
    for code in order:
        sched.finish(code, 0.2, ok=True)
    # A code added later jumps the round robin, unpaced.
    sched.watch(["HK.00001", "HK.00002", "HK.00003", "US.AAPL"])
    pick = sched.due(0.3)
    assert pick is not None and pick.code == "US.AAPL" and pick.at == 0.3
    sched.start(pick, 0.3)
    # Then the paced round robin: the oldest attempt first, 31/28 s after the last start.
    pick = sched.due(0.4)
    # (all three tried at 0.0: watch order breaks the tie; the priority code's extras
    # start 10 s after its last try)
    assert pick is not None and pick.paced and pick.code == "HK.00001"
    assert pick.at == pytest.approx(0.3 + POLICY.spacing)


def test_priority_codes_get_extras_without_starving_the_others():
    run = steady(20, ["HK.00004"])
    assert run.max_age("HK.00004") <= POLICY.priority_interval + 2
    assert run.max_age() <= 30.0  # the other 19 still come round every ~24 s
    # Over capacity (200 codes: a round is 221 s) one pick in 10 may be an extra.
    run = steady(200, ["HK.00004", "HK.00150"])
    assert run.max_age("HK.00004") <= 60.0 and run.max_age("HK.00150") <= 60.0
    others = [c for c in run.ages if c not in ("HK.00004", "HK.00150")]
    assert max(max(run.ages[c]) for c in others) <= POLICY.round_seconds(200) * 1.15


def test_a_refused_code_backs_off_and_the_others_keep_their_turns():
    sched = RefreshScheduler(METHODS, POLICY)
    sched.watch(codes(10))
    run = simulate(sched, 600.0,
                   fail=lambda code, now: "refused" if code == "HK.00003" else None)
    tries = [t for t, c in run.picks if c == "HK.00003"]
    gaps = [b - a for a, b in pairwise(tries)]
    assert gaps[:4] == pytest.approx([30.0, 60.0, 120.0, 240.0], abs=2 * POLICY.spacing + 0.2)
    # The other 9 share the rounds (after the first window, which the first burst of
    # 10 new codes and the paced refreshes behind it fill up).
    for code in codes(10):
        if code != "HK.00003":
            times = [t for t in run.refreshed[code] if t > 2 * POLICY.used_window]
            gaps = [b - a for a, b in pairwise(times)]
            assert max(gaps) <= 10 * POLICY.spacing + 0.5


def test_a_lost_answer_is_not_held_against_the_code_and_requeue_puts_it_first():
    sched = RefreshScheduler(METHODS, POLICY)
    sched.watch(["HK.00001", "HK.00002"])
    for _ in range(2):
        pick = sched.due(0.0)
        assert pick is not None
        sched.start(pick, 0.0)
    sched.finish("HK.00001", 1.0, ok=False)          # a timeout: no backoff
    sched.requeue("HK.00002")                         # never went out: first again
    pick = sched.due(1.0)
    assert isinstance(pick, Pick) and pick.code == "HK.00002" and not pick.paced
    assert sched.age("HK.00001", 1.0) is None and sched.next_retry(1.0) is None


def test_ages_are_seconds_since_the_last_success():
    sched = RefreshScheduler(METHODS, POLICY)
    sched.watch(["HK.00001"])
    assert sched.ages(0.0) == {"HK.00001": None}
    sched.start("HK.00001", 0.0)
    sched.finish("HK.00001", 0.5, ok=True)
    assert sched.ages(10.5) == {"HK.00001": 10.0}
    sched.watch([])                                   # unwatched: kept, not reported
    assert sched.ages(11.0) == {} and sched.age("HK.00001", 11.0) == 10.5


def freshness_figures() -> list[dict]:
    """Max and median age per row at steady state, both methods at quota."""
    out = []
    for n in (20, 60, 200):
        for priority in ([], ["HK.00002"]):
            run = steady(n, priority)
            rest = [c for c in run.ages if c not in priority]
            row = {"codes": n, "priority_codes": len(priority),
                   "max_age_s": round(max(max(run.ages[c]) for c in rest), 1),
                   "median_age_s": round(run.median_age(rest), 1),
                   "round_s": round(POLICY.round_seconds(n), 1),
                   "requests_per_min_per_method": round(
                       sum(1 for t in run.starts if t >= run.starts[-1] - 300) / 5, 1)}
            if priority:
                row["priority_max_age_s"] = round(run.max_age(priority[0]), 1)
            out.append(row)
    return out


def test_freshness_degrades_linearly_with_the_watchlist():
    rows = {(r["codes"], r["priority_codes"]): r for r in freshness_figures()}
    for n in (20, 60, 200):
        plain = rows[(n, 0)]
        assert plain["max_age_s"] <= POLICY.round_seconds(n) + 1.0
        assert plain["median_age_s"] == pytest.approx(POLICY.round_seconds(n) / 2, rel=0.1)
        assert plain["requests_per_min_per_method"] == pytest.approx(60 * 28 / 31, rel=0.02)
        assert rows[(n, 1)]["priority_max_age_s"] <= POLICY.priority_interval + 2
    assert rows[(60, 1)]["max_age_s"] <= 75.0


if __name__ == "__main__":
    for row in freshness_figures():
        print(json.dumps(row))
