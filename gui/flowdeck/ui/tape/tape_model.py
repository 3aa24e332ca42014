"""The Big trades dock's model: the live store's new big trades (Change.trades) that
pass the dock's filter, newest first, at most `limit` rows.

Each store Change is one `beginInsertRows` on top and, when the rows are full, one
`beginRemoveRows` of the oldest at the bottom: a burst of 2,000 trades a second is a
handful of model operations, never a call per cell. A changed filter rebuilds the rows
from the store's tape (TradeTape.recent) in one reset. While `frozen` (the user reads
the rows: scrolled away from the top, or over a row) nothing moves; new trades wait,
counted (`pending_changed`), and go on top in one insert when it thaws.

Cells are made from the columns when first painted, and kept by the row's serial
number (`painted`: a row keeps its number as rows go on top, so an insert remakes only
the new rows' cells): time in the trade's market clock,
name in the window's language (the code alone when the source names none), price with
its market's decimals, value in the user's units, side and value coloured by the
user's convention (buy as inflow, sell as outflow).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from ...core.big_trades import BUY, SELL, BigTrades
from ...core.codes import Market
from ...core.markets import currency_of
from ...core.records import TIER_NAMES, series_label
from ...core.stock_info import both_names
from ...core.units import format_amount
from ...live.store import BATCH, CODES, NAMES, Change, LiveStore
from ..look.i18n import amount_units, up_is_red
from ..look.theme import Theme, follow_theme
from ..table.columns import CodeRole
from ..table.quote_rows import format_price, price_decimals
from .tape_rows import ROWS, TapeFilter, TapeRows, newest_first
from .tape_text import (
    CODE,
    KINDS,
    NAME,
    PRICE,
    QUANTITY,
    SIDE,
    TIME,
    VALUE,
    clock_text,
    headers,
    side_words,
    time_tip,
)

_D = Qt.ItemDataRole
_DISPLAY, _FOREGROUND, _TOOLTIP, _ALIGN = (int(_D.DisplayRole), int(_D.ForegroundRole),
                                           int(_D.ToolTipRole), int(_D.TextAlignmentRole))
_CODE_ROLE = int(CodeRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_NUMERIC = frozenset((TIME, PRICE, QUANTITY, VALUE))
_COLOURED = frozenset((SIDE, VALUE))
_ANY_INDEX = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_KEPT_CELLS = 16_384  # made cells kept before they are all made again
_MARKETS = {m.value: m for m in Market}  # by a code's first two letters


class TapeModel(QAbstractTableModel):
    pending_changed = Signal(int)  # trades waiting while frozen (0: live)

    def __init__(self, store: LiveStore, parent=None, *, limit: int = ROWS,
                 filter: TapeFilter | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.rows = TapeRows(limit)
        self.filter = filter if filter is not None else TapeFilter()
        self.frozen = False
        self.inserts = 0  # row inserts made (tests, the bench: one per Change)
        self.lang, self.units, self.colors = "en", "kmb", "auto"
        self._theme: Theme | None = None
        self._names: dict[str, str] = {}
        self._sides = side_words()
        self._flow: dict[tuple[str, int], QColor] = {}  # (market, side): its colour
        self._tiers = self._tier_names()
        self._headers = headers()
        self._cells: dict[tuple[int, int], tuple[str, QColor | None, int]] = {}
        self._top = 0  # the serial number of row 0 (rows keep theirs as rows go on top)
        store.add_listener(self.on_change)
        follow_theme(self, self.set_theme)
        self.refill()

    # --- Qt's interface ------------------------------------------------------------

    def rowCount(self, parent: _ANY_INDEX = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _ANY_INDEX = _ROOT) -> int:
        return 0 if parent.isValid() else len(KINDS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(KINDS):
            if role == _DISPLAY:
                return self._headers[section]
            if role == _ALIGN:
                return _RIGHT if section in _NUMERIC else _LEFT
        return None

    def data(self, index: _ANY_INDEX, role: int = _DISPLAY) -> object:
        row, column = index.row(), index.column()
        shown = self.rows.shown
        if not index.isValid() or not 0 <= row < len(shown):
            return None
        code = shown.codes[row]
        if role == _DISPLAY:
            return self.painted(row, column)[0]
        if role == _FOREGROUND:
            return self.painted(row, column)[1]
        if role == _ALIGN:
            return _RIGHT if column in _NUMERIC else _LEFT
        if role == _CODE_ROLE:
            return code
        if role == _TOOLTIP:
            if column == TIME:
                return time_tip(code, float(shown.times[row]))
            if column == VALUE:
                return f"{float(shown.value[row]):,.2f} {currency_of(code)}"
            if column == NAME:
                return both_names(self.store.info(code), self.lang)
        return None

    def painted(self, row: int, column: int) -> tuple[str, QColor | None, int]:
        """A cell's text, colour (None: the palette's) and alignment (tape_paint.py)."""
        key = (self._top - row, column)
        cell = self._cells.get(key)
        if cell is None:
            shown = self.rows.shown
            if not 0 <= row < len(shown):
                return "", None, _LEFT
            code = shown.codes[row]
            cell = self._cells[key] = (
                self._text(shown, row, column, code),
                self._color(code, int(shown.side[row])) if column in _COLOURED else None,
                _RIGHT if column in _NUMERIC else _LEFT)
        return cell

    def _text(self, shown: BigTrades, row: int, column: int, code: str) -> str:
        if column == TIME:
            return clock_text(float(shown.times[row]))
        if column == CODE:
            return code
        if column == NAME:
            return self.name_of(code)
        if column == PRICE:
            price = float(shown.price[row])
            market = _MARKETS.get(code[:2])
            return format_price(price, price_decimals(market, price) if market else 2)
        if column == QUANTITY:
            quantity = float(shown.quantity[row])
            return f"{quantity:,.0f}" if math.isfinite(quantity) else "—"
        if column == VALUE:
            return format_amount(float(shown.value[row]), self.units)
        if column == SIDE:
            return self._sides.get(int(shown.side[row]), "")
        tier = int(shown.tier[row])
        return self._tiers[tier] if 0 <= tier < len(self._tiers) else ""

    def _color(self, code: str, side: int) -> QColor | None:
        if side not in (BUY, SELL) or self._theme is None:
            return None
        key = (code[:2], side)
        color = self._flow.get(key)
        if color is None:
            market = _MARKETS.get(code[:2])
            up_red = market is not None and up_is_red(self.colors, market, self.lang)
            inflow, outflow = self._theme.flow(up_red)
            color = self._flow[key] = QColor(inflow if side == BUY else outflow)
        return color

    # --- what is shown --------------------------------------------------------------

    def code_at(self, row: int) -> str | None:
        codes = self.rows.shown.codes
        return codes[row] if 0 <= row < len(codes) else None

    def name_of(self, code: str) -> str:
        name = self._names.get(code)
        if name is None:
            name = self._names[code] = self.store.info(code).name(self.lang) or code
        return name

    def set_filter(self, filter: TapeFilter) -> None:
        if filter != self.filter:
            self.filter = filter
            self.refill()

    def refill(self) -> None:
        """The rows again from the store's tape under the filter (one reset)."""
        f, tape = self.filter, self.store.tape
        rows = tape.recent(codes=f.tape_codes(tape), min_value=f.min_value, side=f.side,
                           limit=self.rows.limit)
        self.beginResetModel()
        self.rows.replace(rows)
        self._cells.clear()
        self._top = len(self.rows) - 1
        self.endResetModel()
        self.pending_changed.emit(0)

    def on_change(self, change: Change) -> None:
        if change.kind in (CODES, NAMES):
            self._names.clear()
            self._emit_column(NAME)
        if change.kind != BATCH:
            return
        if change.restart and any(c in change.restart for c in set(self.rows.shown.codes)):
            self.refill()  # a restarted day's old prints are gone from the tape too
            return
        trades = change.trades
        if len(trades):
            self.take(newest_first(trades.take(self.filter.passes(trades))))

    def take(self, rows: BigTrades) -> None:
        """`rows` (newest first) on top, or waiting while frozen."""
        if not len(rows):
            return
        if self.frozen:
            self.rows.hold(rows)
            self.pending_changed.emit(self.rows.pending_count)
            return
        rows, over = self.rows.plan(rows)
        if over:
            shown = len(self.rows)
            self.beginRemoveRows(_ROOT, shown - over, shown - 1)
            self.rows.drop_oldest(over)
            self.endRemoveRows()
        if len(self._cells) > _KEPT_CELLS:
            self._cells.clear()
        self.beginInsertRows(_ROOT, 0, len(rows) - 1)
        self.rows.put_on_top(rows)
        self._top += len(rows)
        self.endInsertRows()
        self.inserts += 1

    def set_frozen(self, frozen: bool) -> None:
        """Hold new trades (True) or show them, those that waited first (False)."""
        if frozen == self.frozen:
            return
        self.frozen = frozen
        if not frozen:
            waiting = self.rows.pending
            self.rows.drop_pending()
            self.take(waiting)
            self.pending_changed.emit(0)

    # --- display -----------------------------------------------------------------------

    def set_display(self, lang: str, units: str, colors: str) -> None:
        """The window's language, units setting ("auto", "kmb", "wan") and colour
        convention (its table model's)."""
        resolved = amount_units(units, lang)
        if (lang, resolved, colors) == (self.lang, self.units, self.colors):
            return
        self.lang, self.units, self.colors = lang, resolved, colors
        self.retranslate()

    def retranslate(self) -> None:
        """Headers, sides and names in the language spoken now."""
        self._names.clear()
        self._flow.clear()
        self._tiers = self._tier_names()
        self._sides = side_words()
        self._headers = headers()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(KINDS) - 1)
        self._emit_all()

    def _tier_names(self) -> tuple[str, ...]:
        return tuple(series_label(t, self.lang) for t in TIER_NAMES)

    def set_theme(self, theme: Theme) -> None:
        if theme != self._theme:
            self._theme = theme
            self._flow.clear()
            self._emit_all()

    def _emit_all(self) -> None:
        self._cells.clear()
        if len(self.rows):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1,
                                                               len(KINDS) - 1))

    def _emit_column(self, column: int) -> None:
        self._cells.clear()
        if len(self.rows):
            self.dataChanged.emit(self.index(0, column), self.index(len(self.rows) - 1, column))
