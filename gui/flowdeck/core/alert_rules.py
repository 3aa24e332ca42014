"""Alert rules: what a trader asks to be told about, parsed and checked. No Qt.

A rule is a scope (one code, a watchlist, or every watched code), one of the 12 numeric
fields or a derived multi-day one (core/derived_fields.py: `main_net_inflow_5d`,
`main_net_inflow_ratio_5d`, `main_inflow_streak`, ...), an operator (`>`, `>=`, `<`,
`<=`, or `crosses` either way), a threshold with units (a streak: whole days), a
hysteresis band for re-arming, a cooldown, an enabled flag and a note. In the
config file a rule is one `[[alerts]]` table:

    [[alerts]]
    scope = "code:HK.00700"      # or "watchlist:Core", or "all"
    field = "main_net_inflow"
    op = ">"
    threshold = "5000万"          # or 5e7, "0.5亿", "50M"; ratios: "12%" or 0.12
    hysteresis = "500万"          # same units as the threshold; default 0
    cooldown_s = 300
    enabled = true
    note = "Tencent buying"
    thresholds = { US = "5M", A = "2亿" }   # optional: per market, in its own currency
    currency = "HKD"             # optional: the currency `threshold` is in (amounts)

Without `thresholds` and `currency` a code compares with the threshold as typed, in its
own currency; core/rule_thresholds.py says how the two options give each code its own.

Any rule (issue 22, core/rule_conditions.py) may also have up to two more conditions on
the same code, ANDed with the first (it fires when all hold together; a `crosses` among
them is the moment it crosses), fire at most once a day per code, expire, and go to
channels besides the tray:

    conditions = [{ field = "main_net_inflow_ratio", op = ">", threshold = "2%" }]
    once_per_day = true              # per code, on the code's exchange day
    expires = "2026-12-31"           # silent after that day
    channels = ["desk-dingtalk"]     # [[channels]] names (a trade rule's too)

A trade rule (core/trade_alerts.py) fires on one big trade of a code in its scope worth
at least `min_value` (in the code's currency), of one side or either:

    [[alerts]]
    kind = "trade"
    scope = "code:HK.00700"      # or "watchlist:Core", or "all"
    side = "buy"                 # "sell", or "either" (the default)
    min_value = "1000万"          # or "10M", 1e7
    cooldown_s = 0               # per rule and code, as the others (default 300)

As a Rule its field is "trade", its op ">=" and its threshold the min_value.

Every mistake is a FlowDeckError 1001 (1002 for a bad code in the scope) whose message
says which part is wrong; `rules_from_config` reports bad tables and keeps the others.
"""

from __future__ import annotations

from .rule import DEFAULT_COOLDOWN_S, Rule, make_rule, make_trade_rule
from .rule_conditions import MAX_CONDITIONS, Condition, make_condition, unknown_channels
from .rule_expression import parse_expression
from .rule_parsing import (
    OPS,
    TRADE_SIDES,
    Op,
    format_value,
    parse_amount,
    parse_field,
    parse_op,
    parse_scope,
    parse_thresholds,
)
from .rule_tables import (
    RuleProblem,
    rule_from_table,
    rule_to_table,
    rules_from_config,
    rules_to_config,
)

__all__ = [
    "DEFAULT_COOLDOWN_S",
    "MAX_CONDITIONS",
    "OPS",
    "TRADE_SIDES",
    "Condition",
    "Op",
    "Rule",
    "RuleProblem",
    "format_value",
    "make_condition",
    "make_rule",
    "make_trade_rule",
    "parse_amount",
    "parse_expression",
    "parse_field",
    "parse_op",
    "parse_scope",
    "parse_thresholds",
    "rule_from_table",
    "rule_to_table",
    "rules_from_config",
    "rules_to_config",
    "unknown_channels",
]
