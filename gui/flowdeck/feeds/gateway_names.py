"""The names a `gateway://` source shows: the upstream gateway's, asked with its GET
/v1/quote for the codes the downstream follows.

Why /v1/quote and not names inside the stream: a name is fixed for the day while a
stream snapshot is sent again on every subscribe and reconnect to every subscriber, so
names there would be bytes repeated for nothing; the upstream's /v1/quote already
names any code it follows from its source's universe (its hub knows that universe, its
stream builder does not); and an upstream too old to have /v1/quote simply leaves the
names unknown. A code's name is asked once (when it is first snapshotted), in the
background: a snapshot never waits for names, the window's loop never blocks, and
until the answer comes (or when the upstream does not know) the name is "" and shown
as the code alone. `on_learned()` is called when new names came in, so that the
window looks its rows' names up again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

from ..api import RET_OK
from ..api.async_context import AsyncQuoteContext
from ..core.codes import MAX_CODES_PER_REQUEST
from ..core.stock_info import Sector, StockInfo

log = logging.getLogger(__name__)


class GatewayNames:
    """A Universe (NamesAnyCode) of the codes named so far; sectors only from the
    upstream's whole-market tables (`take`: /v1/quote does not tell them)."""

    def __init__(self, context: AsyncQuoteContext) -> None:
        self.context = context
        self.on_learned: Callable[[], None] | None = None
        self._known: dict[str, StockInfo] = {}
        self._sectors: dict[str, Sector] = {}
        self._asking: set[str] = set()
        self._tasks: set[asyncio.Task] = set()

    def info(self, code: str) -> StockInfo:
        known = self._known.get(code)
        return known if known is not None else StockInfo(code)

    def stocks(self) -> Mapping[str, StockInfo]:
        return MappingProxyType(self._known)

    def sectors(self) -> Mapping[str, Sector]:
        return MappingProxyType(self._sectors)

    def take(self, infos: Iterable[StockInfo], sectors: Mapping[str, Sector]) -> None:
        """Names and sectors the upstream told with a whole market's table
        (gateway_market.py)."""
        learned = 0
        for info in infos:
            self._known[info.code] = info
            learned += 1
        self._sectors.update(sectors)
        if learned and self.on_learned is not None:
            self.on_learned()

    def learn_later(self, codes: Iterable[str]) -> None:
        """Ask for the names of `codes` not named yet, in a task of the running loop."""
        task = asyncio.ensure_future(self.learn(codes))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def learn(self, codes: Iterable[str]) -> int:
        """Ask the upstream for the names of `codes` not named (or being asked) yet;
        how many came in. A failed request leaves its codes unknown, asked again at
        their next snapshot."""
        missing = [c for c in dict.fromkeys(codes)
                   if c not in self._known and c not in self._asking]
        self._asking.update(missing)
        learned = 0
        try:
            for start in range(0, len(missing), MAX_CODES_PER_REQUEST):
                part = missing[start:start + MAX_CODES_PER_REQUEST]
                ret, rows = await self.context.get_quote(part)
                if ret != RET_OK:
                    log.info("%s: no names for %d codes: %s", self.context, len(part), rows)
                    continue
                for row in rows:  # type: ignore[union-attr]
                    self._known[row["code"]] = StockInfo(
                        row["code"], row["name_en"], row["name_zh"],
                        name_zh_hant=row["name_zh_hant"])
                    learned += 1
        finally:
            self._asking.difference_update(missing)
        if learned and self.on_learned is not None:
            self.on_learned()
        return learned

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
