"""The detail dock's title: what it charts, named as a trader names it ("Detail —
HK.00700 腾讯控股 (HKD)"), in the language spoken; the code alone when the source has
no name for it, and the day when it is not today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from ...core.markets import currency_of
from ...core.stock_info import StockInfo
from ..look.i18n import current_language

NameSource = Callable[[str], StockInfo]  # LiveStore.info


def dock_title(code: str | None, info: NameSource | None, day: dt.date | None) -> str:
    translate = QCoreApplication.translate
    if code is None:
        return translate("DetailDock", "Detail")
    name = info(code).name(current_language()) if info is not None else ""
    shown = f"{code} {name}" if name and name != code else code
    title = translate("DetailDock", "Detail — {0} ({1})").format(shown, currency_of(code))
    return f"{title} — {day.isoformat()}" if day is not None else title
