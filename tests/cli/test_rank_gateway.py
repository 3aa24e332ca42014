"""`flowdeck rank --source gateway://...`: a gateway over the simulator ranks its
upstream's whole market and its sectors, as the upstream's own /v1/rank and /v1/sectors
answer (the simulator held still: one instant)."""

from __future__ import annotations

from flowdeck.cli.rank import rank_answer
from flowdeck.feeds.sim.feed import SimFeed
from tests.support.server_fakes import SERVED_TOKEN, run, served


def test_a_gateway_ranks_its_upstreams_market_and_sectors():
    async def main():
        async with served(SimFeed("sim?seed=4", seed=4, monotonic=lambda: 900.0)) as client:
            source = f"gateway://127.0.0.1:{client.server.port}?token={SERVED_TOKEN}"
            for path, sectors, key in (("/v1/rank", False, "rank_list"),
                                       ("/v1/sectors", True, "sector_list")):
                params = {"market": "SZ", "top": "8"}
                ours = await rank_answer(source, dict(params), sectors)
                theirs = await (await client.get(path, params=params)).json()
                assert ours["ret_code"] == 0 and len(ours["data"][key]) == 8
                assert ours["data"][key] == theirs["data"][key]
    run(main())
