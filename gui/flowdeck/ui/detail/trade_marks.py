"""The selected stock's big trades on its intraday chart, on the price line's axis
(price_line.py): one mark per minute and side, at the minute and at the average price
of that minute's big trades of that side (value over quantity), a triangle up for the
buys and down for the sells in the user's inflow and outflow colours, a grey dot for
the neutral prints; larger for more value. Per minute, not per trade: a busy stock's
kept day (up to the tape's 2,000 a code) would bury the price line under marks. One
ScatterPlotItem, one `setData` per change of the code's tape.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from ...core.big_trades import BUY, SELL, BigTrades
from ...core.markets import market_of, trading_minute
from ..look.theme import Theme
from .detail_style import flow_colors

_SIZES = (7.0, 14.0)  # the mark of the least and of the most value, in pixels
_ABOVE_PRICE = 10     # over the price line, in the price's view box
_SYMBOLS = np.array(["t1", "t", "o"], object)  # buy (points up), sell (down), neutral


class TradeMarks:
    """Marks of one code's big trades in `view` (the price line's view box)."""

    def __init__(self, view: pg.ViewBox) -> None:
        self.scatter = pg.ScatterPlotItem(pxMode=True, hoverable=False)
        self.scatter.setObjectName("detailTradeMarks")
        self.scatter.setZValue(_ABOVE_PRICE)
        view.addItem(self.scatter)
        self.count = 0  # marks drawn
        self._colors = "red-up"
        self._theme: Theme | None = None
        self._trades = BigTrades.empty()

    def set_trades(self, trades: BigTrades) -> None:
        """One code's kept trades (any order); empty: no marks."""
        self._trades = trades
        self._draw()

    def set_look(self, colors: str, theme: Theme) -> None:
        """"red-up" or "green-up", and the theme: the marks' colours."""
        self._colors, self._theme = colors, theme
        self._draw()

    def _draw(self) -> None:
        trades = self._trades
        if not len(trades):
            self.count = 0
            self.scatter.setData([], [])
            return
        minute = trading_minute(market_of(trades.codes[0]), trades.times).astype(np.int64)
        kind = np.where(trades.side == BUY, 0, np.where(trades.side == SELL, 1, 2))
        keys, at = np.unique(minute * 3 + kind, return_inverse=True)
        value = np.bincount(at, weights=trades.value)
        quantity = np.bincount(at, weights=trades.quantity)
        price = value / np.where(quantity > 0, quantity, np.nan)
        kinds = keys % 3
        inflow, outflow = flow_colors(self._colors, self._theme)
        neutral = self._theme.dim if self._theme is not None else "#808080"
        brushes = [pg.mkBrush(inflow), pg.mkBrush(outflow), pg.mkBrush(neutral)]
        size = np.log10(np.maximum(value, 1.0))
        span = float(size.max() - size.min())
        scale = (size - size.min()) / span if span > 0 else np.zeros(len(size))
        self.count = len(keys)
        self.scatter.setData(x=(keys // 3).astype(float), y=price,
                             size=_SIZES[0] + scale * (_SIZES[1] - _SIZES[0]),
                             symbol=list(_SYMBOLS[kinds]), brush=[brushes[k] for k in kinds],
                             pen=None)
