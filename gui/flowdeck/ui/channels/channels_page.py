"""Settings > Channels: the alert channels of the settings with their state (ok, failing
since ..., the last error, messages waiting), Add / Edit / Remove (each saved at once
through WindowChannels: the page keeps no copy), and "Send test message", which shows
the provider's answer or error. The test runs as a task on the window's loop: the GUI
never waits on it, and a page closed or deleted meanwhile is left alone.

Where the secrets are is said above the list when there is no keyring; tables of the
settings file that are not valid channels are named below it (kept in the file)."""

from __future__ import annotations

import asyncio

import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...channels.base import ChannelError
from ...core.errors import FlowDeckError
from ...storage.atomic import StorageError
from ...storage.secrets import SecretStoreError
from ..look.theme import tint
from .channel_edit_dialog import ChannelEditDialog
from .channels_model import STATE, ChannelsModel
from .window_channels import WindowChannels


class ChannelsPage(QWidget):
    def __init__(self, channels: WindowChannels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("channelsPage")
        self.channels = channels
        self.model = ChannelsModel(channels, self)
        self.view = QTableView(self, objectName="channelsView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STATE, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _: self.edit())
        self.warning = QLabel(self, objectName="channelsSecretsWarning", wordWrap=True)
        tint(self.warning, "warning")
        self.problems = QLabel(self, objectName="channelsProblems", wordWrap=True)
        tint(self.problems, "error")
        self.result = QLabel(self, objectName="channelTestResult", wordWrap=True)
        self.buttons = {name: QPushButton(self, objectName=f"channel{name.title()}")
                        for name in ("add", "edit", "remove", "test")}
        self.buttons["add"].clicked.connect(lambda: self.add())
        self.buttons["edit"].clicked.connect(lambda: self.edit())
        self.buttons["remove"].clicked.connect(lambda: self.remove())
        self.buttons["test"].clicked.connect(lambda: self.send_test())
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problems)
        layout.addLayout(row)
        layout.addWidget(self.result)
        self.dialog: ChannelEditDialog | None = None
        self.task: asyncio.Task | None = None
        self._running: list[asyncio.Task] = []
        self._result = ("", "", "")  # the last test's (kind, channel, text): re-said in
        # the language spoken
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        channels.changed.connect(self.refresh)
        # Not a method of self: by the time `destroyed` is told, self is half gone.
        running = self._running
        self.destroyed.connect(lambda *_: [task.cancel() for task in running])
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        for name, text in (("add", self.tr("Add…")), ("edit", self.tr("Edit…")),
                           ("remove", self.tr("Remove")),
                           ("test", self.tr("Send test message"))):
            self.buttons[name].setText(text)
        self._show_result()
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        store = self.channels.store()
        self.warning.setText(self.tr(
            "No keyring is available: the channels' secrets are kept in {path}, readable "
            "only by you but not encrypted. Install a keyring (GNOME Keyring, KWallet) to "
            "keep them encrypted.").format(path=store.path) if store.fallback else "")
        self.warning.setVisible(store.fallback)
        problems = self.channels.specs()[1]
        self.problems.setText(self.tr("Not valid, kept in the settings file as written: "
                                      "{problems}").format(
            problems="; ".join(str(p) for p in problems)) if problems else "")
        self.problems.setVisible(bool(problems))
        self.model.reload()
        self._enable()

    def _enable(self) -> None:
        chosen = self.selected() is not None
        for name in ("edit", "remove"):
            self.buttons[name].setEnabled(chosen)
        self.buttons["test"].setEnabled(chosen and self.task is None)

    def selected(self):
        rows = self.view.selectionModel().selectedRows()
        return self.model.spec(rows[0].row()) if rows else None

    def add(self) -> ChannelEditDialog:
        return self._open(ChannelEditDialog(self.channels, None, self))

    def edit(self) -> ChannelEditDialog | None:
        spec = self.selected()
        return self._open(ChannelEditDialog(self.channels, spec, self)) if spec else None

    def _open(self, dialog: ChannelEditDialog) -> ChannelEditDialog:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # never exec(): a nested loop would stall the asyncio tasks
        return dialog

    def remove(self) -> QMessageBox | None:
        spec = self.selected()
        if spec is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove channel"),
                          self.tr("Remove channel {name} and its secrets? Rules that name "
                                  "it will alert on the tray only.").format(name=spec.name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self)
        box.setObjectName("channelRemoveConfirm")
        box.finished.connect(box.deleteLater)
        box.accepted.connect(lambda: self._remove(spec.name))
        box.open()
        return box

    def _remove(self, name: str) -> None:
        try:
            self.channels.remove_channel(name)
        except (SecretStoreError, StorageError) as exc:
            self._set_result("error", name, str(exc))

    def send_test(self) -> asyncio.Task | None:
        spec = self.selected()
        if spec is None or self.task is not None:
            return None
        self._set_result("busy", spec.name, "")
        self.task = asyncio.get_event_loop().create_task(self._test(spec.name))
        self._running.append(self.task)
        self.task.add_done_callback(self._running.remove)
        self._enable()
        return self.task

    async def _test(self, name: str) -> None:
        try:
            sent = await self.channels.send_test(name)
            outcome = ("ok", name, sent.answer)
        except ChannelError as exc:
            outcome = ("error", name, exc.message + (
                f" ({exc.answer})" if exc.answer and exc.answer not in exc.message else ""))
        except (FlowDeckError, SecretStoreError) as exc:
            outcome = ("error", name, exc.message)
        except Exception as exc:  # a channel's bug: its text may quote a URL with a key
            outcome = ("error", name, type(exc).__name__)
        if shiboken6.isValid(self):  # the page may be gone (settings closed for good)
            self.task = None
            self._set_result(*outcome)
            self._enable()

    def _set_result(self, kind: str, name: str, text: str) -> None:
        self._result = (kind, name, text)
        self._show_result()

    def _show_result(self) -> None:
        kind, name, text = self._result
        if kind == "busy":
            shown = self.tr("Sending a test message to {name}…").format(name=name)
        elif kind == "ok":
            shown = self.tr("Delivered to {name}. The provider answered: {answer}").format(
                name=name, answer=text)
        elif kind == "error":
            shown = self.tr("Not delivered to {name}: {error}").format(name=name, error=text)
        else:
            shown = ""
        self.result.setText(shown)
        tint(self.result, {"ok": "ok", "error": "error"}.get(kind, "dim"))
