"""The Market view on `gateway://` (issue 20: "the gateway's universe"): the window on a
real in-process gateway over the simulator (its clock held still: one instant) ranks
the upstream's whole market, as the upstream's own /v1/rank ranks it, names every row
and ranks the market's sectors; the rows draw no sparkline but the followed codes',
and a code outside the watchlist opens in the detail dock with the table's numbers and
no curve (the gateway sends no series)."""

from __future__ import annotations

import asyncio

from PySide6.QtGui import QAction

from flowdeck.core.units import format_amount
from flowdeck.feeds.sim.feed import SimFeed
from flowdeck.ui.market.market_controls import SECTORS_TAB
from flowdeck.ui.market.stock_model import CODE
from flowdeck.ui.shell.open_window import open_window
from tests.support.item_views import double_click
from tests.support.server_fakes import SERVED_TOKEN, served
from tests.support.waiting import wait_until


def test_the_market_view_ranks_the_gateways_whole_market(qloop, qtbot, flowdeck_home):
    seen: dict[str, object] = {}

    async def go() -> None:
        window = None
        upstream = SimFeed("sim?seed=7", seed=7, monotonic=lambda: 800.0)
        async with served(upstream) as client:
            url = f"gateway://127.0.0.1:{client.server.port}?token={SERVED_TOKEN}"
            window = open_window(None, url)
            window.show()
            window.start()
            try:
                await wait_until(lambda: window.store.codes, 20)
                dock = window.market.dock
                window.findChild(QAction, "marketAction").trigger()
                await wait_until(lambda: dock.source.rows.whole
                                 and dock.stocks.rowCount() == 20, 20)
                seen["ranked"] = list(dock.stocks.keys)
                seen["scope"] = dock.scope_label.text()
                rows = dock.source.rows
                seen["names"] = {c: rows.name(rows.index[c], "en") for c in dock.stocks.keys}
                history = rows.history
                seen["drawn"] = {c for c in rows.codes if c in history}
                seen["followed"] = set(window.store.codes)
                # A code outside the watchlist: the table's numbers, no series to draw.
                outside = next(c for c in dock.stocks.keys if c not in seen["followed"])
                double_click(qtbot, dock.stock_view,
                             dock.stocks.index(dock.stocks.row_of_key(outside), CODE))
                detail = window.detail_dock
                seen["outside"] = (outside, detail.outside.code, detail.outside.isVisible(),
                                   detail.outside.label.text(),
                                   float(rows.table.values[rows.index[outside], 0]))
                y = detail.curves[0].getData()[1]
                seen["outside curve"] = 0 if y is None else len(y)
                answer = await (await client.get("/v1/rank", params={
                    "market": "HK", "top": "20"})).json()
                served_rows = answer["data"]["rank_list"]
                seen["served"] = [r["code"] for r in served_rows]
                seen["served names"] = {r["code"]: r["name_en"] for r in served_rows}
                seen["served values"] = {r["code"]: r["main_net_inflow"] for r in served_rows}
                seen["values"] = {c: float(rows.table.values[rows.index[c], 0])
                                  for c in dock.stocks.keys}
                dock.controls.tabs.setCurrentIndex(SECTORS_TAB)
                await wait_until(lambda: dock.sectors.rowCount() > 0, 20)
                seen["sectors"] = [dock.sectors.sectors.name(s, "en")
                                   for s in dock.sectors.keys]
                seen["sector ids"] = set(upstream.universe().sectors())
            finally:
                await window.shutdown()
        window.quit()  # stops the loop: after the gateway is closed

    qloop.run_until_complete(asyncio.wait_for(go(), 60))
    # The upstream's numbers and order; a followed code (the window's watchlist) may
    # have moved on between the two answers, being live.
    ours = [c for c in seen["ranked"] if c not in seen["followed"]]
    theirs = [c for c in seen["served"] if c not in seen["followed"]]
    n = min(len(ours), len(theirs))
    assert n >= 14 and ours[:n] == theirs[:n]
    assert all(seen["values"][c] == seen["served values"][c] for c in ours[:n])
    assert all(seen["names"][c] == seen["served names"][c] != c for c in ours[:n])
    assert seen["scope"].startswith("Ranks the gateway's whole market: 2600 Hong Kong "
                                    "codes (")
    # No series come with a gateway's table: only the followed codes' are drawn.
    assert seen["drawn"] and seen["drawn"] <= seen["followed"]
    code, shown, visible, text, value = seen["outside"]
    assert shown == code and visible and text.startswith("Not in your watchlist")
    assert f"Main {format_amount(value)}" in text and seen["outside curve"] == 0
    assert len(seen["sectors"]) >= 10 and all(
        name and not name.startswith("HK.") for name in seen["sectors"])
