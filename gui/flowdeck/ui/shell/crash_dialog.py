"""The dialog an unhandled exception shows: what went wrong, the traceback, where the log
is. Non-modal (the window keeps running); later errors only update its count."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class CrashDialog(QDialog):
    def __init__(self, log_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("FlowDeck: unexpected error"))
        self.setModal(False)
        self.errors = 0
        self._summary = QLabel(objectName="crashSummary", wordWrap=True)
        self._count = QLabel(objectName="crashCount")
        self._details = QPlainTextEdit(objectName="crashDetails", readOnly=True)
        self._details.setMinimumSize(560, 220)
        log = QLabel(self.tr("FlowDeck keeps running. Every error is written to\n{path}")
                     .format(path=log_path), objectName="crashLogPath")
        log.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(self.tr("Copy details"))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        for widget in (self._summary, self._count, self._details, log, buttons):
            layout.addWidget(widget)

    def add_error(self, summary: str, details: str) -> None:
        """The first error fills the dialog; later ones are counted (the log has them)."""
        self.errors += 1
        if self.errors == 1:
            self._summary.setText(summary)
            self._details.setPlainText(details)
            self._count.hide()
        else:
            self._count.setText(self.tr("{n} more error(s) since; see the log.")
                                .format(n=self.errors - 1))
            self._count.show()

    def summary(self) -> str:
        return self._summary.text()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self._details.toPlainText())
