"""The `flowdeck` command line: subcommands; with none, the window."""

from __future__ import annotations

import argparse
import locale
import os
import sys

from ..core.errors import source_failed
from ..core.redact import command_line_warning, has_secret, redact_source


def _reading_options(parser: argparse.ArgumentParser, json_help: str) -> None:
    """What `fetch` and `watch` share: the codes, where they come from, how they print."""
    parser.add_argument("stock_list", nargs="+", metavar="CODE",
                        help="codes such as HK.00700 US.AAPL (bare symbols with --market)")
    parser.add_argument("--market", help="prefix for bare symbols: HK, US, SH, SZ")
    parser.add_argument("--json", action="store_true", help=json_help)
    parser.add_argument("--source", default="sim", help="source URL (default: sim)")
    parser.add_argument("--lang", choices=("en", "zh"), default=None, help="label language")
    parser.add_argument("--units", choices=("kmb", "wan"), default=None,
                        help="compact units: K/M/B or 万/亿")


def default_lang() -> str:
    name = os.environ.get("LANG", "") or (locale.getlocale()[0] or "")
    return "zh" if name.lower().startswith("zh") else "en"


# Each command's one line, for its own parser and for `flowdeck --help`.
COMMANDS = {
    "fetch": "print one snapshot of capital flow",
    "watch": "follow codes live: a line per batch and per alert",
    "record": "write the simulator's trades of a day as a replay file",
    "gateway": "serve the capital-flow API to scripts and other desks",
    "history": "print a code's archived days, weeks or months",
    "backfill": "fill the archive with past trading days from a source",
    "rank": "rank a whole market (or its sectors) by a flow field",
    "tape": "print the big trades of codes as they print",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flowdeck", description="FlowDeck: live capital flow (资金流向) of a watchlist.")
    sub = parser.add_subparsers(dest="command")
    fetch = sub.add_parser("fetch", help=COMMANDS["fetch"])
    _reading_options(fetch, json_help="print the spec's JSON envelope")
    watch = sub.add_parser(
        "watch", help=COMMANDS["watch"],
        description="Follow codes live and print a line per batch and per alert. Exit "
                    "codes: 0 when it ends (--duration, Ctrl-C, SIGTERM), 2 on bad input.")
    _reading_options(watch, json_help="one JSON object per line")
    watch.add_argument("--alert", action="append", default=[], metavar="EXPR",
                       help="a rule for every code, e.g. 'main_net_inflow > 5e7', "
                            "'main_net_inflow_ratio crosses 0', 'main_net_inflow > 50M; "
                            "US 5M; A 2亿' (per market, each in its currency), "
                            "'main_net_inflow > 78M HKD' (converted at the settings' "
                            "[currency] rates), 'trade buy >= 1000万' (one big trade: "
                            "buy, sell or either) (repeatable)")
    watch.add_argument("--cooldown", type=float, default=None, metavar="S",
                       help="seconds between two alerts of one rule and code "
                            "(default: 300)")
    watch.add_argument("--duration", type=float, default=None, metavar="S",
                       help="stop after S seconds (default: until Ctrl-C or SIGTERM)")
    watch.add_argument("--notify", action="append", default=[], metavar="NAME",
                       help="send alerts (and data-stale alerts) to this channel of the "
                            "settings' [[channels]] too (repeatable)")
    watch.add_argument("--notify-url", action="append", default=[], metavar="URL",
                       help="send alerts (and data-stale alerts) as JSON POSTs to this "
                            "webhook too (repeatable)")
    record = sub.add_parser(
        "record", help=COMMANDS["record"],
        description="Write every trade the simulator (sim?seed=S) runs through its engine "
                    "for CODEs on a day, as CSV (code,time,price,quantity,bid,ask) for "
                    "--source replay:FILE. Exit codes: 0 written, 1 cannot write, 2 bad "
                    "input.")
    record.add_argument("stock_list", nargs="+", metavar="CODE",
                        help="codes such as HK.00700 US.AAPL (bare symbols with --market)")
    record.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                        help="the trading day (default: the last one: today on a weekday, "
                             "else the Friday before)")
    record.add_argument("--seed", type=int, default=0,
                        help="the simulator's seed, as in sim?seed=N (default: 0)")
    record.add_argument("-o", "--output", default=None, metavar="FILE",
                        help="where to write (default: stdout)")
    record.add_argument("--market", help="prefix for bare symbols: HK, US, SH, SZ")
    _history_commands(sub)
    _rank_command(sub)
    _tape_command(sub)
    return parser


