"""`flowdeck --self-test [--png PATH] [--show] [--source URL]`: build the real window on
a fresh temporary config (FLOWDECK_HOME in a temp dir), run the simulator (or the source
given) for a few seconds, render once and check that the table has rows and numbers,
that the sparklines are painted and that the detail chart has data. Prints OK and
returns 0, or a reason and 1. Offscreen unless `show`. CI and the packaging smoke test
run it.

Rows the source says it does not cover (a per-code error: eastmoney:// and the default
watchlist's HK and US codes) are left out of the checks, and the detail dock is shown
a covered row; at least one row must be covered.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import qasync
from PySide6.QtGui import QImage

RUN_S = 3.0        # the simulator runs at least this long
TIMEOUT_S = 30.0   # ... and the checks must pass within this
MIN_INK_PIXELS = 4
MIN_CELL_PX = 20  # a sparkline cell counts when this much of it is in view


def run_self_test(png: Path | None = None, show: bool = False,
                  source: str | None = None) -> int:
    home = tempfile.mkdtemp(prefix="flowdeck-self-test-")
    os.environ["FLOWDECK_HOME"] = home
    if not show:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from .app import make_app

    if not show:
        _drop_offscreen_noise()
    app = make_app([])
    try:
        problems = qasync.run(_self_test(app, png, source))
    except Exception as exc:  # the self-test reports, never raises
        problems = [f"{type(exc).__name__}: {exc}"]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    if problems:
        print("FAIL: " + "; ".join(problems))
        return 1
    print("OK")
    return 0


def _drop_offscreen_noise() -> None:
    """The offscreen platform warns about every dock it lays out; other messages pass."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: object, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


async def _self_test(app, png: Path | None, source: str | None) -> list[str]:
    from ..table.table_model import SPARK_COLUMNS
    from .app import crash_handler
    from .open_window import open_window

    handler = crash_handler(app)
    if handler is not None:
        handler.install_loop(asyncio.get_running_loop())
    window = open_window(None, source)
    window.show()
    window.start()
    started = time.monotonic()
    problems: list[str] = ["nothing checked yet"]
    image = QImage()
    try:
        while time.monotonic() - started < TIMEOUT_S:
            await asyncio.sleep(0.25)
            if time.monotonic() - started < RUN_S:
                continue
            show_a_covered_row(window)
            image = window.grab().toImage()
            problems = check_window(window, image)
            if not problems:
                break
            # A narrow screen may hide the sparkline columns, a short one the covered
            # rows: bring one cell into view.
            covered = covered_rows(window)
            window.view.scrollTo(window.model.index(covered[0] if covered else 0,
                                                    SPARK_COLUMNS[0]))
        if png is not None:  # saved on failure too: it shows what went wrong
            Path(png).parent.mkdir(parents=True, exist_ok=True)
            if not image.save(str(png)):
                problems.append(f"could not write {png}")
        problems += check_search()
        problems += check_secrets()
        if handler is not None and handler.errors:
            problems.append(f"{handler.errors} unhandled error(s); see the log")
    finally:
        await window.shutdown()
        window.close()
    return problems


def check_window(window, image: QImage) -> list[str]:
    """What is wrong with the rendered window (empty when all is well)."""
    from ..table.columns import COLUMN_INDEX
    from ..table.table_model import SPARK_COLUMNS

    problems = []
    model, view = window.model, window.view
    rows = model.rowCount()
    if rows == 0:
        return ["the table has no rows"]
    covered = covered_rows(window)
    if not covered:
        code, (_number, why) = next(iter(window.store.errors.items()))
        return [f"the source covers none of the {rows} rows ({code}: {why})"]
    table = window.table
    numbers = np.isfinite(table.values[[table.codes.index(model.code_at(r))
                                        for r in covered], 0])
    if numbers.mean() < 0.9:
        problems.append(f"only {int(numbers.sum())} of {len(covered)} rows have numbers")
    text = model.data(model.index(covered[0], COLUMN_INDEX["main_net_inflow"]))
    if not text or text == "—":
        problems.append(f"the first row shows no main net inflow ({text!r})")
    painted, visible = sparkline_rows(window, image, SPARK_COLUMNS[0], set(covered))
    if visible == 0:
        problems.append("no sparkline cell is visible")
    elif painted < 0.8 * visible:
        problems.append(f"sparklines painted in {painted} of {visible} visible rows")
    x, y = window.detail_dock.curves[0].getData()
    if x is None or len(x) == 0 or not np.isfinite(np.asarray(y, float)).any():
        problems.append("the detail chart has no data")
    if not view.isVisible():
        problems.append("the table is not visible")
    return problems


