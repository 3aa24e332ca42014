"""Alert entries for the live table's cell context menu: right-click a number, get a rule
for that code and field prefilled, the trader only types the threshold; or a trade rule
for that code (its big trades, core/trade_alerts.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu

from ...core.alert_rules import Op
from ...core.derived_fields import CHANGE_KEY, TRADE_KEY, field_meta
from ...core.records import NUMERIC_KEYS
from ..look.i18n import current_language
from ..table.columns import COLUMN_INDEX, COLUMNS

DEFAULT_FIELD = "main_net_inflow"


def alert_field(column_key: str) -> str | None:
    """The field a column's alert watches: its own number, a sparkline's net inflow
    (what the line draws), the change % column's change_pct, None for the others."""
    if column_key in NUMERIC_KEYS:
        return column_key
    if column_key == "change_ratio":
        return CHANGE_KEY
    c = COLUMN_INDEX.get(column_key)
    if c is not None and COLUMNS[c].kind == "spark":
        return NUMERIC_KEYS[COLUMNS[c].number]
    return None


def add_alert_actions(menu: QMenu, code: str, column_key: str,
                      create: Callable[[str, str, str], None]) -> None:
    """Add "Alert when <field> > …" and "< …" for a numeric or sparkline cell, or
    "Alert for <code>…" elsewhere, then "Alert on a big trade of <code>…"; each calls
    create(code, field, op) (field "trade": a trade rule)."""
    if not menu.isEmpty():
        menu.addSeparator()
    field = alert_field(column_key)
    translate = QCoreApplication.translate  # the name lupdate looks for
    if field is None:
        menu.addAction(translate("AlertMenu", "Alert for {code}…").format(code=code),
                       partial(create, code, DEFAULT_FIELD, Op.GT.value))
    else:
        label = field_meta(field).label(current_language())
        for op in (Op.GT, Op.LT):
            text = translate("AlertMenu", "Alert when {field} {op} …")
            menu.addAction(text.format(field=label, op=op.value),
                           partial(create, code, field, op.value))
    menu.addAction(translate("AlertMenu", "Alert on a big trade of {code}…").format(code=code),
                   partial(create, code, TRADE_KEY, Op.GE.value))
