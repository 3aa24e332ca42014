"""East Money's concept boards (概念板块) and their members, from `clist/get`, for the
Market view's Sectors tab (feeds.board_table; feeds.base.RanksBoards).

The requests (akshare stock/stock_fund_em.py, stock_sector_fund_flow_rank: `fs=m:90
t:3 f:!50` the concept boards, `t:2` the industries; stock_board_concept_cons_em: `fs=b:
BK0493 f:!50` a board's members): each board row has f12 its code ("BK0493"), f14 its
name and the flow fields a stock's row has (f62/f184 main, f66..f87 the tiers, East
Money's own sums), read as a stock's are: main = super + large, retail = medium + small,
ratios from percent, "-" unknown. Pages hold at most 100 rows (akshare#5805): ~450
concepts are 5 requests, asked at most every `every` s while the tab is shown, one at a
time in the source's budget; a board's members are its stock rows (rank.py reads them),
a page of 100 a request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping

import numpy as np

from ..board_table import BoardTable
from .client import Refused, ShapeError, parsed_or_kept
from .fields import FLOW_FIELDS, TIER_FIELDS, UT, number
from .rank import CLIST_PATH, CODE_ORDER, PAGE, ClistPage, clist_params, pages, parse_clist

log = logging.getLogger("flowdeck.feeds.eastmoney.boards")

BOARD_FS = {"concept": "m:90 t:3 f:!50", "industry": "m:90 t:2 f:!50"}
BOARD_FIELDS = ("f12", "f14", *FLOW_FIELDS)
EVERY_S = 60.0
_SERIES = ("main", "retail", "super", "large", "medium", "small")

Get = Callable[[str, Mapping[str, str]], Awaitable[Mapping]]


def board_params(kind: str, page: int) -> dict[str, str]:
    """A page of `kind`'s boards, largest main net first (East Money's own sort)."""
    return {"fid": "f62", "po": "1", "pz": str(PAGE), "pn": str(page), "np": "1",
            "fltt": "2", "invt": "2", "ut": UT, "fs": BOARD_FS[kind],
            "fields": ",".join(BOARD_FIELDS)}


def members_params(board: str, page: int) -> dict[str, str]:
    """A page of board `board`'s member stocks, in code order, with a stock row's fields."""
    return clist_params(f"b:{board} f:!50", CODE_ORDER, False, page)


def parse_boards(payload: Mapping) -> tuple[int, dict[str, tuple[str, np.ndarray]]]:
    """(boards in the list, {code: (name, 12 numbers)}) of a page; ShapeError naming the
    field when it is not the list akshare reads."""
    data = payload.get("data", ...) if isinstance(payload, Mapping) else ...
    if data is ...:
        raise ShapeError("data", "missing")
    if data is None:
        return 0, {}
    total, diff = (data.get("total"), data.get("diff")) if isinstance(data, Mapping) \
        else (None, None)
    if isinstance(total, bool) or not isinstance(total, int):
        raise ShapeError("data.total", f"{total!r} is not a count")
    rows = list(diff.values()) if isinstance(diff, Mapping) else diff
    if not isinstance(rows, list):
        raise ShapeError("data.diff", "not a list")
    out = {}
    for i, row in enumerate(rows):
        code, name = (row.get("f12"), row.get("f14")) if isinstance(row, Mapping) else (0, 0)
        if not isinstance(code, str) or not code.startswith("BK") or not isinstance(name, str):
            raise ShapeError(f"data.diff[{i}].f12/f14", "not a board's code and name")
        try:
            out[code] = (name, _numbers(row))
        except ShapeError as exc:
            raise ShapeError(f"data.diff[{i}].{exc.field}", exc.detail) from None
    return total, out


def _numbers(row: Mapping) -> np.ndarray:
    got = {key: number(row, key) for key in FLOW_FIELDS}
    f = {k: np.nan if v is None else v for k, v in got.items()}
    nets = {s: f[net] for s, (net, _) in TIER_FIELDS.items()}
    ratios = {s: f[ratio] / 100.0 for s, (_, ratio) in TIER_FIELDS.items()}
    nets["main"], nets["retail"] = nets["super"] + nets["large"], nets["medium"] + nets["small"]
    ratios["main"] = f["f184"] / 100.0
    ratios["retail"] = ratios["medium"] + ratios["small"]
    return np.array([v for s in _SERIES for v in (nets[s], ratios[s])], np.float64)


class EastMoneyBoards:
    """The concept list kept, asked again at most every `every` s; a board's members."""

    def __init__(self, get: Get, *, clock: Callable[[], float] = time.monotonic,
                 every: float = EVERY_S, keep: Callable[[str, object], object] | None = None,
                 on_members: Callable[[ClistPage], None] | None = None) -> None:
        self.get, self.clock, self.every, self.keep = get, clock, every, keep
        self.on_members = on_members   # each members page (the market keeps its rows)
        self.requests = 0
        self._boards: dict[str, dict[str, tuple[str, np.ndarray]]] = {}
        self._errors: dict[str, str] = {}
        self._at: dict[str, float] = {}
        self._tasks: dict[str, asyncio.Task] = {}
        self._tables: dict[str, BoardTable] = {}

    async def board_table(self, kind: str, wait: bool = True) -> BoardTable:
        """`kind`'s boards now. Before the first pass ended: waited for, or (`wait`
        False: the Market view, whose stock tables must not wait ~5 s) an empty table
        `loading`."""
        if kind not in BOARD_FS:
            raise ValueError(f"unknown board kind {kind!r}")
        task = self._tasks.get(kind)
        at = self._at.get(kind)
        if (task is None or task.done()) and (at is None or self.clock() - at >= self.every):
            self._at[kind] = self.clock()
            task = self._tasks[kind] = asyncio.ensure_future(self._pass(kind))
        if kind not in self._tables and task is not None:
            if not wait:
                return BoardTable(kind, [], [], np.zeros((0, 12)), loading=True)
            await asyncio.shield(task)
        return self._tables[kind]

    async def board_members(self, board: str) -> list[str]:
        """The SH and SZ codes of board `board`, in East Money's list order."""
        codes: list[str] = []
        page_no, last = 1, 1
        while page_no <= last:
            page = await self._page(members_params(board, page_no))
            codes += page.codes
            last = pages(page.total)
            if not page.codes:
                break
            page_no += 1
        return codes

    async def aclose(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def _pass(self, kind: str) -> None:
        got: dict[str, tuple[str, np.ndarray]] = {}
        error = ""
        try:
            page_no, last = 1, 1
            while page_no <= last:
                self.requests += 1
                payload = await self.get(CLIST_PATH, board_params(kind, page_no))
                total, rows = parsed_or_kept(parse_boards, payload, CLIST_PATH, self.keep)
                got.update(rows)
                last = pages(total)
                if not rows:
                    break
                page_no += 1
            self._boards[kind] = got
        except asyncio.CancelledError:
            raise
        except Refused as exc:  # the last list stays
            error = f"East Money refused the request ({exc})"
            log.warning("East Money's %s boards: %s", kind, error)
        except Exception as exc:  # a shape changed: the last list stays
            error = str(exc) or type(exc).__name__
            log.warning("East Money's %s boards: %s", kind, error)
        kept = self._boards.get(kind, {})
        ids = sorted(kept)
        values = np.array([kept[b][1] for b in ids]).reshape(len(ids), 12)
        self._tables[kind] = BoardTable(kind, ids, [kept[b][0] for b in ids], values, error)

    async def _page(self, params: dict[str, str]) -> ClistPage:
        self.requests += 1
        page = parsed_or_kept(parse_clist, await self.get(CLIST_PATH, params), CLIST_PATH,
                              self.keep)
        if self.on_members is not None:
            self.on_members(page)
        return page
