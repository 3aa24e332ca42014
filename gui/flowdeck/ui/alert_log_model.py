"""The alert log as a table: one row per alert that fired, oldest at the top.

Rows hold raw numbers, not text, so a change of units or colours redraws without
rebuilding anything. Rows come from live `Alert`s or from the alert log file's JSON
objects (`Alert.to_json()`); the latter are described without a Rule, so a line a newer
or older FlowDeck wrote still shows as long as its field is known.
"""

from __future__ import annotations

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

from ..core.alert_rules import Rule, format_value
from ..core.alerts import Alert
from ..core.markets import market_of
from ..core.records import FIELD_BY_KEY
from .alert_text import describe, describe_rule
from .cell_format import COLORS, red_up
from .theme import Theme, follow_theme

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
    rule: Rule | None = None  # live alerts keep theirs; rows read from the file have none

    def rule_text(self, units: str) -> str:
        """In the language spoken (a row read from the file is described without a Rule)."""
        if self.rule is not None:
            return describe_rule(self.rule, units)
        return describe(self.field, self.op, self.threshold, units)


def row_from_alert(alert: Alert) -> LogRow:
    r = alert.rule
    return LogRow(alert.time, alert.code, r.field, r.op.value, r.threshold, alert.value,
                  r.note, r)


def row_from_entry(entry: Any) -> LogRow | None:
    """A row from one alert log object, or None when it is not a readable alert."""
    if not isinstance(entry, Mapping) or entry.get("type", "alert") != "alert":
        return None
    field = entry.get("field")
    if field not in FIELD_BY_KEY or not isinstance(entry.get("code"), str):
        return None
    try:
        threshold, value = float(entry.get("threshold", math.nan)), float(entry["value"])
    except (KeyError, TypeError, ValueError):
        return None
    return LogRow(str(entry.get("time", "")), entry["code"], field, str(entry.get("op", "?")),
                  threshold, value, str(entry.get("note") or ""))


class AlertLogModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None, units: str = "kmb") -> None:
        super().__init__(parent)
        self._rows: list[LogRow] = []
        self.units = units
        self.colors = "red-up"
        follow_theme(self, self.set_theme)

    # --- edits -------------------------------------------------------------------------

    def add(self, alerts: Sequence[Alert]) -> None:
        self._append([row_from_alert(a) for a in alerts])

    def add_entries(self, entries: Sequence[dict]) -> None:
        """Rows from the alert log file; lines that are not alerts are skipped."""
        self._append([row for row in map(row_from_entry, entries) if row is not None])

    def _append(self, rows: list[LogRow]) -> None:
        rows = rows[-MAX_ROWS:]
        if not rows:
            return
        excess = len(self._rows) + len(rows) - MAX_ROWS
        if excess > 0:
            self.beginRemoveRows(QModelIndex(), 0, excess - 1)
            del self._rows[:excess]
            self.endRemoveRows()
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
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
        self._redraw(COL_RULE, COL_RULE)

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
            up_red = red_up(self.colors, market_of(row.code))
            return self._red if (row.value > 0) == up_red else self._green
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_VALUE:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_TIME:
                return self.tr("Exchange time of the record that fired the alert: {time}"
                               ).format(time=row.time)
            if col in (COL_RULE, COL_NOTE):  # whole text where the column cuts it
                return self._text(row, col) or None
        if role == FILTER_ROLE:
            return f"{row.code}\n{row.rule_text(self.units)}"
        return None

    def _text(self, row: LogRow, col: int) -> str:
        if col == COL_TIME:
            # The dock holds today's alerts: the date is in the tooltip, not in the way.
            return row.time.rpartition(" ")[2] or row.time
        if col == COL_CODE:
            return row.code
        if col == COL_RULE:
            return row.rule_text(self.units)
        if col == COL_VALUE:
            return format_value(row.field, row.value, self.units)
        return row.note
