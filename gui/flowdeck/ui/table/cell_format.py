"""How the live table's cells read: compact amounts (K/M/B or 万/亿), ratios as
percentages, names in the window's language, prices with their market's decimals,
colours by the red-up or green-up convention (flows and price changes alike), dimmed
stale rows, market states and per-row errors in words. The model asks; this module
answers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor

from ...core.codes import Market
from ...core.flow_table import FlowTable
from ...core.markets import MARKET_ORDER, MarketState, utc_offset
from ...core.units import format_amount, format_ratio
from ...storage.config import COLORS
from ..look.i18n import amount_units, current_language, up_is_red, zone_label
from ..look.theme_colors import LIGHT, Theme
from .columns import COLUMNS, Column
from .multiday_rows import MultiDayRows
from .quote_rows import QuoteRows

UNITS = ("auto", "kmb", "wan")
# The multi-day columns follow today's (columns.py), the quote columns them: while the
# multi-day ones are hidden their cells are blanks made once, not nine per row (the
# paint of a 5,000-row table was 1.14x slower with them).
_TODAY = tuple(c for c in COLUMNS if not c.multiday and not c.quote)
_MULTIDAY = tuple(c for c in COLUMNS if c.multiday)
_QUOTES = tuple(c for c in COLUMNS if c.quote)
assert COLUMNS == _TODAY + _MULTIDAY + _QUOTES


# lupdate finds only literal texts in calls named tr or translate.
translate = QCoreApplication.translate
# Translated once per language (set_language), not per cell painted.
_STATE_TEXT = {MarketState.PRE_OPEN: QT_TRANSLATE_NOOP("CellFormat", "pre-open"),
               MarketState.OPEN: QT_TRANSLATE_NOOP("CellFormat", "open"),
               MarketState.LUNCH_BREAK: QT_TRANSLATE_NOOP("CellFormat", "lunch break"),
               MarketState.CLOSED: QT_TRANSLATE_NOOP("CellFormat", "closed")}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_HIDDEN_MULTIDAY = tuple((None, None, _RIGHT) for c in COLUMNS if c.multiday)


def _alignment(col: Column) -> int:
    return _RIGHT if col.numeric or col.kind == "time" else _LEFT


# row_cells' plan: (column, kind, its number in the record's values or -1, alignment),
# all columns, and without the multi-day ones (their blanks go in between).
_PLAN = tuple((c, c.kind, c.number, _alignment(c)) for c in COLUMNS)
_PLAN_TODAY = tuple(p for p in _PLAN if not p[0].multiday)


@dataclass(frozen=True, slots=True)
class RowCells:
    """One row as the delegates paint it: per column (text or None, colour or None,
    alignment flags), and the row's background (errors) or None."""
    cells: tuple[tuple[str | None, QColor | None, int], ...]
    background: QColor | None
    code: str


