"""names.csv beside a replay file: names in both languages, sectors per market and the
close before the file's first day (so its first day has a change %); a bad line is
skipped and counted, a bad file is no names, never a failed replay."""

from __future__ import annotations

import asyncio
import logging

import pytest

from flowdeck.feeds.registry import open_feed
from flowdeck.feeds.replay.market import ReplayMarket
from flowdeck.feeds.replay.names_csv import FILE_NAME, read_names
from flowdeck.feeds.replay.trades_csv import HEADER

TRADES = ["HK.00700,2025-03-13 10:00:00,480,1000,479.8,480",
          "US.AAPL,2025-03-13 10:00:00,225,100,224.9,225",
          "HK.00700,2025-03-14 10:00:00,470,100,470,470.2"]


def test_columns_in_any_order_quoted_names_and_any_code_form() -> None:
    names = read_names('\ufeffprev_close,code,name_zh,name_en,sector,exchange\n'
                       '475.5,700.HK,腾讯控股,"Tencent, Holdings",Media,HKEX\n'
                       ',US.AAPL,苹果,Apple,Tech,NASDAQ\n'
                       ',600519,贵州茅台,Kweichow Moutai,Spirits,SSE\n'
                       ',HK.09988,阿里巴巴,Alibaba,Tech,HKEX\n')
    tencent = names.stocks()["HK.00700"]
    assert (tencent.name_en, tencent.name_zh) == ("Tencent, Holdings", "腾讯控股")
    assert names.prev_close == {"HK.00700": 475.5}
    assert names.stocks()["SH.600519"].name("en") == "Kweichow Moutai"
    # One sector per market and text: HK's Tech and US's Tech are two.
    assert names.stocks()["HK.09988"].sector == "HK.Tech"
    assert names.stocks()["US.AAPL"].sector == "US.Tech"
    assert sorted(names.sectors()) == ["HK.Media", "HK.Tech", "SH.Spirits", "US.Tech"]
    assert names.bad_lines == 0


def test_bad_lines_are_skipped_and_counted_with_their_line_numbers() -> None:
    names = read_names("code,name_en,prev_close\n"
                       "HK.00700,Tencent,480\n"
                       "HK.BAD!,Nobody,1\n"
                       "US.AAPL,Apple,-3\n"
                       "US.MSFT,Microsoft\n"
                       "\n"
                       "HK.00700,Tencent Holdings,\n")
    assert list(names.stocks()) == ["HK.00700"]
    assert names.stocks()["HK.00700"].name_en == "Tencent Holdings"  # the later line
    assert names.prev_close == {"HK.00700": 480.0}
    assert names.bad_lines == 3
    assert [p.split(":")[0] for p in names.problems] == ["line 3", "line 4", "line 5"]
    assert "not a price" in names.problems[1]
    no_code = read_names("symbol,name_en\nHK.00700,Tencent\n")
    assert not no_code.stocks() and "code" in no_code.problems[0]


def test_the_first_day_gets_names_csv_s_previous_close_the_next_the_file_s(tmp_path):
    (tmp_path / "day.csv").write_text("\n".join([HEADER, *TRADES]) + "\n")
    (tmp_path / FILE_NAME).write_text("code,prev_close\nHK.00700,475\n")
    feed = open_feed(f"replay:{tmp_path / 'day.csv'}?speed=max")
    assert feed.universe().prev_close == {"HK.00700": 475.0}
    market = ReplayMarket(tmp_path / "day.csv", prev_close=feed.universe().prev_close)
    cursor = market.cursor(["HK.00700", "US.AAPL"])
    first = cursor.next_batch()
    assert first.quotes["HK.00700"].prev_close == 475
    assert first.quotes["HK.00700"].change == 480 - 475
    assert first.quotes["US.AAPL"].prev_close is None       # not in names.csv
    while not cursor.at_end:
        market.step()
        last = cursor.next_batch()
        if "HK.00700" in last.quotes:
            final = last.quotes["HK.00700"]
    assert (final.last, final.prev_close) == (470, 480)


@pytest.mark.parametrize("content", [b"\xff\xfe not utf-8", b"code\n" + b"x" * 10])
def test_a_bad_names_file_is_no_names_and_the_replay_goes_on(tmp_path, caplog, content):
    (tmp_path / "day.csv").write_text("\n".join([HEADER, *TRADES]) + "\n")
    (tmp_path / FILE_NAME).write_bytes(content)
    feed = open_feed(f"replay:{tmp_path / 'day.csv'}?speed=max")
    with caplog.at_level(logging.WARNING, "flowdeck.feeds.replay"):
        assert not feed.universe().stocks()
        batch = asyncio.run(feed.snapshot(["HK.00700"]))
    assert "HK.00700" in batch.records
    assert any(FILE_NAME in r.getMessage() for r in caplog.records)
