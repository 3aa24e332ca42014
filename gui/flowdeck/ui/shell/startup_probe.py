"""Start-up timing for `tests/bench/startup_bench.py`: with FLOWDECK_STARTUP_PROBE=FILE
set, the window writes the wall-clock time (time.time()) at which the table first
finished painting rows with numbers, as one JSON object, then carries on. The bench
started the process and read the clock just before, so the difference is start to first
painted data, interpreter and imports included. Without the variable nothing is installed."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, QTimer

PROBE_ENV = "FLOWDECK_STARTUP_PROBE"


class StartupProbe(QObject):
    def __init__(self, window, path: Path) -> None:
        super().__init__(window)
        self._window, self._path = window, path
        self._written = False
        window.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._written and self._has_data():
            self._written = True
            # The filter runs before the paint: stamp once this event has been handled.
            QTimer.singleShot(0, self._write)
        return False

    def _has_data(self) -> bool:
        values = self._window.table.values
        return self._window.model.rowCount() > 0 and bool(np.isfinite(values[:, 0]).any())

    def _write(self) -> None:
        painted = time.time()
        self._window.view.viewport().removeEventFilter(self)
        tmp = self._path.with_name(self._path.name + ".tmp")
        tmp.write_text(json.dumps({"first_data_painted": painted, "pid": os.getpid()}),
                       encoding="utf-8")
        tmp.replace(self._path)


def install_startup_probe(window) -> StartupProbe | None:
    path = os.environ.get(PROBE_ENV)
    return StartupProbe(window, Path(path)) if path else None
