"""Rules of two or three conditions on one code, combined with AND (issue 22): edge-
triggered on the combination, hysteresis per condition, a crossing as the event; once
per day per code; expiry. Evaluated with the other rules in the same array pass."""

from __future__ import annotations

import math

import numpy as np
import pytest

from flowdeck.core.alert_payload import alert_payload
from flowdeck.core.alert_rules import make_rule
from flowdeck.core.alerts import AlertEngine
from flowdeck.core.batch import RecordColumns
from flowdeck.core.records import NUMERIC_KEYS

MAIN = NUMERIC_KEYS.index("main_net_inflow")
RATIO = NUMERIC_KEYS.index("main_net_inflow_ratio")
SUPER = NUMERIC_KEYS.index("super_net_inflow")
DAY = "2025-03-14 10:00:00"


def cols(values: dict[str, tuple[float, ...]], time: str = DAY) -> RecordColumns:
    """{code: (main, ratio[, super])}."""
    out = np.zeros((len(values), len(NUMERIC_KEYS)))
    for j, v in enumerate(values.values()):
        out[j, [MAIN, RATIO, SUPER][:len(v)]] = v
    return RecordColumns(list(values), out, [time] * len(values))


def and_rule(op="crosses", threshold=0, ratio_op=">", ratio="2%", **kw):
    kw.setdefault("cooldown_s", 0)
    more = kw.pop("more", [{"field": "main_net_inflow_ratio", "op": ratio_op,
                            "threshold": ratio, **kw.pop("ratio_kw", {})}])
    return make_rule(kw.pop("scope", "code:HK.00700"), "main_net_inflow", op, threshold,
                     conditions=more, **kw)


def run(engine, series, code="HK.00700", times=None) -> list[int]:
    fired = []
    for i, v in enumerate(series):
        time = times[i] if times else DAY
        if engine.evaluate(cols({code: v}, time), 1000.0 + i):
            fired.append(i)
    return fired


def test_fires_when_the_combination_becomes_true_whichever_comes_last():
    engine = AlertEngine([and_rule(">", 0)])
    # main > 0 first (ratio low): nothing; then the ratio passes 2%: fires (step 2);
    # both stay true: nothing; the ratio drops and comes back: fires again (step 5).
    series = [(-5, 0.03), (5, 0.01), (5, 0.03), (6, 0.04), (6, 0.01), (6, 0.05)]
    assert run(engine, series) == [2, 5]
    # The ratio first, then main turns positive.
    assert run(AlertEngine([and_rule(">", 0)]), [(-5, 0.01), (-5, 0.03), (5, 0.03)]) == [2]


def test_each_condition_rearms_beyond_its_own_band():
    engine = AlertEngine([and_rule(">", 0, ratio_kw={"hysteresis": "1%"})])
    # Fired at 1; the ratio dips to 1.5% (inside its 1% band): no re-arm, no second
    # firing at 3; it falls to 0.5% (beyond the band): re-armed, fires at 5.
    series = [(5, 0.0), (5, 0.03), (5, 0.015), (5, 0.03), (5, 0.005), (5, 0.03)]
    assert run(engine, series) == [1, 5]


def test_a_crossing_fires_only_while_the_others_hold():
    engine = AlertEngine([and_rule("crosses", 0)])
    series = [(-5, 0.03), (5, 0.03), (-5, 0.03), (5, 0.01), (-5, 0.03), (5, 0.05)]
    # Back-to-back crossings both fire (1, 2); a crossing with the ratio low does not (3).
    assert run(engine, series) == [1, 2, 4, 5]


def test_a_combination_already_true_at_the_first_value_is_a_baseline():
    engine = AlertEngine([and_rule(">", 0)])
    assert run(engine, [(5, 0.03), (6, 0.04), (6, 0.0), (6, 0.03)]) == [3]


def test_a_missing_value_of_any_condition_keeps_the_state():
    engine = AlertEngine([and_rule(">", 0)])
    assert run(engine, [(-5, 0.0), (5, math.nan), (5, 0.03)]) == [2]


