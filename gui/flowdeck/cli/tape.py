"""`flowdeck tape`: the big trades of some codes, one line per trade as it prints.

    flowdeck tape HK.00700 US.AAPL [--min 1000万] [--side buy|sell] [--source URL] [--json]

The day's kept trades first (what the source's snapshot carries), then each new one,
each once: a reconnect's snapshot brings the day again and only what is new prints
(core/trade_seen.py). `--min` takes units (1000万, 10M, 5e6; in each code's currency).
It follows as `flowdeck watch` does (one Follower, the same retries, stderr for the
connection's states, exit codes 0 / 1 / 2).

Text lines (time in the market's clock):
    10:31:05  HK.00700  BUY    525.00 x 20,000  = 10.50M  large
JSON lines (`--json`): the gateway's /v1/trades items, {"code", "time", "price",
"quantity", "value", "side", "tier", "seq", "type"} (`type`: the source's own trade
type, null when it gives none).
"""

from __future__ import annotations

import asyncio
import json
import math
import sys
from collections.abc import Sequence
from typing import TextIO

from ..core.alert_rules import parse_amount
from ..core.big_trades import BUY, SELL, BigTrade, BigTrades
from ..core.codes import parse_stock_list
from ..core.errors import FlowDeckError, invalid_param
from ..core.records import TIER_NAMES
from ..core.redact import redact_source
from ..core.trade_seen import SeenTrades
from ..core.units import format_amount
from ..live.store import BATCH, Change
from .watch import EXIT_OK, EXIT_USAGE, Printer, watch

SIDES = {"buy": BUY, "sell": SELL}
_SIDE_TEXT = {"en": {BUY: "BUY", SELL: "SELL", 0: "—"}, "zh": {BUY: "买", SELL: "卖", 0: "中性"}}
_TIER_ZH = ("特大", "大", "中", "小")


class TapePrinter(Printer):
    """A line per new trade at or above `min_value` (of `side` when given); the
    connection's states and errors on stderr as `watch` prints them."""

    def __init__(self, out: TextIO, err: TextIO, as_json: bool, codes: Sequence[str],
                 min_value: float = 0.0, side: int | None = None, units: str = "kmb",
                 lang: str = "en") -> None:
        super().__init__(out, err, as_json, codes, units, lang)
        self.min_value, self.side = min_value, side
        self.seen = SeenTrades()
        self.printed = 0

    def changed(self, change: Change) -> None:
        if change.kind == BATCH and len(change.trades):
            self.trades(change.trades)

    def trades(self, trades: BigTrades) -> None:
        keep = self.seen.fresh(trades) & (trades.value >= self.min_value)
        if self.side is not None:
            keep &= trades.side == self.side
        for trade in trades.take(keep).rows():
            self._line(self.trade_line(trade))
            self.printed += 1

    def trade_line(self, trade: BigTrade) -> str:
        if self.as_json:
            return json.dumps(trade.wire(), ensure_ascii=False)
        zh = self.lang == "zh"
        side = _SIDE_TEXT["zh" if zh else "en"][trade.side]
        tier = (_TIER_ZH if zh else TIER_NAMES)[trade.tier]
        return (f"{trade.time_text[11:]}  {trade.code:<10} {side:<5} {trade.price:>10.3f} x "
                f"{trade.quantity:,.0f}  = {format_amount(trade.value, self.units)}  {tier}")


def run_tape(stock_list: Sequence[str], *, market: str | None = None, min_text: str = "0",
             side: str | None = None, source: str = "sim", as_json: bool = False,
             duration: float | None = None, units: str = "kmb", lang: str = "en",
             out: TextIO | None = None, err: TextIO | None = None) -> int:
    """The command: 0 when it ends (duration, Ctrl-C, SIGTERM); 2 on bad input (codes,
    --min, --side, the source URL) with the error on stderr."""
    err = err or sys.stderr
    try:
        codes = parse_stock_list(list(stock_list), market)
        min_value = parse_amount(min_text, "main_net_inflow", "--min")
        if min_value < 0:
            raise invalid_param(f"--min {min_text!r} must be 0 or more")
        if side is not None and side not in SIDES:
            raise invalid_param(f"--side must be buy or sell, got {side!r}")
        if duration is not None and not (math.isfinite(duration) and duration > 0):
            raise invalid_param(f"--duration must be a number of seconds > 0, got {duration!r}")
        printer = TapePrinter(out or sys.stdout, err, as_json, codes, min_value,
                              SIDES.get(side or ""), units, lang)
        return asyncio.run(watch(codes, [], source, duration=duration, printer=printer))
    except FlowDeckError as exc:
        print(f"error {int(exc.code)} {redact_source(str(exc))}", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_OK
