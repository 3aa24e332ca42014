"""The live table's view: sorting by a header click, columns hidden, shown and moved
from the header's context menu (the layout is saved by the window through
`header_state()`; the multi-day columns start hidden: header_layout), sparkline
delegates, the selection kept by code, and live re-sorts held back while the user
scrolls or has a row under the mouse."""

from __future__ import annotations

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QPainter
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from ...core.markets import MarketState
from ...core.units import format_amount
from ..look.i18n import zone_labels
from .cell_delegate import PAD, CellDelegate
from .cells_pass import paint_cells
from .columns import CODE_COLUMN, COLUMNS, MULTIDAY_COLUMNS, QUOTE_COLUMNS, SPARK_COLUMNS
from .header_layout import place_columns, saved_section_count
from .sparkline_delegate import SparklineDelegate
from .table_model import RESORT_INTERVAL_S, FlowTableModel

SCROLL_QUIET_S = 0.8      # a scroll holds live re-sorts back this long
ROW_HEIGHT = 22
_MULTIDAY = frozenset(MULTIDAY_COLUMNS)
# Default widths by kind of column: the flow columns shown by default fit a 1440-pixel
# window; the name and price beside the code take ~240 more (the last sparklines then
# scroll into view). A multi-day cell may carry how many of its days are known
# ("8.10M 3/5"). A name wider than its column is elided (its tooltip has it whole).
WIDTHS = {"code": 84, "currency": 44, "net": 66, "ratio": 58, "time": 64, "spark": 72,
          "net_days": 92, "ratio_days": 88, "streak": 76,  # 連續天數 and the sort arrow
          "name": 112, "last": 64, "change": 60, "change_ratio": 66}
# The header's menu lists the columns in their default order: the code, the name and
# price beside it, the rest of today's, then (after a line) the days before today.
_MENU_ORDER = (CODE_COLUMN, *QUOTE_COLUMNS,
               *(c for c in range(len(COLUMNS))
                 if c != CODE_COLUMN and c not in QUOTE_COLUMNS and c not in MULTIDAY_COLUMNS),
               *MULTIDAY_COLUMNS)


