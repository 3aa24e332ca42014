"""The matches of what was typed, as rows of code, name and market (the dropdown's
model). The name follows the UI language at the time of the search."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QObject, Qt

from ...core.stock_search import MatchRank, SearchHit
from ..look.i18n import current_language

CODE, NAME, MARKET = range(3)
HEADERS = (QT_TRANSLATE_NOOP("MatchesModel", "Code"), QT_TRANSLATE_NOOP("MatchesModel", "Name"),
           QT_TRANSLATE_NOOP("MatchesModel", "Market"))
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class MatchesModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._lang = "en"

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self._lang = current_language()
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def code_at(self, row: int) -> str | None:
        return self._hits[row].code if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's)
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.EditRole or role == CODE_ROLE:
            return hit.code  # what the completer writes into the line edit
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == CODE:
                return hit.code
            if index.column() == NAME:
                return hit.name(self._lang) or (
                    self.tr("(not in the list of known stocks)")
                    if hit.rank is MatchRank.TYPED else "")
            return hit.market
        if role == Qt.ItemDataRole.ToolTipRole:
            return " ".join(n for n in (hit.code, hit.name(self._lang)) if n)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return self.tr(HEADERS[section])
        return None
