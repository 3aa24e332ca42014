"""`flowdeck history` and `flowdeck backfill`: the local archive from a terminal.

    flowdeck history HK.00700 --days 20 [--period week] [--json] [--source URL]
    flowdeck backfill HK.00700 US.AAPL --days 60 [--source URL]

Both use the archive of the window (data directory, archive.sqlite), for the days of
`--source` (default: sim; simulated, replayed and real days never mix). `history`
prints a table, or the envelope `/v1/capital_flow_history` answers (`--json`);
`backfill` fills past trading days from the source, with its progress on stderr; a
second run after Ctrl-C does only the rest.
Exit codes: 0 done, 1 the archive or the source failed, 2 bad input, 130 interrupted.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from ..core.codes import parse_stock_list
from ..core.errors import RET_OK, ErrorCode, FlowDeckError, invalid_param
from ..core.history_query import history_list, parse_history_query
from ..core.markets import local_now, market_of
from ..core.records import FIELD_BY_KEY
from ..core.redact import redact_source
from ..core.units import format_amount, format_ratio
from ..storage import paths
from .text_table import text_table

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
_COLUMNS = ("main_net_inflow", "main_net_inflow_ratio", "super_net_inflow",
            "large_net_inflow", "medium_net_inflow", "small_net_inflow")
PROGRESS_EVERY_S = 1.0


def _fail(exc: FlowDeckError, as_json: bool, out: TextIO) -> int:
    if as_json:
        env = exc.envelope()
        env["ret_msg"] = redact_source(env["ret_msg"])
        print(json.dumps(env, ensure_ascii=False), file=out)
    else:
        print(f"error {int(exc.code)} {redact_source(str(exc))}", file=sys.stderr)
    return EXIT_USAGE if exc.code != ErrorCode.GET_CAPITAL_FLOW_FAILED else EXIT_FAILED


def history_rows(code: str, source: str, start: str | None, end: str | None,
                 days: int | None, period: str, today: dt.date | None = None) -> list[dict]:
    """The periods `history` prints (what the gateway's endpoint answers)."""
    from ..storage.archive.archive import Archive

    if days is not None and (start or end):
        raise invalid_param("give --days or --start/--end, not both")
    if days is not None and days < 1:
        raise invalid_param(f"--days must be at least 1, got {days}")
    query = parse_history_query({"code": code, "start": start, "end": end, "period": period})
    identity = asyncio.run(_identity(source))
    path = paths.archive_path("window")
    if not path.exists():
        return []
    with Archive.open(path, identity) as archive:
        found = archive.days(query.code, query.start, query.end)
    if days is not None:
        found = found[-days:]
    return history_list(found, query.period, today or local_now(market_of(query.code)).date())


async def _identity(source: str) -> str:
    """The archive identity of `source` (an upstream gateway is asked for its own)."""
    from ..feeds.history_sources import open_history_source
    found = await open_history_source(source)
    await found.aclose()
    return found.identity


def run_history(code: str, source: str, start: str | None, end: str | None,
                days: int | None, period: str, as_json: bool, lang: str, units: str,
                out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        rows = history_rows(code, source, start, end, days, period)
    except FlowDeckError as exc:
        return _fail(exc, as_json, out)
    except OSError as exc:  # the storage layer's errors are OSErrors
        print(f"error the archive cannot be read: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if as_json:
        print(json.dumps({"ret_code": RET_OK, "ret_msg": "SUCCESS",
                          "data": {"capital_flow_history_list": rows}}, ensure_ascii=False),
              file=out)
    elif not rows:
        print(f"nothing archived for {code.strip()} from {redact_source(source)}: "
              "`flowdeck backfill` fills past days", file=sys.stderr)
    else:
        print(render_history(rows, lang, units), file=out)
    return EXIT_OK


def render_history(rows: list[dict], lang: str = "en", units: str = "kmb") -> str:
    """One line per period: its start, the main net and ratio, the four tiers' nets, and
    a mark for a period not complete yet (today, a week or month still running)."""
    head = ["Day" if lang == "en" else "日期",
            *[FIELD_BY_KEY[k].label(lang) for k in _COLUMNS]]
    table = [head]
    for r in rows:
        cells = [r["day"] + ("" if r["complete"] else " *")]
        for key in _COLUMNS:
            value = r[key]
            if value is None:
                cells.append("—")
            elif key.endswith("_ratio"):
                cells.append(format_ratio(value))
            else:
                cells.append(format_amount(value, units))
        table.append(cells)
    lines = text_table(table)
    if any(not r["complete"] for r in rows):
        lines.append("* not complete yet" if lang == "en" else "* 尚未结束")
    return "\n".join(lines)


def run_backfill(stock_list: Sequence[str], market: str | None, days: int, source: str,
                 err: TextIO | None = None) -> int:
    err = err or sys.stderr
    try:
        codes = parse_stock_list(list(stock_list), market)
        if not 1 <= days <= 3650:
            raise invalid_param(f"--days must be between 1 and 3650, got {days}")
        from ..feeds.registry import check_source
        check_source(source)
    except FlowDeckError as exc:
        return _fail(exc, False, err)
    try:
        progress = asyncio.run(_backfill(codes, days, source, err))
    except KeyboardInterrupt:
        print("backfill interrupted: what was saved stays; run it again for the rest",
              file=err)
        return EXIT_INTERRUPTED
    except (FlowDeckError, OSError) as exc:
        print(f"error {redact_source(str(exc))}", file=err)
        return EXIT_FAILED
    print(f"backfill done: {progress.done} of {progress.total} code-days "
          f"({progress.saved} saved, {progress.skipped} already archived)", file=err)
    return EXIT_OK


async def _backfill(codes: list[str], days: int, source: str, err: TextIO):
    from ..feeds.history_sources import open_history_source

    source_of = await open_history_source(source)
    try:
        return await _backfill_from(codes, days, source_of, err)
    finally:
        await source_of.aclose()


async def _backfill_from(codes: list[str], days: int, source_of, err: TextIO):
    from ..live.backfill import Backfill
    from ..storage.archive.archive import Archive

    path = paths.archive_path("window")
    paths.ensure_dir(path.parent)
    archive = await asyncio.to_thread(Archive.open, path, source_of.identity)
    if archive.notice is not None:
        print(f"archive: {archive.notice.text}", file=err)
    shown = [0.0]

    def report(p) -> None:
        now = time.monotonic()
        if now - shown[0] >= PROGRESS_EVERY_S and not p.finished:
            shown[0] = now
            print(f"backfill: {p.done} of {p.total} code-days ({p.saved} saved)", file=err)

    try:
        return await Backfill(source_of.past_days, archive, codes, days, report).run()
    finally:
        await asyncio.to_thread(archive.close)
