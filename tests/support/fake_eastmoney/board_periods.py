"""East Money's own 3/5/10-day numbers in the fake's `clist/get` rows (board_list.py):
the fields akshare's stock_individual_fund_flow_rank asks for "3日" (f267-f276), "5日"
(f164-f173) and "10日" (f174-f183) (akshare/stock/stock_fund_em.py), each main, super,
large, medium, small net (yuan) then ratio (percent), tier nets summing to zero as
East Money's do; a suspended row's are "-".

    boards = with_periods(FakeBoards(300))
"""

from __future__ import annotations

import random

from flowdeck.feeds.eastmoney.rank import PERIOD_FIELDS

from .board_list import FakeBoards


def with_periods(boards: FakeBoards, *, seed: int = 11,
                 left_out: frozenset[str] = frozenset()) -> FakeBoards:
    """`boards` with the period fields in every row (none in `left_out` codes' rows:
    an answer without them)."""
    rng = random.Random(seed)
    for row in boards.rows:
        if boards.code(row) in left_out:
            continue
        suspended = row["f62"] == "-"
        for days, keys in PERIOD_FIELDS.items():
            sup, large, medium = (float(rng.randint(-90_000, 90_000)) * 1e3 for _ in range(3))
            nets = (sup + large, sup, large, medium, -(sup + large + medium))
            base = 1e9 * days
            for k, net in enumerate(nets):
                row[keys[2 * k]] = "-" if suspended else net
                row[keys[2 * k + 1]] = "-" if suspended else round(100 * net / base, 2)
    return boards
