"""Alert rules and alerts in the words of the language spoken. The core's
`Rule.describe` and `Alert.title` know the field labels in every language, but not the
window's words around them ("crosses", "at"), which come from the translators."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from ...core.alert_rules import Op, Rule, RuleProblem, format_value
from ...core.alerts import Alert
from ...core.big_trades import BUY, SELL
from ...core.derived_fields import TRADE_KEY, field_meta, trade_label
from ..look.i18n import current_language

MAX_LISTED_PROBLEMS = 10
# lupdate finds only literal texts in calls named tr or translate.
translate = QCoreApplication.translate


def op_text(op: Op | str) -> str:
    """The operator as shown: the comparison signs as they are, "crosses" in words."""
    value = op.value if isinstance(op, Op) else str(op)
    return translate("AlertText", "crosses") if value == Op.CROSSES.value else value


def describe(field: str, op: Op | str, threshold: float, units: str = "kmb") -> str:
    """`"Main net inflow > 50M"`, `"主力净流入 > 7500万"`."""
    return (f"{field_meta(field).label(current_language())} {op_text(op)} "
            f"{format_value(field, threshold, units)}")


def trade_rule_text(side: str, threshold: float, units: str = "kmb") -> str:
    """A trade rule: `"Big buy >= 10M"`, `"大单成交 >= 1000万"`."""
    return (f"{trade_label(side or 'either', current_language())} >= "
            f"{format_value(TRADE_KEY, threshold, units)}")


def and_text() -> str:
    """The word between an AND rule's conditions, with its spaces."""
    return translate("AlertText", " and ")


def describe_rule(rule: Rule, units: str = "kmb") -> str:
    """With its currency and per-market thresholds: `"Main net inflow > 50M (US 5M)"`;
    an AND rule's conditions joined: `"Main net inflow crosses 0 and Main net ratio >
    2%"`."""
    if rule.is_trade:
        return trade_rule_text(rule.side, rule.threshold, units)
    return (describe(rule.field, rule.op, rule.threshold, units) + rule.threshold_note(units)
            + more_text([(c.field, c.op, c.threshold) for c in rule.and_conditions], units))


def more_text(conditions: Sequence[tuple[str, Op | str, float]], units: str = "kmb") -> str:
    """`" and Main net ratio > 2%"` for each condition after the first ('' for none)."""
    return "".join(and_text() + describe(f, op, t, units) for f, op, t in conditions)


def side_text(side: int) -> str:
    """A trade's side in words: buy, sell, neutral."""
    if side == BUY:
        return translate("AlertText", "buy")
    return translate("AlertText", "sell") if side == SELL else translate("AlertText",
                                                                         "neutral")


def alert_title(alert: Alert, units: str = "kmb") -> str:
    """`"HK.00700: Main net inflow > 50M"`; a crossing says which way it went:
    `"HK.00700: Main net inflow crossed above 0"` (上穿 / 下穿)."""
    if alert.trade is not None:
        return f"{alert.code}: {trade_rule_text(alert.rule.side, alert.limit, units)}"
    if alert.direction:
        crossed = (translate("AlertText", "crossed above") if alert.direction > 0
                   else translate("AlertText", "crossed below"))
        first = describe(alert.field, crossed, alert.limit, units)
    else:  # the code's own threshold (per market, or converted to its currency)
        first = describe(alert.field, alert.rule.op, alert.limit, units)
    more = [(c.field, c.op, t) for c, t, _ in alert.conditions[1:]]
    return f"{alert.code}: {first}{more_text(more, units)}"


def alert_body(alert: Alert, units: str = "kmb") -> str:
    """The value that fired and the exchange time of its record; a trade alert's trade:
    `"buy 20,000 @ 525 = 10.5M at 2025-03-14 10:31:05"`; an AND rule's value of each
    condition: `"75M, 3.1% at ..."`."""
    value = ", ".join(format_value(c.field, v, units) for c, _, v in alert.conditions)
    t = alert.trade
    if t is not None:
        return translate("AlertText", "{side} {quantity} @ {price} = {value} at {time}").format(
            side=side_text(t.side), quantity=f"{t.quantity:,.0f}", price=f"{t.price:g}",
            value=value, time=alert.time)
    return translate("AlertText", "{value} at {time}").format(value=value, time=alert.time)


# The rules dialog's texts (their context stays "RulesDialog").

def scope_text(scope: str) -> str:
    kind, _, target = scope.partition(":")
    if kind == "code":
        return target
    if kind == "watchlist":
        return translate("RulesDialog", "Watchlist {name}").format(name=target)
    return translate("RulesDialog", "All watched codes")


def duration_text(seconds: float) -> str:
    if seconds == 0:
        return translate("RulesDialog", "none")
    if seconds % 3600 == 0:
        return translate("RulesDialog", "{n} h").format(n=f"{seconds / 3600:g}")
    if seconds % 60 == 0:
        return translate("RulesDialog", "{n} min").format(n=f"{seconds / 60:g}")
    return translate("RulesDialog", "{n} s").format(n=f"{seconds:g}")


def problems_text(problems: Sequence[RuleProblem]) -> str:
    n = len(problems)
    lines = [translate("RulesDialog", "{n} rules in the config file could not be loaded:")
             .format(n=n) if n != 1
             else translate("RulesDialog", "1 rule in the config file could not be loaded:")]
    lines += [f"  {p}" for p in problems[:MAX_LISTED_PROBLEMS]]
    if n > MAX_LISTED_PROBLEMS:
        lines.append(translate("RulesDialog", "  … and {n} more")
                     .format(n=n - MAX_LISTED_PROBLEMS))
    lines.append(translate("RulesDialog", "They stay in the file as they are; fix them there."))
    return "\n".join(lines)
