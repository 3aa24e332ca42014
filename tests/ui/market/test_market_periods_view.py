"""The Market view over periods from the window's flow history (market.archive_periods
over a real archive written through the real ArchiveWriter): any field over 3 to 20
days, picked with the real combo boxes, sums checked by hand; a short archive said in
the value's header (en, zh_CN, zh_HK); the days read once, in a worker thread, for
every period and field; codes without a past day left out, as /v1/rank leaves them."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt

from flowdeck.core.currency import Rate, Rates
from flowdeck.core.ranking import RankRequest
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.feeds.sim.feed import SimFeed
from flowdeck.live.day_history import DayHistory
from flowdeck.live.store import LiveStore
from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.market.market_controls import SECTORS_TAB
from flowdeck.ui.market.market_dock import MarketDock
from flowdeck.ui.market.sector_model import VALUE as SECTOR_VALUE
from flowdeck.ui.market.stock_model import OTHER, VALUE
from tests.support.clock import VirtualClock
from tests.support.multiday_tables import live_batch
from tests.support.scripted_days import write_days
from tests.support.waiting import wait_until
from tests.support.window_settings import back_to_english

TODAY = dt.date(2026, 3, 20)  # a Friday
PAST = [TODAY - dt.timedelta(days=d) for d in (4, 3, 2, 1)]  # Monday to Thursday
SMALL = 3  # the small tier
IDENTITY = "sim://test"


class NotedReads:
    """The archive as the view reads it, noting each read's thread and days."""

    def __init__(self, history: DayHistory) -> None:
        self.history = history
        self.calendars = history.calendars
        self.reads: list[tuple[str, int | None]] = []

    def matrix(self, codes, last_n_days=None):
        self.reads.append((threading.current_thread().name, last_n_days))
        return self.history.matrix(codes, last_n_days)


@pytest.fixture
def followed(qloop, tmp_path):
    """Followed HK.00001 (small net +10M a day for 4 days, 5M today), HK.00002 (-2M a
    day, +1M today), HK.00003 (today only); 100M turnover a past day, 50M today."""
    path = tmp_path / "window.sqlite"
    write_days(path, IDENTITY, {"HK.00001": (PAST, 10e6, 100e6),
                                "HK.00002": (PAST, -2e6, 100e6)}, tier=SMALL)
    store = LiveStore()
    store.set_codes(["HK.00001", "HK.00002", "HK.00003"])
    store.apply(live_batch({"HK.00001": (5e6, 50e6), "HK.00002": (1e6, 50e6),
                            "HK.00003": (9e6, 50e6)}, TODAY, tier=SMALL), 1.0)
    history = DayHistory.open(store, path, IDENTITY)
    yield store, history
    history.close()
    back_to_english()


def pick(combo, data: str) -> None:
    combo.setCurrentIndex(combo.findData(data))


def shown(model, column: int) -> list:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def header(model, column: int) -> str:
    return model.headerData(column, Qt.Orientation.Horizontal)


def test_small_net_over_5_and_10_days_from_the_archive(qloop, followed):
    store, history = followed
    reads = NotedReads(history)
    dock = MarketDock(store, clock=VirtualClock())
    dock.show()
    dock.set_history(reads)
    pick(dock.controls.field, "small_net_inflow")
    pick(dock.controls.period, "5d")
    assert dock.controls.request() == RankRequest("HK", "5d", "small_net_inflow")
    stocks = dock.stocks
    assert stocks.keys == [] and dock.scope_label.text() == (
        "Reading 5 days from the flow history…")
    qloop.run_until_complete(wait_until(lambda: stocks.keys, what="the days read"))
    # 4 x 10M + 5M; 4 x -2M + 1M; HK.00003 has no past day: not ranked.
    assert stocks.keys == ["HK.00001", "HK.00002"]
    assert shown(stocks, VALUE) == ["45.00M", "-7.00M"]
    # Ratios over the window's turnover: 45M / (4 x 100M + 50M), -7M / 450M.
    assert shown(stocks, OTHER) == ["10.00%", "-1.56%"]
    assert header(stocks, VALUE) == "Small net 5d"
    # 10 days: the same days read; the archive covers 5 of them.
    pick(dock.controls.period, "10d")
    assert shown(stocks, VALUE) == ["45.00M 5/10", "-7.00M 5/10"]
    assert header(stocks, VALUE) == "Small net 10d (5 of 10 days)"
    pick(dock.controls.field, "small_net_inflow_ratio")
    assert shown(stocks, VALUE) == ["10.00% 5/10", "-1.56% 5/10"]
    for lang, text in (("zh_CN", "小单占比 10d（5/10 天）"),
                       ("zh_HK", "小單佔比 10d（5/10 天）")):
        apply_language(lang)
        dock.set_display(lang, "auto", "green-up")
        assert header(stocks, VALUE) == text
    [(thread, days)] = reads.reads  # one read for every period and field,
    assert thread != threading.main_thread().name and days == 40  # off the GUI thread


