"""How the live table's cells read: compact amounts (K/M/B or 万/亿), ratios as
percentages, colours by the red-up or green-up convention, dimmed stale rows, market
states and per-row errors in words. The model asks; this module answers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ..core.codes import Market
from ..core.flow_table import FlowTable
from ..core.markets import MARKET_ORDER, MarketState
from ..core.units import format_amount, format_ratio
from .columns import COLUMNS, Column

UNITS = ("auto", "kmb", "wan")
COLORS = ("auto", "red-up", "green-up")


def red_up(colors: str, market: Market) -> bool:
    """Whether inflow shows red for `market` under the colours setting: "auto" follows
    each market's convention (red-up in HK and China, green-up in the US)."""
    return market is not Market.US if colors == "auto" else colors == "red-up"
RED = QColor(0xD3, 0x2F, 0x2F)
GREEN = QColor(0x2E, 0x7D, 0x32)
_STATE_ZH = {MarketState.PRE_OPEN: "未开盘", MarketState.OPEN: "交易中",
             MarketState.LUNCH_BREAK: "午间休市", MarketState.CLOSED: "已收盘"}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True, slots=True)
class RowCells:
    """One row as the delegates paint it: per column (text or None, colour or None,
    alignment flags), and the row's background (errors) or None."""
    cells: tuple[tuple[str | None, QColor | None, int], ...]
    background: QColor | None
    code: str


def _dimmed(color: QColor) -> QColor:
    c = QColor(color)
    c.setAlpha(110)
    return c


class CellFormat:
    """Display settings (language, units, colour convention) and the text, colour and
    tooltip of each kind of cell."""

    def __init__(self) -> None:
        self.lang = "en"
        self.units = "auto"
        self.colors = "auto"
        self.stale_after_s = 30.0
        self.dim = QColor(128, 128, 128)
        self.error_background = QColor(255, 152, 0, 60)
        self._amount_units = "kmb"
        self._red_up = [m is not Market.US for m in MARKET_ORDER]
        self._colors = {(up_red, sign, stale): self._make_color(up_red, sign, stale)
                        for up_red in (False, True) for sign in (-1, 1)
                        for stale in (False, True)}

    # --- settings (each returns whether anything changed) ---------------------------

    def set_units(self, units: str) -> bool:
        if units not in UNITS:
            raise ValueError(f"units must be one of {UNITS}, got {units!r}")
        changed = units != self.units
        self.units = units
        self._resolve_units()
        return changed

    def set_colors(self, colors: str) -> bool:
        if colors not in COLORS:
            raise ValueError(f"colors must be one of {COLORS}, got {colors!r}")
        changed = colors != self.colors
        self.colors = colors
        self._red_up = [red_up(colors, m) for m in MARKET_ORDER]
        return changed

    def set_language(self, lang: str) -> bool:
        changed = lang != self.lang
        self.lang = lang
        self._resolve_units()
        return changed

    def _resolve_units(self) -> None:
        if self.units == "auto":
            self._amount_units = "wan" if self.lang.startswith("zh") else "kmb"
        else:
            self._amount_units = self.units

    # --- colours ---------------------------------------------------------------------

    def up_is_red(self, market_pos: int) -> bool:
        """Whether a row of the market at MARKET_ORDER[market_pos] shows inflow red."""
        return self._red_up[market_pos]

    @staticmethod
    def _make_color(up_red: bool, sign: int, stale: bool) -> QColor:
        color = RED if (sign > 0) == up_red else GREEN
        return _dimmed(color) if stale else QColor(color)

    def sign_color(self, value: float, up_red: bool, stale: bool = False) -> QColor | None:
        """Inflow (> 0) and outflow (< 0) colours; zero and no value: the default
        text colour (dimmed when stale)."""
        if value > 0:
            return self._colors[(up_red, 1, stale)]
        if value < 0:
            return self._colors[(up_red, -1, stale)]
        return self.dim if stale else None

    def foreground(self, table: FlowTable, r: int, col: Column, stale: bool) -> QColor | None:
        if col.numeric:
            up_red = self._red_up[int(table.market[r])]
            return self.sign_color(float(table.values[r, col.number]), up_red, stale)
        return self.dim if stale else None

    # --- text --------------------------------------------------------------------------

    def state_label(self, state: MarketState) -> str:
        return _STATE_ZH[state] if self.lang.startswith("zh") else state.value

    def display(self, table: FlowTable, r: int, col: Column,
                state: MarketState | None) -> str | None:
        kind = col.kind
        if kind == "net":
            return format_amount(float(table.values[r, col.number]), self._amount_units)
        if kind == "ratio":
            return format_ratio(float(table.values[r, col.number]))
        if kind == "code":
            code = table.codes[r]
            return f"⚠ {code}" if table.error[r] is not None else code
        if kind == "currency":
            return table.currency[r]
        if kind == "time":
            if state is not None and state is not MarketState.OPEN:
                return self.state_label(state)
            t = table.update_time[r]
            return t[11:] if len(t) > 11 else (t or "—")
        return None

    def row_cells(self, table: FlowTable, r: int, state: MarketState | None,
                  stale: bool) -> RowCells:
        cells = tuple((self.display(table, r, col, state), self.foreground(table, r, col, stale),
                       self.alignment(col)) for col in COLUMNS)
        background = self.error_background if table.error[r] is not None else None
        return RowCells(cells, background, table.codes[r])

    @staticmethod
    def sort_value(table: FlowTable, r: int, col: Column) -> object:
        """What SortRole answers: the number, or the text of a text column."""
        if col.numeric:
            return float(table.values[r, col.number])
        if col.kind == "code":
            return table.codes[r]
        if col.kind == "currency":
            return table.currency[r]
        if col.kind == "time":
            return table.update_time[r]
        return None

    def alignment(self, col: Column) -> int:
        return _RIGHT if col.numeric or col.kind == "time" else _LEFT

    def header_tooltip(self, col: Column) -> str:
        other = col.label_en if self.lang.startswith("zh") else col.label_zh
        return f"{col.label(self.lang)} ({other})"

    def tooltip(self, table: FlowTable, r: int, col: Column, state: MarketState | None,
                stale: bool) -> str | None:
        lines = []
        code = table.codes[r]
        err = table.error[r]
        if err is not None:
            lines.append(f"{code}: error {err[0]}: {err[1]}")
        market = MARKET_ORDER[int(table.market[r])].value
        t = table.update_time[r] or "—"
        if col.kind == "time":
            if state is not None and state is not MarketState.OPEN:
                lines.append(f"{market} {self.state_label(state)}; last update {t}")
            else:
                lines.append(f"last update {t}")
        elif col.numeric and col.kind != "spark":
            v = float(table.values[r, col.number])
            if math.isfinite(v):
                lines.append(f"{v * 100:.4f}%" if col.kind == "ratio"
                             else f"{v:,.2f} {table.currency[r]}")
        if stale:
            lines.append(f"stale: no update for more than {self.stale_after_s:g} s "
                         f"while {market} is open")
        return "\n".join(lines) or None
