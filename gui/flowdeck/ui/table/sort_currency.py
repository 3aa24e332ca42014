"""What an amount column's header says about the currency its rows are sorted in,
where the user sees the sort (its tooltip): the base currency and the rates' dates (and
which are older than STALE_DAYS), or which currencies have no rate and so sort apart
(row_order.base_currency_groups)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from ...core.currency import Rates
from ...core.flow_table import FlowTable
from .columns import Column
from .row_order import AMOUNT_KINDS, currencies_shown

# lupdate finds only literal texts in calls named tr or translate.
translate = QCoreApplication.translate
#: A rate older than this is pointed out: CNY moves a few % a year against HKD and USD.
STALE_DAYS = 30


def sort_currency_text(table: FlowTable, column: Column, rates: Rates | None,
                       today: dt.date | None = None) -> str:
    """'' unless `column` is an amount over rows of more than one currency. `today`
    (default: the local date) tells which rates are old."""
    shown = currencies_shown(table)
    if rates is None or column.kind not in AMOUNT_KINDS or len(shown) < 2:
        return ""
    used = [r for r in rates.rates if r.currency in shown]
    lines = [translate("SortCurrency", "Sorted by value in {base}").format(base=rates.base)]
    if used:
        lines.append(translate("SortCurrency", "Rates: {rates}").format(
            rates=", ".join(f"1 {r.currency} = {r.rate:g} {rates.base} ({r.date})"
                            for r in used)))
    today = today or dt.date.today()
    old = [r.currency for r in used
           if (today - dt.date.fromisoformat(r.date)).days > STALE_DAYS]
    if old:
        lines.append(translate("SortCurrency", "Older than {days} days: {currencies} "
                                               "(File > Settings)").format(
            days=STALE_DAYS, currencies=", ".join(old)))
    missing = rates.missing(shown)
    if missing:
        lines.append(translate("SortCurrency", "No rate for {currencies}: those rows sort "
                                               "after the others, in their own currency "
                                               "(File > Settings)")
                     .format(currencies=", ".join(missing)))
    return "\n".join(lines)
