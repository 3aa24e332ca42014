"""An upstream gateway's past days, for a downstream FlowDeck's backfill (PastDays).

    past = GatewayPastDays(AsyncQuoteContext(host, port, token=T))
    identity = await past.identity()     # "gateway:<the upstream's own identity>"

Its trading days are the days the upstream archived for the market (GET
/v1/trading_days: a day it did not see is not one here either); a code's days come
from GET /v1/capital_flow_history with `detail=1`, one request per code for its whole
range: nets, turnover, in/outflows and close as the upstream keeps them, exactly
(float64 in JSON, shortest form). The minute series stay upstream. Every wanted
code-day is settled: one the upstream does not have comes without a DayFlow; a code
the upstream refused (a bad code, its archive unreadable) is settled without rows too,
its reason in `errors`, and asked again by the next run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Mapping, Sequence

from ..api import RET_OK
from ..api.async_context import AsyncQuoteContext
from ..api.peers import address
from ..core.codes import Market
from ..core.day_flow import DayFlow
from ..core.errors import source_failed
from ..core.past_days import PastDaysPart
from ..core.records import TIER_NAMES
from .gateway import identity_of


class GatewayPastDays:
    def __init__(self, context: AsyncQuoteContext) -> None:
        self.context = context
        self.name = f"gateway://{address(context.host, context.port)}"
        self.errors: dict[str, str] = {}

    async def identity(self) -> str:
        ret, data = await self.context.get_health()
        if ret != RET_OK:
            raise source_failed(str(data))
        return identity_of(self.name, data)

    async def trading_days(self, market: Market, count: int) -> list[dt.date]:
        if count <= 0:
            return []
        ret, days = await self.context.get_trading_days(market.value, count)
        if ret != RET_OK:
            raise source_failed(f"{self.name}: {days}")
        return list(days)  # type: ignore[arg-type]

    async def past_days(self, wanted: Mapping[str, Sequence[dt.date]]
                        ) -> AsyncIterator[PastDaysPart]:
        for code, days in wanted.items():
            if not days:
                continue
            settled = [(code, d) for d in days]
            ret, rows = await self.context.get_capital_flow_history(
                code, min(days), max(days), "DAY", detail=True)
            if ret != RET_OK:
                self.errors[code] = str(rows)
                yield PastDaysPart(settled)
                continue
            want = set(days)
            flows = [f for f in (day_flow_of(code, r) for r in rows)  # type: ignore[union-attr]
                     if f.day in want]
            yield PastDaysPart(settled, flows)

    async def aclose(self) -> None:
        await self.context.close()


def _number(row: Mapping, key: str) -> float | None:
    value = row.get(key)
    return None if value is None else float(value)


def day_flow_of(code: str, row: Mapping) -> DayFlow:
    """A DayFlow from a history row with detail (history_api.day_detail's keys)."""
    net = tuple(float(row[f"{t}_net_inflow"]) for t in TIER_NAMES)
    return DayFlow(code, dt.date.fromisoformat(row["day"]), net,  # type: ignore[arg-type]
                   turnover=_number(row, "turnover"),
                   inflow=tuple(_number(row, f"{t}_inflow") for t in TIER_NAMES),  # type: ignore[arg-type]
                   outflow=tuple(_number(row, f"{t}_outflow") for t in TIER_NAMES),  # type: ignore[arg-type]
                   close=_number(row, "close"), complete=bool(row.get("complete")),
                   update_time=str(row.get("update_time") or ""))
