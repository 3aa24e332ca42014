"""`flowdeck-gateway`: the command line, its checks, and the serve loop.

    flowdeck-gateway [--host 127.0.0.1] [--port 11111] [--source sim] [--token T]

Exit codes: 0 after SIGINT/SIGTERM, 2 for a configuration the gateway refuses (a
non-loopback address without a token, a source pointing at itself, a taken port, an
unknown source).
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import logging
import os
import signal
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from aiohttp import web

from ..core.errors import FlowDeckError
from ..core.redact import command_line_warning, has_secret
from ..feeds.base import Feed
from ..feeds.registry import open_feed
from .addresses import is_loopback_host, points_at_self, redact_source
from .app import build_app
from .logs import AccessLogger, log_event, setup_logging

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
    return GatewayConfig(host=args.host, port=args.port, source=args.source, token=token,
                         log_level=args.log_level, max_codes=args.max_codes,
                         idle_after_s=args.idle_drop)


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
    try:
        return asyncio.run(serve(config, feed))
    except KeyboardInterrupt:   # a second Ctrl-C during shutdown
        return 130


async def serve(config: GatewayConfig, feed: Feed) -> int:
    """Listen until SIGINT/SIGTERM, then close streams (going-away) and the feed."""
    app = build_app(feed, token=config.token, max_codes=config.max_codes,
                    idle_after_s=config.idle_after_s)
    runner = web.AppRunner(app, handle_signals=False, access_log_class=AccessLogger,
                           access_log=logging.getLogger("flowdeck.access"),
                           shutdown_timeout=5.0)
    await runner.setup()
    site = web.TCPSite(runner, config.host, config.port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        return _fail(bind_error_message(exc, config.host, config.port))
    port = runner.addresses[0][1] if runner.addresses else config.port
    host = f"[{config.host}]" if ":" in config.host else config.host
    log_event(log, logging.INFO, "listening", url=f"http://{host}:{port}",
              source=redact_source(config.source),
              auth="token" if config.token else "none", pid=os.getpid())

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
