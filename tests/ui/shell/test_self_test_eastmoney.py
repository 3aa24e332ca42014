"""`flowdeck --self-test --source eastmoney://HOST:PORT?tls=0` against the fake East Money
(tests/support/fake_eastmoney/, the shapes akshare's stock/stock_fund_em.py and
efinance's common/getter.py read): the default watchlist's HK and US rows, which the
source says it does not cover, are left out of the checks; the SH/SZ rows must have
numbers and painted sparklines and the detail chart one of them. A source that covers
none of the rows fails, naming why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from flowdeck.core.markets import market_of
from flowdeck.ui.shell.self_test import check_window, covered_rows, show_a_covered_row
from flowdeck.ui.table.table_model import SPARK_COLUMNS
from tests.support.fake_eastmoney.threaded import threaded_fake
from tests.support.waiting import wait_until
from tests.support.window import run_window

REPO = Path(__file__).resolve().parents[3]


def test_check_window_leaves_out_the_rows_the_source_does_not_cover(qloop, flowdeck_home):
    found: dict = {}

    async def body(w) -> None:
        await wait_until(lambda: len(covered_rows(w)) == 7 and all(
            w.model.history.last_minute(w.model.code_at(r)) >= 0 for r in covered_rows(w)),
            20, what="the A-share rows' minutes")
        assert w.detail_dock.code not in {w.model.code_at(r) for r in covered_rows(w)}
        show_a_covered_row(w)
        w.view.scrollTo(w.model.index(covered_rows(w)[0], SPARK_COLUMNS[0]))
        await wait_until(lambda: not check_window(w, w.grab().toImage()), 10,
                         what="the window's checks")
        found["covered"] = [w.model.code_at(r) for r in covered_rows(w)]
        found["shown"] = w.detail_dock.code
        w.store.errors.update({c: (1016, "needs futu://") for c in found["covered"]})
        found["none"] = check_window(w, QImage())

    with threaded_fake() as fake:
        run_window(qloop, body, source=fake.source + "&rate=20")
    assert {market_of(c).value for c in found["covered"]} == {"SH", "SZ"}
    assert found["shown"] in found["covered"]
    assert len(found["none"]) == 1 and found["none"][0].startswith(
        "the source covers none of the 20 rows")


@pytest.mark.e2e
def test_the_self_test_passes_on_eastmoney(tmp_path) -> None:
    png = tmp_path / "window.png"
    fake_home = tmp_path / "user"
    env = {k: v for k, v in os.environ.items() if k not in ("FLOWDECK_HOME", "QT_QPA_PLATFORM")}
    env.update(PYTHONPATH=str(REPO / "gui"), HOME=str(fake_home),
               XDG_CONFIG_HOME=str(fake_home / "config"),
               XDG_STATE_HOME=str(fake_home / "state"), XDG_DATA_HOME=str(fake_home / "data"),
               DISPLAY="")
    with threaded_fake() as fake:
        proc = subprocess.run([sys.executable, "-m", "flowdeck", "--self-test", "--png",
                               str(png), "--source", fake.source + "&rate=20"],
                              env=env, cwd=REPO, capture_output=True, text=True, timeout=90)
        asked = fake.call(lambda f: dict(f.counts))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "OK"
    assert not QImage(str(png)).isNull()
    assert sum(asked.values()) >= 8   # one list request and a minute series a code at least
