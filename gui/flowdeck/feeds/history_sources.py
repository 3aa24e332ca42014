"""Which archive a source's days belong to, and who can fill it with past days.

Every archive read and write is for a source identity: simulated, replayed and real
days never mix. The simulator's days depend on its seed only (not its speed), a
replay's on its file; East Money's are "eastmoney" (their both-sides numbers, kept
apart from every other source's); Futu's on OpenD's logged-in account (known once
connected), an upstream gateway's on that gateway's own source ("gateway:" + the identity its
/v1/health tells). The last two take a request: `open_history_source` and
`feed_identity` are async for them; `history_source` answers sim and replay at once.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from ..core.errors import source_failed
from ..core.past_days import PastDays
from ..core.redact import redact_source
from .base import Feed
from .registry import check_source, split_source


@dataclass(frozen=True, slots=True)
class HistorySource:
    identity: str           # the archive's key for this source's days
    past_days: PastDays     # what a backfill asks

    async def aclose(self) -> None:
        """Let go of what asking the source holds (an upstream gateway's session)."""
        aclose = getattr(self.past_days, "aclose", None)
        if aclose is not None:
            with contextlib.suppress(Exception):
                await aclose()


def history_source(url: str) -> HistorySource:
    """The archive identity and past-days producer of a source URL (1001 for a URL
    FlowDeck cannot open; 1016 for a source that cannot backfill here)."""
    url = check_source(url)
    scheme, _, options = split_source(url)
    if scheme == "sim":
        from .sim.feed import parse_sim_options
        from .sim.past_days import SimPastDays
        seed = int(parse_sim_options(options).get("seed", 0))
        return HistorySource(f"sim:seed={seed}", SimPastDays(seed=seed))
    if scheme == "replay":
        from .replay.feed import parse_replay_source
        from .replay.past_days import ReplayPastDays
        path = parse_replay_source(url).path.resolve()
        return HistorySource(f"replay:{path}", ReplayPastDays(path))
    if scheme == "eastmoney":
        from .eastmoney.history import IDENTITY, open_past_days
        return HistorySource(IDENTITY, open_past_days(url, options))
    if scheme in ("gateway", "futu"):
        raise source_failed(f"the days of {redact_source(url)!r} are known by asking it: "
                            "open_history_source", "history.async")
    raise source_failed(f"past days from {redact_source(url)!r} are not available here yet: "
                        "backfill from sim or a replay file", "history.source")


async def open_history_source(url: str) -> HistorySource:
    """history_source for every source that can backfill, asking an upstream gateway
    for its identity (1016 when it cannot be reached or does not say). The URL's token
    is sent to the gateway, never shown. Close it with `aclose()`."""
    url = check_source(url)
    scheme, _, options = split_source(url)
    if scheme == "futu":
        return await _futu_history_source(url, options)
    if scheme != "gateway":
        return history_source(url)
    from ..api.async_context import AsyncQuoteContext
    from .gateway import parse_gateway_url
    from .gateway_history import GatewayPastDays
    return await _identified(
        GatewayPastDays(AsyncQuoteContext(**parse_gateway_url(url, options))))


async def _futu_history_source(url: str, options) -> HistorySource:
    """OpenD on a connection of its own, keyed by its logged-in account; its backfill
    takes 1 request in 5 of get_capital_flow's quota (feeds/futu/past_days.py)."""
    from .futu.past_days import FutuPastDays
    from .futu.url import parse_futu_url

    parsed = parse_futu_url(url, options)
    return await _identified(FutuPastDays.open(
        parsed["host"], parsed["port"],
        **({"timeout": parsed["timeout"]} if "timeout" in parsed else {})))


async def _identified(past) -> HistorySource:
    """A source that must be asked who it is: asked, and let go of if it cannot say."""
    try:
        identity = await past.identity()
    except BaseException:
        await past.aclose()
        raise
    return HistorySource(identity, past)


async def feed_identity(url: str, feed: Feed | None = None) -> str:
    """The archive identity of the days `feed` (opened from `url`) serves: the feed's
    own when it must ask (Futu's account, an upstream gateway's), else the URL's."""
    ask = getattr(feed, "identity", None)
    if ask is not None and callable(ask):
        return await ask()
    return history_source(url).identity
