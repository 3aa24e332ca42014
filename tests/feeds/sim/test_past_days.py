"""The simulator's past days for the backfill: deterministic from the seed, the live
day's character (tiers' shares, turnover, sessions, price), float64 minute series
ending on the record."""

import datetime as dt

import numpy as np
import pytest

from flowdeck.core.codes import Market
from flowdeck.core.engine import FlowEngine
from flowdeck.core.history import series_values
from flowdeck.core.markets import MARKETS, session_minutes
from flowdeck.core.past_days import PastDays, engine_day_flow, minute_series
from flowdeck.feeds.sim.past_days import SimPastDays, sim_day_flows
from flowdeck.feeds.sim.stocks import sim_stock
from flowdeck.feeds.sim.tape import day_tape
from tests.support.waiting import run

UTC = dt.UTC
THU = dt.date(2025, 3, 13)
HK_CODES = ["HK.00700", "HK.08123", "HK.00005"]
WEEKDAYS = [THU - dt.timedelta(days=k) for k in range(14)
            if (THU - dt.timedelta(days=k)).weekday() < 5]


def live_day(code: str, day: dt.date, seed: int):
    """The day as the live simulator counts it: its tape through a FlowEngine."""
    stock = sim_stock(code, seed)
    engine = FlowEngine(mode="fixed")
    (i,) = engine.add_symbols([stock.market]).tolist()
    trades = day_tape(stock, day, seed)
    points = engine.process(np.full(len(trades), i, np.intp), trades.times, trades.price,
                            trades.quantity, trades.bid, trades.ask)
    return engine_day_flow(engine, i, code, day, minute_series(
        stock.market, points.minutes, points.cum_net), float(trades.price[-1]))


def character(days) -> np.ndarray:
    """Per day: turnover, each tier's share of it (buys and sells), main net / turnover."""
    return np.array([[d.turnover, *((np.add(d.inflow, d.outflow)) / d.turnover),
                      (d.net[0] + d.net[1]) / d.turnover] for d in days])


def test_the_same_day_twice_gives_the_same_numbers_and_seeds_differ():
    a, b = sim_day_flows(HK_CODES, THU, 7), sim_day_flows(HK_CODES, THU, 7)
    other = sim_day_flows(HK_CODES, THU, 8)
    for x, y, z in zip(a, b, other, strict=True):
        assert (x.net, x.turnover, x.inflow, x.outflow, x.close, x.update_time) == (
            y.net, y.turnover, y.inflow, y.outflow, y.close, y.update_time)
        assert np.array_equal(x.minutes, y.minutes, equal_nan=True)
        assert x.net != z.net and x.turnover != z.turnover
    alone = sim_day_flows(HK_CODES[1:2], THU, 7)[0]     # a code's day is its own
    assert (alone.net, alone.turnover, alone.update_time) == (a[1].net, a[1].turnover,
                                                              a[1].update_time)
    friday = sim_day_flows(HK_CODES, THU + dt.timedelta(days=1), 7)
    assert all(x.net != f.net for x, f in zip(a, friday, strict=True))


def test_a_past_day_has_the_live_days_character():
    # Generated per minute, not trade by trade: not the live day's numbers, its law.
    live, past = [], []
    for code in ("HK.00005", "US.BRK.B", "SH.600519", "HK.08123", "US.ZZQ"):
        live.append(character([live_day(code, d, 7) for d in WEEKDAYS]))
        past.append(character([sim_day_flows([code], d, 7)[0] for d in WEEKDAYS]))
        assert past[-1][:, 0].mean() == pytest.approx(live[-1][:, 0].mean(), rel=0.1)
        assert past[-1][:, 1:5].mean(axis=0) == pytest.approx(
            live[-1][:, 1:5].mean(axis=0), abs=0.02)
        assert not np.array_equal(past[-1][:, 0], live[-1][:, 0])
    # The main net wanders around zero alike, mostly within +-10 % of the turnover.
    main_live, main_past = np.concatenate(live)[:, 5], np.concatenate(past)[:, 5]
    assert np.sqrt(np.mean(main_past ** 2)) == pytest.approx(
        np.sqrt(np.mean(main_live ** 2)), rel=0.2)
    assert np.mean(np.abs(main_past) < 0.1) > 0.9


