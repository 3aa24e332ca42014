"""RuleDays: expiry and once a day per rule and code, and today's firings recalled from
alert log entries (only those that are the rule's: scope, field, op, side, the code's
threshold, the other conditions)."""

from __future__ import annotations

from flowdeck.core.alert_rules import make_rule, make_trade_rule
from flowdeck.core.rule_days import RuleDays

ONCE = make_rule("all", "main_net_inflow", ">", "50M", once_per_day=True, conditions=[
    {"field": "super_net_inflow", "op": ">", "threshold": 0}])


def entry(**changes) -> dict:
    base = {"type": "alert", "code": "HK.00700", "field": "main_net_inflow", "op": ">",
            "threshold": 5e7, "value": 6e7, "time": "2025-03-14 10:00:00", "scope": "all",
            "wall": 0.0, "conditions": [
                {"field": "main_net_inflow", "op": ">", "threshold": 5e7, "value": 6e7},
                {"field": "super_net_inflow", "op": ">", "threshold": 0.0, "value": 1.0}]}
    return {**base, **changes}


def recalled(rule, *entries) -> bool:
    days = RuleDays()
    days.recall([rule], entries, lambda r, code: r.threshold)
    return not days.allow(rule, "HK.00700", "2025-03-14 11:00:00")


def test_allow_once_a_day_and_not_after_expiry():
    days = RuleDays()
    assert days.allow(ONCE, "HK.00700", "2025-03-14 10:00:00")
    assert not days.allow(ONCE, "HK.00700", "2025-03-14 10:05:00")
    assert days.allow(ONCE, "US.AAPL", "2025-03-14 10:05:00")
    assert days.allow(ONCE, "HK.00700", "2025-03-17 09:30:00")
    ends = make_rule("all", "main_net_inflow", ">", 0, expires="2025-03-14")
    assert days.allow(ends, "HK.00700", "2025-03-14 15:00:00")
    assert days.allow(ends, "HK.00700", "2025-03-14 15:01:00")   # not once a day
    assert not days.allow(ends, "HK.00700", "2025-03-15 09:30:00")


def test_only_the_rules_own_entries_are_recalled():
    assert recalled(ONCE, entry())
    assert not recalled(ONCE, entry(time="2025-03-13 10:00:00"))    # another day
    assert not recalled(ONCE, entry(threshold=4e7))                 # another threshold
    assert not recalled(ONCE, entry(scope="watchlist:Core"))
    assert not recalled(ONCE, entry(conditions=entry()["conditions"][:1]))  # plain rule's
    assert not recalled(ONCE, entry(type="stale"), "junk", {"code": 1}, entry(time=None))
    plain = ONCE.with_changes(and_conditions=())
    assert recalled(plain, {k: v for k, v in entry().items() if k != "conditions"})


def test_trade_rules_by_side():
    rule = make_trade_rule("all", "10M", "buy", once_per_day=True)
    trade = entry(field="trade", op=">=", threshold=1e7, side="buy", conditions=None)
    assert recalled(rule, trade)
    assert not recalled(rule, {**trade, "side": "sell"})


def test_what_is_recalled_is_counted():
    days = RuleDays()
    limit = lambda r, code: r.threshold  # noqa: E731
    assert days.recall([ONCE], [entry(), entry(code="US.AAPL"), entry(op="<")], limit) == 2
    assert days.recall([ONCE.with_changes(once_per_day=False)], [entry()], limit) == 0
