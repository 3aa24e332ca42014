"""GET /v1/rank and GET /v1/sectors: a whole market ranked, from the source's market
table (feeds.base.RanksMarkets: the simulator's universe), answered by core.rank_answer.

`/v1/rank?market=HK&field=main_net_inflow&period=today&order=desc&top=50` -> the
envelope with `data.rank_list` (best first: rank, code, names, the field, the series'
net and ratio, days known, last, prev_close, change_ratio, turnover, update_time).
`/v1/sectors?market=SH&field=main_net_inflow&order=desc&top=20` -> `data.sector_list`.
A bad market, field, period, order or `top` outside 1..500: 1001 naming the
parameter; a source that cannot rank a whole market (a gateway whose upstream has
none): 1016 saying so. GET /v1/market (market_api.py) hands the whole table to a
client that ranks it itself.

`period=3d|5d|10d|20d` ranks the window of the gateway's own archive plus today
(rank_periods.py; every field: each series' nets summed, a ratio the summed nets over
the summed turnovers), only the codes with a past day archived (the ones it
followed); `days` of `days_asked` says how many of the period's days the archive
covered. No archive kept (--no-archive), or no past day of the market archived: 1016.

Cost per client is bounded as /v1/market's: one answer per request (market, period,
field, order, top; rank or sectors) is made at most every FRESH_S, in a worker thread,
and shared by the clients asking meanwhile; a period's archived part is shared for
a minute (rank_periods.py).

`market=ALL` ranks every market together, amounts in the base currency at the settings
file's [currency] rates (read at each such request, never written: the window owns
the file; its rates as the user last saved them). An amount field over ALL without a
rate for every currency is 1001 naming `market` and the currencies: a client reading
`rank_list` would otherwise take a ranking of some markets for one of all. Ratios need
no rate.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiohttp import web

from ..core.currency import Rates
from ..core.errors import RET_OK, source_failed
from ..core.rank_answer import rank_data, sectors_data
from ..core.ranking import Ranker, RankRequest, parse_rank_request
from ..core.ranking_currency import mixed
from ..core.sectors import SectorIndex
from ..feeds.base import RanksByField, RanksMarkets, universe_of
from ..storage.settings_rates import settings_rates
from .appkeys import HUB
from .archive_keeper import GatewayArchive
from .fragments import dumps
from .market_api import MarketAnswers
from .rank_periods import RankPeriods
from .responses import json_body_response

# One Ranker a market choice: answers are made in worker threads, and a Ranker keeps
# the tie-break order of the last code list it ranked.
RANKERS = web.AppKey("rankers", dict)
SECTOR_INDEX = web.AppKey("sector_index", dict)
RATES = web.AppKey("rates", Callable)  # () -> Rates: the settings file's, read each time
RANK_ANSWERS = web.AppKey("rank_answers", MarketAnswers)
RANK_PERIODS = web.AppKey("rank_periods", RankPeriods)


async def rank(request: web.Request) -> web.Response:
    return await _answer(request, sectors=False)


async def sectors(request: web.Request) -> web.Response:
    return await _answer(request, sectors=True)


async def _answer(request: web.Request, sectors: bool) -> web.Response:
    asked = parse_rank_request(dict(request.query))
    app = request.app
    feed = app[HUB].feed
    if not isinstance(feed, RanksMarkets):
        raise source_failed("this source cannot rank a whole market: only the simulator "
                            "has every code of a market at hand", "rank.no_market")
    names = universe_of(feed)
    if sectors and names is None:
        raise source_failed("this source knows no sectors", "rank.no_sectors")

    async def make() -> bytes:
        if isinstance(feed, RanksByField):  # eastmoney://: its top rows are the field's
            feed.rank_by(asked.field)
        table = await feed.market_table(asked.market)
        periods = (await app[RANK_PERIODS].of(asked.market, table)
                   if asked.days > 1 else None)
        rates = app[RATES]() if mixed(asked.markets) else None
        index = _sector_index(app, asked, table, names) if sectors else None
        ranker = app[RANKERS].setdefault(asked.market, Ranker())

        def encode() -> bytes:
            if sectors:
                data = sectors_data(table, asked, names, index, rates, periods)
            else:
                data = rank_data(table, asked, names, ranker, rates, periods)
            return dumps({"ret_code": RET_OK, "ret_msg": "SUCCESS", "data": data}).encode()

        # A period's windows over 12,000 codes, or 500 rows encoded: off the loop.
        return await asyncio.to_thread(encode)

    key = ("sectors" if sectors else "rank", asked)
    return json_body_response(await app[RANK_ANSWERS].body(key, make))  # type: ignore[arg-type]


def _sector_index(app: web.Application, asked: RankRequest, table, names) -> SectorIndex:
    cache = app[SECTOR_INDEX]
    index = cache.get(asked.market)
    if index is None or index.codes is not table.codes:  # a market's codes stay one list
        index = cache[asked.market] = SectorIndex.build(table.codes, names.stocks())
    return index


def add_rank_routes(app: web.Application,
                    rates: Callable[[], Rates] = settings_rates,
                    archive: GatewayArchive | None = None) -> None:
    app[RATES] = rates
    app[RANKERS] = {}
    app[SECTOR_INDEX] = {}
    app[RANK_ANSWERS] = MarketAnswers()
    app[RANK_PERIODS] = RankPeriods(archive)
    app.router.add_route("GET", "/v1/rank", rank)
    app.router.add_route("GET", "/v1/sectors", sectors)
