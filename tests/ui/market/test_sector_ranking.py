"""The Market view's sectors: each sector's nets summed over its members and its ratio
over their turnovers, ranked as stocks are; the Sectors tab as a user clicks it, and a
double-click on a sector ranks its members in the Stocks tab until "All stocks"; only
the tab on screen follows live data."""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import Qt

from flowdeck.core.currency import Rate, Rates
from flowdeck.core.ranking import RankRequest
from flowdeck.core.stock_info import Sector, StockInfo
from flowdeck.live.store import LiveStore
from flowdeck.ui.market.market_controls import SECTORS_TAB, STOCKS_TAB
from flowdeck.ui.market.market_dock import MarketDock
from flowdeck.ui.market.sector_model import MEMBERS, OTHER, SECTOR, VALUE, SectorRankModel
from tests.support.clock import VirtualClock
from tests.support.item_views import double_click
from tests.support.multiday_tables import live_batch

DAY = dt.date(2026, 3, 20)
# code -> (sector, main net, turnover)
STOCKS = {"HK.00005": ("HK.bank", 4e6, 1e8), "HK.00011": ("HK.bank", 2e6, 1e8),
          "HK.00700": ("HK.tech", -9e6, 3e8), "HK.09988": ("HK.tech", 1e6, 1e8),
          "HK.00883": ("HK.energy", 5e6, 5e7), "HK.00857": ("HK.energy", None, None)}
SECTORS = [Sector("HK.bank", "HK", "Banks", "银行"), Sector("HK.tech", "HK", "Tech", "科技"),
           Sector("HK.energy", "HK", "Energy", "能源")]


class Universe:
    def stocks(self):
        return {c: StockInfo(c, c, c, s) for c, (s, _n, _t) in STOCKS.items()}

    def sectors(self):
        return {s.id: s for s in SECTORS}


def store_of_sectors() -> LiveStore:
    store = LiveStore()
    store.set_codes(list(STOCKS))
    store.set_universe(Universe())
    store.apply(live_batch({c: (n, t) for c, (_s, n, t) in STOCKS.items() if n is not None},
                           DAY), 1.0)
    return store


def column(model, c: int) -> list:
    return [model.index(r, c).data() for r in range(model.rowCount())]


def test_sectors_sum_their_members_and_rank(qapp, qtmodeltester):
    model = SectorRankModel(store_of_sectors(), clock=VirtualClock())
    qtmodeltester.check(model)
    assert model.keys == ["HK.bank", "HK.energy", "HK.tech"]
    assert column(model, SECTOR) == ["Banks", "Energy", "Tech"]
    assert column(model, VALUE) == ["6.00M", "5.00M", "-8.00M"]
    # 6M over 200M; 5M over the one known member's 50M; -8M over 400M.
    assert column(model, OTHER) == ["3.00%", "10.00%", "-2.00%"]
    assert column(model, MEMBERS) == ["2", "1/2", "2"]
    model.set_request(RankRequest("HK", field="main_net_inflow_ratio", order="asc", top=2))
    assert model.keys == ["HK.tech", "HK.bank"]
    assert np.isfinite(model.flows.turnover).all()


def tips(model, c: int) -> list:
    return [model.index(r, c).data(Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())]


def test_an_amount_cell_tells_its_exact_amount_in_the_sectors_currency(qapp):
    model = SectorRankModel(store_of_sectors(), clock=VirtualClock())
    assert tips(model, VALUE) == ["6,000,000.00 HKD", "5,000,000.00 HKD", "-8,000,000.00 HKD"]
    assert tips(model, OTHER) == ["3.0000%", "10.0000%", "-2.0000%"]
    assert tips(model, SECTOR) == [None] * 3  # only the numbers have one


def test_over_every_market_an_amount_cell_tells_it_in_its_own_currency_too(qapp):
    # Two US stocks of one sector beside the HK ones, the amounts ranked in HKD.
    us = {"US.AAPL": ("US.tech", 2e6, 4e7), "US.MSFT": ("US.tech", 1e6, 6e7)}

    class Both(Universe):
        def stocks(self):
            return {**super().stocks(),
                    **{c: StockInfo(c, c, c, s) for c, (s, _n, _t) in us.items()}}

        def sectors(self):
            return {**super().sectors(), "US.tech": Sector("US.tech", "US", "Tech", "科技")}

    store = LiveStore()
    store.set_codes([*STOCKS, *us])
    store.set_universe(Both())
    store.apply(live_batch({c: (n, t) for c, (_s, n, t) in {**STOCKS, **us}.items()
                            if n is not None}, DAY), 1.0)
    model = SectorRankModel(store, clock=VirtualClock())
    model.set_rates(Rates("HKD", (Rate("USD", 7.8, "2026-03-19"),)))
    model.set_request(RankRequest("ALL"))
    # US tech: 3M USD = 2M x 7.8 + 1M x 7.8 HKD, first; the HK ones as they were.
    assert model.keys == ["US.tech", "HK.bank", "HK.energy", "HK.tech"]
    assert tips(model, VALUE) == ["23,400,000.00 HKD (3,000,000.00 USD)",
                                  "6,000,000.00 HKD (6,000,000.00 HKD)",
                                  "5,000,000.00 HKD (5,000,000.00 HKD)",
                                  "-8,000,000.00 HKD (-8,000,000.00 HKD)"]
    assert tips(model, OTHER)[0] == "3.0000%"  # 3M over 100M USD: a ratio has no currency
    model.set_request(RankRequest("ALL", field="main_net_inflow_ratio"))
    assert tips(model, OTHER)[model.keys.index("US.tech")] == (
        "23,400,000.00 HKD (3,000,000.00 USD)")


def test_a_sector_opens_its_members(qtbot):
    dock = MarketDock(store_of_sectors(), clock=VirtualClock())
    qtbot.addWidget(dock)
    dock.resize(700, 400)
    dock.show()
    qtbot.waitExposed(dock)
    dock.controls.tabs.setCurrentIndex(SECTORS_TAB)
    assert dock.pages.currentWidget() is dock.sector_view
    view = dock.sector_view
    double_click(qtbot, view, dock.sectors.index(dock.sectors.row_of_key("HK.tech"), SECTOR))
    assert dock.controls.tabs.currentIndex() == STOCKS_TAB
    assert dock.stocks.keys == ["HK.09988", "HK.00700"]
    assert dock.sector_label.isVisible() and "Tech" in dock.sector_label.text()
    qtbot.mouseClick(dock.all_button, Qt.MouseButton.LeftButton)
    assert dock.stocks.keys[0] == "HK.00883" and len(dock.stocks.keys) == 5
    assert not dock.sector_label.isVisible()


def test_only_the_rows_on_screen_follow_live_data(qtbot):
    clock = VirtualClock()
    store = store_of_sectors()
    dock = MarketDock(store, clock=clock)
    qtbot.addWidget(dock)
    clock.now += 1.0
    store.apply(live_batch({"HK.00700": (9e7, 3e8)}, DAY), clock())  # while hidden
    assert dock.stocks.keys[0] == "HK.00883" and dock.stocks.due and dock.sectors.due
    dock.show()
    qtbot.waitExposed(dock)
    assert dock.stocks.keys[0] == "HK.00700" and not dock.stocks.due
    assert dock.sectors.due and dock.sectors.keys[0] == "HK.bank"
    dock.controls.tabs.setCurrentIndex(SECTORS_TAB)
    assert dock.sectors.keys[0] == "HK.tech" and not dock.sectors.due