class CellFormat:
    """Display settings (language, units, colour convention) and the text, colour and
    tooltip of each kind of cell. The multi-day cells read `multiday` (the model's), the
    quote cells `quotes` (None: they show "—")."""

    def __init__(self, multiday: MultiDayRows | None = None,
                 quotes: QuoteRows | None = None) -> None:
        self.multiday = multiday if multiday is not None else MultiDayRows()
        self.quotes = quotes
        self.lang = "en"
        self.units = "auto"
        self.colors = "auto"
        self._state_labels: dict[MarketState, str] = {}
        self.amount_units = "kmb"  # as amounts are written: the units setting in `lang`
        self._red_up = [up_is_red(self.colors, m, self.lang) for m in MARKET_ORDER]
        self.theme = LIGHT
        self._set_theme_colors(LIGHT)

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
        self._red_up = [up_is_red(colors, m, self.lang) for m in MARKET_ORDER]
        return changed

    def set_theme(self, theme: Theme) -> bool:
        changed = theme != self.theme
        self.theme = theme
        self._set_theme_colors(theme)
        return changed

    def set_language(self, lang: str) -> bool:
        """`lang` names the field labels' language; the sentences come from the
        translators installed (ui.i18n), which the caller has already switched."""
        changed = lang != self.lang
        self.lang = lang
        if self.quotes is not None:
            self.quotes.set_language(lang)
        self._resolve_units()
        self._red_up = [up_is_red(self.colors, m, lang) for m in MARKET_ORDER]  # "auto"
        self._state_labels = {s: QCoreApplication.translate("CellFormat", text)
                              for s, text in _STATE_TEXT.items()}
        return changed

    def _resolve_units(self) -> None:
        self.amount_units = amount_units(self.units, self.lang)

    # --- colours ---------------------------------------------------------------------

    def up_is_red(self, market_pos: int) -> bool:
        """Whether a row of the market at MARKET_ORDER[market_pos] shows inflow red."""
        return self._red_up[market_pos]

    def _set_theme_colors(self, theme: Theme) -> None:
        self.dim = QColor(theme.dim)
        self.error_background = QColor(theme.error_row)
        self._colors = {(up_red, sign, stale): QColor(theme.flow(up_red, stale)[sign < 0])
                        for up_red in (False, True) for sign in (-1, 1)
                        for stale in (False, True)}

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
            # The price is coloured by its change, as every quote screen does.
            value = (self.number(table, r, col) if col.kind != "last" or self.quotes is None
                     else self.quotes.change(r))
            return self.sign_color(value, up_red, stale)
        return self.dim if stale else None

    def number(self, table: FlowTable, r: int, col: Column) -> float:
        """A numeric column's value in table row `r` (NaN unknown)."""
        if col.number >= 0:
            return float(table.values[r, col.number])
        if col.multiday:
            return self.multiday.value(r, col)
        return self.quotes.value(r, col.kind) if self.quotes is not None else math.nan

    # --- text --------------------------------------------------------------------------

    def state_label(self, state: MarketState) -> str:
        return self._state_labels.get(state, state.value)

    def display(self, table: FlowTable, r: int, col: Column,
                state: MarketState | None) -> str | None:
        kind = col.kind
        if kind == "net":
            return format_amount(float(table.values[r, col.number]), self.amount_units)
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
            if len(t) <= 11:
                return t or "—"
            return f"{t[11:]} {zone_at(MARKET_ORDER[int(table.market[r])], t)}"
        if col.multiday:
            return self.multiday_text(r, col)
        if col.quote:
            if self.quotes is not None:
                return self.quotes.text(r, kind)
            return table.codes[r] if kind == "name" else "—"
        return None

    def multiday_text(self, r: int, col: Column) -> str:
        """"12.35M", "6.17%", "+3" (streak, negative for outflow); a window missing
        days says how many it has, "8.10M 3/5", never a partial sum passed off as
        whole; unknown (no history, an unknown turnover): "—"."""
        value = self.multiday.value(r, col)
        if col.kind == "streak":
            return "—" if value != value else f"{int(value):+d}" if value else "0"
        text = (format_amount(value, self.amount_units) if col.kind == "net_days"
                else format_ratio(value))
        known = self.multiday.known_days(r, col)
        if value == value and known < col.days:
            return f"{text} {known}/{col.days}"
        return text

    def row_cells(self, table: FlowTable, r: int, state: MarketState | None,
                  stale: bool, multiday: bool = True) -> RowCells:
        """`multiday`: whether the multi-day cells are wanted (False while those
        columns are hidden: their cells are left empty, and not computed).

        The record's numbers (the 12 values and the sparklines' colours, most of a
        row) are read once as one list and formatted here, not through `display` and
        `foreground` a cell (a repaint after a batch formats every row on screen:
        half its time went there); the other cells ask those two as the model does."""
        values = table.values[r].tolist()
        colors = self._colors
        up_red = self._red_up[int(table.market[r])]
        inflow, outflow = colors[(up_red, 1, stale)], colors[(up_red, -1, stale)]
        plain = self.dim if stale else None
        units = self.amount_units
        display, foreground = self.display, self.foreground
        cells = []
        add = cells.append
        for col, kind, number, align in (_PLAN if multiday else _PLAN_TODAY):
            if number < 0:
                add((display(table, r, col, state), foreground(table, r, col, stale), align))
                continue
            v = values[number]
            add((format_amount(v, units) if kind == "net"
                 else format_ratio(v) if kind == "ratio" else None,
                 inflow if v > 0 else outflow if v < 0 else plain, align))
        if not multiday:
            cells[len(_TODAY):len(_TODAY)] = _HIDDEN_MULTIDAY
        background = self.error_background if table.error[r] is not None else None
        return RowCells(tuple(cells), background, table.codes[r])

    def sort_value(self, table: FlowTable, r: int, col: Column) -> object:
        """What SortRole answers: the number, or the text of a text column."""
        if col.numeric:
            return self.number(table, r, col)
        if col.kind == "name":
            return self.quotes.name(r) if self.quotes is not None else table.codes[r]
        if col.kind == "code":
            return table.codes[r]
        if col.kind == "currency":
            return table.currency[r]
        if col.kind == "time":
            return table.update_time[r]
        return None

    def alignment(self, col: Column) -> int:
        return _alignment(col)

    def header_tooltip(self, col: Column) -> str:
        other = col.label_en if self.lang.startswith("zh") else col.label_zh
        return f"{col.label(self.lang)} ({other})"

    def tooltip(self, table: FlowTable, r: int, col: Column, state: MarketState | None,
                stale_after_s: float | None) -> str | None:
        """`stale_after_s`: the stale time when the row is stale (None when not)."""
        lines = []
        code = table.codes[r]
        err = table.error[r]
        if err is not None:
            lines.append(translate("CellFormat", "{code}: error {number}: {message}")
                         .format(code=code, number=err[0], message=err[1]))
        market = MARKET_ORDER[int(table.market[r])].value
        t = table.update_time[r] or "—"
        if col.kind == "time":
            if state is not None and state is not MarketState.OPEN:
                lines.append(translate("CellFormat", "{market} {state}; last update {time}")
                             .format(market=market, state=self.state_label(state), time=t))
            else:
                lines.append(translate("CellFormat", "last update {time}").format(
                    time=with_zone(MARKET_ORDER[int(table.market[r])], t)))
        elif col.multiday:
            lines.extend(self.multiday_tooltip(r, col, table.currency[r]))
        elif col.quote:
            lines.extend(self.quote_tooltip(r, col))
        elif col.numeric and col.kind != "spark":
            v = float(table.values[r, col.number])
            if math.isfinite(v):
                lines.append(f"{v * 100:.4f}%" if col.kind == "ratio"
                             else f"{v:,.2f} {table.currency[r]}")
        if stale_after_s is not None:
            lines.append(translate("CellFormat", "stale: no update for more than {seconds} s "
                                   "while {market} is open")
                         .format(seconds=f"{stale_after_s:g}", market=market))
        return "\n".join(lines) or None

    def quote_tooltip(self, r: int, col: Column) -> list[str]:
        """The name in both languages; under a price, the previous close and the time
        of the last trade."""
        quotes = self.quotes
        if quotes is None:
            return []
        if col.kind == "name":
            return quotes.tooltip(r, "name")
        lines = []
        prev = quotes.prev_close_text(r)
        if prev is not None:
            lines.append(translate("CellFormat", "previous close {price}").format(price=prev))
        when = quotes.update_time(r)
        if when:
            lines.append(translate("CellFormat", "last trade {time}").format(time=when))
        return lines

    def multiday_tooltip(self, r: int, col: Column, currency: str) -> list[str]:
        """The exact number, and what a partial or unknown value leaves out."""
        if self.multiday.provider is None:
            return [translate("CellFormat", "no flow history: the archive is not open")]
        value = self.multiday.value(r, col)
        if col.kind == "streak":
            if value > 0:
                return [translate("CellFormat", "{days} trading days of main inflow in a row")
                        .format(days=int(value))]
            if value < 0:
                return [translate("CellFormat", "{days} trading days of main outflow in a row")
                        .format(days=-int(value))]
            return []
        lines = []
        known = self.multiday.known_days(r, col)
        if math.isfinite(value):
            lines.append(f"{value * 100:.4f}%" if col.kind == "ratio_days"
                         else f"{value:,.2f} {currency}")
        elif known and col.kind == "ratio_days":
            lines.append(translate("CellFormat",
                                   "ratio unknown: a day of the window has no known turnover"))
        if known < col.days:
            lines.append(translate("CellFormat", "{known} of {days} trading days archived")
                         .format(known=known, days=col.days))
        return lines


@lru_cache(maxsize=256)
def _zone(market: Market, hour: str, lang: str) -> str:
    return zone_label(market, f"{hour}:00:00")  # in `lang`, the language spoken


def zone_at(market: Market, update_time: str) -> str:
    """The exchange's clock (HKT, EST/EDT, Beijing; 香港时间 … in Chinese: i18n.zone_label)
    at an update time; cached per hour and language, because the table asks for it for
    every visible row on every repaint."""
    return _zone(market, update_time[:13], current_language())


def with_zone(market: Market, update_time: str) -> str:
    """`2026-11-25 10:30:05 HKT (UTC+8)`: a time on screen says whose it is (its clock
    named in the language spoken)."""
    if len(update_time) < 19:
        return update_time or "—"
    return (f"{update_time} {zone_at(market, update_time)} "
            f"({utc_offset(market, update_time)})")
