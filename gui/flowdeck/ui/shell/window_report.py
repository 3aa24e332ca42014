"""A report of where the running window drew things, for tests that grab the real
screen: with FLOWDECK_WINDOW_REPORT set, the window writes it once data is drawn. The
entry point imports this, never the self-test (which imports the entry point).
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

TIMEOUT_S = 30.0

REPORT_ENV = "FLOWDECK_WINDOW_REPORT"


def alerts_report(window) -> dict:
    alerts = window.alerts
    tray = alerts.tray
    return {"tray": tray is not None, "tray_visible": tray is not None and tray.is_visible(),
            "notifier": getattr(alerts.center.notifier, "name", None),
            "fired": alerts.center.fired_count, "notified": alerts.center.notified,
            "log_rows": alerts.dock.model.rowCount(), "banners": window.banners.texts()}


async def write_window_report(window, path: Path, timeout: float = TIMEOUT_S) -> None:
    """Once data is drawn, write JSON with where things are on the screen (global
    coordinates): the window, the visible sparkline cells, the SIMULATED badge. A test
    under a real X server grabs the screen and checks the pixels there."""
    import json

    from ..table.table_model import SPARK_COLUMNS

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        await asyncio.sleep(0.25)
        if window.follower.applies >= 3 and window.isVisible():
            break
    center = window.alerts.center
    while center.rules and not center.notified and time.monotonic() - started < timeout:
        await asyncio.sleep(0.25)  # rules given: wait for the first notification too
    await asyncio.sleep(1.0)  # let the last paint reach the screen
    view, viewport = window.view, window.view.viewport()
    cells = []
    for row in range(window.model.rowCount()):
        for column in SPARK_COLUMNS:
            rect = view.visualRect(window.model.index(row, column))
            if rect.isEmpty() or not viewport.rect().contains(rect):
                continue
            top_left = viewport.mapToGlobal(rect.topLeft())
            cells.append([top_left.x(), top_left.y(), rect.width(), rect.height()])
    badge = window.status.badge
    badge_pos = badge.mapToGlobal(badge.rect().topLeft())
    frame = window.frameGeometry()
    table_pos = viewport.mapToGlobal(viewport.rect().topLeft())
    report = {"window": [frame.x(), frame.y(), frame.width(), frame.height()],
              "table": [table_pos.x(), table_pos.y(), viewport.width(), viewport.height()],
              "menus": [a.text().replace("&", "") for a in window.menuBar().actions()],
              "sparkline_cells": cells, "rows": window.model.rowCount(),
              "badge": [badge_pos.x(), badge_pos.y(), badge.width(), badge.height()],
              "badge_visible": badge.isVisible(), "applies": window.follower.applies,
              "device_pixel_ratio": window.devicePixelRatio(),
              "alerts": alerts_report(window)}
    tmp = Path(str(path) + ".tmp")
    tmp.write_text(json.dumps(report), encoding="utf-8")
    tmp.replace(path)
