"""Where the table's columns go by default, and how a layout saved by an older FlowDeck
(fewer columns) is brought up to date.

A saved layout (QHeaderView.saveState) names columns by position. Qt restores one with
fewer sections than the model without complaint and shows the sections it did not know,
at the end: the nine multi-day columns would all appear, after the sparklines, in every
window whose layout was saved before they existed, and the name and price far from the
code. So the sections a state does not know get their default place and visibility
(`place_columns`)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QBitArray, QByteArray, QDataStream
from PySide6.QtWidgets import QHeaderView

from .columns import CODE_COLUMN, COLUMNS, QUOTE_COLUMNS, SPARK_COLUMNS

_VERSION_MARKER = 0xFF  # QHeaderViewPrivate::VersionMarker, the state's first int


def saved_section_count(state: bytes) -> int | None:
    """How many sections a saved header state holds; None for a state Qt would not read
    (or one laid out unlike Qt 6's, version 0)."""
    stream = QDataStream(QByteArray(bytes(state)))
    stream.setVersion(QDataStream.Version.Qt_5_0)  # as saveState writes it
    if stream.readInt32() != _VERSION_MARKER or stream.readInt32() != 0:
        return None
    for _ in range(3):  # orientation, sort order, sort section
        stream.readInt32()
    stream.readBool()  # sort indicator shown
    for _ in range(2):  # visual indices, logical indices (empty while none moved)
        for _ in range(max(stream.readInt32(), 0)):
            stream.readInt32()
    hidden = QBitArray()
    stream >> hidden
    for _ in range(2 * max(stream.readInt32(), 0)):  # hidden sections' sizes
        stream.readInt32()
    stream.readInt32()  # length
    count = stream.readInt32()
    if stream.status() != QDataStream.Status.Ok or count < 0:
        return None
    return count


def place_columns(header: QHeaderView, columns: Iterable[int]) -> None:
    """Give `columns` their default place and visibility: a multi-day column hidden,
    just before the sparklines (beside the numbers it extends, not past the window's
    edge when shown); a quote column just after the code, in their own order (the
    name, then the price: what a trader reads first)."""
    for c in columns:
        col = COLUMNS[c]
        header.setSectionHidden(c, col.hidden_by_default)
        spark = header.visualIndex(SPARK_COLUMNS[0])
        if col.multiday and header.visualIndex(c) > spark:
            header.moveSection(header.visualIndex(c), spark)
        if col.quote:
            at = QUOTE_COLUMNS.index(c)
            after = QUOTE_COLUMNS[at - 1] if at else CODE_COLUMN
            target = header.visualIndex(after) + 1
            here = header.visualIndex(c)
            header.moveSection(here, target if here > target else target - 1)
