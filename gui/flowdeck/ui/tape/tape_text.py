"""The tape's words: its columns' headers, the sides, a trade's time in its market's
clock, and the "N new" pill. Translated (context "TapeText"); the tier names are the
core's field labels (core.records.series_label), as the table and the detail dock
write them."""

from __future__ import annotations

import re
from collections.abc import Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ...core.big_trades import BUY, NEUTRAL, SELL
from ...core.markets import format_local_seconds, from_local_seconds, market_of
from ..look.i18n import zone_label

KINDS = ("time", "code", "name", "price", "quantity", "value", "side", "tier")
TIME, CODE, NAME, PRICE, QUANTITY, VALUE, SIDE, TIER = range(len(KINDS))

_HEADERS = (QT_TRANSLATE_NOOP("TapeText", "Time"), QT_TRANSLATE_NOOP("TapeText", "Code"),
            QT_TRANSLATE_NOOP("TapeText", "Name"), QT_TRANSLATE_NOOP("TapeText", "Price"),
            QT_TRANSLATE_NOOP("TapeText", "Quantity"), QT_TRANSLATE_NOOP("TapeText", "Value"),
            QT_TRANSLATE_NOOP("TapeText", "Side"), QT_TRANSLATE_NOOP("TapeText", "Tier"))
_SIDES = {BUY: QT_TRANSLATE_NOOP("TapeText", "Buy"),
          SELL: QT_TRANSLATE_NOOP("TapeText", "Sell"),
          NEUTRAL: QT_TRANSLATE_NOOP("TapeText", "Neutral")}
assert len(_HEADERS) == len(KINDS)

# lupdate finds only literal texts in calls named tr or translate.
translate = QCoreApplication.translate


def headers() -> tuple[str, ...]:
    """The columns' headers in the language spoken."""
    return tuple(translate("TapeText", h) for h in _HEADERS)


def side_words() -> dict[int, str]:
    """Buy / Sell / Neutral in the language spoken, by side (1, -1, 0)."""
    return {side: translate("TapeText", word) for side, word in _SIDES.items()}


def clock_text(seconds: float) -> str:
    """A trade's time of day in its market's clock, `HH:MM:SS` (exchange-local seconds
    count days from the epoch as UTC does: the day's seconds are the remainder)."""
    of_day = int(seconds) % 86_400
    return f"{of_day // 3600:02d}:{of_day // 60 % 60:02d}:{of_day % 60:02d}"


def time_tip(code: str, seconds: float) -> str:
    """The whole time and the clock it is on: `2025-03-14 10:31:02 HKT`."""
    return f"{format_local_seconds(int(seconds))} " + zone_label(
        market_of(code), from_local_seconds(int(seconds)))


def new_text(count: int) -> str:
    """The pill over a frozen tape: how many trades came since it froze."""
    return translate("TapeText", "↑ {count} new").format(count=count)


_NO_RIGHTS = re.compile(r"no quote rights for (\w+) pushes")
_MOST_NAMED = 5  # codes named in the line; the tooltip has them all


def reason_text(reason: str) -> str:
    """A source's reason a code's trades do not come, translated when it is one of
    futu://'s (feeds/futu/push_side.py); else as the source wrote it."""
    rights = _NO_RIGHTS.fullmatch(reason)
    if rights:
        return translate("TapeText", "no quote rights for {market} pushes").format(
            market=rights.group(1))
    if reason == "beyond the subscription quota":
        return translate("TapeText", "beyond the subscription quota")
    return reason


def uncovered_text(uncovered: Mapping[str, str]) -> tuple[str, str]:
    """The line over the tape naming the followed codes whose big trades do not come
    (the first few), and its tooltip naming each with why; ("", "") when none."""
    if not uncovered:
        return "", ""
    codes = sorted(uncovered)
    named = ", ".join(codes[:_MOST_NAMED]) + ("…" if len(codes) > _MOST_NAMED else "")
    line = translate("TapeText", "No big trades from {count} followed codes: {codes}").format(
        count=len(codes), codes=named)
    return line, "\n".join(f"{c}: {reason_text(uncovered[c])}" for c in codes)