def covered_rows(window) -> list[int]:
    """The table's rows (in view order) whose codes the source has no error for."""
    errors, model = window.store.errors, window.model
    return [r for r in range(model.rowCount()) if model.code_at(r) not in errors]


def show_a_covered_row(window) -> None:
    """The detail dock on a covered row when its own is not (the first row by default)."""
    covered = covered_rows(window)
    if covered and window.detail_dock.code not in {window.model.code_at(r) for r in covered}:
        window.view.selectRow(covered[0])


def check_secrets() -> list[str]:
    """An alert channel's secret stored and read back where this install keeps them
    (the keyring, or the 0600 file under the temporary FLOWDECK_HOME), then removed;
    the line printed says which, and why when it is the file."""
    from ...storage.secrets import SecretStore

    store = SecretStore.open()
    value = f"self-test-{os.getpid()}"
    try:
        store.set("flowdeck-self-test", "probe", value)
        back = store.get("flowdeck-self-test", "probe")
        store.delete("flowdeck-self-test", "probe")
    except Exception as exc:  # a keyring's failure is a finding, not a crash
        return [f"a secret could not be stored in {store.backend}: {type(exc).__name__}"]
    print(f"secrets: {store.backend}" + (f" ({store.problem})" if store.fallback else ""))
    return [] if back == value else [f"a secret stored in {store.backend} read back wrong"]


def check_search() -> list[str]:
    """The search's data is there (a bundle ships OpenCC's tables and pypinyin's data
    by hand): a Traditional name read through both, and a phrase's usual reading."""
    from ...core.name_aliases import pinyin_initials

    got = pinyin_initials("建設銀行")
    return [] if got[:1] == ["jsyh"] else [f"the search reads 建設銀行 as {got}, not jsyh"]


def sparkline_rows(window, image: QImage, column: int,
                   rows: set[int] | None = None) -> tuple[int, int]:
    """(rows whose sparkline cell has ink, visible rows) in the rendered window, of
    `rows` only when given."""
    view = window.view
    viewport = view.viewport()
    offset = viewport.mapTo(window, viewport.rect().topLeft())
    ratio = image.devicePixelRatio() or 1.0
    arr = image_array(image)
    painted = visible = 0
    for row in range(window.model.rowCount()):
        if rows is not None and row not in rows:
            continue
        rect = view.visualRect(window.model.index(row, column)).intersected(viewport.rect())
        if rect.width() < MIN_CELL_PX or rect.height() < MIN_CELL_PX // 2:
            continue
        visible += 1
        x0, y0 = int((rect.left() + offset.x()) * ratio), int((rect.top() + offset.y()) * ratio)
        x1, y1 = int((rect.right() + offset.x()) * ratio), int((rect.bottom() + offset.y()) * ratio)
        if ink_pixels(arr[y0 + 1:y1, x0 + 1:x1]) >= MIN_INK_PIXELS:
            painted += 1
    return painted, visible


def image_array(image: QImage) -> np.ndarray:
    """(h, w, 3) uint8 RGB of a QImage."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w = rgb.height(), rgb.width()
    data = np.frombuffer(rgb.constBits(), np.uint8, count=rgb.bytesPerLine() * h)
    return data.reshape(h, rgb.bytesPerLine())[:, : w * 3].reshape(h, w, 3).copy()


def ink_pixels(cell: np.ndarray) -> int:
    """Pixels that differ clearly from the cell's most common colour (its background)."""
    if cell.size == 0:
        return 0
    flat = cell.reshape(-1, 3).astype(np.int32)
    keys = flat[:, 0] << 16 | flat[:, 1] << 8 | flat[:, 2]
    values, counts = np.unique(keys, return_counts=True)
    bg = values[np.argmax(counts)]
    background = np.array([bg >> 16 & 255, bg >> 8 & 255, bg & 255])
    return int((np.abs(flat - background).sum(axis=1) > 90).sum())