def test_three_conditions():
    engine = AlertEngine([and_rule(">", 0, more=[
        {"field": "main_net_inflow_ratio", "op": ">", "threshold": "2%"},
        {"field": "super_net_inflow", "op": "<", "threshold": 100}])])
    series = [(0, 0, 0), (5, 0.03, 200), (5, 0.03, 50), (5, 0.03, 60)]
    assert run(engine, series) == [2]


def test_the_firing_carries_each_conditions_value():
    engine = AlertEngine([and_rule("crosses", 0, note="Tencent")])
    engine.evaluate(cols({"HK.00700": (-5e6, 0.03)}), 0.0)
    (alert,) = engine.evaluate(cols({"HK.00700": (7.5e7, 0.031)}, "2025-03-14 10:31:00"), 1.0)
    assert alert.more_values == pytest.approx((0.031,)) and alert.direction == 1
    assert alert.body() == "75M, 3.1% at 2025-03-14 10:31:00"
    doc = alert.to_json()
    assert doc["conditions"] == [
        {"field": "main_net_inflow", "op": "crosses", "threshold": 0.0, "value": 7.5e7},
        {"field": "main_net_inflow_ratio", "op": ">", "threshold": 0.02,
         "value": pytest.approx(0.031)}]
    payload = alert_payload(alert, "wan", "zh_CN")
    assert [c["text"] for c in payload["conditions"]] == [
        "主力净流入 crosses 0: 7500万", "主力净占比 > 2%: 3.1%"]
    assert payload["rule_text"] == "主力净流入 crosses 0 且 主力净占比 > 2%"
    assert payload["value_text"] == "7500万, 3.1%"


def test_a_plain_alerts_json_is_unchanged():
    engine = AlertEngine([make_rule("code:HK.00700", "main_net_inflow", ">", 0,
                                    cooldown_s=0)])
    engine.evaluate(cols({"HK.00700": (-1,)}), 0.0)
    (alert,) = engine.evaluate(cols({"HK.00700": (5,)}), 1.0)
    assert "conditions" not in alert.to_json()
    assert alert_payload(alert)["conditions"] == [
        {"field": "main_net_inflow", "op": ">", "threshold": 0.0, "value": 5.0,
         "text": "Main net inflow > 0: 5"}]


def test_once_per_day_per_code_on_the_exchange_day():
    rule = make_rule("all", "main_net_inflow", ">", 0, cooldown_s=0, once_per_day=True)
    engine = AlertEngine([rule])
    day1, day2 = "2025-03-14 10:00:00", "2025-03-17 09:31:00"
    steps = [({"HK.00700": (-1,), "US.AAPL": (-1,)}, day1),
             ({"HK.00700": (1,), "US.AAPL": (-1,)}, day1),   # HK fires
             ({"HK.00700": (-1,), "US.AAPL": (1,)}, day1),   # AAPL fires (its own code)
             ({"HK.00700": (1,), "US.AAPL": (-1,)}, day1),   # HK again the same day: no
             ({"HK.00700": (-1,), "US.AAPL": (-1,)}, day2),
             ({"HK.00700": (1,), "US.AAPL": (-1,)}, day2)]   # the next day: fires
    got = [[a.code for a in engine.evaluate(cols(v, t), float(i))]
           for i, (v, t) in enumerate(steps)]
    assert got == [[], ["HK.00700"], ["US.AAPL"], [], [], ["HK.00700"]]


def test_an_expired_rule_is_silent_after_its_day():
    engine = AlertEngine([make_rule("code:HK.00700", "main_net_inflow", ">", 0,
                                    cooldown_s=0, expires="2025-03-14")])
    times = ["2025-03-14 10:00:00", "2025-03-14 15:59:00", "2025-03-14 15:59:30",
             "2025-03-17 09:30:00", "2025-03-17 09:31:00"]
    assert run(engine, [(-1,), (1,), (-1,), (-1,), (1,)], times=times) == [1]


