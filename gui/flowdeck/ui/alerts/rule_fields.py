"""What the rule editor (rule_dialog.py) shows beside its widgets: the kinds of rule, the
scopes, a trade rule's sides, the hints and placeholders per kind of value, and the
text of a value that parses back exactly."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ...core.alert_rules import Op, format_value, parse_amount
from ...core.derived_fields import field_meta
from ...core.errors import FlowDeckError
from ...core.units import format_amount, format_ratio

# Texts marked for lupdate here, translated where shown (RuleDialog.retranslate).
RULE_KINDS = (("value", QT_TRANSLATE_NOOP("RuleDialog", "A flow value")),
              ("trade", QT_TRANSLATE_NOOP("RuleDialog", "One big trade")))
TRADE_SIDES = (("either", QT_TRANSLATE_NOOP("RuleDialog", "Buy or sell")),
               ("buy", QT_TRANSLATE_NOOP("RuleDialog", "Buy")),
               ("sell", QT_TRANSLATE_NOOP("RuleDialog", "Sell")))
SCOPE_KINDS = (("code", QT_TRANSLATE_NOOP("RuleDialog", "One code")),
               ("watchlist", QT_TRANSLATE_NOOP("RuleDialog", "Watchlist")),
               ("all", QT_TRANSLATE_NOOP("RuleDialog", "All watched codes")))
OP_LABELS = {Op.CROSSES: QT_TRANSLATE_NOOP("RuleDialog", "crosses (either way)")}
HINTS = {"net": QT_TRANSLATE_NOOP("RuleDialog",
                                  "An amount in the stock's currency: 5e7, 5000万, 0.5亿 or 50M"),
         "ratio": QT_TRANSLATE_NOOP("RuleDialog",
                                    "A share of turnover: 12% or 0.12 (from -100% to 100%)"),
         "streak": QT_TRANSLATE_NOOP("RuleDialog",
                                     "Trading days in a row: 3 (inflow) or -3 (outflow)"),
         "change": QT_TRANSLATE_NOOP("RuleDialog",
                                     "The day's price change from the previous close: 2% or "
                                     "-3.5%. Checked with each update of the code's flow"),
         "trade": QT_TRANSLATE_NOOP("RuleDialog",
                                    "The least value of one trade, in the stock's currency: "
                                    "1000万 or 10M. It fires once for each such trade")}
PLACEHOLDERS = {"net": QT_TRANSLATE_NOOP("RuleDialog", "e.g. 5000万 or 50M"),
                "ratio": QT_TRANSLATE_NOOP("RuleDialog", "e.g. 12% or 0.12"),
                "streak": QT_TRANSLATE_NOOP("RuleDialog", "e.g. 3"),
                "change": QT_TRANSLATE_NOOP("RuleDialog", "e.g. 2% or -3.5%"),
                "trade": QT_TRANSLATE_NOOP("RuleDialog", "e.g. 1000万 or 10M")}


def value_text(field: str, value: float, units: str = "kmb") -> str:
    """Text for an edit box that parses back to exactly `value`, as compact as it can be
    ("50M", "5000万", "12%"). Exactly, because the threshold is part of Rule.key: an
    untouched edit must not lose the engine's state for the rule through rounding."""
    compact = format_ratio if field_meta(field).kind in ("ratio", "change") else (
        lambda v, digits: format_amount(v, units, digits))
    for digits in range(10):
        text = compact(value, digits)
        try:
            if parse_amount(text, field) == value:
                return text
        except FlowDeckError:
            break
    return repr(float(value))


def parsed_text(field: str, text: str, units: str) -> str:
    """`"= 50M"`: what a typed value parses to ('' when blank or not a value)."""
    if not text.strip():
        return ""
    try:
        return "= " + format_value(field, parse_amount(text, field), units)
    except FlowDeckError:
        return ""


def grow_to_fit(dialog: QWidget) -> None:
    """Grow a shown dialog to the height its layout needs at its width (never shrink
    under the trader's hands): the core's messages quote what was typed, and a long
    paste wraps to many lines."""
    layout = dialog.layout()
    need = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else -1
    if dialog.isVisible() and need > dialog.height():
        dialog.resize(dialog.width(), need)


def row_of(*widgets: QWidget, stretch: int = 0) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, stretch if i == len(widgets) - 1 else 0)
    return box


def preview_label(name: str) -> QLabel:
    """Where a typed value's parse shows ("= 50M")."""
    label = QLabel(objectName=name)
    # Wide enough for the longest value, so the row does not jump as one types.
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance("= -9999.99万亿"))
    return label
