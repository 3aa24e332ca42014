"""`flowdeck record`: the simulator's trades of a day as a replay file.

    flowdeck record HK.00700 US.AAPL --date 2025-03-14 --seed 7 -o day.csv

Writes exactly the trades the live simulator (`sim?seed=S`) runs through its engine for
those codes on that day: the same synthetic stocks (`sim_stock(code, seed)`) and tapes
(`DayTape(stock, day, seed)`), in the replay format (feeds/replay/trades_csv.py), so
`replay:day.csv` gives the simulator's numbers. Prices are written with repr() and read
back bit for bit; a trade without a quote has empty bid and ask.

The day goes out in windows of WINDOW_S local seconds: every code's trades of a window
are merged by time (ties keep the order of the codes given) and written, so memory
stays at a window's trades however many codes and rows the day has.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import numpy as np

from ..core.codes import parse_stock_list
from ..core.errors import FlowDeckError, invalid_param
from ..core.markets import format_local_seconds, is_trading_day, to_local_seconds
from ..feeds.replay.trades_csv import HEADER
from ..feeds.sim.clock import latest_trading_day
from ..feeds.sim.stocks import sim_stock
from ..feeds.sim.tape import DayTape
from ..feeds.sim.trades import Trades

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
WINDOW_S = 900


def default_day(today: dt.date | None = None) -> dt.date:
    """The last trading day: today on a weekday, else the Friday before (the machine's
    local date; the simulator has no holidays)."""
    return latest_trading_day(today or dt.date.today())


def parse_day(text: str | None) -> dt.date:
    if text is None:
        return default_day()
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise invalid_param(f"date must be YYYY-MM-DD, got {text!r}") from None
    if not is_trading_day(day):
        raise invalid_param(f"{day.isoformat()} is a {day.strftime('%A')}: the simulator "
                            "trades on weekdays only")
    return day


def record_day(codes: Sequence[str], day: dt.date, seed: int, out: TextIO) -> int:
    """Write the header and every trade of `codes` (normalised) on `day`; returns the
    number of trades written."""
    tapes = [DayTape(sim_stock(code, seed), day, seed) for code in codes]
    names = np.asarray(list(codes), object)
    day_start = to_local_seconds(dt.datetime.combine(day, dt.time()))
    out.write(HEADER + "\n")
    written = 0
    for end in range(day_start + WINDOW_S, day_start + 86400 + WINDOW_S, WINDOW_S):
        parts = [tape.take_until(end) for tape in tapes]
        if not any(len(p) for p in parts):
            continue
        trades = Trades.concat([p for p in parts if len(p)])
        which = np.repeat([i for i, p in enumerate(parts) if len(p)],
                          [len(p) for p in parts if len(p)])
        order = np.argsort(trades.times, kind="stable")
        out.write(_lines(names[which[order]], trades, order))
        written += len(order)
    return written


def _lines(codes: np.ndarray, trades: Trades, order: np.ndarray) -> str:
    """CSV lines of `trades` in `order`; a window has at most a few hundred distinct
    seconds, each formatted once."""
    seconds, inverse = np.unique(trades.times[order], return_inverse=True)
    texts = np.asarray([format_local_seconds(s) for s in seconds.tolist()], object)[inverse]
    price = _numbers(trades.price[order])
    quantity = _numbers(trades.quantity[order])
    bid, ask = _numbers(trades.bid[order]), _numbers(trades.ask[order])
    rows = zip(codes.tolist(), texts.tolist(), price, quantity, bid, ask, strict=True)
    return "".join(f"{c},{t},{p},{q},{b},{a}\n" for c, t, p, q, b, a in rows)


def _numbers(values: np.ndarray) -> list[str]:
    """repr() of each value (exact round trip), whole numbers without ".0", NaN empty."""
    out = []
    for v in values.tolist():
        if v != v:
            out.append("")
        elif v.is_integer() and abs(v) < 2**53:
            out.append(str(int(v)))
        else:
            out.append(repr(v))
    return out


def run_record(stock_list: Sequence[str], market: str | None, date: str | None, seed: int,
               output: str | None, err: TextIO | None = None) -> int:
    """The subcommand: 0 when written, 2 on bad input (spec's code on stderr)."""
    err = err or sys.stderr
    try:
        codes = parse_stock_list(stock_list, market)
        day = parse_day(date)
    except FlowDeckError as exc:
        print(f"error {int(exc.code)} {exc}", file=err)
        return EXIT_USAGE
    to_stdout = output in (None, "-")
    try:
        if to_stdout:
            count = record_day(codes, day, seed, sys.stdout)
            sys.stdout.flush()
        else:
            path = Path(output)  # type: ignore[arg-type]
            with path.open("w", encoding="ascii", newline="\n") as f:
                count = record_day(codes, day, seed, f)
    except BrokenPipeError:
        # The reader went away (| head): nothing more to say, and nothing for Python to
        # fail flushing at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        print(f"error: cannot write {output!r}: {exc.strerror or exc}", file=err)
        return EXIT_FAILED
    where = "stdout" if to_stdout else output
    print(f"recorded {count} trades of {len(codes)} code{'s' if len(codes) != 1 else ''} "
          f"on {day.isoformat()} (sim seed {seed}) to {where}", file=err)
    return EXIT_OK
