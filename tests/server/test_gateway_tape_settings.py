"""The gateway keeps and picks big trades by the user's [tape] settings (the window's
settings file, read only): its tape's caps (per code) and its source's minimum values,
so /v1/trades answers as the window's tape shows; a bad value is its default."""

from __future__ import annotations

from flowdeck.core.big_trade_thresholds import DEFAULT_MIN_VALUES
from flowdeck.core.codes import Market
from flowdeck.feeds.sim.feed import SimFeed
from flowdeck.server.tape_settings import use_tape_settings
from flowdeck.storage import paths
from tests.support.server_fakes import hub_of, run, served


def write_settings(text: str) -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_tape_keeps_the_settings_caps_and_the_source_their_minimums(flowdeck_home):
    # Every trade of HK.00700 is a big one (the default is the large tier's 1M HKD).
    write_settings('[tape]\nper_code = 20\ntotal = "lots"\n'
                   '[tape.min_value]\n"HK.00700" = 1\n')

    async def main():
        feed = SimFeed("sim?speed=20", speed=20.0)
        async with served(feed) as client:
            hub = hub_of(client)
            use_tape_settings(hub.state, feed)
            assert (hub.state.tape.per_code, hub.state.tape.total) == (20, 50_000)
            body = await (await client.get("/v1/trades", params={
                "code": "HK.00700", "limit": "100"})).json()
            trades = body["data"]["trade_list"]
            # The simulator's day so far: hundreds of prints, the newest 20 kept (the
            # source's snapshot carries its tape's per_code at most, too).
            assert len(trades) == 20
            assert min(t["value"] for t in trades) < DEFAULT_MIN_VALUES[Market.HK]
    run(main())
