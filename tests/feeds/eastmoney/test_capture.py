"""tools/capture_eastmoney.py records answers into the fixtures' format (capped, server
fields dropped) and tests/support/fake_eastmoney/recorded.py answers from them: the
round trip against the fake (no internet here) gives the feed the same records."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

from flowdeck.feeds.eastmoney.fields import ULIST_PATH
from flowdeck.feeds.eastmoney.history import DAYKLINE_PATH
from flowdeck.feeds.eastmoney.minutes import FFLOW_PATH
from flowdeck.feeds.registry import open_feed
from tests.support.fake_eastmoney.day_klines import day_kline_answer, weekdays
from tests.support.fake_eastmoney.minutes import FakeMinutes
from tests.support.fake_eastmoney.quotes import FakeQuotes
from tests.support.fake_eastmoney.recorded import RecordedAnswers
from tests.support.fake_eastmoney.server import FakeEastMoney
from tests.support.waiting import run

TOOL = Path(__file__).resolve().parents[3] / "tools" / "capture_eastmoney.py"
CODES = ["SH.600519", "SZ.000001"]


def load_tool():
    spec = importlib.util.spec_from_file_location("capture_eastmoney", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def snapshot(fake: FakeEastMoney):
    feed = open_feed(fake.source + "&rate=20")
    try:
        return await feed.snapshot(CODES)
    finally:
        await feed.aclose()


def test_recorded_answers_replay_as_they_were_given(tmp_path, capsys) -> None:
    tool = load_tool()
    days = weekdays(dt.date(2025, 12, 4), 120)

    async def go():
        async with FakeEastMoney() as live:
            live.route(ULIST_PATH, FakeQuotes().answer)
            live.route(FFLOW_PATH, FakeMinutes(lines=241).answer)
            live.route(DAYKLINE_PATH, lambda params: day_kline_answer(params, days))
            await tool.capture(CODES, tmp_path, 50.0, live.source)
            before = await snapshot(live)
        async with FakeEastMoney() as replayed:
            RecordedAnswers(tmp_path).route_into(replayed)
            return before, await snapshot(replayed)

    before, after = run(go())
    assert after.records == before.records and len(after.records) == 2
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["fflow-daykline-0.000001.json", "fflow-daykline-1.600519.json",
                     "fflow-kline-0.000001.json", "fflow-kline-1.600519.json", "ulist.json"]
    kline = json.loads((tmp_path / "fflow-kline-1.600519.json").read_text())
    assert "svr" not in kline["answer"] and len(kline["answer"]["data"]["klines"]) == 241
    assert "f62 - (f66 + f72) = 0.00 yuan; tier nets sum to 0.00 yuan" in capsys.readouterr().out
    assert all(p.stat().st_size <= tool.MAX_BYTES for p in tmp_path.iterdir())
