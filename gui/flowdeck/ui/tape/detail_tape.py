"""The detail dock's own tape: the shown stock's big trades, newest first, in a "Trades"
tab beside its flows and days (the Big trades dock's model and view, filtered to the
one code, its code and name columns hidden), and their marks on its intraday chart
(detail.trade_marks). Both follow the dock's code (`shown_changed`) and the store's
Changes that bring that code's trades; on a past day the chart shows no marks (the
tape is today's) and the tab keeps today's list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from ...core.big_trades import BigTrades
from ...core.markets import market_of
from ...live.store import BATCH, Change, LiveStore
from ..detail.detail_dock import DetailDock
from ..detail.trade_marks import TradeMarks
from ..look.i18n import up_is_red
from ..look.theme import Theme, current_theme, follow_theme
from .tape_model import TapeModel
from .tape_rows import TapeFilter
from .tape_text import CODE, NAME
from .tape_view import TapeView

ROWS = 500  # the one stock's latest prints: the tab's list, not its whole day


class DetailTape(QObject):
    def __init__(self, dock: DetailDock, store: LiveStore) -> None:
        super().__init__(dock)
        self.setObjectName("detailTape")
        self.dock, self.store = dock, store
        self.code: str | None = None
        self.model = TapeModel(store, self, limit=ROWS, filter=self._filter(None))
        self.view = TapeView(self.model, "detailTapeView", dock)
        for column in (CODE, NAME):
            self.view.setColumnHidden(column, True)
        self.tab = dock.tabs.addTab(self.view, "")
        self.marks = TradeMarks(dock.price_line.view)
        self._colors = "auto"
        self._theme: Theme = current_theme()
        store.add_listener(self.on_change)
        dock.shown_changed.connect(self.follow_dock)
        dock.installEventFilter(self)
        follow_theme(self, self.set_theme)
        self.retranslate()
        self.follow_dock()

    @staticmethod
    def _filter(code: str | None) -> TapeFilter:
        return TapeFilter(codes=frozenset([code] if code else []))

    def follow_dock(self) -> None:
        """The dock shows another code or day: its list and marks."""
        code = self.dock.code
        if code != self.code:
            self.code = code
            self.model.set_filter(self._filter(code))
            self._look()
        self._mark()

    def on_change(self, change: Change) -> None:
        code = self.code
        if change.kind == BATCH and code is not None and (
                code in change.restart or code in change.trades.codes):
            self._mark()

    def _mark(self) -> None:
        live = self.code is not None and self.dock.shown_day is None
        self.marks.set_trades(self.store.tape.of(self.code) if live else BigTrades.empty())

    def set_display(self, lang: str, units: str, colors: str) -> None:
        """The window's language, units and colour setting (its table's)."""
        self.model.set_display(lang, units, colors)
        self._colors = colors
        self._look()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._look()

    def _look(self) -> None:
        code = self.code
        red = code is not None and up_is_red(self._colors, market_of(code), self.model.lang)
        self.marks.set_look("red-up" if red else "green-up", self._theme)

    def retranslate(self) -> None:
        self.dock.tabs.setTabText(self.tab, self.tr("Trades"))
        self.dock.tabs.setTabToolTip(self.tab, self.tr("The stock's big trades today, "
                                                       "newest first"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return super().eventFilter(watched, event)