def test_a_past_day_trades_in_its_sessions_at_tick_prices():
    for code, market in (("HK.00700", Market.HK), ("US.AAPL", Market.US),
                         ("SZ.000001", Market.SZ)):
        stock = sim_stock(code, 2)
        last_open, last_close = MARKETS[market].sessions[-1]
        for day in sim_day_flows([code], THU, 2):
            clock = dt.time.fromisoformat(day.update_time[11:])
            assert day.update_time[:10] == THU.isoformat()
            assert last_open * 60 <= clock.hour * 3600 + clock.minute * 60 < last_close * 60
            ticks = day.close / stock.tick
            assert abs(ticks - round(ticks)) < 1e-6 and day.close > 0
            # A busy stock trades from the open's first minutes.
            assert int(np.argmax(~np.isnan(day.minutes[:, 0]))) < 3


def test_a_day_is_complete_with_float64_minutes_ending_on_its_nets():
    for day in sim_day_flows(["SH.600519", "SH.688001"], THU, 3):
        assert day.complete and day.day == THU
        assert day.turnover > sum(day.inflow) + sum(day.outflow) > 0  # neutral prints too
        assert day.net == tuple(i - o for i, o in zip(day.inflow, day.outflow, strict=True))
        m = day.minutes
        assert m.dtype == np.float64 and m.shape == (session_minutes(Market.SH), 4)
        assert tuple(m[-1].tolist()) == day.net
        first = int(np.argmax(~np.isnan(m[:, 0])))
        assert np.isnan(m[:first]).all() and not np.isnan(m[first:]).any()
        assert float(series_values(m[-1:])[0, 0]) == day.series_net("main")


def test_codes_of_two_markets_in_one_call_are_refused():
    with pytest.raises(ValueError, match="one market"):
        sim_day_flows(["HK.00700", "US.AAPL"], THU, 0)


def test_the_source_gives_weekdays_before_today_and_settles_every_code_day():
    # Monday 2025-03-17 08:00 in Hong Kong, where the simulator runs Monday; still Sunday
    # in New York, where it runs Friday: Friday is live there, not past.
    source = SimPastDays(seed=5, now=lambda: dt.datetime(2025, 3, 17, 0, 0, tzinfo=UTC),
                         group=2)
    assert isinstance(source, PastDays)
    hk = run(source.trading_days(Market.HK, 3))
    us = run(source.trading_days(Market.US, 2))
    assert hk == [dt.date(2025, 3, 12), dt.date(2025, 3, 13), dt.date(2025, 3, 14)]
    assert us == [dt.date(2025, 3, 12), dt.date(2025, 3, 13)]
    wanted = {"HK.08123": hk, "HK.02000": hk[1:], "HK.03000": hk[2:], "US.ZZQ": us}

    async def collect():
        return [part async for part in source.past_days(wanted)]

    parts = run(collect())
    settled = [pair for p in parts for pair in p.settled]
    assert sorted(settled) == sorted((c, d) for c, days in wanted.items() for d in days)
    assert all(len(p.settled) <= 2 for p in parts)
    # Newest day first: a stopped backfill has the days read most.
    assert [p.settled[0][1] for p in parts] == sorted(
        (p.settled[0][1] for p in parts), reverse=True)
    for part in parts:
        assert [(d.code, d.day) for d in part.days] == part.settled
        day = part.days[0].day
        codes = [d.code for d in part.days]
        again = sim_day_flows(codes, day, 5)
        assert [d.net for d in part.days] == [d.net for d in again]
