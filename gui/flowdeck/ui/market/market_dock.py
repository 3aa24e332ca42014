"""The Market dock: the controls (stocks or sectors, market, period, field, order, N), a
line saying what is ranked (a source's whole market when it gives one: `take_table`;
else the codes the window follows), and the ranked stocks or sectors. Double-click a
stock: `code_opened` (the window opens it in the detail dock); its context menu's "Add
to watchlist": `add_requested`.
Double-click a sector: its members ranked in the stocks' tab, until "All stocks"."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.currency import Rates
from ...core.ranking import RankRequest
from ...core.records import FIELD_BY_KEY
from ...live.store import LiveStore
from ..look.i18n import current_language
from .archive_periods import ArchivePeriods, PastDayReader
from .market_controls import SECTORS_TAB, STOCKS_TAB, MarketControls
from .market_text import (
    archived_period_text,
    boards_text,
    covered_scope,
    followed_scope,
    missing_rates_text,
    scope_text,
    sectors_period_text,
    sectors_text,
    source_scope_text,
    watchlist_scope,
)
from .market_view import RankedView, stock_view
from .plate_button import PlateButton
from .rank_rows import RankSource
from .sector_cache import SectorCache
from .sector_model import SectorRankModel
from .stock_model import SPARK, StockRankModel


class MarketDock(QDockWidget):
    code_opened = Signal(str)
    add_requested = Signal(str)
    members_wanted = Signal(str)  # a source's own board double-clicked: its members

    def __init__(self, store: LiveStore, parent: QWidget | None = None, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.setObjectName("marketDock")
        self.store = store
        self.source = source = RankSource(store)
        sectors = SectorCache(lambda: source.rows)
        # Past days from the window's archive (the window tells it: set_history).
        self.periods = ArchivePeriods(self._periods_ready)
        self.stocks = StockRankModel(store, self, clock=clock, source=source, sectors=sectors,
                                     periods=self.periods)
        self.sectors = SectorRankModel(store, self, clock=clock, source=source,
                                       sectors=sectors, periods=self.periods)
        self.watchlist = ""  # the watchlist whose codes the store holds

        self.controls = MarketControls(self)
        self.scope_label = QLabel(self, objectName="marketScope", wordWrap=True)
        self.sector_label = QLabel(self, objectName="marketSectorLabel")
        self.all_button = QPushButton(self, objectName="marketAllButton")
        self.plates = PlateButton(self)  # shown on a RanksScope source (futu://)
        self.stock_view = stock_view(self.stocks, store.history, SPARK, self)
        self.sector_view = RankedView(self.sectors, "marketSectorsView", self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.stock_view)
        self.pages.addWidget(self.sector_view)
        self.add_action = QAction(self, objectName="marketAddAction")
        self.add_action.triggered.connect(self._add_current)
        self.menu = QMenu(self)
        self.menu.addAction(self.add_action)

        crumb = QHBoxLayout()
        crumb.addWidget(self.sector_label, 1)
        crumb.addWidget(self.all_button)
        crumb.addWidget(self.plates)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.controls)
        layout.addLayout(crumb)
        layout.addWidget(self.scope_label)
        layout.addWidget(self.pages, 1)
        self.setWidget(body)

        self.controls.changed.connect(self.set_request)
        self.controls.mode_changed.connect(self.pages.setCurrentIndex)
        self.controls.mode_changed.connect(self._update_scope)
        self.controls.mode_changed.connect(self._activate)
        self.visibilityChanged.connect(self._activate)
        self.stock_view.doubleClicked.connect(self._open_stock)
        self.stock_view.customContextMenuRequested.connect(self._stock_menu)
        self.sector_view.doubleClicked.connect(self._open_sector)
        self.all_button.clicked.connect(lambda: self.open_sector(None))
        for model in (self.stocks, self.sectors):
            model.modelReset.connect(self._update_scope)
            model.layoutChanged.connect(self._update_scope)
        self.set_request(self.controls.request())
        self._activate()
        self._show_sector()
        self.retranslate()

    # --- what is ranked ------------------------------------------------------------------

    def set_request(self, request: RankRequest) -> None:
        rows = self.source.rows
        if rows.whole and rows.key != request.market:
            # Another market: its last table if one came, else the store's codes until
            # the first one does.
            kept = self.source.latest.get(request.market)
            if kept is not None:
                self._take(request.market, kept)
            else:
                self.use_store()
        self.stocks.set_request(request)
        self.sectors.set_request(request)
        self.stock_view.fit()
        self.sector_view.fit()
        self._update_scope()

    def set_history(self, history: PastDayReader | None) -> None:
        """The window's flow history (None: none open): periods beyond today read it."""
        self.periods.set_history(history)
        self._periods_ready()

    def archive_refreshed(self, *_args: object) -> None:
        """The archive's days changed (a day roll, a backfill): read them again."""
        self.periods.refreshed()
        self._periods_ready()

    def _periods_ready(self) -> None:
        """A code list's past days are read (or are to be): rank over them."""
        if self.controls.request().days > 1:
            self.stocks.rows_changed(True)  # now if shown, else once shown
            self.sectors.rows_changed(True)
            self._update_scope()

    def take_table(self, key: str, table: object) -> None:
        """A whole-market table of MARKET_CHOICES key `key` (a RanksMarkets source's):
        ranked from now on while that market is chosen (re-ranked at most 4 times a
        second, as live data is)."""
        self.source.latest[key] = table
        if key == self.controls.request().market:
            self._take(key, table)

    def take_boards(self, boards: object) -> None:
        """The source's own concept boards (feeds.board_table.BoardTable), ranked in the
        Sectors tab while it shows concepts; None: the industries again."""
        self.sectors.set_boards(boards)
        self._update_scope()

    def open_board(self, board: str, codes: list[str]) -> None:
        """Board `board`'s members as the source listed them, ranked in the stocks' tab."""
        self.sectors.sectors.members[board] = list(codes)
        self.open_sector(board)

    def use_store(self) -> None:
        """Rank the codes the window follows again (the source ranks no market)."""
        self.source.latest.clear()
        if self.source.rows.whole:
            self.source.use_store()
            self._rows_changed(True)

    def _take(self, key: str, table: object) -> None:
        rows = self.source.rows
        switched = not rows.whole or rows.key != key
        self.source.take(key, table)
        self._rows_changed(switched)

    def _rows_changed(self, switched: bool) -> None:
        sparklines = self.stock_view.sparklines
        sparklines.history = self.source.rows.history
        if switched:
            sparklines.clear_cache()
        self.stocks.rows_changed(switched)
        self.sectors.rows_changed(switched)
        self._update_scope()

    def set_watchlist(self, name: str) -> None:
        """The watchlist whose codes the store holds (the line above the rows says it)."""
        self.watchlist = name
        self._update_scope()

    def set_rates(self, rates: Rates | None) -> None:
        """The window's base currency and rates: amounts over every market (ALL) are
        ranked in the base; codes of a currency without a rate are left out (the line
        above the rows names the currency)."""
        self.stocks.set_rates(rates)
        self.sectors.set_rates(rates)
        self._update_scope()

    def set_display(self, lang: str, units: str, colors: str) -> None:
        self.stocks.set_display(lang, units, colors)
        self.sectors.set_display(lang, units, colors)

    def open_sector(self, sector: str | None) -> None:
        """Rank `sector`'s members in the stocks' tab (None: the whole market)."""
        self.stocks.set_sector(sector)
        self._show_sector()
        if sector is not None:
            self.controls.tabs.setCurrentIndex(STOCKS_TAB)
        self._update_scope()

    def _activate(self, *_args: object) -> None:
        """Only the rows on screen follow live data (a hidden dock ranks nothing)."""
        shown = self.isVisible()
        self.stocks.set_active(shown and self.controls.mode == STOCKS_TAB)
        self.sectors.set_active(shown and self.controls.mode == SECTORS_TAB)

    # --- the user ----------------------------------------------------------------------

    def _open_stock(self, index: QModelIndex) -> None:
        code = self.stock_view.key_at(index)
        if code is not None:
            self.code_opened.emit(code)

    def _open_sector(self, index: QModelIndex) -> None:
        sector = self.sector_view.key_at(index)
        if sector is not None and self.sectors.sectors.boards is not None:
            self.members_wanted.emit(sector)  # opened once the source lists them
        elif sector is not None:
            self.open_sector(sector)

    def _stock_menu(self, pos: QPoint) -> None:
        index = self.stock_view.indexAt(pos)
        if not index.isValid():
            return
        self.stock_view.selectRow(index.row())
        self.menu.popup(self.stock_view.viewport().mapToGlobal(pos))

    def _add_current(self, _checked: bool = False) -> None:
        code = self.stock_view.selected_key()
        if code is not None:
            self.add_requested.emit(code)

    # --- texts ---------------------------------------------------------------------------

    def _show_sector(self) -> None:
        sector = self.stocks.sector
        self.sector_label.setVisible(sector is not None)
        self.all_button.setVisible(sector is not None)
        if sector is not None:
            name = self.sectors.sectors.name(sector, current_language())
            self.sector_label.setText(self.tr("Members of {sector}").format(sector=name))

    def _update_scope(self, *_args: object) -> None:
        stocks, request = self.stocks, self.controls.request()
        market, rows = request.market, self.source.rows
        if rows.whole:  # what the source's table covers: its market, its file, ...
            scope = covered_scope(rows.covers)
        else:
            scope = watchlist_scope(self.watchlist) if self.watchlist else followed_scope()
        if self.controls.mode == SECTORS_TAB and self.sectors.problem:
            text = self.sectors.problem
        elif self.controls.mode == SECTORS_TAB and self.sectors.sectors.boards is not None:
            boards = self.sectors.sectors.boards
            text = boards_text(len(boards.ids), boards.loading, boards.error)
        elif self.controls.mode == SECTORS_TAB and request.days > 1:
            flows = self.sectors.flows
            text = sectors_period_text(len(flows.ids), market, len(flows.rows),
                                       int(flows.known.sum()), scope, request.period)
        elif self.controls.mode == SECTORS_TAB:
            flows = self.sectors.flows
            text = sectors_text(len(flows.ids) if flows is not None else 0, market,
                                len(flows.rows) if flows is not None else 0, scope)
        elif stocks.problem:
            text = stocks.problem
        elif stocks.ranking is None:
            text = ""
        elif stocks.ranked_rows.whole and request.days > 1:
            ranking = stocks.ranking
            text = archived_period_text(ranking.known, ranking.candidates, market,
                                        request.period)
        else:
            text = scope_text(stocks.ranking.candidates, market, scope, stocks.ranking.known)
        missing = self._missing_rates()
        if missing:
            note = missing_rates_text(missing, FIELD_BY_KEY[request.field].kind == "ratio")
            text = f"{text}\n{note}" if text else note
        if rows.scope is not None:  # what the source polls for it (futu://)
            polled = source_scope_text(rows.scope)
            text = f"{text}\n{polled}" if text else polled
        self.scope_label.setText(text)

    def _missing_rates(self) -> dict[str, int]:
        """Currencies without a rate in what is ranked now (over every market)."""
        if self.controls.mode == SECTORS_TAB:
            flows = self.sectors.flows
            return (flows.missing or {}) if flows is not None else {}
        ranking = self.stocks.ranking
        return ranking.missing if ranking is not None else {}

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Market"))
        self.add_action.setText(self.tr("Add to watchlist"))
        self.all_button.setText(self.tr("All stocks"))
        self._show_sector()
        self._update_scope()

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


__all__ = ["MarketDock"]
