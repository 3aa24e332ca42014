"""Settings > Channels' list: one row per channel of the settings (name, kind, state,
messages waiting), read from WindowChannels each time it changes (saved, or a
ChannelState told by the Deliveries): the model keeps no channel of its own."""

from __future__ import annotations

import time

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...core.channel_spec import ChannelSpec
from ...live.delivery_state import ChannelState
from .channel_edit_dialog import KIND_LABELS
from .window_channels import WindowChannels

Index = QModelIndex | QPersistentModelIndex
NAME, KIND, STATE, PENDING = range(4)


def clock_text(wall: float) -> str:
    return time.strftime("%H:%M", time.localtime(wall))


class ChannelsModel(QAbstractTableModel):
    def __init__(self, channels: WindowChannels, parent=None) -> None:
        super().__init__(parent)
        self.channels = channels
        self.specs: list[ChannelSpec] = channels.specs()[0]
        channels.changed.connect(self.reload)
        channels.state_changed.connect(self._state_changed)

    def reload(self) -> None:
        self.beginResetModel()
        self.specs = self.channels.specs()[0]
        self.endResetModel()

    def _state_changed(self, state: ChannelState) -> None:
        for row, spec in enumerate(self.specs):
            if spec.name == state.name:
                self.dataChanged.emit(self.index(row, STATE), self.index(row, PENDING))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self.specs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < 4:
            return None
        return (self.tr("Name"), self.tr("Kind"), self.tr("State"), self.tr("Waiting"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        spec = self.specs[index.row()]
        column = index.column()
        if column == NAME:
            return spec.name
        if column == KIND:
            return KIND_LABELS[spec.kind]
        state = self.channels.state(spec.name)
        if column == PENDING:
            return "" if state is None or state.pending == 0 else (
                "?" if state.pending < 0 else str(state.pending))
        return self.state_text(spec, state)

    def state_text(self, spec: ChannelSpec, state: ChannelState | None) -> str:
        if not spec.enabled:
            return self.tr("Off")
        why = self.channels.unusable.get(spec.name)
        if why is not None:
            return self.tr("Not usable: {why}").format(why=why)
        if state is None:
            return self.tr("Not running")
        if state.ok or state.failing_since is None:
            if state.last_sent is None:
                return self.tr("OK")
            return self.tr("OK, last sent {time}").format(time=clock_text(state.last_sent))
        return self.tr("Failing since {time}: {error}").format(
            time=clock_text(state.failing_since), error=state.last_error)

    def spec(self, row: int) -> ChannelSpec | None:
        return self.specs[row] if 0 <= row < len(self.specs) else None
