"""Console entry points. The only module that may import flowdeck.ui (lazily)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """`flowdeck SUBCOMMAND ...` (fetch, watch, record) runs the command line, `flowdeck
    gateway ...` the gateway (so one frozen executable does all); `flowdeck` alone or
    with options only (`--source`, `--config`, `--self-test`) opens the window."""
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
