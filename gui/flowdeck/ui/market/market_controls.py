"""The Market view's controls: stocks or sectors, market, period, field, order and N,
as one RankRequest (core.ranking) the dock hands to its models."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QSpinBox,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from ...core.ranking import DEFAULT_FIELD, MARKET_CHOICES, MAX_TOP, ORDERS, PERIODS, RankRequest
from ...core.records import NUMERIC_KEYS
from ..look.i18n import current_language
from .market_text import MARKETS, ORDER_TEXT, PERIOD_TEXT, field_label, word

STOCKS_TAB, SECTORS_TAB = 0, 1
DEFAULT_TOP = 20
INDUSTRIES, CONCEPTS = "industry", "concept"


def _combo(name: str, items: list[str], parent: QWidget) -> QComboBox:
    combo = QComboBox(parent, objectName=name)
    for item in items:
        combo.addItem("", item)  # texts in retranslate
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


class MarketControls(QWidget):
    changed = Signal(object)    # RankRequest
    mode_changed = Signal(int)  # STOCKS_TAB or SECTORS_TAB
    boards_changed = Signal(str)  # INDUSTRIES or CONCEPTS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabBar(self, objectName="marketTabs")
        self.tabs.addTab("")
        self.tabs.addTab("")
        self.tabs.setUsesScrollButtons(False)  # both tabs whole, never scrolled
        self.tabs.setExpanding(False)
        self.market = _combo("marketCombo", list(MARKET_CHOICES), self)
        self.period = _combo("periodCombo", list(PERIODS), self)
        # Sectors: a source's own concept boards beside the industries (eastmoney://).
        self.boards = _combo("boardsCombo", [INDUSTRIES, CONCEPTS], self)
        self.boards_offered = False
        self.field = _combo("fieldCombo", list(NUMERIC_KEYS), self)
        self.field.setCurrentIndex(NUMERIC_KEYS.index(DEFAULT_FIELD))
        self.order = _combo("orderCombo", list(ORDERS), self)
        self.top = QSpinBox(self, objectName="topSpin", minimum=1, maximum=MAX_TOP,
                            value=DEFAULT_TOP)
        # Two rows: in one the combos made the dock ~775 px wide at its narrowest,
        # more than half a 1,366-px window.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for widgets in ((self.tabs, self.boards, self.market, self.period),
                        (self.field, self.order, self.top)):
            row = QHBoxLayout()
            for widget in widgets:
                row.addWidget(widget)
            row.addStretch(1)
            layout.addLayout(row)
        for combo in (self.market, self.period, self.field, self.order):
            combo.currentIndexChanged.connect(self._changed)
        self.top.valueChanged.connect(self._changed)
        self.tabs.currentChanged.connect(self._mode)
        self.boards.currentIndexChanged.connect(
            lambda _i: self.boards_changed.emit(self.board_kind))
        self._show_boards()
        self.retranslate()

    def request(self) -> RankRequest:
        return RankRequest(self.market.currentData(), self.period.currentData(),
                           self.field.currentData(), self.order.currentData(),
                           self.top.value())

    @property
    def mode(self) -> int:
        return self.tabs.currentIndex()

    @property
    def board_kind(self) -> str:
        """What the Sectors tab ranks: INDUSTRIES (the members' sums) or CONCEPTS (the
        source's own boards, when it offers them)."""
        return self.boards.currentData() if self.boards_offered else INDUSTRIES

    def offer_boards(self, offered: bool) -> None:
        """Whether the source ranks concept boards itself (feeds.base.RanksBoards)."""
        if offered != self.boards_offered:
            self.boards_offered = offered
            self._show_boards()
            self.boards_changed.emit(self.board_kind)

    def _show_boards(self) -> None:
        self.boards.setVisible(self.boards_offered and self.mode == SECTORS_TAB)

    def retranslate(self) -> None:
        self.tabs.setTabText(STOCKS_TAB, self.tr("Stocks"))
        self.tabs.setTabText(SECTORS_TAB, self.tr("Sectors"))
        lang = current_language()
        for combo, label in ((self.market, lambda k: word(MARKETS[k])),
                             (self.period, lambda k: word(PERIOD_TEXT[k])),
                             (self.field, lambda k: field_label(k, lang)),
                             (self.order, lambda k: word(ORDER_TEXT[k]))):
            for i in range(combo.count()):
                combo.setItemText(i, label(combo.itemData(i)))
        self.boards.setItemText(0, self.tr("Industries"))
        self.boards.setItemText(1, self.tr("Concepts"))
        self.top.setToolTip(self.tr("How many codes or sectors to show"))
        self.top.setPrefix(self.tr("N = "))

    def _changed(self, *_args: object) -> None:
        self.changed.emit(self.request())

    def _mode(self, index: int) -> None:
        self._show_boards()
        self.mode_changed.emit(index)

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
