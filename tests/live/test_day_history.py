"""A front end's link to the archive: the archived days and the live day together in
the multi-day windows, for the table and for alert rules, and the live day saved at
close; reads of one code as the Days view makes them."""

from __future__ import annotations

import datetime as dt

import numpy as np

from flowdeck.core.alert_rules import parse_expression
from flowdeck.core.batch import Batch, MarketStatus
from flowdeck.core.codes import Market
from flowdeck.core.day_flow import DayFlow
from flowdeck.core.markets import MarketState
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.live.alerts import AlertPipeline
from flowdeck.live.day_history import DayHistory
from flowdeck.live.store import LiveStore
from flowdeck.storage.archive.archive import Archive

IDENTITY = "sim:seed=7"
TODAY = dt.date(2026, 12, 4)  # a Friday
PAST = [dt.date(2026, 11, 30), dt.date(2026, 12, 1), dt.date(2026, 12, 2),
        dt.date(2026, 12, 3)]


def archived(path) -> None:
    with Archive.open(path, IDENTITY) as archive:
        archive.save([DayFlow("HK.00700", d, net=(10.0 * (i + 1), 1.0, 0.0, 0.0),
                              turnover=1000.0, complete=True)
                      for i, d in enumerate(PAST)])


def today(main: float) -> Batch:
    t = f"{TODAY.isoformat()} 10:30:00"
    record = CapitalFlowRecord("HK.00700", t, main_net_inflow=main, super_net_inflow=main)
    return Batch(records={"HK.00700": record},
                 markets={"HK": MarketStatus(MarketState.OPEN, t)})


def test_windows_add_the_live_day_to_the_archived_ones_and_rules_fire_on_them(tmp_path):
    path = tmp_path / "archive.sqlite"
    archived(path)
    store = LiveStore()
    store.set_codes(["HK.00700"])
    history = DayHistory.open(store, path, IDENTITY)
    try:
        store.apply(today(5.0), wall=1.0)  # the source's clock: today, 10:30
        provider = history.refresh()
        numbers = provider.numbers(today(5.0).record_columns())
        five = numbers.windows.index(5)
        # 5 + (41 + 31 + 21 + 11): four archived days and today's live value.
        assert numbers.net[0, five] == 5.0 + 41 + 31 + 21 + 11
        assert numbers.days[0, five] == 5 and numbers.streak[0] == 5
        assert numbers.days[0, numbers.windows.index(10)] == 5  # 5 of 10 known: marked
        pipeline = AlertPipeline([parse_expression("main_net_inflow_5d > 120")])
        pipeline.set_multiday(provider)
        assert pipeline.on_batch(today(5.0)) == []  # 109: not yet
        fired = pipeline.on_batch(today(20.0))      # 124: crosses
        assert [a.code for a in fired] == ["HK.00700"]
        assert pipeline.on_batch(today(21.0)) == []  # still true: no second alert
        assert [d.day for d in history.days("HK.00700")] == PAST
    finally:
        assert history.close()
    with Archive.open(path, IDENTITY) as archive:  # the live day was saved at close
        days = archive.days("HK.00700")
    assert [d.day for d in days] == [*PAST, TODAY] and not days[-1].complete
    assert days[-1].net[0] == 5.0


def test_a_new_source_day_rolls_the_windows(tmp_path):
    path = tmp_path / "archive.sqlite"
    archived(path)
    store = LiveStore()
    store.set_codes(["HK.00700"])
    history = DayHistory.open(store, path, IDENTITY)
    rolls = []
    history.on_day_roll = lambda: rolls.append(history.live_day(Market.HK))
    try:
        store.apply(today(5.0), wall=1.0)
        history.refresh()
        store.apply(today(6.0), wall=2.0)
        assert rolls == []
        t = "2026-12-07 09:31:00"  # Monday, after the open
        store.apply(Batch(markets={"HK": MarketStatus(MarketState.OPEN, t)}), wall=3.0)
        assert rolls == [dt.date(2026, 12, 7)]
    finally:
        history.close()


def test_minute_series_older_than_the_days_kept_are_pruned_at_open(tmp_path):
    path = tmp_path / "archive.sqlite"
    with Archive.open(path, IDENTITY) as archive:
        archive.save([DayFlow("HK.00700", d, net=(1.0, 0.0, 0.0, 0.0), turnover=1.0,
                              complete=True, minutes=np.full((330, 4), 1.0)) for d in PAST])
    history = DayHistory.open(LiveStore(), path, IDENTITY, keep_minutes_days=2)
    try:
        assert history.writer.flush(timeout=10)  # the prune ran before this flush
        kept = [d for d in PAST if history.minutes("HK.00700", d) is not None]
        assert kept == PAST[-2:]
        assert [d.day for d in history.days("HK.00700")] == PAST  # daily rows stay
    finally:
        history.close()
