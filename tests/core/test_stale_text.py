"""A data-stale alert in words and as its payload (core/stale_text.py)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from flowdeck.core.stale_alerts import RECOVERED, STALE, StaleEvent
from flowdeck.core.stale_text import (
    duration_text,
    is_stale_entry,
    stale_payloads,
    stale_texts,
)


@pytest.mark.parametrize(("seconds", "lang", "text"), [
    (45, "en", "45 s"), (120, "en", "2 min"), (3900, "en", "1 h 5 min"),
    (7200, "en", "2 h"), (150, "zh_CN", "2分钟"), (3900, "zh_HK", "1小時5分鐘"),
])
def test_durations(seconds, lang, text):
    assert duration_text(seconds, lang) == text


def test_the_words_of_each_shape():
    down = StaleEvent(STALE, source=True, seconds=180, error="error 1016 timed out")
    assert stale_texts(down, "futu://127.0.0.1:11111") == (
        "Source down: futu://127.0.0.1:11111", "no data for 3 min: error 1016 timed out")
    assert stale_texts(StaleEvent(RECOVERED, source=True, seconds=600), "sim", "zh_CN") == (
        "数据源恢复：sim", "中断10分钟后恢复")
    one = StaleEvent(STALE, ("HK.00700",), seconds=130)
    assert stale_texts(one, "sim") == ("HK.00700: no update",
                                       "no update for 2 min while its market is open")
    many = StaleEvent(STALE, tuple(f"HK.{i:05d}" for i in range(1, 8)), seconds=125)
    assert stale_texts(many, "sim", "zh_HK") == (
        "7隻股票：無更新",
        "2分鐘無更新：HK.00001、HK.00002、HK.00003、HK.00004、HK.00005（另2隻）")
    what, why = stale_texts(StaleEvent(RECOVERED, many.codes[:2], seconds=300), "sim")
    assert (what, why) == ("2 codes: updating again",
                           "after 5 min without: HK.00001, HK.00002")


def test_payloads_carry_the_contract_keys_the_codes_and_the_exchange_time():
    epoch = dt.datetime(2025, 3, 14, 10, 31, tzinfo=ZoneInfo("Asia/Hong_Kong")).timestamp()
    events = [StaleEvent(STALE, ("HK.00700",), seconds=130),
              StaleEvent(STALE, source=True, seconds=200)]
    one, source = stale_payloads(events, epoch, "sim", lang="en")
    assert one["type"] == "stale" and one["code"] == "HK.00700"
    assert one["time"] == "2025-03-14 10:31:00" and one["wall"] == epoch
    assert one["rule_text"] == "HK.00700: no update" and one["codes"] == ["HK.00700"]
    assert one["field"] == "" and one["value"] is None and one["conditions"] == []
    assert source["code"] == "" and source["codes"] == [] and source["source"] == "sim"
    assert source["time"] == dt.datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M:%S")
    assert source["seconds"] == 200 and source["rule_text"] == "Source down: sim"
    assert is_stale_entry(one) and is_stale_entry({"type": "recovered"})
    assert not is_stale_entry({"type": "alert"}) and not is_stale_entry([])
