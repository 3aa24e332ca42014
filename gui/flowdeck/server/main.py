"""`flowdeck-gateway`: the command line, its checks, and the serve loop.

    flowdeck-gateway [--host 127.0.0.1] [--port 11111] [--source sim] [--token T]
                     [--no-archive]

Every request needs the gateway's token, on loopback too (a web page in the browser can
reach 127.0.0.1). Without FLOWDECK_TOKEN or --token the gateway makes a random one and
leaves it in its token file (api/token_file.py), which local clients read by themselves;
the file goes when the gateway stops.

Exit codes: 0 after SIGINT/SIGTERM, 2 for a configuration the gateway refuses (an
address that is not loopback, or a name resolving to one, without a token given; a
source pointing at itself; a taken port; an unknown source; no place for the token file).
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import gc
import logging
import os
import secrets
import signal
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from aiohttp import web

from ..api.token_file import remove_token, write_token
from ..core.errors import FlowDeckError
from ..core.redact import command_line_warning, has_secret
from ..feeds.base import Feed, KeepsFiles, KeepsReports
from ..feeds.history_sources import feed_identity
from ..feeds.registry import open_feed
from ..storage import paths
from .addresses import (
    is_loopback_address,
    is_loopback_host,
    points_at_self,
    redact_source,
    resolve_bind_host,
)
from .admission import NewCodeBudget
from .app import build_app
from .appkeys import HUB
from .archive_keeper import GatewayArchive
from .connections import ConnectionGuard, GuardedSite
from .fdlimit import default_max_connections, quiet_accept_errors, raise_nofile_limit
from .guard import HostPolicy
from .logs import AccessLogger, log_event, setup_logging
from .tape_settings import use_tape_settings

log = logging.getLogger("flowdeck.server")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 11111  # the spec's example port, which is also Futu OpenD's default
TOKEN_ENV = "FLOWDECK_TOKEN"
PROG = "flowdeck-gateway"


class ConfigError(Exception):
    """A configuration the gateway refuses to start with; the message says why."""


@dataclass(frozen=True)
class GatewayConfig:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    source: str = "sim"
    token: str | None = None
    log_level: str = "info"
    max_codes: int = 10_000
    idle_after_s: float = 900.0
    header_timeout_s: float = 10.0
    max_connections: int = 0     # 0: from the file descriptor limit
    allowed_hosts: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    new_codes_per_minute: float = 200.0
    new_codes_burst: int = 2000
    archive: bool = True         # keep its own archive of the followed codes' days


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG, description="Serve capital flow (资金流向) over HTTP and WebSocket: "
        "GET|POST /v1/capital_flow, /v1/capital_detail, WS /v1/stream, GET /v1/health.")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help="address to listen on (default 127.0.0.1; any non-loopback "
                        "address needs a token)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help="port (default 11111, also Futu OpenD's default; 0 picks a free one)")
    p.add_argument("--source", default="sim",
                   help="source URL: sim[?speed=S&seed=N&interval=I], gateway://host:port, ... "
                        "(default: sim)")
    p.add_argument("--token", default=None,
                   help=f"require 'Authorization: Bearer TOKEN' on every request "
                        f"(default: ${TOKEN_ENV})")
    p.add_argument("--log-level", default="info",
                   choices=("debug", "info", "warning", "error"),
                   help="debug also logs one access line per request")
    p.add_argument("--max-codes", type=int, default=10_000,
                   help="most codes followed at once (default 10000)")
    p.add_argument("--idle-drop", type=float, default=900.0, metavar="SECONDS",
                   help="stop following codes nobody asked for in this long (default 900)")
    p.add_argument("--new-codes-per-minute", type=float, default=200.0, metavar="N",
                   help="new codes (not followed yet) one client address may add a minute, "
                        "after a first --new-codes-burst (default 200)")
    p.add_argument("--new-codes-burst", type=int, default=2000, metavar="N",
                   help="new codes one client address may add at once (default 2000)")
    p.add_argument("--header-timeout", type=float, default=10.0, metavar="SECONDS",
                   help="close a connection that has not sent a whole request in this long "
                        "(default 10)")
    p.add_argument("--max-connections", type=int, default=0, metavar="N",
                   help="most connections at once; over it the oldest one still sending "
                        "its request is closed (default: from the open-files limit)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="also answer requests whose Host is NAME (loopback names and the "
                        "--host address always work); repeat for more")
    p.add_argument("--allow-origin", action="append", default=[], metavar="ORIGIN",
                   help="accept requests from web pages of ORIGIN, e.g. "
                        "https://desk.example (default: none); repeat for more")
    p.add_argument("--no-archive", action="store_true",
                   help="do not keep an archive of the followed codes' days (by default "
                        "the gateway saves them in its own file in the data folder and "
                        "answers /v1/capital_flow_history from it)")
    return p


def configure(args: argparse.Namespace, environ: Mapping[str, str]) -> GatewayConfig:
    """The checked configuration; ConfigError saying what is refused and why."""
    token = args.token if args.token is not None else environ.get(TOKEN_ENV)
    if token is not None and not token.strip():
        raise ConfigError("the token is empty; give a non-empty --token or "
                          f"unset {TOKEN_ENV}")
    token = token.strip() if token else None
    if not 0 <= args.port <= 65535:
        raise ConfigError(f"--port {args.port} is not a port number (0-65535)")
    if not is_loopback_host(args.host) and not token:
        raise ConfigError(
            f"refusing to listen on {args.host or 'every address'} without a token: it is "
            f"not a loopback address, so other machines could use the gateway. Give a token "
            f"with --token T or {TOKEN_ENV}=T (clients then send 'Authorization: Bearer T'),"
            f" or listen on 127.0.0.1.")
    if points_at_self(args.source, args.host, args.port):
        raise ConfigError(
            f"--source {redact_source(args.source)} points at this gateway's own address "
            f"({args.host}:{args.port}); it would feed itself. Point it at another gateway "
            f"or use --source sim.")
    if args.max_codes < 1:
        raise ConfigError("--max-codes must be at least 1")
    if not args.idle_drop > 0:
        raise ConfigError("--idle-drop must be a number of seconds > 0")
    if not args.new_codes_per_minute > 0 or args.new_codes_burst < 1:
        raise ConfigError("--new-codes-per-minute must be > 0 and --new-codes-burst >= 1")
    if not args.header_timeout > 0 or args.max_connections < 0:
        raise ConfigError("--header-timeout must be > 0 seconds and --max-connections >= 0")
    return GatewayConfig(host=args.host, port=args.port, source=args.source, token=token,
                         log_level=args.log_level, max_codes=args.max_codes,
                         idle_after_s=args.idle_drop,
                         allowed_hosts=tuple(args.allow_host),
                         allowed_origins=tuple(args.allow_origin),
                         new_codes_per_minute=args.new_codes_per_minute,
                         new_codes_burst=args.new_codes_burst,
                         header_timeout_s=args.header_timeout,
                         max_connections=args.max_connections,
                         archive=not args.no_archive)


def bind_addresses(config: GatewayConfig) -> list[str]:
    """The addresses to listen on: `--host` resolved once, so that the addresses
    checked are the ones bound (a `NAME.localhost` may resolve anywhere). ConfigError
    for one that is not loopback when no token was given."""
    try:
        addresses = resolve_bind_host(config.host)
    except OSError as exc:
        raise ConfigError(bind_error_message(exc, config.host, config.port)) from None
    outside = [a for a in addresses if not is_loopback_address(a)]
    if outside and not config.token:
        raise ConfigError(
            f"refusing to listen on {config.host} without a token given: it resolves to "
            f"{', '.join(outside)}, which is not a loopback address, so other machines "
            f"could reach the gateway. Give a token with {TOKEN_ENV}=T or --token T, "
            f"or listen on 127.0.0.1.")
    return addresses


def bind_error_message(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (f"port {port} on {host} is already in use by another program. Futu OpenD "
                f"listens on 11111 by default, so if it runs here, start the gateway on "
                f"another port, e.g. --port {11112 if port == 11111 else port + 1}.")
    if exc.errno == errno.EACCES:
        return (f"not allowed to listen on {host}:{port} (ports below 1024 need "
                f"privileges); choose another with --port.")
    if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}: this machine has no such address ({exc})."
    return f"cannot listen on {host}:{port}: {exc}"


def warn_command_line_secrets(args: argparse.Namespace) -> None:
    """Once on stderr: a token in the arguments is visible to every local user (ps)."""
    if args.token is not None:
        print(f"{PROG}: {command_line_warning('--token T', TOKEN_ENV)}", file=sys.stderr)
    if has_secret(args.source):
        print(f"{PROG}: {command_line_warning(f'--source {redact_source(args.source)}')}",
              file=sys.stderr)


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:   # --help, or a usage error argparse has printed
        return exc.code if isinstance(exc.code, int) else 2
    warn_command_line_secrets(args)
    try:
        config = configure(args, os.environ)
    except ConfigError as exc:
        return _fail(str(exc))
    setup_logging(config.log_level)
    try:
        feed = open_feed(config.source)
    except FlowDeckError as exc:
        return _fail(f"cannot open source {redact_source(config.source)}: {exc.message}")
    if isinstance(feed, KeepsFiles):   # futu://'s names
        feed.keep_files_in(paths.data_dir())
    if isinstance(feed, KeepsReports):  # East Money's answers it could not read
        feed.keep_reports_in(paths.state_dir())
    try:
        return asyncio.run(serve(config, feed))
    except KeyboardInterrupt:   # a second Ctrl-C during shutdown
        return 130


async def serve(config: GatewayConfig, feed: Feed) -> int:
    """Listen until SIGINT/SIGTERM, then close streams (going-away) and the feed."""
    try:
        addresses = bind_addresses(config)
    except ConfigError as exc:
        return _fail(str(exc))
    token = config.token or secrets.token_urlsafe(32)
    app = build_app(feed, token=token, max_codes=config.max_codes,
                    archive=gateway_archive(config, feed),
                    idle_after_s=config.idle_after_s,
                    hosts=HostPolicy(config.host, config.allowed_hosts),
                    origins=config.allowed_origins,
                    budget=NewCodeBudget(config.new_codes_per_minute, config.new_codes_burst))
    use_tape_settings(app[HUB].state, feed)
    runner = web.AppRunner(app, handle_signals=False, access_log_class=AccessLogger,
                           access_log=logging.getLogger("flowdeck.access"),
                           shutdown_timeout=5.0)
    await runner.setup()
    nofile = raise_nofile_limit()
    quiet_accept_errors()
    guard = ConnectionGuard(config.header_timeout_s,
                            config.max_connections or default_max_connections(nofile))
    try:
        port = config.port
        for address in addresses:   # `localhost`: 127.0.0.1 and ::1, on one port
            await GuardedSite(runner, address, port, guard).start()
            port = port or runner.addresses[0][1]
    except OSError as exc:
        await runner.cleanup()
        return _fail(bind_error_message(exc, config.host, config.port))
    # What was bound, not what was asked for: a name could have resolved elsewhere.
    bound = [str(a[0]) for a in runner.addresses]
    if not config.token and not all(is_loopback_address(a) for a in bound):
        await runner.cleanup()
        return _fail(f"refusing to serve on {', '.join(bound)} without a token given: "
                     f"not loopback")
    # A local client that reads the old file meanwhile gets 401, then finds the new
    # token in the file and tries again (api/replies.py token_renewed).
    try:
        token_file = write_token(port, token)
    except OSError as exc:
        if not config.token:
            await runner.cleanup()
            return _fail(f"{exc}; no local client could learn the gateway's token. Give "
                         f"one with {TOKEN_ENV}=T, or set FLOWDECK_HOME to a folder of yours")
        token_file = None
        log_event(log, logging.WARNING, "token_file_not_written", error=exc)
    host = f"[{config.host}]" if ":" in config.host else config.host
    log_event(log, logging.INFO, "listening", url=f"http://{host}:{port}",
              source=redact_source(config.source), auth="token",
              token_file=token_file or "-", pid=os.getpid())
    settle_start_up_objects()
    try:
        return await _serve_until_signal(runner)
    finally:
        remove_token(port, token)


def gateway_archive(config: GatewayConfig, feed: Feed) -> GatewayArchive:
    """The gateway's own archive (archive_keeper.py) for its source's identity, learnt
    in the background when it takes a request; without a file under --no-archive."""
    path = paths.archive_path("gateway") if config.archive else None
    return GatewayArchive(path, partial(feed_identity, config.source, feed))


def settle_start_up_objects() -> None:
    """Take what start-up made (modules, classes, functions: ~45,000 objects, most of
    what the collector tracks) out of the garbage collector's full collections: they
    live as long as the process, and each full collection scanning them held the loop
    20-60 ms (three in 30 s under a hundred streams). Objects made later are collected
    as before."""
    gc.collect()
    gc.freeze()


async def _serve_until_signal(runner: web.AppRunner) -> int:
    stop = asyncio.Event()
    got: list[str] = []

    def on_signal(sig: int) -> None:
        got.append(signal.Signals(sig).name)
        stop.set()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, on_signal, sig)
        except (NotImplementedError, RuntimeError):   # Windows: no loop signal handlers
            signal.signal(sig, lambda s, _f: loop.call_soon_threadsafe(on_signal, s))
    await stop.wait()
    log_event(log, logging.INFO, "stopping", signal=got[0] if got else "?")
    await runner.cleanup()
    log_event(log, logging.INFO, "stopped")
    return 0
