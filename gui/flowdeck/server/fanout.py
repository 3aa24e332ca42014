"""Who subscribes to which code, and handing each batch's changes to them: subscribers
of the same code set share a channel (channels.py), so the work per batch is per
(code changed x channel of it), never per subscriber. Big trades go to the subscribers
that asked for them, each its own (trade_stream.py)."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.trade_tape import TradeTape
from .channels import Channel
from .snapshots import Message
from .state import CodeChange, Delta, FlowState
from .subscription import Subscription
from .trade_stream import BatchTrades, DayTrades, with_tail


class Subscribers:
    def __init__(self, tape: TradeTape | None = None) -> None:
        self.day_trades = DayTrades(tape if tape is not None else TradeTape())  # the state's
        self.trading: set[Subscription] = set()   # those that asked for trades
        self.all: set[Subscription] = set()
        self.by_code: dict[str, set[Subscription]] = {}
        self.channels: dict[frozenset[str], Channel] = {}
        self._retired_builds = 0

    def __len__(self) -> int:
        return len(self.all)

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def codes(self) -> list[str]:
        return list(self.by_code)

    @property
    def update_builds(self) -> int:
        """Update messages encoded so far, all channels together (one per batch for
        any number of subscribers of the same codes that keep up)."""
        return self._retired_builds + sum(c.builds for c in self.channels.values())

    def add(self, sub: Subscription, codes: Iterable[str]) -> None:
        self.all.add(sub)
        mine = sub.codes
        new = [c for c in dict.fromkeys(codes) if c not in mine]
        mine.update(new)
        by_code = self.by_code
        for code in new:
            subs = by_code.get(code)
            if subs is None:
                by_code[code] = {sub}
            else:
                subs.add(sub)
        self._rechannel(sub)

    def remove(self, sub: Subscription, codes: Iterable[str]) -> list[str]:
        """Take `codes` from `sub`; the codes nobody subscribes to any more."""
        orphans = []
        gone = [c for c in codes if c in sub.codes]
        for code in gone:
            sub.codes.discard(code)
            subs = self.by_code.get(code)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self.by_code[code]
                    orphans.append(code)
        sub.pending.forget(gone)
        sub.trades.forget(gone)
        if gone:
            self._rechannel(sub)
        return orphans

    def detach(self, sub: Subscription) -> list[str]:
        """`sub` is gone (its client left): the codes nobody subscribes to any more.
        Its own pending state goes with it, untouched; a hundred clients leaving at
        once must not each walk their thousands of codes through it."""
        orphans = []
        by_code = self.by_code
        for code in sub.codes:
            subs = by_code.get(code)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del by_code[code]
                    orphans.append(code)
        self._leave(sub, set())
        sub.codes.clear()
        self.all.discard(sub)
        self.trading.discard(sub)
        return orphans

    def want_trades(self, sub: Subscription, min_value: float | None) -> None:
        """`sub`'s trades from now on: those worth at least `min_value` (None: none)."""
        sub.trades.min_value = min_value
        if min_value is None:
            self.trading.discard(sub)
            sub.trades.items.clear()   # what it asked for before goes unsent
        else:
            self.trading.add(sub)

    async def with_day_trades(self, sub: Subscription, codes: list[str],
                              message: Message) -> Message:
        """The snapshot `message` of `codes` as `sub` gets it: with the day's trades of
        them when it asked for trades (trade_stream.DayTrades)."""
        low = sub.trades.min_value
        if low is None:
            return message
        return with_tail(message, await self.day_trades.tail(codes, low))

    def _rechannel(self, sub: Subscription) -> None:
        key = frozenset(sub.codes)
        if sub.channel is not None and sub.channel.codes == key:
            return
        self._leave(sub, sub.codes)
        if not key:
            return
        channel = self.channels.get(key)
        if channel is None:
            channel = self.channels[key] = Channel(key)
        channel.join(sub)
        sub.channel = channel

    def _leave(self, sub: Subscription, keep: set[str]) -> None:
        old = sub.channel
        if old is None:
            return
        old.leave(sub, keep)
        sub.channel = None
        if not len(old):
            self._retired_builds += old.builds
            del self.channels[old.codes]

    def fan_out(self, delta: Delta) -> None:
        self.day_trades.changed()
        changes = delta.changes
        for channel in self.channels.values():
            codes = channel.codes
            if len(changes) <= len(codes):
                mine = {c: ch for c, ch in changes.items() if c in codes}
            else:
                mine = {c: changes[c] for c in codes if c in changes}
            markets = {m: s for m, s in delta.markets.items() if m in channel.markets} \
                if delta.markets else {}
            channel.put(mine, markets)
        if len(delta.trades) and self.trading:
            batch = BatchTrades(delta.trades)
            for sub in self.trading:
                picked = batch.pick(sub.codes, sub.trades.min_value or 0.0)
                if picked:
                    sub.trades.put(picked)
                    sub.wake()

    def tell_all(self, state: FlowState, error: tuple[int, str] | None) -> None:
        """The feed failed (error) or came back (None): every subscribed code's error,
        or its latest record again, so that clients see the change."""
        delta = Delta()
        for code in self.by_code:
            st = state.codes.get(code)
            if error is not None:
                delta.changes[code] = CodeChange(error=error)
            elif st is not None and st.record is not None and st.error is None:
                delta.changes[code] = CodeChange(record=st.record_json,
                                                 detail=st.detail_json or None,
                                                 quote=st.quote_json or None)
        self.fan_out(delta)