def _tape_command(sub) -> None:
    tape = sub.add_parser(
        "tape", help=COMMANDS["tape"],
        description="Print the big trades of CODEs, one line per trade: the day's kept "
                    "ones, then each new one as it prints. Exit codes: 0 when it ends "
                    "(--duration, Ctrl-C, SIGTERM), 2 on bad input.")
    _reading_options(tape, json_help="one JSON object per trade (the /v1/trades items)")
    tape.add_argument("--min", default="0", metavar="VALUE",
                      help="the least value of a trade, with units: 1000万, 10M, 5e6 "
                           "(default: every big trade the source keeps)")
    tape.add_argument("--side", choices=("buy", "sell"), default=None,
                      help="only buy-initiated or only sell-initiated trades")
    tape.add_argument("--duration", type=float, default=None, metavar="S",
                      help="stop after S seconds (default: until Ctrl-C or SIGTERM)")


def _history_commands(sub) -> None:
    history = sub.add_parser(
        "history", help=COMMANDS["history"],
        description="Print a code's archived days (weeks, months) from the local archive, "
                    "for the days of --source. Exit codes: 0 printed (nothing archived "
                    "is said on stderr), 1 the archive cannot be read, 2 bad input.")
    history.add_argument("code", metavar="CODE", help="one code such as HK.00700")
    history.add_argument("--days", type=int, default=None, metavar="N",
                         help="the last N archived days (default: all)")
    history.add_argument("--start", default=None, metavar="YYYY-MM-DD")
    history.add_argument("--end", default=None, metavar="YYYY-MM-DD")
    history.add_argument("--period", choices=("day", "week", "month"), default="day")
    history.add_argument("--json", action="store_true",
                         help="print the envelope /v1/capital_flow_history answers")
    history.add_argument("--source", default="sim", help="whose days (default: sim)")
    history.add_argument("--lang", choices=("en", "zh"), default=None, help="label language")
    history.add_argument("--units", choices=("kmb", "wan"), default=None,
                         help="compact units: K/M/B or 万/亿")
    backfill = sub.add_parser(
        "backfill", help=COMMANDS["backfill"],
        description="Fill the local archive with CODEs' last N trading days from "
                    "--source; progress on stderr. Days already archived are skipped, so "
                    "a run stopped with Ctrl-C resumes where it stopped. Exit codes: 0 "
                    "done, 1 the archive or the source failed, 2 bad input, 130 "
                    "interrupted.")
    backfill.add_argument("stock_list", nargs="+", metavar="CODE",
                          help="codes such as HK.00700 US.AAPL (bare symbols with --market)")
    backfill.add_argument("--days", type=int, required=True, metavar="N",
                          help="how many past trading days")
    backfill.add_argument("--source", default="sim", help="source URL (default: sim)")
    backfill.add_argument("--market", help="prefix for bare symbols: HK, US, SH, SZ")


