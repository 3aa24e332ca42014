"""futu/push_plan.py on an injected clock: the followed codes fit into OpenD's quota in
order, a market without rights waits before it is asked again, an edited watchlist moves
nothing until it settles, and no code is unsubscribed sooner than Futu's minute."""

from flowdeck.feeds.futu.push_plan import MIN_SUBSCRIBED_S, REFUSED_WAIT_S, PushPlan

A, B, C, D = "HK.00700", "HK.00005", "US.AAPL", "US.TSLA"


def settled(plan: PushPlan, now: float):
    step = plan.step(now)
    plan.subscribed(step.subscribe, now)
    plan.unsubscribed(step.unsubscribe)
    return step


def test_nothing_is_subscribed_before_the_quota_is_known_then_codes_fit_in_order():
    plan = PushPlan(settle_s=3.0)
    plan.want([A, B, C], 0.0)
    assert plan.step(0.0).subscribe == []
    plan.set_units(free=5, own=0)                # two codes of 2 units, 1 unit left
    assert settled(plan, 0.0).subscribe == [A, B]
    assert plan.uncovered(0.0) == [C]
    plan.set_units(free=1, own=4)                # what OpenD reports after: the same room
    assert plan.step(1.0).subscribe == []


def test_an_edited_watchlist_waits_to_settle_and_unsubscribes_after_a_minute():
    plan = PushPlan(settle_s=3.0)
    plan.set_units(free=100, own=0)
    plan.want([A, B], 0.0)
    assert settled(plan, 0.0).subscribe == [A, B]          # the first codes at once
    plan.want([A, B, C], 10.0)
    plan.want([A, C], 11.0)
    plan.want([A, D], 12.0)                                 # edits a second apart
    step = plan.step(14.0)
    assert (step.subscribe, step.unsubscribe, step.at) == ([], [], 15.0)
    step = settled(plan, 15.0)
    assert (step.subscribe, step.unsubscribe) == ([D], [])  # B is kept for its minute
    assert step.at == MIN_SUBSCRIBED_S
    assert B in plan.since
    step = settled(plan, MIN_SUBSCRIBED_S)
    assert (step.subscribe, step.unsubscribe) == ([], [B])
    # Wanted again within its minute: kept, nothing moves.
    plan.want([A, D, C], 70.0)
    plan.want([A, D], 71.0)
    step = plan.step(80.0)
    assert (step.subscribe, step.unsubscribe) == ([], [])


def test_a_code_held_for_its_minute_keeps_its_units_from_a_new_one():
    plan = PushPlan(settle_s=0.0)
    plan.set_units(free=4, own=0)
    plan.want([A, B], 0.0)
    settled(plan, 0.0)
    plan.set_units(free=0, own=4)
    plan.want([A, C], 5.0)
    assert settled(plan, 5.0).subscribe == []               # B still holds 2 units
    assert plan.uncovered(5.0) == [C]
    step = settled(plan, MIN_SUBSCRIBED_S)
    assert step.unsubscribe == [B]
    assert settled(plan, MIN_SUBSCRIBED_S).subscribe == [C]


def test_a_market_without_rights_is_asked_again_later_and_a_refusal_holds_off():
    plan = PushPlan(settle_s=0.0, rights_retry_s=600.0)
    plan.set_units(free=100, own=0)
    plan.want([A, C], 0.0)
    assert plan.step(0.0).subscribe == [A, C]
    plan.refused_rights("HK", "无权限订阅HK.00700的行情", 0.0)
    plan.subscribed([C], 0.0)
    assert plan.refused_codes(1.0) == [A] and plan.uncovered(1.0) == []
    assert plan.step(1.0).subscribe == [] and plan.step(1.0).at == 600.0
    assert plan.step(600.0).subscribe == [A]
    plan.subscribed([A], 600.0)
    assert plan.no_rights == {}                             # the rights came
    plan.want([A, C, D], 601.0)
    plan.hold_off(601.0)                                    # OpenD refused (its quota)
    assert plan.step(602.0).subscribe == []
    assert plan.step(601.0 + REFUSED_WAIT_S).subscribe == [D]


def test_a_new_connection_subscribes_every_code_again():
    plan = PushPlan(settle_s=3.0)
    plan.set_units(free=100, own=0)
    plan.want([A, B], 0.0)
    settled(plan, 0.0)
    plan.restart(50.0)
    assert settled(plan, 50.0).subscribe == [A, B]
    assert plan.since == {A: 50.0, B: 50.0}
