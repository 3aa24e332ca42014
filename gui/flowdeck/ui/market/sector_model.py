"""The Market view's sectors: a market's sectors ranked as its stocks are (core.sectors:
the sum of the members' nets, ratio = that sum over the members' turnovers), with
their members (known of all); today's flows, or a period's from the archive's days of
the members (archive_periods, shared with the stocks: members without a past day are
not known, the ratio the members' window nets over their window turnovers, as
/v1/sectors sums them). The dock opens a sector's members in the stocks' ranking.
A source's own boards (`set_boards`: eastmoney://'s concepts) rank by their own flows
instead, today only, their member counts unknown ("—")."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ...core.currency import Rates
from ...core.markets import MARKET_ORDER, MARKETS
from ...core.ranking import MARKET_CHOICES, RankRequest
from ...core.records import FIELD_BY_KEY
from ...core.sectors import SectorFlows
from ...core.units import format_amount, format_ratio
from ...live.store import CODES, NAMES, Change, LiveStore
from ..look.theme import follow_theme
from ..table.cell_format import CellFormat
from .archive_periods import ArchivePeriods
from .market_text import (
    base_of,
    boards_period_text,
    field_label,
    header,
    in_currency,
    number_tip,
    period_header,
    period_problem,
)
from .rank_rows import RankSource
from .ranked_model import RankedModel
from .sector_cache import SectorCache
from .stock_model import companion

KINDS = ("rank", "sector", "members", "value", "other")
RANK, SECTOR, MEMBERS, VALUE, OTHER = range(len(KINDS))
SectorRole = Qt.ItemDataRole.UserRole + 10  # the row's sector id
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_D = Qt.ItemDataRole
_ROOT = QModelIndex()
_ALIGN = int(_D.TextAlignmentRole)
# The roles answered; the view asks for about ten a cell.
_ROLES = frozenset(int(r) for r in (_D.DisplayRole, _D.ForegroundRole, _D.ToolTipRole,
                                    _D.TextAlignmentRole, SectorRole))


class SectorRankModel(RankedModel):
    def __init__(self, store: LiveStore, parent=None, *,
                 clock: Callable[[], float] = time.monotonic,
                 source: RankSource | None = None,
                 sectors: SectorCache | None = None,
                 periods: ArchivePeriods | None = None) -> None:
        super().__init__(parent, clock=clock)
        self.store = store
        self.source = source if source is not None else RankSource(store)
        self.sectors = (sectors if sectors is not None
                        else SectorCache(lambda: self.source.rows))
        self.text = CellFormat()
        self.request = RankRequest()
        self.flows: SectorFlows | None = None
        self.positions = np.zeros(0, np.intp)
        self.markets = np.zeros(0, np.intp)  # per sector of `flows`: its market
        self.periods = periods if periods is not None else ArchivePeriods(self.rerank)
        self.problem = ""  # why nothing is ranked over a period ("" when it is)
        self.covered = 1  # of the period's days, how many the archive had
        store.add_listener(self.on_change)
        follow_theme(self, self.set_theme)
        self.rerank()

    def set_request(self, request: RankRequest) -> None:
        if request != self.request:
            self.request = request
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, VALUE, OTHER)
            self.rerank()

    def set_rates(self, rates: Rates | None) -> None:
        """The rates sectors over every market (ALL) sum their amounts at."""
        if rates != self.sectors.rates:
            self.sectors.rates = rates
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, VALUE, OTHER)
            self.rerank()

    def on_change(self, change: Change) -> None:
        if change.kind == NAMES:
            self.rerank()  # another universe: other sectors
        elif self.source.rows.whole:
            return  # a whole market's numbers come with its tables, not the store
        elif change.kind == CODES:
            self.rerank()
        elif change.all_rows or len(change.rows):
            self.mark_due()

    def set_boards(self, boards: object) -> None:
        """The source's own boards to rank (a feeds.board_table.BoardTable; None: the
        sectors of the universe again)."""
        if boards is not self.sectors.boards:
            self.sectors.set_boards(boards)  # type: ignore[arg-type]
            self.rerank()

    def compute(self) -> tuple[list[str], object]:
        request, period, covered = self.request, None, 1
        if self.sectors.boards is not None and request.days > 1:
            return [], (None, np.zeros(0, np.intp), np.zeros(0, np.intp),
                        boards_period_text(request.period), 1)
        if request.days > 1:
            periods, why = self.periods.find(self.source.rows, request.market,
                                             request.period, request.days)
            if periods is None:
                return [], (None, np.zeros(0, np.intp), np.zeros(0, np.intp),
                            period_problem(why, request.period, self.periods.failure), 1)
            # The field's series alone (its ratio is the companion): 2 of 6 summed.
            period = periods.period_table(request.days, (FIELD_BY_KEY[request.field].series,))
            covered = periods.covered(request.days)
        flows = self.sectors.flows(request.market, period)
        positions = flows.rank(request.field, request.order, request.top)
        # Each sector's market (MARKET_ORDER position): its colours, and over every
        # market its name's prefix (an HK and a US sector may share a name).
        markets = np.full(len(flows.ids), MARKET_ORDER.index(
            MARKET_CHOICES[self.request.market][0]), np.intp)
        if flows.base is not None:
            markets[flows.group] = self.sectors.current().table.market[flows.rows]
        return [flows.ids[p] for p in positions.tolist()], (flows, positions, markets, "",
                                                             covered)

    def take(self, state: object) -> None:
        covered = self.covered
        self.flows, self.positions, self.markets, self.problem, self.covered = state
        if covered != self.covered:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, VALUE, VALUE)

    def sector_at(self, row: int) -> str | None:
        return self.keys[row] if 0 <= row < len(self.keys) else None

    # --- Qt's interface ------------------------------------------------------------

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(KINDS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _D.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(KINDS):
            return super().headerData(section, orientation, role)
        if role == _D.DisplayRole:
            if section in (VALUE, OTHER):
                key = self.request.field if section == VALUE else companion(self.request.field)
                text = in_currency(field_label(key, self.text.lang, short=True),
                                   base_of(self.request, self.sectors.rates, key))
                return (period_header(text, self.request, self.covered) if section == VALUE
                        else text)
            return header(KINDS[section])
        if role == _D.TextAlignmentRole and section != SECTOR:
            return _RIGHT
        return None

    def answer(self, row: int, column: int, role: int) -> object:
        if role not in _ROLES or self.flows is None:
            return None
        if role == SectorRole:
            return self.keys[row]
        if role == _ALIGN:
            return _LEFT if column == SECTOR else _RIGHT
        return self._cell(row, column, role)

    def _cell(self, row: int, column: int, role: int) -> object:
        p = int(self.positions[row])
        flows = self.flows
        if column in (VALUE, OTHER):
            key = self.request.field if column == VALUE else companion(self.request.field)
            value = float(flows.values(key)[p])
            if role == _D.ToolTipRole:
                return self._tooltip(p, key, value)
            if role == _D.ForegroundRole:
                return self.text.sign_color(value, self.text.up_is_red(
                    int(self.markets[p])))
            if not math.isfinite(value):
                return "—"
            return (format_ratio(value) if FIELD_BY_KEY[key].kind == "ratio"
                    else format_amount(value, self.text.amount_units))
        if role != _D.DisplayRole:
            return None
        if column == RANK:
            return str(row + 1)
        if column == MEMBERS:
            known, members = int(flows.known[p]), int(flows.members[p])
            if members < 0:  # a source's own board: its members are not counted here
                return "—"
            return str(members) if known == members else f"{known}/{members}"
        name = self.sectors.name(self.keys[row], self.text.lang)
        if flows.base is None:
            return name
        return f"{MARKET_ORDER[int(self.markets[p])].value} {name}"

    def _tooltip(self, p: int, key: str, value: float) -> str | None:
        """An amount to the cent in the sector's currency; over every market in the base
        and as its members' currency had it, as a stock's cell says."""
        flows = self.flows
        ratio = FIELD_BY_KEY[key].kind == "ratio"
        own = MARKETS[MARKET_ORDER[int(self.markets[p])]].currency
        native = None if ratio or flows.base is None else float(flows.native_values(key)[p])
        return number_tip(value, ratio, own, flows.base, native)
