"""One code's row of the whole-market table the Market view ranks now, copied out for
the detail dock (detail.outside_row: a code the window does not follow)."""

from __future__ import annotations

import numpy as np

from ..detail.outside_row import MarketRow


def market_row(rows, code: str) -> MarketRow | None:
    """`code`'s row of `rows` (a RankSource's rows) when they are a whole market's
    table holding it (MarketRows), else None. The series is the one the view's
    sparkline draws (none from a gateway's table)."""
    if not getattr(rows, "whole", False) or code not in rows.index:
        return None
    table, r = rows.table, rows.index[code]
    main = np.asarray(rows.history.series_row(code), np.float64) \
        if code in rows.history else None
    return MarketRow(code, np.array(table.values[r], np.float64), float(table.turnover[r]),
                     str(table.update_time[r]), main)
