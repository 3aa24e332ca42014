"""gateway:// as a history source: a downstream FlowDeck backfills from an upstream
gateway's archive (a real in-process gateway over a real archive file) and writes the
upstream's days, exactly, under the upstream's identity; the trading days are the
upstream's per market; a second run skips them; the URL's token is used, never shown."""

from __future__ import annotations

import datetime as dt

import pytest

from flowdeck.core.errors import FlowDeckError
from flowdeck.feeds.history_sources import history_source, open_history_source
from flowdeck.live.backfill import Backfill
from flowdeck.server.archive_keeper import GatewayArchive
from flowdeck.storage.archive import Archive
from tests.support.day_flows import day_flows
from tests.support.feeds import ScriptedFeed
from tests.support.server_fakes import SERVED_TOKEN, run, served

UPSTREAM = "sim:seed=3"
HK_DAYS = [dt.date(2026, 11, d) for d in (16, 17, 18, 19, 20)]
US_DAYS = [dt.date(2026, 11, d) for d in (16, 17, 19, 20)]   # the 18th: not archived


def fill_upstream(path) -> dict[tuple[str, dt.date], object]:
    flows = [f for d in HK_DAYS for f in day_flows(["HK.00700"], d, seed=1)]
    flows += [f for d in US_DAYS for f in day_flows(["US.AAPL"], d, seed=2)]
    with Archive.open(path, UPSTREAM) as archive:
        archive.save(flows)
    return {(f.code, f.day): f for f in flows}


def test_a_downstream_backfill_writes_the_upstreams_days_under_its_identity(tmp_path):
    upstream = fill_upstream(tmp_path / "up.sqlite")
    down = tmp_path / "down.sqlite"

    async def main():
        keeper = GatewayArchive(tmp_path / "up.sqlite", UPSTREAM, poll_s=0.01)
        async with served(ScriptedFeed([]), archive=keeper) as client:
            await keeper.wait_ready()
            url = f"gateway://127.0.0.1:{client.server.port}?token={SERVED_TOKEN}"
            source = await open_history_source(url)
            try:
                assert source.identity == f"gateway:{UPSTREAM}"
                with Archive.open(down, source.identity) as archive:
                    first = await Backfill(source.past_days, archive,
                                           ["HK.00700", "US.AAPL"], days=3).run()
                    again = await Backfill(source.past_days, archive,
                                           ["HK.00700", "US.AAPL"], days=3).run()
            finally:
                await source.aclose()
            return first, again

    first, again = run(main())
    assert (first.done, first.total, first.saved, first.skipped) == (6, 6, 6, 0)
    assert (again.total, again.saved, again.skipped) == (6, 0, 6)
    with Archive.open(down, f"gateway:{UPSTREAM}") as archive:
        hk, us = archive.days("HK.00700"), archive.days("US.AAPL")
    with Archive.open(down, UPSTREAM) as archive:
        assert archive.days("HK.00700") == []           # the upstream's own key: untouched
    assert [f.day for f in hk] == HK_DAYS[-3:]
    assert [f.day for f in us] == US_DAYS[-3:]           # the market's own days
    for got in hk + us:
        want = upstream[(got.code, got.day)]
        assert (got.net, got.turnover, got.inflow, got.outflow, got.close,
                got.update_time, got.complete) == (
            want.net, want.turnover, want.inflow, want.outflow, want.close,
            want.update_time, True)


def test_the_token_is_used_and_never_shown(tmp_path):
    async def main():
        keeper = GatewayArchive(tmp_path / "up.sqlite", UPSTREAM, poll_s=0.01)
        async with served(ScriptedFeed([]), archive=keeper) as client:
            await keeper.wait_ready()
            url = f"gateway://127.0.0.1:{client.server.port}?token=wrong-sekrit"
            with pytest.raises(FlowDeckError) as refused:
                await open_history_source(url)
            return refused.value

    refused = run(main())
    assert "wrong-sekrit" not in str(refused) and "token" in str(refused)
    with pytest.raises(FlowDeckError) as sync_asked:
        history_source("gateway://127.0.0.1:1?token=sekrit")
    assert "sekrit" not in str(sync_asked.value)
    assert "open_history_source" in str(sync_asked.value)
