"""The alert rules as a table model, one rule a row; the On column's check box is the
rule's enabled flag. An expired rule is greyed and says so; a channel a rule names that
the settings do not define is marked in its Sends to cell. It holds the rules the
dialog shows, never the truth: `edited` is emitted by edits only (a retranslation also
emits dataChanged), so a reload or a language switch can never be taken for a change to
save."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from ...core.alert_rules import Rule, format_value, unknown_channels
from ...core.currency import Rates
from ...core.rule_conditions import expired
from ...core.rule_thresholds import missing_rates
from .alert_text import describe_rule, duration_text, scope_text
from .market_thresholds import missing_rate_text

TITLES = (QT_TRANSLATE_NOOP("RulesModel", "On"), QT_TRANSLATE_NOOP("RulesModel", "Scope"),
          QT_TRANSLATE_NOOP("RulesModel", "Rule"), QT_TRANSLATE_NOOP("RulesModel", "Hysteresis"),
          QT_TRANSLATE_NOOP("RulesModel", "Cooldown"), QT_TRANSLATE_NOOP("RulesModel", "Sends to"),
          QT_TRANSLATE_NOOP("RulesModel", "Note"))
ON, SCOPE, RULE, HYSTERESIS, COOLDOWN, CHANNELS, NOTE = range(len(TITLES))
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # a shared default: an invalid index is immutable


class RulesModel(QAbstractTableModel):
    """The rules, one a row; the On column's check box is the rule's enabled flag.
    `edited` is emitted by edits only; dataChanged also comes from a retranslation."""

    edited = Signal()

    def __init__(self, rules: Sequence[Rule], units: str = "kmb",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rules = list(rules)
        self.units = units
        self.rates: Rates | None = None  # the settings': which rules miss a rate
        self.channel_names: Sequence[str] | None = None  # the settings'; None: not known
        self.today: Callable[[], str] = lambda: dt.date.today().isoformat()

    def rules(self) -> list[Rule]:
        return list(self._rules)

    def set_rules(self, rules: Sequence[Rule]) -> None:
        """Show the caller's rules (a reload, not an edit: `edited` stays quiet)."""
        self.beginResetModel()
        self._rules = list(rules)
        self.endResetModel()

    def rule(self, row: int) -> Rule:
        return self._rules[row]

    def row_of(self, rule: Rule) -> int | None:
        """The row holding this very object (equal rules may sit in two rows)."""
        return next((i for i, r in enumerate(self._rules) if r is rule), None)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rules)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(TITLES)):
            return self.tr(TITLES[section])
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(TITLES) - 1)
        if self._rules:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rules) - 1, len(TITLES) - 1))

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == ON:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rules):
            return None
        rule, column = self._rules[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(rule, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == ON:
            return Qt.CheckState.Checked if rule.enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ON:
                return (self.tr("On: alerts fire") if rule.enabled
                        else self.tr("Off: kept but silent"))
            return "\n".join(filter(None, (self._text(rule, column),
                                            self._problem(rule, column)))) or None
        if role == Qt.ItemDataRole.DecorationRole and self._problem(rule, column):
            return QApplication.style().standardIcon(  # a visible mark, said above
                QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ForegroundRole and column != ON \
                and (not rule.enabled or self.expired(rule)):
            return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                   QPalette.ColorRole.Text)
        return None

    def expired(self, rule: Rule) -> bool:
        """Past its expiry day (this computer's date): silent."""
        return expired(rule.expires, self.today())

    def missing_channels(self, rule: Rule) -> list[str]:
        """The channels `rule` names that the settings do not define."""
        if self.channel_names is None:
            return []
        return unknown_channels(rule.channels, self.channel_names)

    def _problem(self, rule: Rule, column: int) -> str:
        if column == RULE:
            missing = missing_rates(rule, None, self.rates)
            return missing_rate_text(missing) if missing else ""
        if column == CHANNELS:
            missing = self.missing_channels(rule)
            return self.tr("Not in Settings > Channels: {names}. The rule keeps them; "
                           "alerts skip them until they are added.").format(
                names=", ".join(missing)) if missing else ""
        return ""

    def _text(self, rule: Rule, column: int) -> str | None:
        if column == SCOPE:
            return scope_text(rule.scope)
        if column == RULE:
            text = describe_rule(rule, self.units)
            if self.expired(rule):
                return self.tr("{rule} (expired {day})").format(rule=text, day=rule.expires)
            if rule.expires:
                return self.tr("{rule} (until {day})").format(rule=text, day=rule.expires)
            return text
        if column == HYSTERESIS:
            return format_value(rule.field, rule.hysteresis, self.units) if rule.hysteresis \
                else duration_text(0)
        if column == COOLDOWN:
            return (self.tr("{cooldown}, once a day").format(
                cooldown=duration_text(rule.cooldown_s)) if rule.once_per_day
                else duration_text(rule.cooldown_s))
        if column == CHANNELS:
            return ", ".join([self.tr("Tray"), *rule.channels])
        if column == NOTE:
            return rule.note
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or index.column() != ON
                or role != Qt.ItemDataRole.CheckStateRole):
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked
        rule = self._rules[index.row()]
        if rule.enabled != on:
            self.replace(index.row(), rule.with_changes(enabled=on))
        return True

    def replace(self, row: int, rule: Rule) -> None:
        self._rules[row] = rule
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(TITLES) - 1))
        self.edited.emit()

    def insert(self, row: int, rule: Rule) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self._rules.insert(row, rule)
        self.endInsertRows()
        self.edited.emit()

    def remove(self, row: int) -> Rule:
        self.beginRemoveRows(QModelIndex(), row, row)
        rule = self._rules.pop(row)
        self.endRemoveRows()
        self.edited.emit()
        return rule
