"""The Big trades dock: the filters above the tape (tape_controls.py), the tape newest
first (tape_view.py over tape_model.py), and a line saying how many big trades the
day's tape keeps and how many older ones its caps dropped; over the tape, the followed
codes whose big trades the source does not see (`set_uncovered`: futu://'s beyond its
quota or without quote rights). A double-click on a trade:
`code_opened` (the window selects that stock in the table and the detail dock)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QVBoxLayout, QWidget

from ...live.store import BATCH, Change, LiveStore
from ..look.theme import tint
from .tape_controls import TapeControls
from .tape_model import TapeModel
from .tape_rows import ROWS
from .tape_text import CODE, NAME, PRICE, QUANTITY, SIDE, TIER, TIME, VALUE, uncovered_text
from .tape_view import TapeView

# Wide enough for each column's text in English and Chinese (K/M/B and 万/亿).
_WIDTHS = {TIME: 64, CODE: 76, NAME: 110, PRICE: 64, QUANTITY: 76, VALUE: 70, SIDE: 56,
           TIER: 50}


class TapeDock(QDockWidget):
    code_opened = Signal(str)

    def __init__(self, store: LiveStore, parent: QWidget | None = None, *,
                 limit: int = ROWS) -> None:
        super().__init__(parent)
        self.setObjectName("tapeDock")
        self.store = store
        self.kept = QLabel(self, objectName="tapeKept")
        tint(self.kept, "dim")
        self._counts = (-1, -1)
        self.uncovered = QLabel(self, objectName="tapeUncovered", wordWrap=True)
        tint(self.uncovered, "warning")
        self.uncovered.hide()
        self._uncovered: dict[str, str] = {}
        self.controls = TapeControls(self)
        self.model = TapeModel(store, self, limit=limit, filter=self.controls.current())
        self.view = TapeView(self.model, "tapeView", self)
        for column, width in _WIDTHS.items():
            self.view.setColumnWidth(column, width)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.controls)
        layout.addWidget(self.uncovered)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.kept)
        self.setWidget(body)
        store.add_listener(self._count)
        self.controls.changed.connect(self.model.set_filter)
        self.view.doubleClicked.connect(self._open)
        self.retranslate()

    def set_watched(self, codes: frozenset[str]) -> None:
        self.controls.set_watched(codes)

    def set_uncovered(self, uncovered: dict[str, str]) -> None:
        """Followed codes whose big trades the source does not see, each with why."""
        self._uncovered = dict(uncovered)
        line, tip = uncovered_text(self._uncovered)
        self.uncovered.setText(line)
        self.uncovered.setToolTip(tip)
        self.uncovered.setVisible(bool(line))

    def _open(self, index: QModelIndex) -> None:
        code = self.model.code_at(index.row())
        if code is not None:
            self.code_opened.emit(code)

    def _count(self, change: Change | None = None) -> None:
        tape = self.store.tape
        counts = (len(tape), tape.dropped)
        if change is not None and (change.kind != BATCH or counts == self._counts):
            return
        self._counts = counts
        self.kept.setText(self.tr("{kept} big trades kept today, {dropped} older ones "
                                  "dropped by the caps").format(
            kept=f"{counts[0]:,}", dropped=f"{counts[1]:,}"))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Big trades"))
        self.kept.setToolTip(self.tr("The tape keeps each code's last trades of the day "
                                     "and a number in all (Settings › Big trades)"))
        self._count()
        self.set_uncovered(self._uncovered)
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
