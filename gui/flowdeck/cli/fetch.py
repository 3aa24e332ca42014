"""`flowdeck fetch`: one snapshot of capital flow, as the spec's envelope or a table."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import TextIO

from ..core.codes import parse_stock_list
from ..core.envelope import all_failed, success_envelope
from ..core.errors import FlowDeckError, source_failed
from ..core.markets import currency_of
from ..core.records import FIELDS, CapitalFlowRecord
from ..core.redact import redact_source
from ..core.units import format_amount, format_ratio
from ..feeds.base import KeepsFiles, KeepsReports
from ..feeds.origin import EASTMONEY, origin_of
from ..feeds.registry import open_feed
from ..storage import paths
from .text_table import text_table

EASTMONEY_NOTE = {"en": "East Money numbers: their convention sizes both sides of every trade "
                        "(tier nets sum to zero), not FlowDeck's.",
                  "zh": "东方财富口径：每笔成交的买卖双方分别归类（各档净流入之和为零），"
                        "与 FlowDeck 的口径不同。"}


async def fetch_records(codes: list[str], source: str, timeout: float = 30.0
                        ) -> tuple[list[CapitalFlowRecord], dict[str, tuple[int, str]], str]:
    """Records in the order asked, the per-code errors of the source, and whose numbers
    they are (feeds/origin.py: the JSON's data.source)."""
    feed = open_feed(source)
    if isinstance(feed, KeepsFiles):   # futu://'s names, as the window
        feed.keep_files_in(paths.data_dir())
    if isinstance(feed, KeepsReports):  # East Money's answers it could not read
        feed.keep_reports_in(paths.state_dir())
    try:
        batch = await asyncio.wait_for(feed.snapshot(codes), timeout)
    except TimeoutError as exc:
        raise source_failed(f"source {redact_source(source)!r} did not answer within "
                            f"{timeout:g} s") from exc
    finally:
        await feed.aclose()
    origin = origin_of(feed)
    errors = {c: batch.errors[c] for c in codes if c in batch.errors}
    records = [batch.records[c] for c in codes if c in batch.records and c not in errors]
    missing = [c for c in codes if c not in batch.records and c not in errors]
    for c in missing:
        errors[c] = (1016, "the source returned no data for this code")
    if not records:
        raise all_failed(codes, errors)
    return records, errors, origin


def redacted_envelope(exc: FlowDeckError) -> dict:
    """The error's envelope; its message may quote the source URL, never its token."""
    envelope = exc.envelope()
    if isinstance(envelope.get("ret_msg"), str):
        envelope["ret_msg"] = redact_source(envelope["ret_msg"])
    return envelope


def render_table(records: list[CapitalFlowRecord], lang: str = "en",
                 units: str = "kmb") -> str:
    """Fields down, codes across: 14 fields fit a terminal better than 14 columns."""
    header = [FIELDS[0].label(lang)] + [r.code for r in records]
    rows = [header, ["Currency" if lang == "en" else "币种"] +
            [currency_of(r.code) for r in records]]
    for meta in FIELDS[1:]:
        cells = []
        for r in records:
            value = getattr(r, meta.key)
            if meta.kind == "net":
                cells.append(format_amount(value, units))
            elif meta.kind == "ratio":
                cells.append(format_ratio(value))
            else:
                cells.append(str(value))
        rows.append([meta.label(lang), *cells])
    return "\n".join(text_table(rows))


def run_fetch(stock_list: list[str], market: str | None, as_json: bool, source: str,
              lang: str, units: str, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        codes = parse_stock_list(stock_list, market)
        records, errors, origin = asyncio.run(fetch_records(codes, source))
    except FlowDeckError as exc:
        if as_json:
            print(json.dumps(redacted_envelope(exc), ensure_ascii=False), file=out)
        else:
            print(f"error {int(exc.code)} {redact_source(str(exc))}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(success_envelope(records, errors, source=origin), ensure_ascii=False),
              file=out)
    else:
        print(render_table(records, lang, units), file=out)
        if origin == EASTMONEY:   # their convention, never passed off as FlowDeck's
            print(EASTMONEY_NOTE["en" if lang == "en" else "zh"], file=out)
        for code, (number, message) in errors.items():
            print(f"error {number} {code}: {message}", file=sys.stderr)
    return 0
