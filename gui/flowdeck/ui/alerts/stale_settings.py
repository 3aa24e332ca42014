"""The settings dialog's Stale data page: data-stale alerts on or off, the time without
an update that makes one (while the market is open), and the channels they go to
besides the alert log (the settings' [[channels]], checked by name). On
core.stale_alerts' StaleSettings, saved as [stale] by storage.stale_settings.

A name [stale] lists that is not (or no longer) a configured channel stays listed and
checked, marked, so saving the page never drops it silently."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from ...core.stale_alerts import MAX_STALE_S, MIN_STALE_S, StaleSettings
from ..look.theme import tint

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class StaleSettingsPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staleSettingsPage")
        self.enabled = QCheckBox(self, objectName="staleAlertsEnabled")
        self.stale_s = QSpinBox(self, objectName="staleAlertsSeconds",
                                minimum=int(MIN_STALE_S), maximum=int(MAX_STALE_S),
                                singleStep=30)
        self.channels = QListWidget(self, objectName="staleAlertsChannels")
        self.channels.setMaximumHeight(120)
        self.note = QLabel(self, objectName="staleAlertsNote", wordWrap=True)
        tint(self.note, "dim")
        self.labels = {name: QLabel(self) for name in ("stale_s", "channels")}
        form = QFormLayout(self)
        form.addRow(self.note)
        form.addRow(self.enabled)
        form.addRow(self.labels["stale_s"], self.stale_s)
        form.addRow(self.labels["channels"], self.channels)
        self.enabled.toggled.connect(self._enable)
        self._unknown: set[str] = set()
        self._loaded = StaleSettings()
        self.retranslate()

    def load(self, settings: StaleSettings, configured: Sequence[str]) -> None:
        """Show `settings`, with a box for each `configured` channel name."""
        self._loaded = settings
        self.enabled.setChecked(settings.enabled)
        self.stale_s.setValue(round(settings.stale_s))
        self.channels.clear()
        self._unknown = set(settings.channels) - set(configured)
        for name in [*configured, *sorted(self._unknown)]:
            item = QListWidgetItem(name, self.channels)
            item.setData(NAME_ROLE, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in settings.channels
                               else Qt.CheckState.Unchecked)
        self._enable(settings.enabled)
        self.retranslate()

    def settings(self) -> StaleSettings:
        """As shown; what was not changed as it was loaded (90.5 s stays 90.5, the
        channels keep their order)."""
        loaded = self._loaded
        names = [self.channels.item(i).data(NAME_ROLE) for i in range(self.channels.count())
                 if self.channels.item(i).checkState() == Qt.CheckState.Checked]
        seconds = self.stale_s.value()
        return StaleSettings(
            self.enabled.isChecked(),
            loaded.stale_s if round(loaded.stale_s) == seconds else float(seconds),
            loaded.channels if set(names) == set(loaded.channels) else tuple(names))

    def _enable(self, on: bool) -> None:
        self.stale_s.setEnabled(on)
        self.channels.setEnabled(on)

    def retranslate(self) -> None:
        self.note.setText(self.tr(
            "One alert when the source is down, or codes of an open market have had no "
            "update for this long, and one when the data comes back; never during lunch "
            "breaks or when the market is closed. They are kept in the alert log and go "
            "to the channels checked."))
        self.enabled.setText(self.tr("Alert when data goes stale"))
        self.labels["stale_s"].setText(self.tr("No update for"))
        self.stale_s.setSuffix(self.tr(" s"))
        self.labels["channels"].setText(self.tr("Send to"))
        for i in range(self.channels.count()):
            item = self.channels.item(i)
            name = item.data(NAME_ROLE)
            item.setText(self.tr("{name} (not configured)").format(name=name)
                         if name in self._unknown else name)
        if not self.channels.count():
            self.channels.setToolTip(self.tr("No channels yet: add them on the Channels "
                                             "page; alerts still go to the alert log."))
        else:
            self.channels.setToolTip("")

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
