"""Whose numbers a feed's records are: the scheme of the source that made them (sim,
replay, futu, eastmoney), or for a gateway:// the upstream's (TellsOrigin). The window
labels East Money's (they follow East Money's convention, not FlowDeck's: README) and
the gateway's answers say it in `data.source`, beside the spec's 14 keys, not in them."""

from __future__ import annotations

from ..core.errors import FlowDeckError
from .base import Feed, TellsOrigin
from .registry import split_source

#: East Money's published numbers: both sides of every trade sized, tier nets sum to 0.
EASTMONEY = "eastmoney"


def origin_of(feed: Feed | None) -> str:
    """The origin of `feed`'s numbers; "" when there is no feed or its name is no URL."""
    if feed is None:
        return ""
    if isinstance(feed, TellsOrigin) and feed.origin:
        return feed.origin
    name = getattr(feed, "name", "")   # a test's stand-in may have none
    try:
        return split_source(name)[0] if isinstance(name, str) and name else ""
    except FlowDeckError:
        return ""