def test_without_an_archive_or_a_past_day_it_says_why(qloop, followed, tmp_path):
    store, history = followed
    dock = MarketDock(store, clock=VirtualClock())
    dock.show()
    pick(dock.controls.period, "3d")
    assert dock.stocks.keys == [] and dock.scope_label.text() == (
        "3 days rankings need the flow history: no archive is open")
    empty = DayHistory.open(LiveStore(), tmp_path / "empty.sqlite", IDENTITY)
    try:
        dock.set_history(empty)
        qloop.run_until_complete(wait_until(lambda: dock.periods.builds == 1))
        assert dock.stocks.keys == [] and dock.scope_label.text().startswith(
            "3 days rankings need past days: no code ranked here has a day before today")
    finally:
        empty.close()
    dock.set_history(history)  # the followed codes' days: ranked
    qloop.run_until_complete(wait_until(lambda: dock.stocks.keys))
    # By main net (nothing but small trades: 0 each): the two codes with past days.
    assert dock.stocks.keys == ["HK.00001", "HK.00002"]


class FailingReads(NotedReads):
    """The archive failing its reads until `healed` (a disk error, as SQLite says it)."""

    healed = False

    def matrix(self, codes, last_n_days=None):
        if not self.healed:
            raise sqlite3.OperationalError("disk I/O error")
        return super().matrix(codes, last_n_days)


def test_a_failed_read_is_said_and_read_again_at_the_next_update(qloop, followed):
    store, history = followed
    reads = FailingReads(history)
    dock = MarketDock(store, clock=VirtualClock())
    dock.show()
    dock.set_history(reads)
    pick(dock.controls.period, "5d")
    failed = "5 days rankings: the flow history cannot be read (disk I/O error); read again"
    qloop.run_until_complete(wait_until(lambda: dock.scope_label.text().startswith(failed),
                                        what="the failure said, not 'Reading…'"))
    assert dock.stocks.keys == []
    pick(dock.controls.field, "small_net_inflow")  # not read again for another field
    assert dock.scope_label.text().startswith(failed)
    reads.healed = True
    dock.archive_refreshed()  # the archive's next update: read again
    qloop.run_until_complete(wait_until(lambda: dock.stocks.keys, what="the days read"))
    assert dock.stocks.keys == ["HK.00001", "HK.00002"]


WED_11_HK = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)


def test_a_whole_market_over_a_period_ranks_the_codes_with_past_days(qloop, tmp_path):
    feed = SimFeed(seed=5, now=WED_11_HK, monotonic=lambda: 600.0)
    hk = qloop.run_until_complete(feed.market_table("HK"))
    a, b, c = hk.codes[3], hk.codes[7], hk.codes[11]
    past = [dt.date(2026, 11, 30), dt.date(2026, 12, 1)]  # Monday, Tuesday
    path = tmp_path / "window.sqlite"
    write_days(path, IDENTITY, {a: (past, 1e9, 4e9), b: (past, -1e9, 4e9),
                                c: (past, 5e6, 1e8)})
    store = LiveStore()
    store.set_universe(feed.universe())
    history = DayHistory.open(store, path, IDENTITY)
    try:
        dock = MarketDock(store, clock=VirtualClock())
        dock.show()
        dock.set_history(history)
        dock.take_table("HK", hk)
        pick(dock.controls.period, "3d")
        qloop.run_until_complete(wait_until(lambda: dock.stocks.keys))
        ranking = dock.stocks.ranking
        assert ranking.codes == [a, c, b]
        today = {code: float(hk.values[hk.codes.index(code), 0]) for code in (a, b, c)}
        assert ranking.value.tolist() == [2e9 + today[a], 1e7 + today[c], -2e9 + today[b]]
        assert dock.scope_label.text() == (
            f"Over 3 days: the 3 of {len(hk.codes)} Hong Kong codes with past days in the "
            "flow history (codes you followed)")
        assert header(dock.stocks, VALUE) == "Main net 3d"
        pick(dock.controls.period, "5d")  # Monday to Wednesday of 5 days
        assert dock.stocks.keys == [a, c, b]
        assert header(dock.stocks, VALUE) == "Main net 5d (3 of 5 days)"
        # Over every market (a table of one here), worded as every market's codes.
        dock.set_rates(Rates("HKD", (Rate("USD", 7.8, "2026-12-01"),)))
        pick(dock.controls.market, "ALL")
        dock.take_table("ALL", hk)
        assert dock.stocks.keys == [a, c, b]
        assert dock.scope_label.text() == (
            f"Over 5 days: the 3 of {len(hk.codes)} codes of all markets with past days "
            "in the flow history (codes you followed)")
        assert dock.periods.builds == 1  # the same codes: the days read once
    finally:
        history.close()


