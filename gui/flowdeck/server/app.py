"""The aiohttp Application of flowdeck-gateway: routes, middlewares, hub lifecycle."""

from __future__ import annotations

from collections.abc import Sequence

from aiohttp import web

from ..feeds.base import Feed
from .appkeys import ARCHIVE, HEAVY_STEPS, HUB, SEND_BUDGET, STREAM_LIMITS, STREAMS
from .archive_keeper import GatewayArchive
from .auth import token_middleware
from .guard import HostPolicy, browser_guard
from .history_api import DayReader, add_history_route
from .http_api import add_routes
from .hub import Hub
from .market_api import add_market_route
from .rank_api import add_rank_routes
from .refusals import RefusalLog
from .responses import MAX_BODY_BYTES, envelope_errors
from .stream import close_all, stream
from .stream_send import StreamLimits
from .trades_api import add_trades_route
from .turns import SEND_BYTES_PER_TURN, SUBSCRIBED_CODES_PER_TURN, TurnBudget

# Long GET URLs (500 codes, percent-encoded) must reach the handler, which answers in
# the envelope; aiohttp's own default limit is 8 KiB.
MAX_LINE_BYTES = 64 * 1024


def build_app(feed: Feed, *, token: str,
              stream_limits: StreamLimits | None = None,
              hosts: HostPolicy | None = None, origins: Sequence[str] = (),
              history: DayReader | None = None,
              archive: GatewayArchive | None = None,
              **hub_options: object) -> web.Application:
    """The gateway over `feed`; every request needs `Bearer <token>` (there is always
    one: loopback is reachable from every web page in a browser here), and passes the
    browser guard first (guard.py: `hosts` it answers to, `origins` allowed);
    `stream_limits` bound what one WebSocket client may cost; `history` is the archive
    /v1/capital_flow_history reads (None: none kept); `archive` the gateway's own
    (archive_keeper.py: it saves the followed codes' days, is the `history` read unless
    one is given, and is told in /v1/health); `hub_options` go to Hub
    (snapshot_timeout, max_codes, idle_after_s, budget, ...)."""
    refusals = RefusalLog()
    middlewares = [envelope_errors, browser_guard(hosts or HostPolicy(), origins, refusals),
                   token_middleware(token, refusals)]
    app = web.Application(middlewares=middlewares, client_max_size=MAX_BODY_BYTES,
                          handler_args={"max_line_size": MAX_LINE_BYTES,
                                        "max_field_size": MAX_LINE_BYTES})
    app[HUB] = Hub(feed, **hub_options)  # type: ignore[arg-type]
    app[STREAMS] = set()
    app[STREAM_LIMITS] = stream_limits or StreamLimits()
    app[SEND_BUDGET] = TurnBudget(SEND_BYTES_PER_TURN)
    app[HEAVY_STEPS] = TurnBudget(SUBSCRIBED_CODES_PER_TURN)
    app[ARCHIVE] = archive
    add_routes(app)
    add_rank_routes(app, archive=archive)
    add_market_route(app)
    add_trades_route(app)
    if history is None and archive is not None and archive.kept:
        history = archive
    add_history_route(app, history)
    app.router.add_route("GET", "/v1/stream", stream)
    app.on_startup.append(_start_hub)
    app.on_shutdown.append(close_all)
    app.on_cleanup.append(_close_hub)
    return app


async def _start_hub(app: web.Application) -> None:
    app[HUB].start()
    if app[ARCHIVE] is not None:
        app[ARCHIVE].start(app[HUB].state)


async def _close_hub(app: web.Application) -> None:
    await app[HUB].close()
    if app[ARCHIVE] is not None:   # after the hub: the last save sees the last batch
        await app[ARCHIVE].close()
