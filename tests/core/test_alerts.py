"""The alert engine: edges, hysteresis, cooldown, baselines, scopes, many rules at once."""

from __future__ import annotations

import numpy as np
import pytest

from flowdeck.core.alert_rules import make_rule
from flowdeck.core.alerts import AlertEngine
from flowdeck.core.batch import RecordColumns
from flowdeck.core.records import NUMERIC_KEYS

MAIN = NUMERIC_KEYS.index("main_net_inflow")


def cols(values: dict[str, float], field: int = MAIN, time: str = "2025-03-14 10:00:00"):
    out = np.zeros((len(values), len(NUMERIC_KEYS)))
    out[:, field] = list(values.values())
    return RecordColumns(list(values), out, [time] * len(values))


def run(engine: AlertEngine, series: list[float], code: str = "HK.00700", dt: float = 1.0,
        start: float = 1000.0) -> list[int]:
    """Feed `series` one value a step; the steps at which an alert fired."""
    fired = []
    for i, v in enumerate(series):
        if engine.evaluate(cols({code: v}), start + i * dt):
            fired.append(i)
    return fired


def rule(op=">", threshold=100.0, **kw):
    kw.setdefault("cooldown_s", 0)
    return make_rule(kw.pop("scope", "code:HK.00700"), "main_net_inflow", op, threshold, **kw)


def test_edge_triggered_not_level():
    engine = AlertEngine([rule()])
    assert run(engine, [50, 150, 160, 170, 90, 120, 130]) == [1, 5]


@pytest.mark.parametrize(("op", "series", "expected"), [
    (">", [100, 101, 100, 101], [1, 3]),
    (">=", [99, 100, 99, 100], [1, 3]),
    ("<", [100, 99, 100, 99], [1, 3]),
    ("<=", [101, 100, 101, 100], [1, 3]),
])
def test_each_operator(op, series, expected):
    assert run(AlertEngine([rule(op)]), series) == expected


def test_hysteresis_rearms_only_beyond_the_band():
    engine = AlertEngine([rule(">", 100, hysteresis=10)])
    # Fires at 105; 95 is inside the band (no re-arm), 89 re-arms, 101 fires again.
    assert run(engine, [50, 105, 95, 105, 89, 101]) == [1, 5]
    below = AlertEngine([rule("<", 100, hysteresis=10)])
    assert run(below, [150, 95, 105, 95, 111, 99]) == [1, 5]


def test_crosses_either_way_with_band():
    engine = AlertEngine([rule("crosses", 100, hysteresis=5)])
    # 50 sets "below"; 103 is inside the band; 106 crosses up; 98 inside; 94 crosses down.
    assert run(engine, [50, 103, 106, 98, 94, 94, 120]) == [2, 4, 6]
    # Without a band, equal to the threshold is neither side.
    assert run(AlertEngine([rule("crosses", 100)]), [90, 100, 110, 100, 90]) == [2, 4]


def test_a_crossing_says_which_way_it_went():
    # Mixed with a ">" rule on the same code: only the crossing carries a direction.
    engine = AlertEngine([rule("crosses", 100, hysteresis=5), rule(">", 200)])
    seen = []
    for i, v in enumerate([50, 106, 250, 94, 120]):
        seen += [(a.rule.op.value, a.direction)
                 for a in engine.evaluate(cols({"HK.00700": v}), 1000.0 + i)]
    assert seen == [("crosses", 1), (">", 0), ("crosses", -1), ("crosses", 1)]


def test_cooldown_swallows_and_does_not_fire_late():
    engine = AlertEngine([rule(">", 100, cooldown_s=10)])
    # One step a second: fires at 1, re-armed at 2, trigger at 3 is inside the cooldown
    # (swallowed, stays disarmed while true), re-armed at 5, fires at 12 (> 10 s later).
    series = [50, 150, 50, 150, 150, 50, 50, 50, 50, 50, 50, 50, 150]
    assert run(engine, series) == [1, 12]


def test_cooldown_is_per_code():
    engine = AlertEngine([rule(">", 100, cooldown_s=60, scope="all")])
    engine.evaluate(cols({"HK.00700": 0, "US.AAPL": 0}), 0.0)
    first = engine.evaluate(cols({"HK.00700": 200, "US.AAPL": 0}), 1.0)
    second = engine.evaluate(cols({"HK.00700": 200, "US.AAPL": 200}), 2.0)
    assert [a.code for a in first] == ["HK.00700"]
    assert [a.code for a in second] == ["US.AAPL"]


def test_first_value_is_a_baseline():
    # Already above at start-up: no alert until it has cleared and crossed again.
    engine = AlertEngine([rule(">", 100)])
    assert run(engine, [150, 160, 90, 150]) == [3]
    crosses = AlertEngine([rule("crosses", 100)])
    assert run(crosses, [150, 50]) == [1]


