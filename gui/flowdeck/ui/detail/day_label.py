"""A day as the detail dock names it: `2026-11-20 Fri`, `2026-11-20 周五`,
`2026-11-20 週五`. The weekday helps place a day in the week; it is written in the
language the window speaks (Qt's locale data for it), not the system's nor Python's C
locale, and is read again at each language switch (the callers retranslate)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale

from ..look.i18n import current_language


def weekday_name(day: dt.date) -> str:
    """The short weekday of `day` in the language spoken."""
    return QLocale(current_language()).dayName(day.isoweekday(),
                                               QLocale.FormatType.ShortFormat)


def day_text(day: dt.date) -> str:
    return f"{day.isoformat()} {weekday_name(day)}"
