"""The fake East Money's concept boards on `clist/get`, beside board_list.py's stocks:
`fs=m:90 t:3 f:!50` the concept list (akshare stock/stock_fund_em.py,
stock_sector_fund_flow_rank: each row f12 "BK0xxx", f14 its name, f62/f184 and
f66..f87 the board's own flows, sorted by `fid`/`po`) and `fs=b:BK0xxx f:!50` a board's
member stocks (stock_board_concept_cons_em), pages of at most 100 rows.

    clist = FakeClist(FakeBoards(300), FakeConcepts(230))
    fake.route(CLIST_PATH, clist.answer)

A stock belongs to several concepts (`members`); a concept's flows are its own (not a
sum FlowDeck could make of its members: East Money's).
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from .board_list import PAGE_CAP, FakeBoards

_HEAD = {"rc": 0, "rt": 6, "svr": 0, "lt": 1, "full": 1, "dlmkts": ""}


class FakeConcepts:
    def __init__(self, n: int = 230, *, seed: int = 5, per_board: int = 120,
                 no_data: frozenset[str] = frozenset()) -> None:
        rng = random.Random(seed)
        self.rows: list[dict] = []
        for i in range(n):
            sup, large, medium = (float(rng.randint(-900_000, 900_000)) * 1e3 for _ in range(3))
            small, turnover = -(sup + large + medium), 5e10
            code = f"BK{400 + i:04d}"
            row = {"f12": code, "f13": 90, "f14": f"概念{i}", "f62": sup + large,
                   "f184": round(100 * (sup + large) / turnover, 2)}
            for net_f, ratio_f, net in (("f66", "f69", sup), ("f72", "f75", large),
                                        ("f78", "f81", medium), ("f84", "f87", small)):
                row[net_f], row[ratio_f] = net, round(100 * net / turnover, 2)
            if code in no_data:
                for key in list(row)[3:]:
                    row[key] = "-"
            self.rows.append(row)
        self.per_board, self.seed = per_board, seed

    def members(self, board: str, boards: FakeBoards) -> list[str]:
        """The codes of `board`: a fixed sample of the stocks (each in several boards)."""
        codes = sorted(boards.code(r) for r in boards.rows)
        rng = random.Random(f"{self.seed}/{board}")
        return sorted(rng.sample(codes, min(self.per_board, len(codes))))


class FakeClist:
    """clist/get answering the stocks' boards (board_list.py), the concept list and a
    concept's members by `fs`."""

    def __init__(self, boards: FakeBoards, concepts: FakeConcepts) -> None:
        self.boards, self.concepts = boards, concepts

    def answer(self, params: Mapping[str, str]) -> dict:
        fs = params.get("fs", "")
        if fs.startswith("m:90 t:3"):
            rows = [r for r in self.concepts.rows if r["f62"] != "-"]
            fid, descending = params.get("fid", "f62"), params.get("po", "1") == "1"
            rows.sort(key=lambda r: (r[fid], r["f12"]), reverse=descending)
            return _page(rows + [r for r in self.concepts.rows if r["f62"] == "-"], params)
        if fs.startswith("b:"):
            board = fs[2:].split(" ", 1)[0]
            if board not in {r["f12"] for r in self.concepts.rows}:
                return {**_HEAD, "data": None}
            wanted = set(self.concepts.members(board, self.boards))
            rows = sorted((r for r in self.boards.rows if self.boards.code(r) in wanted),
                          key=lambda r: r["f12"])
            return _page(rows, params)
        return self.boards.answer(params)


def _page(rows: list[dict], params: Mapping[str, str]) -> dict:
    size = min(int(params.get("pz", "20")), PAGE_CAP)
    start = (int(params.get("pn", "1")) - 1) * size
    page = rows[start:start + size]
    if not page:
        return {**_HEAD, "data": None}
    wanted = params.get("fields", "").split(",")
    return {**_HEAD, "data": {"total": len(rows),
                              "diff": [{k: r[k] for k in wanted if k in r} for r in page]}}
