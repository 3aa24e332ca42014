"""The AlertPipeline hands a batch's quotes to the engine when a rule reads the day's
price change (change_pct), and fires on them."""

from __future__ import annotations

import numpy as np

from flowdeck.core.alert_rules import parse_expression
from flowdeck.core.batch import Batch, RecordColumns
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.core.stock_info import Quote
from flowdeck.live.alerts import AlertPipeline

CODE = "US.AAPL"


def batch(main: float, last: float | None) -> Batch:
    values = np.zeros((1, len(NUMERIC_KEYS)))
    values[0, NUMERIC_KEYS.index("main_net_inflow")] = main
    quotes = {} if last is None else {CODE: Quote(CODE, last, 200.0)}
    return Batch(columns=RecordColumns([CODE], values, ["2025-03-14 10:00:00"]),
                 quotes=quotes)


def test_a_change_rule_fires_from_the_batches_quotes() -> None:
    rule = parse_expression("main_net_inflow > 0 and change_pct > 2%",
                            scope=f"code:{CODE}", cooldown_s=0)
    pipeline = AlertPipeline([rule], clock=lambda: 1000.0)
    assert pipeline.on_batch(batch(-1.0, 201.0)) == []
    assert pipeline.on_batch(batch(5.0, None)) == []      # +0.5 %: the last known change
    assert pipeline.on_batch(batch(5.0, 206.0)) != []     # +3 % while main > 0: fires
