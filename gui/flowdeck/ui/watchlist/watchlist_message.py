"""The watchlist dock's message row: one line that always takes the same room (so the
code list keeps its rows and the dock its width, whatever was pasted), a "Details…"
button when the line leaves something out, and the non-modal dialog that shows it.

Texts are functions giving them in the language spoken: shown again on a switch, in the
row and in the dialog (open or not)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..look.elided_label import ElidedLabel
from ..look.theme import tint

# A message, or a function giving it in the language spoken.
Message = str | Callable[[], str]


def _text(message: Message | None) -> str:
    return (message() if callable(message) else message) or ""


class DetailsDialog(QDialog):
    """What a paste or an import did, whole (objectName "watchlistDetailsDialog")."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("watchlistDetailsDialog")
        self.text = QPlainTextEdit(objectName="watchlistDetailsText", readOnly=True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(560, 360)
        self._details: Message = ""
        self.retranslate()

    def set_details(self, details: Message) -> None:
        self._details = details
        self.text.setPlainText(_text(details))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Watchlist: details"))
        self.text.setPlainText(_text(self._details))

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class MessageRow(QWidget):
    """The one-line message and its Details… button (objectNames "watchlistMessage",
    "watchlistDetailsButton"); the dialog is made on first use and kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = ElidedLabel(objectName="watchlistMessage")
        # The dock's width is the layout's to decide, not the last paste's.
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.details_button = QToolButton(objectName="watchlistDetailsButton", autoRaise=True)
        self.details_button.clicked.connect(self.open_details)
        self.details_button.hide()
        self.dialog: DetailsDialog | None = None
        self._message: Message = ""
        self._details: Message | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.details_button)
        self.retranslate()

    def show_message(self, message: Message, error: bool = False,
                     details: Message | None = None) -> None:
        self._message, self._details = message, details
        self.label.setText(_text(message))
        tint(self.label, "error" if error else "")
        self.details_button.setVisible(details is not None)
        # A hidden dialog is brought up to date when it is opened (open_details).
        if self.dialog is not None and self.dialog.isVisible() and details is not None:
            self.dialog.set_details(details)

    def text(self) -> str:
        return self.label.text()

    def details_text(self) -> str:
        return _text(self._details)

    def open_details(self) -> DetailsDialog:
        """Non-modal (never exec(): a nested loop would stall the asyncio tasks)."""
        if self.dialog is None:
            self.dialog = DetailsDialog(self)
        self.dialog.set_details(self._details or "")
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def retranslate(self) -> None:
        self.details_button.setText(self.tr("Details…"))
        self.details_button.setToolTip(self.tr("Everything the last paste or import did"))
        self.label.setText(_text(self._message))
        # The row's height is fixed: a message, a button or none never moves the list.
        self.setFixedHeight(max(self.label.sizeHint().height(),
                                self.details_button.sizeHint().height()))

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
