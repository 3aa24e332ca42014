"""File > Fill past days on `eastmoney://` against the fake East Money (its
fflow/daykline in the shape akshare's stock_individual_fund_flow reads,
akshare/stock/stock_fund_em.py): the window's backfill goes through the live feed's own
client and budget (feeds.base.BackfillsBeside) and archives East Money's days under
their own identity, nets as published, turnover unknown."""

from __future__ import annotations

import datetime as dt
import json

from flowdeck.core.codes import Market
from flowdeck.core.markets import local_now
from flowdeck.feeds.eastmoney.history import DAYKLINE_PATH, IDENTITY
from flowdeck.storage import paths
from flowdeck.storage.archive.archive import Archive
from tests.support.fake_eastmoney.day_klines import FakeDays, tier_nets, weekdays
from tests.support.fake_eastmoney.threaded import threaded_fake
from tests.support.waiting import wait_until
from tests.support.window import run_window

CODES = ["SH.600519", "SZ.000001"]
TODAY = local_now(Market.SH).date()
PAST = weekdays(TODAY - dt.timedelta(days=1), 30)


def test_fill_past_days_archives_east_moneys_days_as_theirs(qloop, flowdeck_home) -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[[watchlists]]\nname = "Default"\ncodes = {json.dumps(CODES)}\n',
                    encoding="utf-8")
    seen: dict[str, object] = {}

    async def body(w):
        await wait_until(lambda: w.day_history.history is not None, 20)
        running = []
        w.day_history.refreshed.connect(
            lambda _p: running.append(w.day_history.progress.isVisibleTo(w)))
        action = next(a for a in w.day_history.menu.actions()
                      if a.objectName() == "backfill20Action")
        action.trigger()
        await wait_until(lambda: False in running, 30)
        seen["identity"] = w.day_history.source.identity

    with threaded_fake() as fake:
        fake.call(lambda f: f.route(DAYKLINE_PATH, FakeDays([*PAST, TODAY]).answer))
        run_window(qloop, body, source=fake.source + "&rate=20", timeout=60)
        asked = fake.call(lambda f: f.counts[DAYKLINE_PATH])
    assert seen["identity"] == IDENTITY and asked == 3  # the calendar + a code each
    with Archive.open(paths.archive_path("window"), IDENTITY) as archive:
        days = [d for d in archive.days("SZ.000001", PAST[0], TODAY) if d.complete]
    assert [d.day for d in days] == PAST[-20:]
    assert days[-1].net == tier_nets("0.000001", PAST[-1]) and days[-1].turnover is None
