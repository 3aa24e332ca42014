"""A once-a-day rule across a restart: the AlertPipeline recalls today's firings from the
alert log, so the same rule and code stay quiet until the next exchange day; a rule
changed since (another threshold) is not taken for the one that fired."""

from __future__ import annotations

import numpy as np

from flowdeck.core.alert_rules import make_rule, make_trade_rule
from flowdeck.core.batch import Batch, RecordColumns
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.live.alerts import AlertPipeline
from flowdeck.storage.alert_log import AlertLog
from tests.support.trades import TEN_AM, prints

WALL = TEN_AM  # the pipeline's clock: the same computer day for both runs
RULE = make_rule("all", "main_net_inflow", ">", 0, cooldown_s=0, once_per_day=True,
                 conditions=[{"field": "super_net_inflow", "op": ">", "threshold": 0}])


def batch(value: float, day: str = "2025-03-14") -> Batch:
    values = np.zeros((1, len(NUMERIC_KEYS)))
    values[0, [NUMERIC_KEYS.index("main_net_inflow"),
               NUMERIC_KEYS.index("super_net_inflow")]] = value
    return Batch(columns=RecordColumns(["HK.00700"], values, [f"{day} 10:00:00"]))


def pipeline(tmp_path, rules) -> AlertPipeline:
    return AlertPipeline(rules, alert_log=AlertLog(tmp_path / "alerts.jsonl"),
                         clock=lambda: WALL)


def test_a_restart_the_same_day_does_not_fire_it_again(tmp_path) -> None:
    first = pipeline(tmp_path, [RULE])
    first.on_batch(batch(-1))
    assert len(first.on_batch(batch(1))) == 1

    again = pipeline(tmp_path, [RULE])          # FlowDeck restarted
    again.on_batch(batch(-1))
    assert again.on_batch(batch(1)) == []       # the same exchange day: quiet
    again.on_batch(batch(-1, "2025-03-17"))
    assert len(again.on_batch(batch(1, "2025-03-17"))) == 1

    other = pipeline(tmp_path, [RULE.with_changes(threshold=0.5)])   # another rule
    other.on_batch(batch(-1))
    assert len(other.on_batch(batch(1))) == 1


def test_a_trade_rule_too(tmp_path) -> None:
    rule = make_trade_rule("all", "1M", cooldown_s=0, once_per_day=True)
    first = pipeline(tmp_path, [rule])
    assert len(first.on_batch(Batch(trades=prints("HK.00700", [1])))) == 1
    again = pipeline(tmp_path, [rule])
    assert again.on_batch(Batch(trades=prints("HK.00700", [2]))) == []
    assert len(again.on_batch(Batch(trades=prints("HK.09988", [1])))) == 1


def test_a_rule_made_once_a_day_after_it_fired_today_stays_quiet(tmp_path) -> None:
    plain = RULE.with_changes(once_per_day=False)
    running = pipeline(tmp_path, [plain])
    running.on_batch(batch(-1))
    assert len(running.on_batch(batch(1))) == 1
    running.on_batch(batch(-1))
    running.set_rules([RULE])                   # edited: once a day from now on
    assert running.on_batch(batch(1)) == []
