"""One WebSocket client's subscription: its codes, its channel, its own pending state,
and the big trades it asked for (trade_stream.py)."""

from __future__ import annotations

import asyncio

from .channels import Channel
from .pending import Pending
from .snapshots import Message
from .trade_stream import TradeQueue


class Subscription:
    """One WebSocket client's codes, the channel of its code set (channels.py: the
    update messages it shares with the subscribers of the same codes), its own pending
    state (error notices, snapshots, updates left from its previous channel); `ready`
    is set when there is something to send."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self.codes: set[str] = set()
        self.channel: Channel | None = None
        self.pending = Pending()
        self.trades = TradeQueue()   # off until a subscribe asks (trades.min_value)
        self.ready = asyncio.Event()

    def wake(self) -> None:
        self.ready.set()

    def take(self) -> list[str | Message]:
        """Everything not sent yet: its own pending state first (older), then its
        channel's messages, then its trades."""
        out = self.pending.take()
        if self.channel is not None:
            out += self.channel.take(self)
        return out + self.trades.take()