def test_sectors_over_a_period_sum_their_members_windows(qloop, tmp_path):
    feed = SimFeed(seed=5, now=WED_11_HK, monotonic=lambda: 600.0)
    hk = qloop.run_until_complete(feed.market_table("HK"))
    stocks = feed.universe().stocks()
    sector_of = {c: stocks[c].sector for c in hk.codes}
    a = hk.codes[3]
    a2 = next(c for c in hk.codes if c != a and sector_of[c] == sector_of[a])
    b = next(c for c in hk.codes if sector_of[c] not in ("", sector_of[a]))
    past = [dt.date(2026, 11, 30), dt.date(2026, 12, 1)]
    path = tmp_path / "window.sqlite"
    write_days(path, IDENTITY, {a: (past, 1e9, 4e9), a2: (past, -2e8, 1e9),
                                b: (past, 5e6, 1e8)})
    store = LiveStore()
    store.set_universe(feed.universe())
    history = DayHistory.open(store, path, IDENTITY)
    try:
        dock = MarketDock(store, clock=VirtualClock())
        dock.show()
        dock.set_history(history)
        dock.take_table("HK", hk)
        dock.controls.tabs.setCurrentIndex(SECTORS_TAB)
        assert dock.controls.period.isEnabled()  # a period is the sectors' too
        pick(dock.controls.period, "3d")
        sectors = dock.sectors
        qloop.run_until_complete(wait_until(lambda: sectors.keys))

        def today(code, column=0):
            return float(hk.values[hk.codes.index(code), column])

        def turnover(code):
            return float(hk.turnover[hk.codes.index(code)])

        # Only the members with past days: each one's two days plus today.
        net = {sector_of[a]: 2e9 + today(a) - 4e8 + today(a2),
               sector_of[b]: 1e7 + today(b)}
        window_turnover = {sector_of[a]: 8e9 + turnover(a) + 2e9 + turnover(a2),
                           sector_of[b]: 2e8 + turnover(b)}
        assert sectors.keys == sorted(net, key=net.get, reverse=True)
        flows, shown_at = sectors.flows, sectors.positions
        for row, sector in enumerate(sectors.keys):
            p = int(shown_at[row])
            assert flows.values("main_net_inflow")[p] == pytest.approx(net[sector])
            assert flows.values("main_net_inflow_ratio")[p] == pytest.approx(
                net[sector] / window_turnover[sector])
        assert int(flows.known[shown_at].sum()) == 3
        assert header(sectors, SECTOR_VALUE) == "Main net 3d"
        count = len({s for s in sector_of.values() if s})
        assert dock.scope_label.text() == (
            f"Ranks the sectors of the whole simulated market over 3 days: {count} "
            f"sectors, {len(hk.codes)} Hong Kong codes (3 with past days in the flow "
            "history)")
        # By small net: the same members (their past days are all super-tier trades).
        pick(dock.controls.field, "small_net_inflow")
        small = NUMERIC_KEYS.index("small_net_inflow")
        net = {sector_of[a]: today(a, small) + today(a2, small),
               sector_of[b]: today(b, small)}
        assert sectors.keys == sorted(net, key=net.get, reverse=True)
        flows, shown_at = sectors.flows, sectors.positions
        assert [flows.values("small_net_inflow")[int(p)] for p in shown_at] == [
            pytest.approx(net[sector]) for sector in sectors.keys]
        pick(dock.controls.period, "10d")
        assert header(sectors, SECTOR_VALUE) == "Small net 10d (3 of 10 days)"
        assert dock.periods.builds == 1
    finally:
        history.close()
