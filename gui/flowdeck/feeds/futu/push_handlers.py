"""OpenD's pushes as FlowDeck takes them, on the SDK's callback thread and off it.

The SDK calls a handler's `on_recv_rsp(rsp_pb)` on its one callback thread for every
push; its own TickerHandlerBase builds a pandas DataFrame and logs each one, which at
thousands of tickers a second would hold that thread (and so every later push) up. Ours
turn the push into plain tuples and hand them to the asyncio loop with
`call_soon_threadsafe`: nothing else happens on the SDK's thread. Quotes are parsed
with the SDK's `parse_rsp_pb`; tickers by `ticks_of`, which reads the same fields of the
same pb as the SDK's parse_rsp_pb (TickerQuery.unpack_rsp) with the SDK's own enum
tables taken once: parse_rsp_pb builds each enum's tables again for every field of
every ticker (~50 us a one-ticker push, ~3 here), and at 10,000 pushes a second that
alone held the SDK's thread half of every second (a test keeps the two equal). A burst of pushes
is handed over in one call (`Handoff`): rows pile up under a lock while the loop has a
drain pending, so 10,000 one-ticker pushes a second do not wake the loop 10,000 times.

On the loop, `big_trades` keeps the tickers at or above their minimum value
(core.big_trade_thresholds: the code's own, else its market's, by default the large
tier's lower bound) as BigTrades: Futu's own direction flag, its
`type` kept in `kinds`, FlowDeck's tier by value, the ticker's own `sequence` as the
per-code sequence.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from ...core.big_trade_thresholds import BigTradeThresholds
from ...core.big_trades import BUY, NEUTRAL, SELL, BigTrades
from ...core.codes import Market
from ...core.stock_info import Quote
from ...core.tiers import FIXED_THRESHOLDS, tier_of
from .sdk import load_futu

log = logging.getLogger("flowdeck.feeds.futu.pushes")

_SIDES = {"BUY": BUY, "SELL": SELL}


class Tick(NamedTuple):
    """A ticker as it left the SDK's thread."""
    code: str
    time: str        # exchange time, `YYYY-MM-DD HH:MM:SS.fff`
    price: float
    volume: float
    direction: str   # the SDK's "BUY" / "SELL" / "NEUTRAL" / "N/A"
    sequence: int
    kind: str        # the SDK's ticker type, e.g. "AUTO_MATCH"


def local_seconds(text: str) -> float:
    """`YYYY-MM-DD HH:MM:SS[.fff]` exchange time as the engine's local seconds (the
    milliseconds kept)."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC).timestamp()


def big_trades(ticks: Sequence[Tick], thresholds: BigTradeThresholds) -> BigTrades:
    """The ticks at or above their code's minimum value, in order, as BigTrades."""
    minimum = functools.lru_cache(maxsize=None)(thresholds.min_value)
    keep = [t for t in ticks if t.price * t.volume >= minimum(t.code)]
    if not keep:
        return BigTrades.empty()
    tiers = [tier_of(t.price * t.volume, FIXED_THRESHOLDS[Market(t.code.split(".", 1)[0])])
             for t in keep]
    return BigTrades.of([t.code for t in keep], [local_seconds(t.time) for t in keep],
                        [t.price for t in keep], [t.volume for t in keep],
                        [_SIDES.get(t.direction, NEUTRAL) for t in keep],
                        [int(x) for x in tiers], [t.sequence for t in keep],
                        [t.kind for t in keep])


def quote_of(row: Mapping[str, Any]) -> Quote:
    """A QUOTE push's row (the SDK's dict) as our Quote."""
    when = f"{row.get('data_date', '')} {row.get('data_time', '')}".strip()
    return Quote(row["code"], float(row["last_price"]), float(row["prev_close_price"]),
                 when[:19])


class Handoff:
    """Rows from the SDK's thread to the loop: `put` adds them, and the first put after
    a drain schedules the next one (`call_soon`, the loop's call_soon_threadsafe), which
    hands `deliver` every row put until then, in order."""

    def __init__(self, deliver: Callable[[list], None], call_soon: Callable[..., object]) -> None:
        self.deliver, self.call_soon = deliver, call_soon
        self._rows: list = []
        self._due = False
        self._lock = threading.Lock()

    def put(self, rows: list) -> None:
        with self._lock:
            self._rows.extend(rows)
            if self._due:
                return
            self._due = True
        try:
            self.call_soon(self._drain)
        except RuntimeError:  # the loop is closed: the feed is gone, so are its pushes
            log.debug("a push after the loop closed")

    def _drain(self) -> None:
        with self._lock:
            rows, self._rows, self._due = self._rows, [], False
        if rows:
            self.deliver(rows)


def make_handlers(deliver_ticks: Callable[[list[Tick]], None],
                  deliver_quotes: Callable[[list[Quote]], None],
                  call_soon: Callable[..., object]) -> tuple[Any, Any]:
    """A ticker handler and a quote handler for `ctx.set_handler`: each parses a push and
    puts the result in its Handoff to the loop."""
    ticker_base, quote_base = _bases()
    return (ticker_base(Handoff(deliver_ticks, call_soon)),
            quote_base(Handoff(deliver_quotes, call_soon)))


def ticks_of(rsp_pb: Any) -> list[Tick]:
    """A Qot_UpdateTicker push's tickers, as the SDK's parse_rsp_pb reads them."""
    markets, directions, kinds = _enums()
    s2c = rsp_pb.s2c
    code = f"{markets.get(s2c.security.market, 'N/A')}.{s2c.security.code}"
    return [Tick(code, t.time, t.price, t.hpVolume if t.HasField("hpVolume") else t.volume,
                 directions.get(t.dir, "N/A") if t.HasField("dir") else "N/A",
                 t.sequence, kinds.get(t.type, "N/A") if t.HasField("type") else "N/A")
            for t in s2c.tickerList]


@functools.cache
def _enums() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """The SDK's number -> name tables of markets, ticker directions and types."""
    futu = load_futu()
    return (futu.Market().number_dic, futu.TickerDirect().number_dic,
            futu.TickerType().number_dic)


@functools.cache
def _bases() -> tuple[type, type]:
    """The handler classes, made once the SDK is imported (the feed imports it late)."""
    futu = load_futu()

    class TickerPushes(futu.TickerHandlerBase):
        def __init__(self, handoff: Handoff) -> None:
            super().__init__()
            self.handoff = handoff

        def on_recv_rsp(self, rsp_pb):
            if rsp_pb.retType != futu.RET_OK:
                return futu.RET_ERROR, rsp_pb.retMsg
            self.handoff.put(ticks_of(rsp_pb))
            return futu.RET_OK, None

    class QuotePushes(futu.StockQuoteHandlerBase):
        def __init__(self, handoff: Handoff) -> None:
            super().__init__()
            self.handoff = handoff

        def on_recv_rsp(self, rsp_pb):
            ret, rows = self.parse_rsp_pb(rsp_pb)
            if ret != futu.RET_OK:
                return ret, rows
            self.handoff.put([quote_of(r) for r in rows])
            return ret, None

    return TickerPushes, QuotePushes