def _rank_command(sub) -> None:
    rank = sub.add_parser("rank", help=COMMANDS["rank"],
                          description="Rank a whole market by one of the 12 fields, as the "
                                      "gateway's /v1/rank (--sectors: /v1/sectors) answers. "
                                      "Exit codes: 0 printed, 1 the source failed, 2 bad "
                                      "input.")
    rank.add_argument("--market", required=True,
                      help="HK, US, SH, SZ, A (SH + SZ) or ALL (every market, amounts in "
                      "the base currency at the settings' [currency] rates)")
    rank.add_argument("--period", default="today", help="today, 3d, 5d, 10d or 20d")
    rank.add_argument("--field", default="main_net_inflow", help="one of the 12 fields")
    rank.add_argument("--order", default="desc", help="desc (largest first) or asc")
    rank.add_argument("--top", default="20", help="how many, 1 to 500")
    rank.add_argument("--sectors", action="store_true", help="rank the market's sectors")
    rank.add_argument("--json", action="store_true", help="print the gateway's envelope")
    rank.add_argument("--source", default="sim", help="source URL (default: sim)")
    rank.add_argument("--lang", choices=("en", "zh", "zh_HK"), default=None,
                      help="name language (zh_HK: Traditional names where the source has them)")
    rank.add_argument("--units", choices=("kmb", "wan"), default=None,
                      help="compact units: K/M/B or 万/亿")


def commands_help() -> str:
    """One line per subcommand, for `flowdeck --help` (the window's own help)."""
    width = max(len(name) for name in COMMANDS)
    return "commands (flowdeck COMMAND --help for each):\n" + "\n".join(
        f"  {name.ljust(width)}  {text}" for name, text in COMMANDS.items())


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    source = getattr(args, "source", None)
    if has_secret(source):  # every local user sees a process's arguments
        print(command_line_warning(f"--source {redact_source(source)}"), file=sys.stderr)
    if args.command == "fetch":
        lang = args.lang or default_lang()
        units = args.units or ("wan" if lang == "zh" else "kmb")
        try:
            return run_fetch_safely(args, lang, units)
        except KeyboardInterrupt:
            return 130
    if args.command == "watch":
        lang = args.lang or default_lang()
        units = args.units or ("wan" if lang == "zh" else "kmb")
        return run_watch_safely(args, lang, units)
    if args.command == "record":
        from .record import run_record
        try:
            return run_record(args.stock_list, args.market, args.date, args.seed, args.output)
        except KeyboardInterrupt:
            return 130
    if args.command == "history":
        from .history import run_history
        lang = args.lang or default_lang()
        units = args.units or ("wan" if lang == "zh" else "kmb")
        return run_history(args.code, args.source, args.start, args.end, args.days,
                           args.period, args.json, "zh_CN" if lang == "zh" else "en", units)
    if args.command == "backfill":
        from .history import run_backfill
        return run_backfill(args.stock_list, args.market, args.days, args.source)
    if args.command == "tape":
        from .tape import run_tape
        lang = args.lang or default_lang()
        return run_tape(args.stock_list, market=args.market, min_text=args.min,
                        side=args.side, source=args.source, as_json=args.json,
                        duration=args.duration, lang=lang,
                        units=args.units or ("wan" if lang == "zh" else "kmb"))
    if args.command == "rank":
        from .rank import run_rank
        lang = args.lang or default_lang()
        params = {k: getattr(args, k) for k in ("market", "period", "field", "order", "top")}
        return run_rank(args.source, params, args.sectors, args.json, lang,
                        args.units or ("wan" if lang.startswith("zh") else "kmb"))
    build_parser().print_help()
    return 2


def run_fetch_safely(args: argparse.Namespace, lang: str, units: str) -> int:
    from .fetch import run_fetch
    try:
        return run_fetch(args.stock_list, args.market, args.json, args.source, lang, units)
    except Exception as exc:
        err = source_failed(redact_source(f"{type(exc).__name__}: {exc}"))
        if args.json:
            import json
            print(json.dumps(err.envelope(), ensure_ascii=False))
        else:
            print(f"error {int(err.code)} {err}", file=sys.stderr)
        return 1


def run_watch_safely(args: argparse.Namespace, lang: str, units: str) -> int:
    from .watch import EXIT_FAILED, EXIT_OK, run_watch
    try:
        return run_watch(args.stock_list, args.alert, market=args.market, source=args.source,
                         as_json=args.json, cooldown_s=args.cooldown, duration=args.duration,
                         units=units, lang=lang, notify=args.notify,
                         notify_urls=args.notify_url)
    except KeyboardInterrupt:
        return EXIT_OK
    except Exception as exc:
        print(redact_source(f"error {type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_FAILED
