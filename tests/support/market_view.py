"""The Market view opened the way a user opens it, for tests of what it then shows."""

from __future__ import annotations

from PySide6.QtGui import QAction

from tests.support.waiting import wait_until


async def open_whole_market(window, market: str, codes: int, timeout: float = 30):
    """Open the Market view with its action, pick `market` and wait until the source's
    whole list of `codes` codes is in; the dock."""
    dock = window.market.dock
    window.findChild(QAction, "marketAction").trigger()
    controls = dock.controls
    controls.market.setCurrentIndex(controls.market.findData(market))
    await wait_until(lambda: dock.source.rows.whole
                     and len(dock.source.rows.codes) == codes, timeout)
    return dock
