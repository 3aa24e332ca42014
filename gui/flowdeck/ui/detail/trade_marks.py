"""The selected stock's big trades on its intraday chart: a mark at each trade's minute
and price, on the price line's axis (price_line.py), a triangle up for a buy and down
for a sell in the user's inflow and outflow colours, a grey dot for a neutral print.
One ScatterPlotItem, one `setData` per change of the code's tape; its size grows with
the trade's value (the larger prints stand out).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from ...core.big_trades import BUY, SELL, BigTrades
from ...core.markets import market_of, trading_minute
from ..look.theme import Theme
from .detail_style import flow_colors

_SIZES = (7.0, 13.0)  # the smallest and the largest trade of the code's tape, in pixels
_ABOVE_PRICE = 10     # over the price line, in the price's view box


class TradeMarks:
    """Marks of one code's big trades in `view` (the price line's view box)."""

    def __init__(self, view: pg.ViewBox) -> None:
        self.scatter = pg.ScatterPlotItem(pxMode=True, hoverable=False)
        self.scatter.setObjectName("detailTradeMarks")
        self.scatter.setZValue(_ABOVE_PRICE)
        view.addItem(self.scatter)
        self.count = 0  # marks drawn (tests, the screenshot's note)
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
        self.count = len(trades)
        if not len(trades):
            self.scatter.setData([], [])
            return
        x = trading_minute(market_of(trades.codes[0]), trades.times).astype(float)
        inflow, outflow = flow_colors(self._colors, self._theme)
        neutral = self._theme.dim if self._theme is not None else "#808080"
        brushes = [pg.mkBrush(inflow), pg.mkBrush(outflow), pg.mkBrush(neutral)]
        pick = np.where(trades.side == BUY, 0, np.where(trades.side == SELL, 1, 2))
        symbols = np.array(["t1", "t", "o"], object)[pick]  # t1 points up, t down
        value = np.log10(np.maximum(trades.value, 1.0))
        span = float(value.max() - value.min())
        scale = (value - value.min()) / span if span > 0 else np.zeros(len(value))
        self.scatter.setData(x=x, y=np.asarray(trades.price, float),
                             size=_SIZES[0] + scale * (_SIZES[1] - _SIZES[0]),
                             symbol=list(symbols), brush=[brushes[i] for i in pick],
                             pen=None)