class FlowTableView(QTableView):
    code_selected = Signal(str)                      # the current row's code
    context_requested = Signal(str, str, QPoint)     # code, column key, global position

    def __init__(self, model: FlowTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flowTable")
        self.flow_model = model
        self.setModel(model)
        self.cell_delegate = CellDelegate(self)
        self.setItemDelegate(self.cell_delegate)
        self.delegate = SparklineDelegate(model.history, self)
        for c in SPARK_COLUMNS:
            self.setItemDelegateForColumn(c, self.delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        # Alternate rows are striped whole in paintEvent (one fill a row, not a cell).
        self.setAlternatingRowColors(False)
        self.setMouseTracking(True)
        vh = self.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(ROW_HEIGHT)
        hh = self.horizontalHeader()
        hh.setSectionsMovable(True)
        hh.setHighlightSections(False)
        hh.setTextElideMode(Qt.TextElideMode.ElideRight)
        hh.setSortIndicatorClearable(True)
        hh.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        for c, col in enumerate(COLUMNS):
            hh.resizeSection(c, WIDTHS[col.kind])
        place_columns(hh, range(len(COLUMNS)))
        self._tell_multiday_shown()
        # Hiding or showing a section resizes it (to or from 0).
        hh.sectionResized.connect(self._section_resized)
        hh.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        hh.customContextMenuRequested.connect(self._header_menu)
        self.setSortingEnabled(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._cell_menu)

        self._default_state = self.header_state()
        self._hovering = False
        self._quiet_until = 0.0
        self._kept_codes: list[str] = []
        self._kept_current: str | None = None
        self.viewport().installEventFilter(self)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.verticalScrollBar().sliderPressed.connect(self._scrolled)
        self.selectionModel().currentRowChanged.connect(self._current_changed)
        model.modelAboutToBeReset.connect(self._keep_selection)
        model.modelReset.connect(self._restore_selection)
        self.resort_timer = QTimer(self)
        self.resort_timer.setInterval(int(RESORT_INTERVAL_S * 1000))
        self.resort_timer.timeout.connect(self.resort_tick)

    # --- layout ----------------------------------------------------------------------

    def fit_columns(self, units: str | None = None) -> None:
        """Widen the number and time columns to their widest text in `units` (the
        model's when None): 万/亿 take more room than K/M/B, the time carries its zone or
        the market's state, and the rows on screen may hold wider numbers still. Never
        narrower than now, so a user's wider columns stay."""
        metrics = self.fontMetrics()
        text = self.flow_model.text
        units = text.amount_units if units is None else units
        nets = [format_amount(v, units) for v in (-99_994_999.0, -999_994_999.0)]
        samples = {
            "net": nets,
            "ratio": ["-100.00%"],
            "net_days": [f"{n} 19/20" for n in nets],
            "ratio_days": ["-100.00% 19/20"],
            "streak": ["-400"],
            "last": ["9999.000"],
            "change": ["+999.000"],
            "change_ratio": ["+99.99%"],
            "time": [f"23:59:59 {zone}" for zone in zone_labels()]
            + [text.state_label(state) for state in MarketState],
        }
        needed = {kind: max(metrics.horizontalAdvance(t) for t in texts)
                  for kind, texts in samples.items()}
        widest = dict.fromkeys(range(len(COLUMNS)), 0)
        if units == text.amount_units:
            for row in self._rows_on_screen():
                for c, (cell, _color, _align) in enumerate(self.flow_model.row_cells(row).cells):
                    if cell and COLUMNS[c].kind in needed:
                        widest[c] = max(widest[c], metrics.horizontalAdvance(cell))
        hh = self.horizontalHeader()
        for c, col in enumerate(COLUMNS):
            if col.kind not in needed:
                continue
            width = max(needed[col.kind], widest[c]) + 2 * PAD + 4
            if hh.isSectionHidden(c):
                # A hidden section's size reads 0, and resizing it sets the size it comes
                # back with: at least its default (the header's text fits that).
                hh.resizeSection(c, max(width, WIDTHS[col.kind]))
            elif hh.sectionSize(c) < width:
                hh.resizeSection(c, width)

    def header_state(self) -> bytes:
        """Column order, widths, hidden columns, sort indicator: for QSettings."""
        return bytes(self.horizontalHeader().saveState().data())

    def restore_header_state(self, state: bytes | QByteArray | None) -> bool:
        """Put a saved layout back; False (and the layout unchanged) when unusable."""
        if not state:
            return False
        hh = self.horizontalHeader()
        known = saved_section_count(bytes(state))
        ok = known is not None and 0 < known <= len(COLUMNS) \
            and hh.restoreState(QByteArray(bytes(state)))
        if not ok:
            hh.restoreState(QByteArray(self._default_state))
            return False
        # Columns added since the layout was saved: their default place and visibility.
        place_columns(hh, range(known, len(COLUMNS)))
        return True

    def reset_header(self) -> None:
        """The default columns (the multi-day ones hidden, default order), fitted to
        the units on screen (the default widths are for K/M/B without a zone), in the sort the user
        chose: a reset is about the layout, not the numbers or their order."""
        hh = self.horizontalHeader()
        section, order = hh.sortIndicatorSection(), hh.sortIndicatorOrder()
        hh.restoreState(QByteArray(self._default_state))
        self.fit_columns()
        hh.setSortIndicator(section, order)

    def set_column_visible(self, key: str, visible: bool) -> None:
        c = next(i for i, col in enumerate(COLUMNS) if col.key == key)
        self.setColumnHidden(c, not visible)

    def _header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one menu a right-click
        lang = self.flow_model.text.lang
        visible = [c for c in range(len(COLUMNS)) if not self.isColumnHidden(c)]
        for c in _MENU_ORDER:
            col = COLUMNS[c]
            if c == MULTIDAY_COLUMNS[0]:
                menu.addSeparator()  # the days before today, after today's columns
            action = QAction(col.label(lang), menu)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(c))
            action.setEnabled(not (visible == [c]))  # the last visible column stays
            action.toggled.connect(lambda on, c=c: self.setColumnHidden(c, not on))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.tr("Reset columns"), self.reset_header)
        menu.popup(self.horizontalHeader().mapToGlobal(pos))

    def _cell_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        code = self.flow_model.code_at(index.row()) if index.isValid() else None
        if code is None:
            return
        self.context_requested.emit(code, COLUMNS[index.column()].key,
                                    self.viewport().mapToGlobal(pos))

    # --- selection by code -----------------------------------------------------------

    def selected_codes(self) -> list[str]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [c for c in (self.flow_model.code_at(r) for r in rows) if c is not None]

    def current_code(self) -> str | None:
        index = self.currentIndex()
        return self.flow_model.code_at(index.row()) if index.isValid() else None

    def select_codes(self, codes: list[str], current: str | None = None) -> None:
        model = self.flow_model
        sel = QItemSelection()
        last = model.columnCount() - 1
        for code in codes:
            row = model.row_of_code(code)
            if row is not None:
                sel.select(model.index(row, 0), model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag
        sm = self.selectionModel()
        sm.select(sel, flags.ClearAndSelect)
        row = model.row_of_code(current) if current else None
        if row is not None:
            sm.setCurrentIndex(model.index(row, 0), flags.NoUpdate)

    def _keep_selection(self) -> None:
        # Codes the filter hides stay selected: they come back when it lets them through.
        model = self.flow_model
        hidden = [c for c in self._kept_codes
                  if model.row_of_code(c) is None and model.table.row_of(c) is not None]
        self._kept_codes = list(dict.fromkeys([*self.selected_codes(), *hidden]))
        current = self.current_code()
        if current is not None or self._kept_current is None \
                or model.row_of_code(self._kept_current) is not None:
            self._kept_current = current

    def _restore_selection(self) -> None:
        if self._kept_codes or self._kept_current:
            self.select_codes(self._kept_codes, self._kept_current)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        code = self.flow_model.code_at(current.row()) if current.isValid() else None
        if code is not None:
            self.code_selected.emit(code)

    # --- live re-sort, held back while the user is busy -----------------------------

    def user_busy(self, now: float | None = None) -> bool:
        now = self.flow_model.clock() if now is None else now
        return (self._hovering or now < self._quiet_until
                or self.verticalScrollBar().isSliderDown())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.resort_timer.start()

    def hideEvent(self, event) -> None:
        # Nobody sees a hidden table (the window in the tray, or closed: a closed window
        # is hidden, not deleted): no re-sort 4 times a second for it. Shown again, it
        # re-sorts at the next tick.
        super().hideEvent(event)
        self.resort_timer.stop()

    def resort_tick(self) -> None:
        now = self.flow_model.clock()  # the model's rate limit and the quiet time agree
        self.flow_model.set_sort_paused(self.user_busy(now))
        self.flow_model.resort_if_due(now)

    def _scrolled(self, *_args: object) -> None:
        self._quiet_until = self.flow_model.clock() + SCROLL_QUIET_S
        self._report_rows()

    def _report_rows(self) -> None:
        first = max(self.rowAt(0), 0)
        last = self.rowAt(self.viewport().height() - 1)
        if last < 0:
            last = first + self.viewport().height() // ROW_HEIGHT
        self.flow_model.set_rows_on_screen(first, last)

    def _rows_on_screen(self) -> range:
        first = self.rowAt(0)
        if first < 0:
            return range(0)
        last = self.rowAt(self.viewport().height() - 1)
        return range(first, (self.flow_model.rowCount() - 1 if last < 0 else last) + 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport():
            kind = event.type()
            if kind in (QEvent.Type.MouseMove, QEvent.Type.HoverMove, QEvent.Type.Enter):
                pos = event.position().toPoint() if hasattr(event, "position") else None
                self._hovering = pos is None or self.indexAt(pos).isValid()
            elif kind == QEvent.Type.Leave:
                self._hovering = False
            elif kind == QEvent.Type.Wheel:
                self._scrolled()
        return super().eventFilter(watched, event)

    def _section_resized(self, logical: int, _old: int, _new: int) -> None:
        if logical in _MULTIDAY:
            self._tell_multiday_shown()

    def _tell_multiday_shown(self) -> None:
        # The model computes the multi-day numbers only while one of them is shown.
        self.flow_model.set_multiday_shown(
            not all(self.isColumnHidden(c) for c in MULTIDAY_COLUMNS))

    def paintEvent(self, event) -> None:
        self._tell_multiday_shown()  # whichever way a column was shown or hidden
        self.prepare_sparklines()
        selected = self._selected_rows_on_screen()
        painter = QPainter(self.viewport())  # one painter for the stripes and the cells
        try:
            self._paint_stripes(painter)
            paint_cells(self, painter, event.rect(), ROW_HEIGHT, selected,
                        self.cell_delegate, self.delegate)
        finally:
            painter.end()

    def _selected_rows_on_screen(self) -> set[int]:
        first = self.rowAt(0)
        if first < 0:
            return set()
        last = self.rowAt(self.viewport().height() - 1)
        last = self.flow_model.rowCount() - 1 if last < 0 else last
        # From the selection's ranges (one for a row, one for all 5,000), not a question
        # a row on screen: ~40 calls a repaint.
        rows: set[int] = set()
        for span in self.selectionModel().selection():
            rows.update(range(max(span.top(), first), min(span.bottom(), last) + 1))
        return rows

    def _paint_stripes(self, painter: QPainter) -> None:
        first = self.rowAt(0)
        if first < 0:
            return
        last = self.rowAt(self.viewport().height() - 1)
        last = self.flow_model.rowCount() - 1 if last < 0 else last
        width = self.viewport().width()
        top = self.rowViewportPosition(first | 1)
        step = 2 * ROW_HEIGHT
        painter.save()  # the odd rows' stripes in one call, as the grid (cells_pass)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().alternateBase())
        painter.drawRects([QRect(0, top + k * step, width, ROW_HEIGHT)
                           for k in range((last - (first | 1)) // 2 + 1)])
        painter.restore()

    def prepare_sparklines(self) -> None:
        """Build the paths of every sparkline about to be painted in one vectorised
        pass (the delegate would otherwise build them one cell at a time)."""
        model = self.flow_model
        height = self.viewport().height()
        first = self.rowAt(0)
        if first < 0:
            return
        last = self.rowAt(height - 1)
        last = model.rowCount() - 1 if last < 0 else last
        grid = 1 if self.showGrid() else 0
        width = self.viewport().width()
        sizes: dict[tuple[int, int], list[int]] = {}
        for c in SPARK_COLUMNS:
            x = self.columnViewportPosition(c)
            w = self.columnWidth(c)
            if self.isColumnHidden(c) or x + w < 0 or x > width:
                continue
            sizes.setdefault((w - grid, ROW_HEIGHT - grid), []).append(COLUMNS[c].series)
        if sizes:
            codes = [model.code_at(r) for r in range(first, last + 1)]
            for (w, h), series in sizes.items():
                self.delegate.prepare(codes, series, w, h)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        rows = max(self.viewport().height() // ROW_HEIGHT + 1, 1)
        self.delegate.set_capacity(2 * rows * len(SPARK_COLUMNS))
        self._report_rows()
