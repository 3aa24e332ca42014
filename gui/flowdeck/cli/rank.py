"""`flowdeck rank`: a whole market ranked from a terminal, as /v1/rank and /v1/sectors
answer it (core/rank_answer.py).

    flowdeck rank --market HK [--period today] [--field main_net_inflow] [--order desc]
                  [--top 20] [--sectors] [--json] [--source URL]

`--market ALL` ranks every market together, amounts in the base currency at the
settings file's [currency] rates (read, never written); by an amount it needs every
currency's rate (else exit 2, 1001 naming the currencies); ratios need none.

The source must have every code of a market at hand (the simulator, a gateway over
it; futu:// ranks the codes it polls; a replay the file's codes). `--json` prints the
envelope the gateway answers. Exit codes: 0 printed, 1 the source failed, 2 bad input.

`--period 3d|5d|10d|20d`: over a gateway, its own /v1/rank (/v1/sectors) answers it
from its archive; over the other sources the window's archive in the data dir (the
source's days the window and `flowdeck backfill` keep) plus today, as the gateway sums
them (core/market_periods.py). No archive, or no past day of the market in it: exit 1
saying so.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import TextIO

from ..core.errors import RET_OK, ErrorCode, FlowDeckError, source_failed
from ..core.market_periods import MATRIX_DAYS, MarketPeriods, TablePeriods, table_live_days
from ..core.rank_answer import rank_data, sectors_data
from ..core.ranking import RankRequest, parse_rank_request
from ..core.ranking_currency import mixed
from ..core.redact import redact_source
from ..core.stock_info import name_in
from ..core.units import format_amount, format_ratio
from ..feeds.base import RanksByField, RanksMarkets, universe_of
from ..feeds.gateway import GatewayFeed
from ..feeds.history_sources import open_history_source
from ..feeds.registry import open_feed
from ..storage import paths
from ..storage.archive import Archive
from ..storage.settings_rates import settings_rates
from .text_table import text_table

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


async def rank_answer(source: str, params: dict, sectors: bool) -> dict:
    """The envelope /v1/rank (or /v1/sectors) would answer for `params`, from `source`."""
    asked = parse_rank_request(params)
    rates = settings_rates() if mixed(asked.markets) else None
    feed = open_feed(source)
    try:
        if asked.days > 1 and isinstance(feed, GatewayFeed):
            return await _gateway_answer(feed, asked, sectors)
        if not isinstance(feed, RanksMarkets):
            raise source_failed(f"{redact_source(source)} cannot rank a whole market: only "
                                "the simulator has every code of a market at hand")
        if isinstance(feed, RanksByField):  # eastmoney://: its top rows are the field's
            feed.rank_by(asked.field)
        table = await feed.market_table(asked.market)
        names = universe_of(feed)
        periods = await _periods(source, table) if asked.days > 1 else None
        if sectors:
            if names is None:
                raise source_failed("sectors are ranked from a source that knows them")
            data = sectors_data(table, asked, names, rates=rates, periods=periods)
        else:
            data = rank_data(table, asked, names, rates=rates, periods=periods)
    finally:
        await feed.aclose()
    return {"ret_code": RET_OK, "ret_msg": "SUCCESS", "data": data}


async def _gateway_answer(feed: GatewayFeed, asked: RankRequest, sectors: bool) -> dict:
    """The gateway's own answer over a period: its archive, not ours."""
    ret, data = await feed.context.get_rank(asked.market, asked.period, asked.field,
                                            asked.order, asked.top, sectors)
    if ret != RET_OK:
        # The API's message starts with the spec's error name.
        name, _, message = str(data).partition(": ")
        code = ErrorCode.__members__.get(name, ErrorCode.GET_CAPITAL_FLOW_FAILED)
        raise FlowDeckError(code, message if name in ErrorCode.__members__ else str(data))
    return {"ret_code": RET_OK, "ret_msg": "SUCCESS", "data": data}


async def _periods(source: str, table) -> TablePeriods:
    """`table`'s windows from the window's archive of `source`'s days (1016 when
    there is none)."""
    found = await open_history_source(source)
    await found.aclose()
    path = paths.archive_path("window")
    if not path.exists():
        raise source_failed("no flow history is archived here yet: a period needs the "
                            "days the window or `flowdeck backfill CODES --days 20` keep")

    def read() -> TablePeriods:
        with Archive.open(path, found.identity, repair=False) as archive:
            matrix = archive.matrix(table.codes, MATRIX_DAYS)
        return MarketPeriods(matrix, table.codes, table_live_days(table)).of(table)

    try:
        return await asyncio.to_thread(read)
    except OSError as exc:  # the storage layer's errors are OSErrors
        raise source_failed(f"the flow history cannot be read: {exc}") from None


def run_rank(source: str, params: dict, sectors: bool, as_json: bool, lang: str,
             units: str, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up now: sys.stdout may have been replaced
    try:
        envelope = asyncio.run(rank_answer(source, params, sectors))
    except FlowDeckError as exc:
        if as_json:
            print(json.dumps(exc.envelope(), ensure_ascii=False), file=out)
        else:
            print(f"error {int(exc.code)} {redact_source(str(exc))}", file=sys.stderr)
        return EXIT_USAGE if exc.code != ErrorCode.GET_CAPITAL_FLOW_FAILED else EXIT_FAILED
    if as_json:
        print(json.dumps(envelope, ensure_ascii=False), file=out)
        return EXIT_OK
    data = envelope["data"]
    field, ratio = data["field"], data["kind"] == "ratio"
    rows = data["sector_list"] if sectors else data["rank_list"]
    head = ["#", "sector" if sectors else "code", "name",
            field if ratio else f"{field} ({data['currency']})"]
    lines = [head + ([] if sectors else ["last", "change"])]
    for r in rows:
        value = r[field]
        text = "—" if value is None else format_ratio(value) if ratio \
            else format_amount(value, units)
        if not sectors and r["days"] < data["days_asked"]:  # a partial window, as `3/5`
            text += f" {r['days']}/{data['days_asked']}"
        name = name_in(lang, r["name_en"], r["name_zh"], r.get("name_zh_hant", ""))
        cells = [str(r["rank"]), r["sector"] if sectors else r["code"], name or "", text]
        if not sectors:
            last, change = r["last"], r["change_ratio"]
            cells += ["—" if last is None else f"{last:g}",
                      "—" if change is None else format_ratio(change)]
        lines.append(cells)
    what = f"{data['sectors']} sectors" if sectors else f"{data['codes']} codes"
    if data["days_asked"] > 1:
        what += f", {data['days']} of {data['days_asked']} days known"
    print(f"{data['market']} {data['period']} by {field} ({data['order']}), of {what}"
          + _currency_note(data), file=out)
    for line in text_table(lines):
        print(line, file=out)
    return EXIT_OK


def _currency_note(data: dict) -> str:
    """Over several currencies: the rates the amounts were converted at, and the
    currencies without one (their codes' amounts unknown)."""
    if not data["rates"] and not data["missing_rates"]:
        return ""
    used = ", ".join(f"{r['currency']} {r['rate']:g} of {r['date']}" for r in data["rates"])
    note = f"; amounts in {data['currency']}" + (f" at {used}" if used else "")
    if data["missing_rates"]:
        note += "; no rate for " + ", ".join(
            f"{c} ({n} codes)" for c, n in data["missing_rates"].items())
    return note
