"""`flowdeck` without a subcommand: the window.

    flowdeck [--source URL] [--config PATH]
    flowdeck --self-test [--png PATH] [--show]

One asyncio loop through qasync (`qasync.run`, which works on Python 3.11); the main
coroutine shows the window and waits until it is closed, then stops the Follower.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ...storage import paths
from ...storage.atomic import StorageError
from .app import crash_handler, format_exception, log, log_path, make_app, spawn
from .open_window import open_window
from .startup_probe import install_startup_probe
from .window_report import REPORT_ENV, write_window_report


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flowdeck",
        description="FlowDeck: live capital flow (资金流向) of a watchlist. Without a "
                    "subcommand it opens the window; `flowdeck fetch ...` prints a snapshot.")
    parser.add_argument("--source", metavar="URL",
                        help="source for this run: sim, sim?speed=20&seed=7, "
                             "gateway://host:port, futu://host:port, eastmoney:// "
                             "(default: the settings' source)")
    parser.add_argument("--config", metavar="PATH", type=Path,
                        help=f"settings file (default: {paths.config_path()})")
    parser.add_argument("--self-test", action="store_true",
                        help="build the window offscreen on the simulator (or --source), "
                             "check it, print OK and exit 0 (non-zero and a reason "
                             "otherwise)")
    parser.add_argument("--png", metavar="PATH", type=Path,
                        help="with --self-test: save the rendered window there")
    parser.add_argument("--show", action="store_true",
                        help="with --self-test: use the real display, not offscreen")
    return parser


async def run_window(app: QApplication, args: argparse.Namespace, instance) -> int:
    handler = crash_handler(app)
    if handler is not None:
        handler.install_loop(asyncio.get_running_loop())
    window = open_window(args.config, args.source)
    instance.raise_requested.connect(window.bring_to_front)
    done = asyncio.Event()
    window.closed.connect(done.set)
    app.aboutToQuit.connect(done.set)
    install_startup_probe(window)
    window.show()
    window.start()
    _close_on_signals(window)
    _say_up(sys.stdout)
    report = os.environ.get(REPORT_ENV)
    if report:  # tests under a real X server: where to look on the screen
        spawn(write_window_report(window, Path(report)), "window-report")
    await done.wait()
    await window.shutdown()
    return 0


def _say_up(out) -> None:
    """Started from a terminal, one line says the window is up and where its log is
    (everything else goes to the log, not to the terminal)."""
    if out is not None and out.isatty():
        print(f"FlowDeck is running; its log is {log_path()}. Ctrl+C here closes it.",
              file=out, flush=True)


def _close_on_signals(window) -> None:
    """Ctrl+C in the terminal or a SIGTERM closes the window as its close button does
    (layout saved, feed closed). Python runs the handler at the next bytecode, which
    the asyncio timers under qasync provide."""
    def close(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, window.quit)

    for name in ("SIGINT", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), close)


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if (args.png or args.show) and not args.self_test:
        print("--png and --show go with --self-test", file=sys.stderr)
        return 2
    if args.source is not None:
        from ...core.errors import FlowDeckError
        from ...core.redact import command_line_warning, has_secret, redact_source
        from ...feeds.registry import check_source
        if has_secret(args.source):
            warning = command_line_warning(f"--source {redact_source(args.source)}")
            print(f"flowdeck: {warning}", file=sys.stderr)
        try:
            args.source = check_source(args.source)
        except FlowDeckError as exc:
            print(f"flowdeck: --source: {redact_source(exc.message)}", file=sys.stderr)
            return 2
    if args.self_test:
        from .self_test import run_self_test
        return run_self_test(args.png, show=args.show, source=args.source)
    from .single_instance import SingleInstance

    try:
        app = make_app([])
    except Exception as exc:  # no folder for the log: the terminal is all there is
        return _cannot_start(exc, logged=False)
    try:
        instance = SingleInstance()
    except StorageError as exc:  # no run folder private to this user
        return _cannot_start(exc, logged=True)
    if instance.note:  # the usual run folder was refused: say so, once
        print(f"flowdeck: {instance.note}", file=sys.stderr)
        log.warning("run folder: %s", instance.note)
    try:
        if not instance.acquire():
            print("FlowDeck is already running; its window was raised.")
            return 0
        return int(qasync.run(run_window(app, args, instance)) or 0)
    except Exception as exc:
        return _cannot_start(exc, logged=True)
    finally:
        instance.release()


def _cannot_start(exc: BaseException, logged: bool) -> int:
    """A start that cannot go on says why where it was started, not only in the log."""
    summary, details = format_exception(exc)
    where = ""
    if logged:
        log.error("the window could not start: %s\n%s", summary, details.rstrip())
        where = f" The details are in {log_path()}."
    print(f"flowdeck: the window could not start: {summary}.{where}", file=sys.stderr,
          flush=True)
    return 1
