"""The rule editor's "when and where" (issue 22): once a day per code, an expiry date,
and the channels its alerts go to besides the tray, a check box per channel the settings
define (Settings > Channels). A channel the rule names that no longer exists stays
checked and is said to be missing: the rule keeps it until the trader unticks it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.alert_rules import Rule
from ...storage.channel_settings import channel_specs
from ...storage.config import Config
from ..look.theme import tint
from .rule_fields import row_of

NAME_ROLE = Qt.ItemDataRole.UserRole


def channel_names(config: Config) -> list[str]:
    """The names of the settings' channels (C3's [[channels]] tables that load)."""
    specs, _problems = channel_specs(config)
    return [spec.name for spec in specs]


def window_channel_names(widget: QWidget | None) -> list[str] | None:
    """The channel names of the window a dialog is opened on (the nearest parent with a
    settings Config), or None without one."""
    while widget is not None:
        config = getattr(widget, "config", None)
        if isinstance(config, Config):
            return channel_names(config)
        widget = widget.parentWidget()
    return None


class DeliveryBox(QWidget):
    changed = Signal()

    def __init__(self, channels: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("delivery")
        self._known = list(channels)
        self._order: list[str] = []  # the loaded rule's channels, in its order
        self.once_per_day = QCheckBox(objectName="oncePerDay")
        self.expires = QCheckBox(objectName="expires")
        self.expires_date = QDateEdit(objectName="expiresDate", calendarPopup=True)
        self.expires_date.setDisplayFormat("yyyy-MM-dd")
        self.expires_date.setDate(QDate.currentDate().addMonths(1))
        self.channels = QListWidget(objectName="channels")
        self.channels_note = QLabel(objectName="channelsNote", wordWrap=True)
        tint(self.channels_note, "dim")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        when = row_of(self.once_per_day, self.expires, self.expires_date)
        when.layout().addStretch(1)  # the check boxes only as wide as their texts
        layout.addWidget(when)
        layout.addWidget(self.channels_note)
        layout.addWidget(self.channels)
        self._fill(())
        self.once_per_day.toggled.connect(self._edited)
        self.expires.toggled.connect(self._edited)
        self.expires_date.dateChanged.connect(self._edited)
        self.channels.itemChanged.connect(self._edited)

    def load(self, rule: Rule) -> None:
        self.once_per_day.setChecked(rule.once_per_day)
        self.expires.setChecked(bool(rule.expires))
        if rule.expires:
            day = dt.date.fromisoformat(rule.expires)
            self.expires_date.setDate(QDate(day.year, day.month, day.day))
        self._order = list(rule.channels)
        self._fill(rule.channels)

    def values(self) -> dict[str, Any]:
        """make_rule's once_per_day, expires and channels."""
        return {"once_per_day": self.once_per_day.isChecked(),
                "expires": (self.expires_date.date().toString("yyyy-MM-dd")
                            if self.expires.isChecked() else ""),
                "channels": self.checked()}

    def checked(self) -> list[str]:
        """The ticked names: the rule's own in its order (an untouched rule is the same
        rule), then the newly ticked ones in the list's."""
        ticked = [item.data(NAME_ROLE) for item in self._items()
                  if item.checkState() == Qt.CheckState.Checked]
        return ([n for n in self._order if n in ticked]
                + [n for n in ticked if n not in self._order])

    def retranslate(self) -> None:
        self.once_per_day.setText(self.tr("At most once a day for each code"))
        self.once_per_day.setToolTip(self.tr("Besides the cooldown: after it fires for a "
                                             "code, not again that exchange day"))
        self.expires.setText(self.tr("Expires after"))
        self.expires.setToolTip(self.tr("After this day the rule stays silent"))
        self._texts()

    def _fill(self, chosen: Sequence[str]) -> None:
        self.channels.blockSignals(True)
        self.channels.clear()
        for name in [*self._known, *(n for n in chosen if n not in self._known)]:
            item = QListWidgetItem(name)
            item.setData(NAME_ROLE, name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen
                               else Qt.CheckState.Unchecked)
            self.channels.addItem(item)
        self.channels.blockSignals(False)
        self.channels.setVisible(self.channels.count() > 0)
        self.channels.setMaximumHeight(
            self.channels.sizeHintForRow(0) * min(3, max(1, self.channels.count())) + 6)
        self._texts()

    def _items(self) -> list[QListWidgetItem]:
        return [self.channels.item(i) for i in range(self.channels.count())]

    def _texts(self) -> None:
        self.channels.blockSignals(True)
        for item in self._items():
            name = item.data(NAME_ROLE)
            item.setText(name if name in self._known
                         else self.tr("{name} (not in Settings > Channels)").format(name=name))
        self.channels.blockSignals(False)
        self.channels_note.setText(
            self.tr("The tray always; also to the channels ticked:") if self._known
            else self.tr("The tray only: add channels (WeCom, DingTalk, e-mail…) in "
                         "Settings > Channels."))
        self.expires_date.setEnabled(self.expires.isChecked())

    def _edited(self, *_args: object) -> None:
        self.expires_date.setEnabled(self.expires.isChecked())
        self.changed.emit()
