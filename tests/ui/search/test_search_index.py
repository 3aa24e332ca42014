"""The window's stock search: built off the GUI thread, names first then pinyin, a newer
universe winning over a build under way, codes without any universe."""

from __future__ import annotations

from flowdeck.core.stock_info import StockInfo
from flowdeck.core.stock_search import MatchRank
from flowdeck.ui.search.search_index import StockSearch
from tests.support.universes import StaticUniverse


def test_names_then_pinyin_arrive_without_blocking(qtbot):
    search = StockSearch()
    seen = []
    search.index_changed.connect(lambda: seen.append(search.index.has_aliases))
    search.set_universe(StaticUniverse())
    # Nothing built yet in this thread's turn: codes work, names come later.
    assert [h.rank for h in search.search("700")] == [MatchRank.TYPED]
    qtbot.waitUntil(lambda: seen == [False, True], timeout=10_000)
    assert search.best_code("gzmt") == "SH.600519"
    assert search.best_code("長和") == "HK.00001" and search.best_code("ch") == "HK.00001"


def test_a_newer_universe_wins_and_none_leaves_codes_only(qtbot):
    search = StockSearch()
    search.set_universe(StaticUniverse())
    search.set_universe(StaticUniverse([StockInfo("SZ.002594", "BYD", "比亚迪")]))
    assert search.wait_built(10)
    qtbot.waitUntil(lambda: search.index.has_aliases, timeout=10_000)
    assert [s.code for s in search.index.stocks()] == ["SZ.002594"]
    assert search.best_code("byd") == "SZ.002594"
    search.set_universe(None)
    assert len(search.index) == 0 and search.best_code("sz002594") == "SZ.002594"
    assert search.best_code("byd") == "US.BYD"


def test_a_search_that_goes_stops_its_pinyin_build(qtbot):
    """A window closed 3 s after it opened must not leave a second of pinyin work
    competing with whatever runs next: the build stops when its search is deleted."""
    import threading
    import time

    from PySide6.QtCore import QCoreApplication, QEvent

    from flowdeck.feeds.sim.universe import SimUniverse

    universe = SimUniverse(seed=3)
    universe.stocks()  # built before the clock starts
    search = StockSearch()
    search.set_universe(universe)
    qtbot.waitUntil(lambda: len(search.index) > 0, timeout=10_000)
    assert not search.index.has_aliases  # the pinyin of ~11,700 names is under way
    search.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    started = time.monotonic()
    for worker in [t for t in threading.enumerate() if t.name == "stock-search-index"]:
        worker.join(2.0)
        assert not worker.is_alive()
    assert time.monotonic() - started < 0.5


def test_a_stopped_search_ends_its_build_and_takes_no_late_result(qtbot):
    """stop() is what a window's shutdown calls: the window is hidden, not deleted."""
    from PySide6.QtCore import QCoreApplication

    from flowdeck.feeds.sim.universe import SimUniverse

    universe = SimUniverse(seed=3)
    universe.stocks()
    search = StockSearch()
    search.set_universe(universe)
    qtbot.waitUntil(lambda: len(search.index) > 0, timeout=10_000)
    search.stop()
    assert search.wait_built(5.0)
    QCoreApplication.processEvents()  # what the worker sent before it stopped
    assert not search.index.has_aliases
    assert search.best_code("00700") == "HK.00700"  # the names index stays usable
