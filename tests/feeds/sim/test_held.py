"""The pool of trades the simulator's tapes made ahead of the clock (sim/held.py):
revealed for many symbols at once, the same trades as each tape alone."""

import datetime as dt
import math

import numpy as np
import pytest

from flowdeck.feeds.sim.held import HeldTrades
from flowdeck.feeds.sim.stocks import sim_stock
from flowdeck.feeds.sim.tape import HOLD_MINUTES, DayTape, day_tape
from flowdeck.feeds.sim.trades import Trades

WED = dt.date(2025, 3, 12)
FIELDS = ("times", "price", "quantity", "bid", "ask")
# Every market, odd lots (US), several tick sizes and price decimals (1, 2, 3).
CODES = ["HK.00700", "HK.00005", "HK.02800", "US.AAPL", "US.BRK.B", "US.SOFI",
         "SH.600519", "SH.601398", "SZ.000001", "SZ.300750", "HK.01810", "HK.00078"]


def same_trades(a: Trades, b: Trades) -> bool:
    """Equal bit for bit (NaN where no quote)."""
    return all(np.array_equal(getattr(a, f), getattr(b, f), equal_nan=True) for f in FIELDS)


def by_symbol(symbols: np.ndarray, trades: Trades, n: int) -> list[Trades]:
    return [trades.take(np.flatnonzero(symbols == i)) for i in range(n)]


@pytest.mark.parametrize("seed", [0, 5])
def test_revealed_in_any_steps_each_symbol_gets_its_whole_tape(seed):
    stocks = [sim_stock(c, seed) for c in CODES]
    tapes = [DayTape(s, WED, seed) for s in stocks]
    held = HeldTrades()
    everyone = np.arange(len(tapes))
    held.start(everyone.tolist(), tapes)
    start = tapes[0].day_start
    rng = np.random.default_rng(seed)
    # Seconds apart and minutes apart, across windows, chunks, lunch and the close.
    cuts = np.unique(np.concatenate([
        rng.integers(start + 9 * 3600, start + 17 * 3600, 300),
        np.arange(start + 10 * 3600, start + 10 * 3600 + 400)]))
    got: list[list[Trades]] = [[] for _ in tapes]
    for until in [*cuts.tolist(), 2**31]:
        due = held.due(everyone, until)
        symbols, trades = held.reveal(due, until, tapes)
        assert np.all(np.diff(symbols) >= 0)           # symbol after symbol
        assert np.all(trades.times < until)
        for i, part in enumerate(by_symbol(symbols, trades, len(tapes))):
            assert np.all(np.diff(part.times) >= 0)    # each in time order
            got[i].append(part)
    for stock, parts in zip(stocks, got, strict=True):
        assert same_trades(Trades.concat(parts), day_tape(stock, WED, seed))


def test_symbols_not_due_hold_their_trades_and_tapes_their_next_windows():
    tapes = [DayTape(sim_stock(c), WED, 0) for c in CODES]
    held = HeldTrades()
    held.start(range(len(tapes)), tapes)
    everyone = np.arange(len(tapes))
    wholes = [day_tape(tape.stock, WED, 0) for tape in tapes]
    t = tapes[0].day_start + 10 * 3600 + 7 * 60
    for until in range(t, t + 300):
        held.reveal(held.due(everyone, until), until, tapes)
        for i, (tape, whole) in enumerate(zip(tapes, wholes, strict=True)):
            count, first, end = held.window(i)
            ahead = whole.times[(whole.times >= until) & (whole.times < end)]
            assert count == len(ahead)                 # exactly what lies ahead ...
            assert end <= until + 60 * HOLD_MINUTES    # ... for two minutes at most
            assert first == (ahead[0] if count else math.inf)
            assert tape.held == 0                      # the pool holds it, not the tape


def test_a_tape_hands_over_what_it_holds():
    stock = sim_stock("SZ.000858")
    tape = DayTape(stock, WED, 3)
    t = tape.day_start + 13 * 3600 + 1234
    before = tape.take_until(t)
    end = tape.held_until
    packed = tape.take_held()
    window = packed.trades(0, len(packed))
    assert len(window) and tape.held == 0 and tape.next_time == end
    assert len(tape.take_held()) == 0
    rest = tape.take_until(math.inf)
    assert np.all(window.times >= t) and np.all(window.times < end)
    assert same_trades(Trades.concat([before, window, rest]), day_tape(stock, WED, 3))


def test_a_new_day_drops_what_was_held():
    stocks = [sim_stock(c) for c in CODES[:4]]
    tapes = [DayTape(s, WED, 0) for s in stocks]
    held = HeldTrades()
    held.start(range(4), tapes)
    until = tapes[0].day_start + 11 * 3600 + 7 * 60 + 13  # inside a chunk
    held.reveal(held.due(np.arange(4), until), until, tapes)
    assert any(held.window(i)[0] for i in range(4))
    thursday = WED + dt.timedelta(days=1)
    tapes = [DayTape(s, thursday, 0) for s in stocks]
    held.start(range(4), tapes)
    assert all(held.window(i)[0] == 0 for i in range(4))
    symbols, trades = held.reveal(np.arange(4), 2**31, tapes)
    for stock, part in zip(stocks, by_symbol(symbols, trades, 4), strict=True):
        assert same_trades(part, day_tape(stock, thursday, 0))
