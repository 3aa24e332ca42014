"""The detail dock's own tape: the shown stock's big trades in its Trades tab, newest
first, and marked on its chart, one mark per minute and side at that minute's average
price of them, in the convention's colours, larger for more value; another code shows
its own; a past day shows no marks."""

from __future__ import annotations

import datetime as dt

import pytest

from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import NEUTRAL, SELL, concat_trades
from flowdeck.live.store import LiveStore
from flowdeck.ui.detail.detail_dock import DetailDock
from flowdeck.ui.look.theme_colors import LIGHT
from flowdeck.ui.tape.detail_tape import DetailTape
from flowdeck.ui.tape.tape_text import CODE, NAME
from tests.support.tape_trades import TEN_AM, prints

HK, US = "HK.00700", "US.AAPL"


@pytest.fixture
def shown(qtbot):
    store = LiveStore()
    store.set_codes([HK, US])
    dock = DetailDock(store.history)
    qtbot.addWidget(dock)
    tape = DetailTape(dock, store)
    tape.set_display("en", "kmb", "red-up")
    tape.set_theme(LIGHT)
    dock.show_code(HK)
    return store, dock, tape


def marks(tape: DetailTape) -> list[tuple[float, float, str, str]]:
    data = tape.marks.scatter.data
    return [(float(d["x"]), round(float(d["y"]), 4), d["symbol"], d["brush"].color().name())
            for d in data]


def test_the_shown_stocks_trades_listed_and_marked_per_minute_and_side(shown):
    store, dock, tape = shown
    store.apply(Batch(trades=concat_trades([
        prints(HK, [1, 2], price=480.0, quantity=[1_000.0, 3_000.0]),       # 10:00, buys
        prints(HK, [3], side=SELL, price=479.0),                            # 10:00, a sell
        prints(HK, [70], price=482.0, start=TEN_AM + 60 - 70),              # 10:01, a buy
        prints(HK, [80], side=NEUTRAL, price=481.0, start=TEN_AM + 65 - 80),
        prints(US, [1])])), 1.0)
    assert dock.tabs.tabText(tape.tab) == "Trades"
    assert tape.view.isColumnHidden(CODE) and tape.view.isColumnHidden(NAME)
    assert tape.model.rows.shown.seq.tolist() == [80, 70, 3, 2, 1]
    # HK's 10:00 is the session's minute 30; red up: buys red, sells green.
    assert sorted(marks(tape)) == [(30.0, 479.0, "t", LIGHT.green),
                                   (30.0, 480.0, "t1", LIGHT.red),
                                   (31.0, 481.0, "o", LIGHT.dim),
                                   (31.0, 482.0, "t1", LIGHT.red)]
    sizes = {(float(d["x"]), d["symbol"]): float(d["size"]) for d in tape.marks.scatter.data}
    assert sizes[(30.0, "t")] > sizes[(30.0, "t1")]  # the sell 9.58M, the buys 1.92M
    tape.set_display("en", "kmb", "green-up")
    assert (30.0, 480.0, "t1", LIGHT.green) in marks(tape)


def test_another_code_shows_its_own_and_a_past_day_none(shown):
    store, dock, tape = shown
    store.apply(Batch(trades=concat_trades([prints(HK, [1, 2]), prints(US, [1])])), 1.0)
    dock.show_code(US)
    assert tape.model.rows.shown.codes == [US] and tape.marks.count == 1
    store.apply(Batch(trades=prints(US, [2], start=TEN_AM + 120)), 2.0)
    assert tape.model.rows.shown.seq.tolist() == [2, 1] and tape.marks.count == 2
    dock.show_day(dt.date(2025, 3, 13))  # the archive's day: the tape is today's
    assert tape.marks.count == 0 and tape.model.rowCount() == 2
    dock.show_home()
    assert tape.marks.count == 2
    dock.show_code(None)
    assert tape.marks.count == 0 and tape.model.rowCount() == 0
