"""The alert log as a table: one row per alert that fired, oldest at the top.

Rows are in the order they fired on one clock, the firing's instant (`Alert.wall`), and
the Time column shows that instant on this computer's clock with its date and UTC
offset. The records' own times are exchange times, one clock per market (and the
simulator runs a virtual clock per market): listed by those, an HK alert at 11:07 sat
above a Shanghai one at 10:41 that came later. The exchange time stays in the tooltip.

Rows hold raw numbers, not text, so a change of units or colours redraws without
rebuilding anything. Rows come from live `Alert`s or from the alert log file's JSON
objects (`Alert.to_json()`); the latter are described without a Rule, so a line a newer
or older FlowDeck wrote still shows as long as its field is known.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from ...core.alert_rules import Rule, format_value
from ...core.alerts import Alert
from ...core.derived_fields import ALERT_FIELD_BY_KEY, TRADE_KEY
from ...core.errors import FlowDeckError
from ...core.markets import MARKETS, market_of
from ...core.stale_alerts import StaleEvent
from ...core.stale_text import is_stale_entry, stale_texts
from ..look.i18n import current_language, up_is_red
from ..look.theme import Theme, follow_theme
from ..table.cell_format import COLORS, with_zone
from .alert_text import describe, more_text, trade_rule_text
from .undelivered_text import (
    Undelivered,
    is_undelivered_entry,
    undelivered_of,
    undelivered_rule_text,
)

HEADERS = (QT_TRANSLATE_NOOP("AlertLogModel", "Time"), QT_TRANSLATE_NOOP("AlertLogModel", "Code"),
           QT_TRANSLATE_NOOP("AlertLogModel", "Rule"), QT_TRANSLATE_NOOP("AlertLogModel", "Value"),
           QT_TRANSLATE_NOOP("AlertLogModel", "Note"))
COL_TIME, COL_CODE, COL_RULE, COL_VALUE, COL_NOTE = range(len(HEADERS))
#: Rows kept in memory; the oldest go first. The file on disk keeps them all.
MAX_ROWS = 5000
#: A role answering "code, then rule text": the dock's filter matches either.
FILTER_ROLE = Qt.ItemDataRole.UserRole + 1
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class LogRow:
    time: str
    code: str
    field: str
    op: str
    threshold: float
    value: float
    note: str
    wall: float = math.nan    # when it fired (epoch seconds); NaN: not known
    rule: Rule | None = None  # live alerts keep theirs; rows read from the file have none
    side: str = ""            # a trade rule's side
    # An AND rule's other conditions: (field, op, threshold, value at the firing) each.
    more: tuple[tuple[str, str, float, float], ...] = ()
    stale: StaleEvent | None = None  # a data-stale alert or its recovery (no rule)
    source: str = ""                 # ... and the source it was about
    undelivered: Undelivered | None = None  # a firing a channel never took

    def rule_text(self, units: str) -> str:
        """In the language spoken, with the threshold this code was compared with (its
        market's, or converted to its currency), as the log file keeps it."""
        if self.stale is not None:
            return stale_texts(self.stale, self.source, current_language())[0]
        if self.undelivered is not None:
            return undelivered_rule_text(self.undelivered)
        if self.field == TRADE_KEY:
            return trade_rule_text(self.side, self.threshold, units)
        return (describe(self.field, self.op, self.threshold, units)
                + more_text([(f, op, t) for f, op, t, _ in self.more], units))

    def value_text(self, units: str) -> str:
        """The value that fired; an AND rule's, each condition's: `"75M, 3.1%"`."""
        if self.undelivered is not None:
            return self.undelivered.value_text
        return ", ".join([format_value(self.field, self.value, units),
                          *(format_value(f, v, units) for f, _, _, v in self.more)])


def row_from_alert(alert: Alert) -> LogRow:
    r = alert.rule
    return LogRow(alert.time, alert.code, r.field, r.op.value, alert.limit, alert.value,
                  r.note, wall=alert.wall, rule=r, side=r.side,
                  more=tuple((c.field, c.op.value, t, v) for c, t, v in alert.conditions[1:]))


def is_alert_entry(entry: Any) -> bool:
    """An alert log object that says it is an alert (another type is not ours to show)."""
    return isinstance(entry, Mapping) and entry.get("type", "alert") == "alert"


def row_from_entry(entry: Any) -> LogRow | None:
    """A row from one alert log object, or None when it is not a readable alert. Never
    raises: the file is the user's, and one odd line must not stop the window."""
    if is_stale_entry(entry):
        return stale_row(entry)
    if is_undelivered_entry(entry):
        return undelivered_row(entry)
    if not is_alert_entry(entry):
        return None
    field = entry.get("field")
    if not isinstance(field, str) or field not in ALERT_FIELD_BY_KEY:
        return None
    if not isinstance(entry.get("code"), str):
        return None
    try:
        market_of(entry["code"])  # each row is coloured and timed by its market
    except FlowDeckError:
        return None
    try:  # a 400-digit integer is JSON, and too large for a float
        threshold, value = float(entry.get("threshold", math.nan)), float(entry["value"])
    except (KeyError, TypeError, ValueError, OverflowError):
        return None
    time = str(entry.get("time", ""))
    wall = entry.get("wall")
    if not _is_instant(wall):
        wall = exchange_instant(entry["code"], time)
    return LogRow(time, entry["code"], field, str(entry.get("op", "?")), threshold, value,
                  str(entry.get("note") or ""), wall=float(wall),
                  side=str(entry.get("side") or ""), more=_more_of(entry.get("conditions")))


def stale_row(entry: dict) -> LogRow | None:
    """A data-stale alert's row (core/stale_text.py's payload), worded again in the
    language spoken from its codes, source and time without data."""
    codes, seconds, wall = entry.get("codes"), entry.get("seconds"), entry.get("wall")
    if (not isinstance(codes, list) or not all(isinstance(c, str) for c in codes)
            or isinstance(seconds, bool) or not isinstance(seconds, int | float)
            or not _is_instant(wall)):
        return None
    event = StaleEvent(entry["type"], tuple(codes), not codes, float(seconds),
                       str(entry.get("error") or ""))
    return LogRow(str(entry.get("time", "")), str(entry.get("code") or ""), "", "",
                  math.nan, math.nan, "", wall=float(wall),  # type: ignore[arg-type]
                  stale=event, source=str(entry.get("source") or ""))


def undelivered_row(entry: dict) -> LogRow | None:
    """The row of a firing a channel never took, at the time it was given up."""
    what, wall = undelivered_of(entry), entry.get("wall")
    if what is None or not _is_instant(wall):
        return None
    return LogRow("", str(entry.get("code") or ""), "", "", math.nan, math.nan,
                  str(entry.get("error") or ""), wall=float(wall),  # type: ignore[arg-type]
                  undelivered=what)


def _more_of(conditions: Any) -> tuple[tuple[str, str, float, float], ...]:
    """An AND rule's other conditions from a log line's "conditions" (the first is the
    line's own field); one that cannot be read is left out, never an error."""
    if not isinstance(conditions, list):
        return ()
    out = []
    for item in conditions[1:]:
        try:
            field = item["field"]
            if field not in ALERT_FIELD_BY_KEY:
                continue
            out.append((field, str(item.get("op", "?")), float(item["threshold"]),
                        float(item["value"])))
        except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
            continue
    return tuple(out)


def _is_instant(wall: object) -> bool:
    """An epoch second this computer's clock can show (a hand-edited line may hold
    anything)."""
    if isinstance(wall, bool) or not isinstance(wall, int | float):
        return False
    try:
        dt.datetime.fromtimestamp(wall)
    except (OverflowError, OSError, ValueError):
        return False
    return True


def exchange_instant(code: str, time: str) -> float:
    """The instant of an exchange-local `YYYY-MM-DD HH:MM:SS` (NaN when it does not
    parse): what orders a log line written before the firing's own clock was kept."""
    try:
        local = dt.datetime.strptime(time[:19], "%Y-%m-%d %H:%M:%S")
        return local.replace(tzinfo=MARKETS[market_of(code)].tz).timestamp()
    except (ValueError, KeyError):
        return math.nan


def fired_text(wall: float) -> str:
    """`2024-05-06 11:07:03 UTC+8`: the instant on this computer's clock, with the date
    and the offset (a zone's abbreviation can be ambiguous: CST)."""
    when = dt.datetime.fromtimestamp(wall).astimezone()
    seconds = int((when.utcoffset() or dt.timedelta(0)).total_seconds())
    hours, minutes = divmod(abs(seconds) // 60, 60)
    offset = f"UTC{'-' if seconds < 0 else '+'}{hours}" + (f":{minutes:02d}" if minutes else "")
    return f"{when:%Y-%m-%d %H:%M:%S} {offset}"


class AlertLogModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None, units: str = "kmb") -> None:
        super().__init__(parent)
        self._rows: list[LogRow] = []
        self._keys: list[float] = []  # per row, the instant it is ordered by
        self.units = units
        self.colors = "red-up"
        follow_theme(self, self.set_theme)

    # --- edits -------------------------------------------------------------------------

    def add(self, alerts: Sequence[Alert]) -> None:
        self._append([row_from_alert(a) for a in alerts])

    def add_entries(self, entries: Sequence[dict]) -> int:
        """Rows from the alert log file; objects that are not alerts are skipped. Returns
        how many said they were alerts and could not be read (skipped too)."""
        rows = [row for row in map(row_from_entry, entries) if row is not None]
        self._append(rows)
        return sum(is_alert_entry(e) or is_stale_entry(e) or is_undelivered_entry(e)
                   for e in entries) - len(rows)

    def _append(self, rows: list[LogRow]) -> None:
        keyed = self._keyed(rows)[-MAX_ROWS:]
        if not keyed:
            return
        if self._keys and keyed[0][0] < self._keys[-1]:
            # Older than the newest row (another run's log, a clock set back): in its
            # place, in one reset. Live alerts never take this way.
            merged = sorted([*zip(self._keys, self._rows, strict=True), *keyed],
                            key=lambda kr: kr[0])[-MAX_ROWS:]
            self.beginResetModel()
            self._keys = [k for k, _ in merged]
            self._rows = [r for _, r in merged]
            self.endResetModel()
            return
        excess = len(self._rows) + len(keyed) - MAX_ROWS
        if excess > 0:
            self.beginRemoveRows(QModelIndex(), 0, excess - 1)
            del self._rows[:excess]
            del self._keys[:excess]
            self.endRemoveRows()
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(keyed) - 1)
        self._keys.extend(k for k, _ in keyed)
        self._rows.extend(r for _, r in keyed)
        self.endInsertRows()

    def _keyed(self, rows: list[LogRow]) -> list[tuple[float, LogRow]]:
        """(instant, row) in firing order; a row whose instant is unknown stays where it
        came, after the one before it."""
        last = self._keys[-1] if self._keys else -math.inf
        out = []
        for row in rows:
            last = row.wall if math.isfinite(row.wall) else last
            out.append((last, row))
        return sorted(out, key=lambda kr: kr[0])  # stable: one batch keeps its order

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._keys.clear()
        self.endResetModel()

    def set_units(self, units: str) -> None:
        self.units = units
        self._redraw(COL_RULE, COL_VALUE)

    def set_colors(self, colors: str) -> None:
        """"red-up" (inflow red, HK/CN), "green-up" (US), or "auto": each row by its
        market's convention, as the table does."""
        if colors not in COLORS:
            raise ValueError(f"colors must be one of {COLORS}, got {colors!r}")
        self.colors = colors
        self._redraw(COL_VALUE, COL_VALUE)

    def set_theme(self, theme: Theme) -> None:
        self._red, self._green = QColor(theme.red), QColor(theme.green)
        self._redraw(COL_VALUE, COL_VALUE)

    def retranslate(self) -> None:
        """Headers and rule texts again, in the language now spoken."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        self._redraw(COL_RULE, COL_NOTE)

    def _redraw(self, first: int, last: int) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, first), self.index(len(self._rows) - 1, last))

    # --- reading -----------------------------------------------------------------------

    def code_at(self, row: int) -> str:
        return self._rows[row].code

    def row_at(self, row: int) -> LogRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(HEADERS)):
            return self.tr(HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_VALUE:
            if row.value == 0 or math.isnan(row.value):
                return None
            up_red = up_is_red(self.colors, market_of(row.code))
            return self._red if (row.value > 0) == up_red else self._green
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_VALUE:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_TIME and (row.stale is not None or row.undelivered is not None):
                return self.tr("At {fired} (this computer's clock)").format(
                    fired=self._text(row, col))
            if col == COL_TIME:
                return self.tr("Fired at {fired} (this computer's clock)\n"
                               "Exchange time of the record that fired it: {time}").format(
                    fired=self._text(row, col), time=with_zone(market_of(row.code), row.time))
            if col in (COL_RULE, COL_VALUE, COL_NOTE):  # whole text where the column cuts it
                return self._text(row, col) or None
        if role == FILTER_ROLE:
            return f"{row.code}\n{row.rule_text(self.units)}"
        return None

    def _text(self, row: LogRow, col: int) -> str:
        if col == COL_TIME:
            if math.isfinite(row.wall):
                return fired_text(row.wall)
            return with_zone(market_of(row.code), row.time)
        if col == COL_CODE:
            return row.code
        if col == COL_RULE:
            return row.rule_text(self.units)
        if row.stale is not None:  # no value; why, in the note
            return "" if col == COL_VALUE else stale_texts(row.stale, row.source,
                                                           current_language())[1]
        if col == COL_VALUE:
            return row.value_text(self.units)
        return row.note
