"""The part of FutuFeed that takes OpenD's pushes: TICKER and QUOTE subscriptions for
the followed codes (push_plan.py decides which and when), the handlers on each new
context (push_handlers.py), and the big trades and quotes they bring.

- Every context the connection opens gets our handlers and every planned subscription
  again: FlowDeck opens a new context after a lost connection or an OpenD restart, so
  the SDK's own resubscription never runs.
- Pushes that stop while the connection stays up (futuquant#104) are noticed by
  `polled(code, update_time)`: a subscribed code's polled update_time more than
  `SILENT_S` past both its last ticker and the time it was (re)subscribed means OpenD
  saw trades FlowDeck was not pushed; every code is then subscribed again (OpenD
  registers the pushes anew), and when that brought no ticker `RENEW_AFTER` times in a
  row, the connection is replaced (its new context subscribes everything again).
- The big trades wait in a short log (the last `LOG_PARTS` handovers, `LOG_TRADES`
  trades at most: the tape's own cap) that each updates() iterator reads from its own
  cursor; one that falls further behind loses the oldest.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ...core.big_trade_thresholds import BigTradeThresholds
from ...core.big_trades import BigTrades, concat_trades
from ...core.stock_info import Quote
from ..waiting import wait_event
from .connection import FutuConnection
from .push_handlers import Tick, big_trades, local_seconds, make_handlers
from .push_plan import PushPlan
from .sdk import load_futu

log = logging.getLogger("flowdeck.feeds.futu.pushes")

SILENT_S = 60.0          # exchange seconds of polled trades without a push
LOG_PARTS = 4096         # handovers' big trades kept for iterators that fall behind
LOG_TRADES = 50_000      # and trades in them at most
LOOK_S = 1.0             # how often a new context is looked for
RENEW_AFTER = 2         # silent rounds subscribed again before a new connection
LISTED = 40              # codes named in the status before "and N more"


class PushSide:
    def __init__(self, connection: FutuConnection, clock: Callable[[], float],
                 on_trades: Callable[[], None], on_quotes: Callable[[list[Quote]], None],
                 on_note: Callable[[], None], plan: PushPlan | None = None) -> None:
        self.connection = connection
        self.plan = plan or PushPlan()
        self.thresholds = BigTradeThresholds()
        self.ticks = 0                 # tickers received
        self.resubscribes = 0          # times pushes were found silent and subscribed again
        self.contexts = 0              # contexts our subscriptions were put on
        self.failure = ""              # the last subscription call that failed, for people
        self._clock = clock
        self._on_trades, self._on_quotes, self._on_note = on_trades, on_quotes, on_note
        self._log: deque[tuple[int, BigTrades]] = deque(maxlen=LOG_PARTS)
        self._log_rows = 0
        self._last_id = 0
        self._last_tick: dict[str, float] = {}   # code -> its last ticker (local seconds)
        self._baseline: dict[str, float] = {}    # code -> polled time when (re)subscribed
        self._polled: dict[str, float] = {}      # code -> its last polled update_time
        self._silent = False
        self._silent_rounds = 0        # resubscribed since the last ticker
        self._ctx: Any = None
        self._wake = asyncio.Event()
        self._note = ""

    # --- what the feed tells ---------------------------------------------------------------

    def set_codes(self, codes: Sequence[str]) -> None:
        self.plan.want(codes, self._clock())
        self._wake.set()

    def polled(self, code: str, update_time: str) -> None:
        """A refresh of `code` said its last trade was at `update_time`."""
        try:
            at = local_seconds(update_time)
        except ValueError:
            return
        self._polled[code] = at
        if code not in self.plan.since or self._silent:
            return
        since = self._baseline.setdefault(code, at)
        if at - max(since, self._last_tick.get(code, -math.inf)) > SILENT_S:
            log.warning("futu pushes: %s traded at %s by the polled flow, no ticker pushed "
                        "since; subscribing again", code, update_time)
            self._silent = True
            self._wake.set()

    # --- what iterators read ---------------------------------------------------------------

    def cursor(self) -> int:
        return self._last_id

    def trades_since(self, cursor: int, codes: set[str]) -> tuple[BigTrades, int]:
        """The big trades of `codes` pushed after `cursor`, and the cursor now."""
        if cursor >= self._last_id:
            return BigTrades.empty(), cursor
        trades = concat_trades([t for i, t in self._log if i > cursor])
        mine = [i for i, code in enumerate(trades.codes) if code in codes]
        if len(mine) < len(trades):
            trades = trades.take(np.asarray(mine, np.intp))
        return trades, self._last_id

    def uncovered(self) -> dict[str, str]:
        """Followed codes whose trades are not pushed, with why."""
        now = self._clock()
        out = {c: f"no quote rights for {c.split('.', 1)[0]} pushes"
               for c in self.plan.refused_codes(now)}
        out.update((c, "beyond the subscription quota") for c in self.plan.uncovered(now))
        return out

    def note(self) -> str:
        return self._note

    # --- the task --------------------------------------------------------------------------

    async def run(self) -> None:
        while True:
            await self.connection.wait_live()
            ctx = self.connection.context
            at = self._clock() + LOOK_S
            try:
                if ctx is not None and ctx is not self._ctx:
                    await self._adopt(ctx)
                elif self.plan.units is None and self._ctx is not None:
                    await self._read_units()   # the first reading failed
                if self._silent:
                    await self._subscribe_again()
                self._wake.clear()
                step = self.plan.step(self._clock())
                if step.subscribe or step.unsubscribe:
                    await self._apply(step.subscribe, step.unsubscribe)
                    continue
                at = step.at
            except Exception as exc:  # a lost connection: the next context starts over
                self.failure = f"subscribing to Futu OpenD's pushes failed: {exc}"
                log.info("%s", self.failure)
            self._tell()
            await wait_event(self._wake, min(LOOK_S, max(0.0, at - self._clock())))

    async def _adopt(self, ctx: Any) -> None:
        """A new context: our handlers on it, and every code wanted subscribed again."""
        loop = asyncio.get_running_loop()
        handlers = make_handlers(self._ticks, self._on_quotes, loop.call_soon_threadsafe)
        for handler in handlers:
            await self.connection.call(ctx.set_handler, handler)
        self._ctx = ctx
        self.contexts += 1
        self.plan.restart(self._clock())
        self._baseline.clear()
        self._silent = False
        await self._read_units()

    async def _read_units(self) -> None:
        futu = load_futu()
        ret, info = await self.connection.call(self._ctx.query_subscription, True)
        if ret != futu.RET_OK:
            raise ConnectionError(f"query_subscription: {info}")
        self.plan.set_units(int(info["remain"]), int(info["own_used"]))

    async def _apply(self, subscribe: list[str], unsubscribe: list[str]) -> None:
        futu = load_futu()
        kinds = [futu.SubType.TICKER, futu.SubType.QUOTE]
        now = self._clock()
        if unsubscribe:
            ret, msg = await self.connection.call(self._ctx.unsubscribe, unsubscribe, kinds)
            if ret == futu.RET_OK:
                self.plan.unsubscribed(unsubscribe)
            else:
                self.plan.unsubscribe_failed(unsubscribe, now)
                self.failure = f"Futu OpenD refused to unsubscribe: {msg}"
        if subscribe:
            await self._read_units()
            for market, codes in _by_market(self.plan.step(now).subscribe).items():
                ret, msg = await self.connection.call(self._ctx.subscribe, codes, kinds)
                if ret == futu.RET_OK:
                    self.plan.subscribed(codes, now)
                    self.failure = ""
                    for code in codes:
                        if code in self._polled:
                            self._baseline[code] = self._polled[code]
                elif "right" in str(msg).lower() or "权限" in str(msg):
                    self.plan.refused_rights(market, str(msg), now)
                else:
                    self.failure = f"Futu OpenD refused a subscription: {msg}"
                    self.plan.hold_off(now)
                    await self._read_units()
        self._tell()

    async def _subscribe_again(self) -> None:
        self.resubscribes += 1
        if self._silent_rounds >= RENEW_AFTER:
            self._silent_rounds = 0
            self._silent = False
            self.connection.renew(f"no ticker pushed after subscribing again "
                                  f"{RENEW_AFTER} times while the polled flow moved on")
            self._tell()
            return
        self._silent_rounds += 1
        futu = load_futu()
        kinds = [futu.SubType.TICKER, futu.SubType.QUOTE]
        for codes in _by_market(list(self.plan.since)).values():
            ret, msg = await self.connection.call(self._ctx.subscribe, codes, kinds)
            if ret != futu.RET_OK:
                self.failure = f"Futu OpenD refused a subscription: {msg}"
        self._baseline = {c: self._polled[c] for c in self.plan.since if c in self._polled}
        self._silent = False
        self._tell()

    # --- pushes, on the loop ---------------------------------------------------------------

    def _ticks(self, ticks: list[Tick]) -> None:
        self.ticks += len(ticks)
        self._silent_rounds = 0
        last = self._last_tick
        for tick in ticks:
            with contextlib.suppress(ValueError):
                at = local_seconds(tick.time)
                if at > last.get(tick.code, -math.inf):
                    last[tick.code] = at
        trades = big_trades(ticks, self.thresholds)
        if len(trades):
            self._last_id += 1
            if len(self._log) == LOG_PARTS:
                self._log_rows -= len(self._log[0][1])
            self._log.append((self._last_id, trades))
            self._log_rows += len(trades)
            while self._log_rows > LOG_TRADES and len(self._log) > 1:
                self._log_rows -= len(self._log.popleft()[1])
            self._on_trades()

    def _tell(self) -> None:
        note = self._word()
        if note != self._note:
            self._note = note
            self._on_note()

    def _word(self) -> str:
        now = self._clock()
        parts = [f"no quote rights for {m} pushes ({m} codes polled only; OpenD: {why})"
                 for m, (_, why) in sorted(self.plan.no_rights.items())]
        left = self.plan.uncovered(now)
        if left:
            units = self.plan.units or 0
            named = ", ".join(left[:LISTED]) + (f" and {len(left) - LISTED} more"
                                               if len(left) > LISTED else "")
            covered = len(self.plan.covered(now))
            parts.append(f"pushes for {covered} of {covered + len(left)} codes within the "
                         f"subscription quota "
                         f"({units} units, 2 a code); polled only: {named}")
        if self.resubscribes:
            parts.append(f"pushes stopped while the polled flow moved on: subscribed again "
                         f"or reconnected {self.resubscribes} time(s)")
        if self.failure:
            parts.append(self.failure)
        return "; ".join(parts)


def _by_market(codes: Sequence[str]) -> dict[str, list[str]]:
    """One request per market, so that a market without rights refuses only its own."""
    out: dict[str, list[str]] = {}
    for code in codes:
        out.setdefault(code.split(".", 1)[0], []).append(code)
    return out
