"""The sources with trades send each minute point's last trade price (the detail chart's
price line over the day so far): the simulator's snapshots (from a reveal, the ring or
a rebuilt day) and updates, and a replay's, against the trades themselves."""

from __future__ import annotations

import datetime as dt

from flowdeck.core.codes import Market
from flowdeck.core.markets import market_of, to_local_seconds, trading_minute
from flowdeck.feeds.replay.market import ReplayMarket
from flowdeck.feeds.replay.trades_csv import HEADER
from flowdeck.feeds.sim.market import SimMarket
from flowdeck.feeds.sim.stocks import sim_stock
from flowdeck.feeds.sim.tape import day_tape

WED_1030_HK = dt.datetime(2025, 3, 12, 2, 30, tzinfo=dt.UTC)
CODES = ["HK.00700", "US.AAPL", "SH.600519"]


class Wall:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def point_prices(batch, code: str) -> dict[int, float]:
    pts = batch.points
    return {int(m): float(p) for c, m, p in zip(pts.codes, pts.minutes, pts.prices,
                                                strict=True) if c == code}


def tape_prices(code: str, update_time: str) -> dict[int, float]:
    """The last trade of each trading minute of `code`'s tape up to `update_time`."""
    when = dt.datetime.strptime(update_time, "%Y-%m-%d %H:%M:%S")
    tape = day_tape(sim_stock(code), when.date())
    upto = tape.times <= to_local_seconds(when)
    out: dict[int, float] = {}
    market = market_of(code)
    for t, p in zip(tape.times[upto].tolist(), tape.price[upto].tolist(), strict=True):
        out[int(trading_minute(market, t))] = p
    return out


def test_the_simulators_snapshots_and_updates_carry_each_minutes_last_trade():
    wall = Wall()
    sim = SimMarket(seed=0, speed=60.0, now=WED_1030_HK, monotonic=wall)
    first = sim.snapshot_batch(CODES)  # the codes' day so far, as revealed
    for code in CODES:
        got = point_prices(first, code)
        assert got and got == tape_prices(code, first.records[code].update_time)
        assert got[max(got)] == first.quotes[code].last
    cursor = sim.cursor(CODES)
    for _ in range(3):
        wall.now += 2.0
        sim.advance()
        update = cursor.next_batch()
        for code in update.records:
            want = tape_prices(code, update.records[code].update_time)
            assert point_prices(update, code).items() <= want.items()
    wall.now += 40.0  # 40 virtual minutes: the ring no longer holds the day
    sim.advance()
    again = sim.snapshot_batch(CODES)
    for code in CODES:
        assert point_prices(again, code) == tape_prices(code,
                                                        again.records[code].update_time)


def test_a_replays_points_carry_each_minutes_last_trade(tmp_path):
    path = tmp_path / "day.csv"
    path.write_text("\n".join([
        HEADER,
        "HK.00700,2025-03-13 10:00:05,480,1000,479.8,480",
        "HK.00700,2025-03-13 10:00:40,480.2,1000,480,480.2",
        "HK.00700,2025-03-13 10:03:00,479.6,100,479.6,479.8"]) + "\n")
    market = ReplayMarket(path)
    cursor = market.cursor(["HK.00700"])
    batches = [cursor.next_batch()]
    while not cursor.at_end:
        market.step()
        batches.append(cursor.next_batch())
    seen: dict[int, float] = {}
    for batch in batches:
        seen.update(point_prices(batch, "HK.00700"))
    assert seen == {30: 480.2, 33: 479.6}
    assert trading_minute(Market.HK, to_local_seconds(dt.datetime(2025, 3, 13, 10, 3))) == 33
