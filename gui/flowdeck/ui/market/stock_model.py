"""The Market view's stocks: the top (or bottom) N codes of a market by one field over a
period (core.ranking.Ranker over the live store's FlowTable), with each one's name,
price, change %, the field, its companion (the ratio of a net field, the net of a ratio
field) and today's main-net sparkline (the live table's SparklineDelegate paints it
from SparklineRole). Texts and colours are the live table's (table.cell_format:
units, the red-up or green-up convention, prices with their market's decimals).

Optionally only a sector's members (`set_sector`). A period beyond today, by any
field, reads the archive's windows (`periods`: archive_periods.ArchivePeriods, which the
dock shares with the sectors); without them (no archive, being read, no past day) the
view says why and ranks nothing; `covered` says how many of the period's days the
archive had (the value's header: "5d (3 of 5 days)"). A source whose table carries its
own numbers over the period (eastmoney://: 3, 5 and 10 days) ranks by those instead
when the archive has no past day, and the header says whose ("5d, East Money's").
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ...core.currency import Rates
from ...core.markets import currency_of
from ...core.ranking import Ranker, Ranking, RankRequest
from ...core.records import FIELD_BY_KEY
from ...core.units import format_amount, format_ratio
from ...feeds.market_table import OwnPeriods
from ...live.store import CODES, NAMES, Change, LiveStore
from ..look.theme import follow_theme
from ..table.cell_format import CellFormat
from ..table.columns import CodeRole, SparklineRole
from .archive_periods import READING, ArchivePeriods
from .market_text import (
    age_text,
    base_of,
    field_label,
    header,
    in_currency,
    number_tip,
    period_header,
    period_problem,
)
from .rank_rows import MarketRows, RankSource, StoreRows
from .ranked_model import RankedModel
from .sector_cache import SectorCache

KINDS = ("rank", "code", "name", "last", "change_ratio", "value", "other", "spark")
RANK, CODE, NAME, LAST, CHANGE_RATIO, VALUE, OTHER, SPARK = range(len(KINDS))
_MAIN_SERIES = 0  # SERIES_NAMES.index("main")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_D = Qt.ItemDataRole
_ROOT = QModelIndex()
_ALIGN = int(_D.TextAlignmentRole)
# The roles answered; the view asks for about ten a cell.
_ROLES = frozenset(int(r) for r in (_D.DisplayRole, _D.ForegroundRole, _D.ToolTipRole,
                                    _D.TextAlignmentRole, CodeRole, SparklineRole))


def companion(field: str) -> str:
    """The field shown beside the ranked one: a net's ratio, a ratio's net."""
    meta = FIELD_BY_KEY[field]
    return (f"{meta.series}_net_inflow" if meta.kind == "ratio"
            else f"{meta.series}_net_inflow_ratio")


class StockRankModel(RankedModel):
    def __init__(self, store: LiveStore, parent=None, *,
                 clock: Callable[[], float] = time.monotonic,
                 source: RankSource | None = None,
                 sectors: SectorCache | None = None,
                 periods: ArchivePeriods | None = None) -> None:
        super().__init__(parent, clock=clock)
        self.store = store
        self.source = source if source is not None else RankSource(store)
        self.text = CellFormat()
        self.sectors = (sectors if sectors is not None
                        else SectorCache(lambda: self.source.rows))
        self.ranker = Ranker()
        self.request = RankRequest()
        self.periods = periods if periods is not None else ArchivePeriods(self.rerank)
        self.covered = 1  # of the period's days, how many the archive had
        self.own = False  # ranked by the source's own numbers over the period
        self.rates: Rates | None = None  # the window's: amounts over every market
        self.sector: str | None = None  # rank only this sector's members
        self.ranking: Ranking | None = None
        self.ranked_rows: StoreRows | MarketRows = self.source.rows  # what `ranking` ranked
        self.problem = ""  # why nothing is ranked ("" when it is)
        store.add_listener(self.on_change)
        follow_theme(self, self.set_theme)
        self.rerank()

    # --- what is ranked ----------------------------------------------------------------

    def set_request(self, request: RankRequest) -> None:
        if request != self.request:
            self.request = request
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, VALUE, OTHER)
            self.rerank()

    def set_rates(self, rates: Rates | None) -> None:
        """The base currency and rates that amounts over every market (ALL) are
        converted at (the window's, from Settings)."""
        if rates != self.rates:
            self.rates = rates
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, VALUE, OTHER)
            self.rerank()

    def set_sector(self, sector: str | None) -> None:
        """Rank only the members of sector `sector` (an id; None: the whole market)."""
        if sector != self.sector:
            self.sector = sector
            self.rerank()

    def on_change(self, change: Change) -> None:
        rows = self.source.rows
        if change.kind in (CODES, NAMES):
            rows.names_changed()
        if rows.whole:  # a whole market's numbers come with its tables, not the store
            if change.kind == NAMES:
                self.refresh_display()
            return
        if change.kind == CODES:  # the ranked table rows are other codes now
            self.rerank()
        elif change.kind == NAMES:
            self.refresh_display()
        elif change.all_rows or len(change.rows):
            self.mark_due()

    @property
    def rows(self) -> StoreRows | MarketRows:
        return self.source.rows

    def compute(self) -> tuple[list[str], object]:
        rows, request = self.source.rows, self.request
        periods, covered, own = None, 1, None
        if request.days > 1:
            periods, why = self.periods.find(rows, request.market, request.period,
                                             request.days)
            if periods is None and why != READING:
                own = OwnPeriods.of(rows.table, request.days)
            if periods is None and own is None:
                return [], (None, period_problem(why, request.period, self.periods.failure),
                            rows, 1, False)
            periods = periods or own
            covered = periods.covered(request.days)
        within = self.sectors.rows_of(self.sector) if self.sector else None
        ranking = self.ranker.rank(rows.table, request, periods, within, self.rates)
        return list(ranking.codes), (ranking, "", rows, covered, own is not None)

    def take(self, state: object) -> None:
        covered, own = self.covered, self.own
        self.ranking, self.problem, self.ranked_rows, self.covered, self.own = state
        if (covered, own) != (self.covered, self.own):
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, VALUE, VALUE)

    # --- Qt's interface ------------------------------------------------------------

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(KINDS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _D.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(KINDS):
            return super().headerData(section, orientation, role)
        if role == _D.DisplayRole:
            lang = self.text.lang
            if section == VALUE:
                text = in_currency(field_label(self.request.field, lang, short=True),
                                   self._currency(self.request.field))
                return period_header(text, self.request, self.covered, self.own)
            if section == OTHER:
                key = companion(self.request.field)
                return in_currency(field_label(key, lang, short=True), self._currency(key))
            return header(KINDS[section])
        if role == _D.ToolTipRole and section in (VALUE, OTHER):
            key = self.request.field if section == VALUE else companion(self.request.field)
            return field_label(key, self.text.lang)
        if role == _D.TextAlignmentRole and section not in (CODE, NAME):
            return _RIGHT
        return None

    def answer(self, row: int, column: int, role: int) -> object:
        if role not in _ROLES or self.ranking is None:
            return None
        if role == CodeRole:
            return self.keys[row]
        if role == _ALIGN:
            return _LEFT if column in (CODE, NAME) else _RIGHT
        if role == SparklineRole:
            return (self.keys[row], _MAIN_SERIES) if column == SPARK else None
        return self._cell(row, column, role)

    # --- cells -------------------------------------------------------------------------

    def _cell(self, row: int, column: int, role: int) -> object:
        r = int(self.ranking.rows[row])
        rows, text = self.ranked_rows, self.text
        table = rows.table
        if role == _D.ToolTipRole:
            return self._tooltip(row, r, column)
        if column in (LAST, CHANGE_RATIO):
            if role == _D.DisplayRole:
                return rows.price_text(r, "last" if column == LAST else "change_ratio")
            # The price is coloured by its change, as every quote screen does.
            return text.sign_color(rows.change(r), text.up_is_red(int(table.market[r])))
        if column in (VALUE, OTHER, SPARK):
            value = self._number(row, column)
            if role == _D.ForegroundRole:
                return text.sign_color(value, text.up_is_red(int(table.market[r])))
            return None if column == SPARK else self._number_text(row, column, value)
        if role != _D.DisplayRole:
            return None
        if column == RANK:
            return str(row + 1)
        if column == CODE:
            return self.keys[row]
        return rows.name(r, text.lang)

    def _number(self, row: int, column: int) -> float:
        ranking = self.ranking
        if column == SPARK:
            return float(self.ranked_rows.table.values[ranking.rows[row], 0])  # main today
        if column == VALUE:
            return float(ranking.value[row])
        ratio_field = FIELD_BY_KEY[self.request.field].kind == "ratio"
        return float(ranking.net[row] if ratio_field else ranking.ratio[row])

    def _number_text(self, row: int, column: int, value: float) -> str:
        key = self.request.field if column == VALUE else companion(self.request.field)
        shown = (format_ratio(value) if FIELD_BY_KEY[key].kind == "ratio"
                 else format_amount(value, self.text.amount_units))
        if not math.isfinite(value):
            shown = "—"
        days, period_days = int(self.ranking.days[row]), self.request.days
        if period_days > 1 and days < period_days and math.isfinite(value):
            shown = f"{shown} {days}/{period_days}"  # never a partial sum passed off as whole
        return shown

    def _tooltip(self, row: int, r: int, column: int) -> str | None:
        rows = self.ranked_rows
        if column in (CODE, RANK):
            age = rows.age(r)
            return age_text(age) if age is not None else None
        if column == NAME:
            return rows.both_names(r, self.text.lang)
        if column in (VALUE, OTHER):
            value = self._number(row, column)
            key = self.request.field if column == VALUE else companion(self.request.field)
            ranking = self.ranking
            native = (None if ranking.base is None or ranking.native is None
                      else float(ranking.native[row]))
            return number_tip(value, FIELD_BY_KEY[key].kind == "ratio",
                              currency_of(self.keys[row]), ranking.base, native)
        return None

    def _currency(self, key: str) -> str | None:
        """The base currency an amount column is in over every market (None: each
        code's own, or a ratio)."""
        return base_of(self.request, self.rates, key)

    # --- display settings (the window's table model tells) ------------------------------

