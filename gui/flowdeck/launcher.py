"""Console entry points. The only module that may import flowdeck.ui (lazily)."""

from __future__ import annotations

import ctypes
import sys

_M_MMAP_THRESHOLD = -3     # glibc's mallopt parameter
HEAP_MMAP_BYTES = 128 * 1024


def keep_heap_small() -> None:
    """Blocks of 128 KiB and more (numpy's arrays) get pages of their own, given back
    when freed. glibc raises that threshold after each large free (up to 32 MiB), so
    a window's start-up snapshot and the simulator's pools, freed and made again, came
    from the heap and fragmented it: ~10 MB resident at 5,000 rows (table bench,
    rss 211.8 / 211.6 MB against 221.8). Fixing the threshold keeps it where it is."""
    if not sys.platform.startswith("linux"):
        return
    # The process's own symbols (libc's among them): find_library would run ldconfig.
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:  # glibc's; musl has none and needs none
        mallopt(_M_MMAP_THRESHOLD, HEAP_MMAP_BYTES)


def main(argv: list[str] | None = None) -> int:
    """`flowdeck SUBCOMMAND ...` (fetch, watch, record) runs the command line, `flowdeck
    gateway ...` the gateway (so one frozen executable does all); `flowdeck` alone or
    with options only (`--source`, `--config`, `--self-test`) opens the window."""
    keep_heap_small()
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args and not args[0].startswith("-") else None
    if command == "gateway":
        return gateway_main(args[1:])
    if command is not None:
        from .cli.main import main as cli_main
        return cli_main(args)
    if "-h" in args or "--help" in args:
        return window_help()
    from .ui.shell.main import run
    return run(args)


def gateway_main(argv: list[str] | None = None) -> int:
    keep_heap_small()
    try:
        from .server.main import main as server_main
    except ImportError:
        print("flowdeck-gateway is not part of this build yet", file=sys.stderr)
        return 2
    return server_main(sys.argv[1:] if argv is None else argv)


def window_help() -> int:
    """`flowdeck --help`: the window's options, then every command with one line."""
    import argparse

    from .cli.main import commands_help
    from .ui.shell.main import build_parser

    parser = build_parser()
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = commands_help()
    parser.print_help()
    return 0
