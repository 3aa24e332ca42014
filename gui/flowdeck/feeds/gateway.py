"""The `gateway://host:port[?token=T&timeout=S]` source: a flowdeck-gateway's WebSocket
stream as a Feed, through the API's AsyncQuoteContext.

`snapshot(codes)` is the first batch the gateway sends on a fresh subscription: records,
details, every minute point so far, per-code errors and market states of one instant,
which two HTTP calls (capital_flow + capital_detail) could not give. `updates(codes)`
is a reconnecting subscription: its first batch, and the first after every reconnect,
is a snapshot (`snapshot=True`), so a consumer replaces those codes' state then.
`state` / `on_state` tell the connection state for a status bar. After the first
snapshot, `simulated` says whether the gateway serves simulated data (its /v1/health
`simulated` flag, else whether its source is `sim`), and `origin` (TellsOrigin) whose
numbers it relays (its health's `origin`, else its source's scheme). Without `token=` the
FLOWDECK_TOKEN environment variable is used. `identity()`: the archive's key for its
days, `gateway:` + the upstream's own (its /v1/health `archive.identity`).

Quotes and big trades pass through: the stream's batches carry each changed code's
quote (Batch.quotes) and every big trade the upstream kept of the codes (Batch.trades:
its snapshot the day's, then each new one; the upstream's own threshold, min_value 0).
Names come from the upstream's /v1/quote (gateway_names.py, which says why not from the
stream): `universe()` (HasUniverse) names the codes snapshotted so far,
learnt in the background; `on_names()` is called when new names came in.

`market_table(market)` (RanksMarkets): the upstream's whole market of that key, from
its GET /v1/market (gateway_market.py); the upstream must have one (the simulator, or
a gateway over it), else 1016 saying so.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Mapping, Sequence

from ..api import RET_OK
from ..api.async_context import AsyncQuoteContext
from ..api.peers import address
from ..api.stream import ConnectionState
from ..core.codes import parse_stock_list
from ..core.errors import FlowDeckError, source_failed
from .base import Batch, Feed
from .gateway_market import GatewayMarket
from .gateway_names import GatewayNames
from .market_table import MarketTable
from .registry import split_source
from .url_parts import check_options, host_port, positive_seconds

_OPTIONS = ("token", "timeout")
_EXAMPLE = "gateway://127.0.0.1:11111"
# A gateway's first snapshot of many codes can take a while to build.
SNAPSHOT_TIMEOUT = 30.0


class GatewayFeed(Feed):
    """Feed over one AsyncQuoteContext; any number of `updates()` iterators share it."""

    def __init__(self, host: str, port: int, token: str | None = None,
                 timeout: float = 10.0) -> None:
        # The name is shown in the window: never the token.
        self.name = f"gateway://{address(host, port)}"
        self.context = AsyncQuoteContext(host, port, token=token, timeout=timeout)
        self.state = ConnectionState("connecting")
        self.on_state: Callable[[ConnectionState], None] | None = None
        self.on_names: Callable[[], None] | None = None
        self._names = GatewayNames(self.context)
        self._names.on_learned = self._names_learned
        self._market = GatewayMarket(self.context, self._names, self.name)
        self._closed = False
        self._source_known = False
        self.origin = ""   # TellsOrigin: known with the first snapshot

    async def snapshot(self, codes: Sequence[str]) -> Batch:
        sub = self.context.subscribe(self._codes(codes), reconnect=False, trades=0.0)
        try:
            batch = await asyncio.wait_for(anext(sub), SNAPSHOT_TIMEOUT)
        except StopAsyncIteration:
            raise source_failed(f"{self.name}: the feed is closed") from None
        except TimeoutError:
            raise source_failed(f"{self.name}: no snapshot within "
                                f"{SNAPSHOT_TIMEOUT:g} s") from None
        finally:
            await sub.aclose()
        if not batch.snapshot:
            raise source_failed(f"{self.name}: the gateway's first batch is not a snapshot")
        await self._learn_source()
        self._names.learn_later(batch.records)
        return batch

    def universe(self) -> GatewayNames:
        """The upstream's names of the codes snapshotted so far (HasUniverse)."""
        return self._names

    async def market_table(self, markets: str) -> MarketTable:
        """The upstream's table of MARKET_CHOICES key `markets` now (RanksMarkets)."""
        if self._closed:
            raise source_failed(f"{self.name}: the feed is closed")
        return await self._market.table(markets)

    def updates(self, codes: Sequence[str]) -> AsyncIterator[Batch]:
        return self.context.subscribe(self._codes(codes), on_state=self._state_changed,
                                      trades=0.0)

    async def aclose(self) -> None:
        self._closed = True
        await self._names.aclose()
        await self.context.close()

    async def identity(self) -> str:
        """`gateway:<the upstream's identity>` (1016 when the upstream cannot be asked
        or does not say: an older gateway)."""
        ret, data = await self.context.get_health()
        if ret != RET_OK:
            raise source_failed(str(data))
        return identity_of(self.name, data)

    async def _learn_source(self) -> None:
        # The window marks simulated data; a gateway may well be serving the simulator.
        if self._source_known:
            return
        ret, data = await self.context.get_health()
        if ret == RET_OK and isinstance(data, dict):
            self._source_known = True
            if "simulated" in data:
                self.simulated = bool(data["simulated"])
            else:
                self.simulated = str(data.get("source", "")).startswith("sim")
            self.origin = upstream_origin(data)

    def _codes(self, codes: Sequence[str]) -> list[str]:
        if self._closed:
            raise source_failed(f"{self.name}: the feed is closed")
        return parse_stock_list(codes)

    def _names_learned(self) -> None:
        if self.on_names is not None:
            self.on_names()

    def _state_changed(self, state: ConnectionState) -> None:
        self.state = state
        if self.on_state is not None:
            self.on_state(state)


