"""GET /v1/rank and GET /v1/sectors: a whole market ranked, from the source's market
table (feeds.base.RanksMarkets: the simulator's universe), answered by core.rank_answer.

`/v1/rank?market=HK&field=main_net_inflow&period=today&order=desc&top=50` -> the
envelope with `data.rank_list` (best first: rank, code, names, the field, the series'
net and ratio, days known, last, prev_close, change_ratio, turnover, update_time).
`/v1/sectors?market=SH&field=main_net_inflow&order=desc&top=20` -> `data.sector_list`
(today). A bad market, field, period, order or `top` outside 1..500: 1001 naming the
parameter; a source that cannot rank a whole market (replay, a gateway whose
upstream has none) or a period beyond today: 1016 saying so. GET /v1/market
(market_api.py) hands the whole table to a client that ranks it itself.

`market=ALL` ranks every market together, amounts in the base currency at the settings
file's [currency] rates (read at each such request, never written: the window owns
the file; its rates as the user last saved them). An amount field over ALL without a
rate for every currency is 1001 naming `market` and the currencies: a client reading
`rank_list` would otherwise take a ranking of some markets for one of all. Ratios need
no rate.
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from ..core.currency import Rates
from ..core.errors import RET_OK, source_failed
from ..core.rank_answer import rank_data, sectors_data
from ..core.ranking import Ranker, RankRequest, parse_rank_request
from ..core.ranking_currency import mixed
from ..core.sectors import SectorIndex
from ..feeds.base import RanksMarkets, universe_of
from ..storage.settings_rates import settings_rates
from .appkeys import HUB
from .responses import envelope_response

RANKER = web.AppKey("ranker", Ranker)
SECTOR_INDEX = web.AppKey("sector_index", dict)
RATES = web.AppKey("rates", Callable)  # () -> Rates: the settings file's, read each time


async def _table(request: web.Request, sectors: bool) -> tuple[object, RankRequest]:
    asked = parse_rank_request(dict(request.query))
    feed = request.app[HUB].feed
    if not isinstance(feed, RanksMarkets):
        raise source_failed("this source cannot rank a whole market: only the simulator "
                            "has every code of a market at hand", "rank.no_market")
    if sectors and asked.period != "today":
        raise source_failed("sectors are ranked over today only", "rank.sector_period")
    return await feed.market_table(asked.market), asked


async def rank(request: web.Request) -> web.Response:
    table, asked = await _table(request, sectors=False)
    data = rank_data(table, asked, universe_of(request.app[HUB].feed), request.app[RANKER],
                     _rates(request, asked))
    return envelope_response({"ret_code": RET_OK, "ret_msg": "SUCCESS", "data": data})


async def sectors(request: web.Request) -> web.Response:
    table, asked = await _table(request, sectors=True)
    names = universe_of(request.app[HUB].feed)
    if names is None:
        raise source_failed("this source knows no sectors", "rank.no_sectors")
    cache = request.app[SECTOR_INDEX]
    index = cache.get(asked.market)
    if index is None or index.codes is not table.codes:  # a market's codes stay one list
        index = cache[asked.market] = SectorIndex.build(table.codes, names.stocks())
    data = sectors_data(table, asked, names, index, _rates(request, asked))
    return envelope_response({"ret_code": RET_OK, "ret_msg": "SUCCESS", "data": data})


def _rates(request: web.Request, asked: RankRequest) -> Rates | None:
    return request.app[RATES]() if mixed(asked.markets) else None


def add_rank_routes(app: web.Application,
                    rates: Callable[[], Rates] = settings_rates) -> None:
    app[RATES] = rates
    app[RANKER] = Ranker()
    app[SECTOR_INDEX] = {}
    app.router.add_route("GET", "/v1/rank", rank)
    app.router.add_route("GET", "/v1/sectors", sectors)
