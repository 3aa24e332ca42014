"""The periods of /v1/rank and /v1/sectors on a gateway (3d to 20d): its own archive's
days (archive_keeper.GatewayArchive: the codes it followed) plus today's table, as
core/market_periods.py sums them.

Reading 40 archived days of 12,000 codes takes ~0.3 s and a series' windows ~40 ms,
so a market choice's periods are built once in a worker thread and shared by every
client: kept while the archive's count of days, the market's live days and its code
list stay the same, and at most `keep_s` (the archive saves the followed codes' days
every few minutes); requests meanwhile wait for the one being built. Each answer then
adds today's values to the kept windows (a few vector operations).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..core.errors import source_failed
from ..core.market_periods import (
    MATRIX_DAYS,
    MarketPeriods,
    MarketTableLike,
    TablePeriods,
    periods_key,
)
from .archive_keeper import GatewayArchive

KEEP_S = 60.0


@dataclass(slots=True)
class _Kept:
    stamp: tuple
    made: float
    periods: MarketPeriods


class RankPeriods:
    """Per market choice (HK, A, ALL...), the periods of its table's codes."""

    def __init__(self, archive: GatewayArchive | None,
                 clock: Callable[[], float] = time.monotonic,
                 keep_s: float = KEEP_S) -> None:
        self.archive, self.clock, self.keep_s = archive, clock, keep_s
        self.built = 0  # MarketPeriods built so far
        self._kept: dict[str, _Kept] = {}
        self._making: dict[str, tuple[tuple, asyncio.Future]] = {}

    async def of(self, market: str, table: MarketTableLike) -> TablePeriods:
        """`table`'s periods (1016 when this gateway keeps no archive)."""
        archive = self.archive
        if archive is None or not archive.kept:
            raise source_failed("this gateway keeps no archive of past days "
                                "(--no-archive): a period beyond today needs one",
                                "rank.no_archive")
        live, key = periods_key(table)
        stamp = (archive.days_archived, key)
        kept = self._kept.get(market)
        if (kept is not None and kept.stamp == stamp
                and self.clock() - kept.made < self.keep_s):
            return kept.periods.of(table)
        making = self._making.get(market)
        if making is None or making[0] != stamp:
            future = asyncio.ensure_future(asyncio.to_thread(
                _build, archive, table.codes, live))
            making = self._making[market] = (stamp, future)
            future.add_done_callback(lambda done: self._made(market, stamp, done))
        # One client leaving does not cancel the build the others wait for.
        periods = await asyncio.shield(making[1])
        return periods.of(table)

    def _made(self, market: str, stamp: tuple, done: asyncio.Future) -> None:
        if self._making.get(market, (None, None))[1] is done:
            del self._making[market]
        if done.cancelled() or done.exception() is not None:
            return
        self.built += 1
        self._kept[market] = _Kept(stamp, self.clock(), done.result())


def _build(archive: GatewayArchive, codes: list[str], live) -> MarketPeriods:
    return MarketPeriods(archive.matrix(codes, MATRIX_DAYS), codes, live)
