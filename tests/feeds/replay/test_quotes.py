"""A replay's quotes: the last price is the file's latest trade of the code, the
previous close its last trade of the previous day in the file (None on the file's first
day); change % follows their order."""

from __future__ import annotations

import math

from flowdeck.feeds.replay.market import ReplayMarket
from flowdeck.feeds.replay.trades_csv import HEADER


def replayed(tmp_path, lines: list[str]) -> list:
    path = tmp_path / "day.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n")
    market = ReplayMarket(path)
    cursor = market.cursor(["HK.00700", "US.AAPL"])
    batches = [cursor.next_batch()]
    while not cursor.at_end:
        market.step()
        batches.append(cursor.next_batch())
    return batches


def test_last_is_the_latest_trade_and_the_previous_close_the_day_before_s(tmp_path):
    batches = replayed(tmp_path, [
        "HK.00700,2025-03-13 10:00:00,480,1000,479.8,480",
        "US.AAPL,2025-03-13 10:00:00,225,100,224.9,225",
        "HK.00700,2025-03-13 15:59:00,482.4,100,482.2,482.4",
        "HK.00700,2025-03-14 10:00:00,470,100,470,470.2",
        "HK.00700,2025-03-14 10:01:00,471,100,,"])
    first = batches[0].quotes["HK.00700"]
    assert first.last == 480 and first.prev_close is None and first.change_ratio is None
    assert batches[0].quotes["US.AAPL"].prev_close is None
    day_one_close = next(b.quotes["HK.00700"] for b in batches
                         if "HK.00700" in b.quotes and b.quotes["HK.00700"].last == 482.4)
    assert day_one_close.update_time == "2025-03-13 15:59:00"
    final = batches[-1].quotes["HK.00700"]
    assert (final.last, final.prev_close) == (471, 482.4)
    assert final.update_time == "2025-03-14 10:01:00"
    assert final.change_ratio < 0 and math.isclose(final.change, 471 - 482.4)
    for batch in batches:
        assert set(batch.quotes) == set(batch.records)  # the codes that changed