def test_reconnect_baseline_does_not_storm():
    engine = AlertEngine([rule(">", 100, scope="all")])
    codes = {f"HK.{i:05d}": 0.0 for i in range(1, 51)}
    engine.evaluate(cols(codes), 0.0)
    # A gap: every code went above meanwhile. The snapshot after the reconnect is a
    # baseline for the codes it restarted.
    above = {c: 500.0 for c in codes}
    assert engine.evaluate(cols(above), 10.0, baseline=set(codes)) == []
    assert engine.evaluate(cols(above), 11.0) == []
    # Without the baseline the same batch would have fired for every code.
    fresh = AlertEngine([rule(">", 100, scope="all")])
    fresh.evaluate(cols(codes), 0.0)
    assert len(fresh.evaluate(cols(above), 10.0)) == 50


def test_restart_keeps_no_state_but_fires_no_storm():
    rules = [rule(">", 100)]
    first = AlertEngine(rules)
    assert run(first, [50, 150]) == [1]
    restarted = AlertEngine(rules)  # a new process: the condition is still true
    assert run(restarted, [150, 160]) == []


def test_scopes_code_watchlist_all():
    rules = [make_rule("code:US.AAPL", "main_net_inflow", ">", 100, cooldown_s=0),
             make_rule("watchlist:Tech", "main_net_inflow", ">", 100, cooldown_s=0),
             make_rule("all", "main_net_inflow", ">", 1000, cooldown_s=0)]
    engine = AlertEngine(rules, {"Tech": ["US.AAPL", "US.MSFT"]})
    engine.evaluate(cols({"US.AAPL": 0, "US.MSFT": 0, "HK.00700": 0}), 0.0)
    fired = engine.evaluate(cols({"US.AAPL": 500, "US.MSFT": 500, "HK.00700": 5000}), 1.0)
    got = sorted((a.code, a.rule.scope) for a in fired)
    assert got == [("HK.00700", "all"), ("US.AAPL", "code:US.AAPL"),
                   ("US.AAPL", "watchlist:Tech"), ("US.MSFT", "watchlist:Tech")]


def test_new_code_joins_all_rules_from_a_baseline():
    engine = AlertEngine([rule(">", 100, scope="all")])
    assert engine.evaluate(cols({"US.AAPL": 500}), 0.0) == []   # first seen: baseline
    engine.evaluate(cols({"US.AAPL": 0}), 1.0)
    assert [a.code for a in engine.evaluate(cols({"US.AAPL": 500}), 2.0)] == ["US.AAPL"]


def test_disabled_rules_do_nothing():
    engine = AlertEngine([rule(">", 100, enabled=False)])
    assert run(engine, [50, 150, 50, 150]) == []


def test_set_rules_keeps_state_of_unchanged_conditions():
    r = rule(">", 100)
    engine = AlertEngine([r])
    run(engine, [50, 150])                       # fired, disarmed while above
    engine.set_rules([r.with_changes(note="edited", cooldown_s=5), rule("<", 0)])
    assert engine.evaluate(cols({"HK.00700": 160}), 2000.0) == []  # still disarmed
    assert engine.evaluate(cols({"HK.00700": 50}), 2001.0) == []
    fired = engine.evaluate(cols({"HK.00700": 150}), 2002.0)
    assert [a.rule.note for a in fired] == ["edited"]


def test_nan_is_ignored():
    engine = AlertEngine([rule(">", 100)])
    assert run(engine, [50, float("nan"), 150]) == [2]


def test_alert_carries_value_time_and_json():
    engine = AlertEngine([make_rule("code:HK.00700", "main_net_inflow_ratio", ">", "12%",
                                    note="watch", cooldown_s=0)])
    ratio = NUMERIC_KEYS.index("main_net_inflow_ratio")
    engine.evaluate(cols({"HK.00700": 0.01}, ratio), 0.0)
    (alert,) = engine.evaluate(cols({"HK.00700": 0.2}, ratio, "2025-03-14 10:31:00"), 5.0)
    assert alert.value == pytest.approx(0.2) and alert.time == "2025-03-14 10:31:00"
    assert alert.title() == "HK.00700: Main net ratio > 12%"
    assert alert.body() == "20% at 2025-03-14 10:31:00"
    doc = alert.to_json()
    assert doc["type"] == "alert" and doc["threshold"] == pytest.approx(0.12)
    assert doc["note"] == "watch" and doc["field"] == "main_net_inflow_ratio"


def test_vectorised_matches_one_rule_at_a_time():
    """Many rules over many codes at once fire exactly what each pair would alone."""
    rng = np.random.default_rng(3)
    codes = [f"HK.{i:05d}" for i in range(1, 41)]
    ops = [">", ">=", "<", "<=", "crosses"]
    rules = [make_rule("all" if i % 7 == 0 else f"code:{codes[i % 40]}", "main_net_inflow",
                       ops[i % 5], float(rng.normal(0, 50)), float(rng.uniform(0, 20)),
                       float(rng.choice([0, 3])))
             for i in range(60)]
    steps = rng.normal(0, 60, (30, 40)).cumsum(axis=0) / 3
    together = AlertEngine(rules)
    alone = {i: AlertEngine([r]) for i, r in enumerate(rules)}
    got, want = [], []
    for t, row in enumerate(steps):
        batch = cols(dict(zip(codes, row.tolist(), strict=True)))
        got += sorted((t, a.code, rules.index(a.rule)) for a in together.evaluate(batch, t))
        for i, e in alone.items():
            want += [(t, a.code, i) for a in e.evaluate(batch, t)]
    assert sorted(got) == sorted(want) and len(got) > 20