def test_editing_the_conditions_starts_afresh_but_editing_channels_does_not():
    rule = and_rule(">", 0)
    engine = AlertEngine([rule])
    run(engine, [(-1, 0.0), (1, 0.03)])          # fired: disarmed while true
    engine.set_rules([rule.with_changes(channels=("desk",))])
    assert engine.evaluate(cols({"HK.00700": (2, 0.04)}), 10.0) == []
    engine.set_rules([and_rule(">", 0, ratio="1%")])
    assert engine.evaluate(cols({"HK.00700": (2, 0.04)}), 11.0) == []   # a baseline
    assert engine.evaluate(cols({"HK.00700": (2, 0.0)}), 12.0) == []
    assert len(engine.evaluate(cols({"HK.00700": (2, 0.04)}), 13.0)) == 1


def reference(rules, batches):
    """The semantics, pair by pair in plain Python: what the arrays must agree with."""
    state: dict = {}
    fired = []
    for t, batch in enumerate(batches):
        for code, row in batch.items():
            for r_i, rule in enumerate(rules):
                if rule.scope not in ("all", f"code:{code}"):
                    continue
                values = [row[{"main_net_inflow": MAIN, "main_net_inflow_ratio": RATIO,
                               "super_net_inflow": SUPER}[c.field]] for c in rule.conditions]
                if any(math.isnan(v) for v in values):
                    continue
                s = state.setdefault((r_i, code), {"seen": False, "armed": False,
                                                   "sides": [0] * len(values)})
                truth, rearm, event = True, False, False
                for k, (c, v) in enumerate(zip(rule.conditions, values, strict=True)):
                    d, band = v - c.threshold, c.hysteresis
                    old = s["sides"][k]
                    s["sides"][k] = 1 if d > band else -1 if d < -band else old
                    if c.op.value == "crosses":
                        truth &= old != 0 and s["sides"][k] != old
                        event = True
                        continue
                    x = d if c.op.value in (">", ">=") else -d
                    strict = c.op.value in (">", "<")
                    truth &= x > 0 or (x == 0 and not strict)
                    rearm |= x < -band or (x == -band and strict)
                if not s["seen"]:
                    s["seen"], s["armed"] = True, not truth
                    continue
                trigger = truth and (event or s["armed"])
                s["armed"] = not trigger and (s["armed"] or rearm)
                if trigger:
                    fired.append((t, code, r_i))
    return sorted(fired)


def test_the_arrays_agree_with_the_pair_by_pair_semantics():
    rng = np.random.default_rng(7)
    codes = [f"HK.{i:05d}" for i in range(1, 21)]
    ops = [">", ">=", "<", "<=", "crosses"]
    rules = []
    for i in range(40):
        first = ops[i % 5]
        more = [{"field": "main_net_inflow_ratio", "op": ops[(i // 5) % 4],
                 "threshold": float(rng.uniform(-0.05, 0.05)),
                 "hysteresis": float(rng.uniform(0, 0.02))}]
        if i % 3 == 0:
            more.append({"field": "super_net_inflow", "op": ops[i % 4],
                         "threshold": float(rng.normal(0, 30))})
        rules.append(make_rule("all" if i % 6 == 0 else f"code:{codes[i % 20]}",
                               "main_net_inflow", first, float(rng.normal(0, 40)),
                               float(rng.uniform(0, 15)), 0,
                               conditions=more if i % 4 else None))
    walk = rng.normal(0, 1, (40, 20, 3)).cumsum(axis=0) * [30, 0.02, 25]
    batches = []
    for t in range(40):
        # Some codes only, some values missing: the engine's partial path.
        keep = rng.random(20) < (1.0 if t % 3 == 0 else 0.6)
        batch = {}
        for j in np.flatnonzero(keep).tolist():
            row = np.zeros(len(NUMERIC_KEYS))
            row[[MAIN, RATIO, SUPER]] = walk[t, j]
            if rng.random() < 0.05:
                row[RATIO] = math.nan
            batch[codes[j]] = row
        batches.append(batch)
    engine = AlertEngine(rules)
    got = []
    for t, batch in enumerate(batches):
        columns = RecordColumns(list(batch), np.array(list(batch.values())), [DAY] * len(batch))
        got += [(t, a.code, rules.index(a.rule)) for a in engine.evaluate(columns, float(t))]
    want = reference(rules, batches)
    assert sorted(got) == want and len(want) > 30
