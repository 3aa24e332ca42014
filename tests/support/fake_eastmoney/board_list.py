"""The fake East Money's `clist/get`: a whole board list, sorted and paged as East
Money does, in the shape akshare reads (akshare/stock/stock_fund_em.py,
stock_individual_fund_flow_rank and stock_main_fund_flow: `data.total`, `data.diff` a
list with np=1, each row the `f` fields asked; pages of at most 100 rows whatever `pz`
asks, akshare#5805). A page past the end answers `data: null`.

`FakeBoards(n)` is a deterministic market of n A-share codes (SH 600000.., SZ
000001..), each with a name, one of a few industries, a turnover and tier nets that sum
to zero (East Money's convention); `every` lists codes whose flows are '-' (suspended).
`answer(params)` is a pure function of the query, for the server's route and for tests
without a socket.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

PAGE_CAP = 100
INDUSTRIES = ("白酒", "银行", "半导体", "光伏设备", "医疗器械")
_FS_MARKET = {"m:1": 1, "m:0": 0}


class FakeBoards:
    def __init__(self, n: int = 250, *, seed: int = 3,
                 suspended: frozenset[str] = frozenset(), stamp: int = 1_764_840_600) -> None:
        rng = random.Random(seed)
        self.rows: list[dict] = []
        for i in range(n):
            sh = i % 2 == 0
            symbol = f"{600000 + i:06d}" if sh else f"{1 + i:06d}"
            turnover = float(rng.randint(50, 5000)) * 1e6
            sup, large, medium = (float(rng.randint(-30_000, 30_000)) * 1e3 for _ in range(3))
            small = -(sup + large + medium)
            row = {"f12": symbol, "f13": 1 if sh else 0, "f14": f"股{symbol}",
                   "f2": round(rng.uniform(3, 300), 2), "f18": 10.0, "f3": 0.5,
                   "f124": stamp, "f6": turnover, "f100": INDUSTRIES[i % len(INDUSTRIES)],
                   "f62": sup + large}
            for net_f, ratio_f, net in (("f66", "f69", sup), ("f72", "f75", large),
                                        ("f78", "f81", medium), ("f84", "f87", small)):
                row[net_f], row[ratio_f] = net, round(100 * net / turnover, 2)
            row["f184"] = round(100 * (sup + large) / turnover, 2)
            if f"{'SH' if sh else 'SZ'}.{symbol}" in suspended:
                for key in ("f62", "f184", "f66", "f69", "f72", "f75", "f78", "f81",
                            "f84", "f87", "f6"):
                    row[key] = "-"
            self.rows.append(row)

    def code(self, row: Mapping) -> str:
        return f"{'SH' if row['f13'] == 1 else 'SZ'}.{row['f12']}"

    def answer(self, params: Mapping[str, str]) -> dict:
        markets = {_FS_MARKET[part.split("+")[0]] for part in params["fs"].split(",")}
        rows = [r for r in self.rows if r["f13"] in markets]
        fid, descending = params.get("fid", "f12"), params.get("po", "1") == "1"
        known = [r for r in rows if r[fid] != "-"]
        known.sort(key=lambda r: (r[fid], r["f12"]), reverse=descending)
        ordered = known + [r for r in rows if r[fid] == "-"]  # '-' last either way
        size = min(int(params.get("pz", "20")), PAGE_CAP)
        start = (int(params.get("pn", "1")) - 1) * size
        page = ordered[start:start + size]
        if not page:
            return {"rc": 0, "rt": 6, "svr": 0, "lt": 1, "full": 1, "dlmkts": "",
                    "data": None}
        wanted = params.get("fields", "").split(",")
        return {"rc": 0, "rt": 6, "svr": 0, "lt": 1, "full": 1, "dlmkts": "",
                "data": {"total": len(rows),
                         "diff": [{k: r[k] for k in wanted if k in r} for r in page]}}
