"""A one-line label that never asks its layout for the width of its text: what does not
fit ends in "…", and the whole text is its tooltip. Used where a long text would
otherwise widen a dock or the window (the watchlist dock's message, the status bar)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

ELLIPSIS = "…"


class ElidedLabel(QLabel):
    """Plain text on one line (newlines shown as spaces); `text()` is the whole text."""

    def __init__(self, parent: QWidget | None = None, *, objectName: str = "") -> None:
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        # Its text's width preferred, the width of an ellipsis enough.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def shown_text(self) -> str:
        """What is drawn: the text on one line, elided to the label's width."""
        one_line = " ".join(self.text().split("\n"))
        return self.fontMetrics().elidedText(one_line, Qt.TextElideMode.ElideRight,
                                             self.contentsRect().width())

    def minimumSizeHint(self) -> QSize:  # Qt calls it
        margins = self.contentsMargins()
        return QSize(self.fontMetrics().horizontalAdvance(ELLIPSIS * 3)
                     + margins.left() + margins.right(), self.sizeHint().height())

    def sizeHint(self) -> QSize:  # Qt calls it
        margins = self.contentsMargins()
        metrics = self.fontMetrics()
        one_line = " ".join(self.text().split("\n"))
        return QSize(metrics.horizontalAdvance(one_line) + margins.left() + margins.right(),
                     metrics.height() + margins.top() + margins.bottom())

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt calls it
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(),
                                  int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
                                  self.palette(), self.isEnabled(), self.shown_text(),
                                  self.foregroundRole())