def upstream_origin(health: dict) -> str:
    """Whose numbers an upstream gateway serves: its health's `origin`, or for an older
    gateway the scheme of its `source`."""
    origin = health.get("origin")
    if isinstance(origin, str) and origin:
        return origin
    with contextlib.suppress(FlowDeckError):
        return split_source(str(health.get("source", "")))[0]
    return ""


def identity_of(name: str, health: object) -> str:
    """`gateway:` + the identity an upstream's /v1/health data tells."""
    archive = health.get("archive") if isinstance(health, Mapping) else None
    upstream = archive.get("identity") if isinstance(archive, Mapping) else None
    if not isinstance(upstream, str) or not upstream:
        raise source_failed(f"{name} does not say which source's days it serves (no "
                            "archive identity in its /v1/health: an older or starting "
                            "gateway)", "history.identity")
    return f"gateway:{upstream}"


def parse_gateway_url(url: str, options: Mapping[str, str]) -> dict:
    """host, port, token, timeout from `gateway://host:port?...`; INVALID_PARAM naming
    what is wrong otherwise."""
    check_options("gateway", options, _OPTIONS)
    host, port = host_port("gateway", url, _EXAMPLE, shown=_redact(url))
    out: dict = {"host": host, "port": port, "token": options.get("token") or None}
    if "timeout" in options:
        out["timeout"] = positive_seconds("gateway", "timeout", options["timeout"])
    return out


def _redact(url: str) -> str:
    return url.split("?", 1)[0]


def open_gateway_feed(url: str, options: Mapping[str, str]) -> GatewayFeed:
    """The registry's factory for `gateway://host:port[?token=T&timeout=S]`."""
    return GatewayFeed(**parse_gateway_url(url, options))


def check_gateway_source(url: str, options: Mapping[str, str]) -> None:
    """The registry's check: INVALID_PARAM for what `open_gateway_feed` would refuse."""
    parse_gateway_url(url, options)
