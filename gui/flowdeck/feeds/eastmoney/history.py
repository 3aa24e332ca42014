"""East Money's past days of A-share capital flow, for the backfill (core/past_days.py).

    past = EastMoneyPastDays(get)            # get(path, params) -> the decoded JSON
    await Backfill(past, Archive.open(path, await past.identity()), codes, 20).run()

- One request a code: `fflow/daykline/get?secid=1.600519&klt=101&lmt=0` answers its
  last ~100 trading days (akshare/stock/stock_fund_em.py, stock_individual_fund_flow:
  `data.klines`, each "date,main,small,medium,large,super,main%,small%,medium%,large%,
  super%,close,change%,x,x"; note the order: main first, then small up to super).
- What a day keeps: the four tier nets (CNY) and the close. No turnover, no inflow or
  outflow is published, so they stay unknown (None) and so do the archive's ratios: a
  turnover made up from net / ratio would carry East Money's two-decimal rounding into
  every multi-day sum. Their main is super + large to the yuan (the fake's tests read
  it so; the live record's check is fields.py's).
- The calendar: the dates of the Shanghai Composite's own daykline (secid 1.000001),
  one request a run, so a holiday is not taken for a day without data.
- Identity "eastmoney": their numbers size both sides of a trade (tier nets sum to
  zero), so they are never mixed with FlowDeck's engine's or Futu's rows.
- A code East Money cannot answer (not SH/SZ, refused, an unexpected shape) has its
  code-days settled without a row and the reason in `errors`; the next run asks again.
- Beside a live feed it shares the feed's client and budget (market_side.py); on its
  own (`flowdeck backfill --source eastmoney://`, feeds/history_sources.py)
  `open_past_days(url)` gives it a client and budget of its own (`aclose()` after).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence

from ...core.codes import Market
from ...core.day_flow import DayFlow
from ...core.errors import FlowDeckError, source_failed
from ...core.markets import market_of, minute_label, session_minutes
from ...core.past_days import PastDaysPart

log = logging.getLogger("flowdeck.feeds.eastmoney.history")

IDENTITY = "eastmoney"
DAYKLINE_PATH = "/api/qt/stock/fflow/daykline/get"
CALENDAR_SECID = "1.000001"  # the Shanghai Composite: trades on every A-share day
FIELDS1 = "f1,f2,f3,f7"
FIELDS2 = "f51,f52,f53,f54,f55,f56,f57,f58,f59,f60,f61,f62,f63,f64,f65"
COLUMNS = 15        # a kline's comma-separated fields, as FIELDS2 asks
_SECID_MARKET = {Market.SH: "1", Market.SZ: "0"}
# Positions in a kline of the nets in DayFlow's tier order (super, large, medium, small).
_NET_AT = (5, 4, 3, 2)
_MAIN_AT, _CLOSE_AT = 1, 11

Get = Callable[[str, Mapping[str, str]], Awaitable[object]]


def secid(code: str) -> str:
    """East Money's id of an SH/SZ code ("SH.600519" -> "1.600519"); 1016 for others."""
    market = market_of(code)
    if market not in _SECID_MARKET:
        raise source_failed(f"East Money has no capital flow of {code}: HK and US need "
                            "futu://", "eastmoney.market", code=code)
    return f"{_SECID_MARKET[market]}.{code.partition('.')[2]}"


def daykline_params(sec: str) -> dict[str, str]:
    return {"lmt": "0", "klt": "101", "secid": sec, "fields1": FIELDS1,
            "fields2": FIELDS2}


def _shape(field: str, why: str) -> FlowDeckError:
    return source_failed(f"East Money fflow/daykline: unexpected {field}: {why}",
                         "eastmoney.shape", field=field)


def kline_rows(answer: object) -> list[list[str]]:
    """The answer's klines split into their fields; 1016 naming the field that is not
    as akshare reads it. `data: null` (a code East Money does not know) is no rows."""
    if not isinstance(answer, dict) or "data" not in answer:
        raise _shape("data", "no 'data' in the answer")
    data = answer["data"]
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("klines"), list):
        raise _shape("data.klines", "not a list")
    rows = []
    for i, line in enumerate(data["klines"]):
        parts = line.split(",") if isinstance(line, str) else None
        if parts is None or len(parts) < _CLOSE_AT + 1:
            raise _shape(f"data.klines[{i}]", f"expected {COLUMNS} comma-separated "
                         f"fields, got {line!r:.80}")
        rows.append(parts)
    return rows


def _day(text: str, i: int) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _shape(f"data.klines[{i}] date", repr(text[:20])) from None


def _number(text: str, where: str) -> float | None:
    """A kline's number; None for East Money's '-' (no data that day)."""
    if text.strip() in ("-", ""):
        return None
    try:
        value = float(text)
    except ValueError:
        raise _shape(where, repr(text[:20])) from None
    if not math.isfinite(value):
        raise _shape(where, repr(text[:20]))
    return value


def parse_day_flows(code: str, answer: object) -> dict[dt.date, DayFlow]:
    """A code's complete days from a daykline answer. A day whose nets East Money
    publishes as '-' is left out (settled without a row), never saved as zeros."""
    market = market_of(code)
    close_time = f"{minute_label(market, session_minutes(market) - 1)}:59"
    out: dict[dt.date, DayFlow] = {}
    for i, parts in enumerate(kline_rows(answer)):
        day = _day(parts[0], i)
        nets = [_number(parts[at], f"data.klines[{i}][{at}]") for at in _NET_AT]
        if any(n is None for n in nets):
            continue
        close = _number(parts[_CLOSE_AT], f"data.klines[{i}][{_CLOSE_AT}]")
        out[day] = DayFlow(code=code, day=day, net=tuple(nets),  # type: ignore[arg-type]
                           close=close, complete=True, update_time=f"{day} {close_time}")
    return out


def main_mismatch(answer: object) -> float:
    """The largest |main - (super + large)| over an answer's days, in yuan (East
    Money's main is their sum: the check README's figure is from)."""
    worst = 0.0
    for i, parts in enumerate(kline_rows(answer)):
        vals = [_number(parts[at], f"data.klines[{i}][{at}]") for at in (1, 5, 4)]
        if None not in vals:
            main, sup, large = vals  # type: ignore[misc]
            worst = max(worst, abs(main - (sup + large)))
    return worst


def open_past_days(url: str, options: Mapping[str, str]) -> EastMoneyPastDays:
    """A backfill source of its own for `eastmoney://[HOST:PORT][?rate=R...]`: the URL's
    budget and hosts, no live feed beside it."""
    from ...core.markets import local_now
    from .budget import IDLE, RequestBudget
    from .client import EastMoneyClient, Refused, ShapeError
    from .url import parse_eastmoney_url

    target = parse_eastmoney_url(url, options)
    client = EastMoneyClient(target, RequestBudget(target.rate))

    async def get(path: str, params: Mapping[str, str]) -> object:
        try:
            return await client.get("push2his", path, params, IDLE)
        except Refused as exc:
            raise source_failed(f"East Money refused the request ({exc.why})",
                                "eastmoney.refused") from None
        except ShapeError as exc:
            raise _shape(exc.field, exc.detail) from None

    return EastMoneyPastDays(get, today=lambda: local_now(Market.SH).date(),
                             keep=client.keep, close=client.aclose)


class EastMoneyPastDays:
    """East Money as a backfill source (the module's doc). `get(path, params)` sends
    one request under the source's budget and returns the decoded JSON (or raises
    FlowDeckError); `requests` counts those sent, `errors` why a code's days were not
    fetched."""

    def __init__(self, get: Get, *, today: Callable[[], dt.date],
                 keep: Callable[[str, object], object] | None = None,
                 close: Callable[[], Awaitable[None]] | None = None) -> None:
        self.get = get
        self.today = today
        self.keep = keep      # an answer of an unexpected shape (a bug report's)
        self._close = close   # the client open_past_days made
        self.requests = 0
        self.errors: dict[str, str] = {}
        self._calendar: list[dt.date] | None = None
        self._calendar_of: dt.date | None = None   # the day it was asked on

    async def identity(self) -> str:
        return IDENTITY

    async def aclose(self) -> None:
        """Closes the client open_past_days made (a feed's stays open)."""
        if self._close is not None:
            await self._close()
            self._close = None

    async def trading_days(self, market: Market, count: int) -> list[dt.date]:
        """The A-share trading days before today (East Money's index daykline), the
        last `count` of them; [] for HK and US (no days to ask East Money for)."""
        if count <= 0 or Market(market) not in _SECID_MARKET:
            return []
        today = self.today()
        if self._calendar is None or self._calendar_of != today:  # a new day: one more
            answer = await self._ask(CALENDAR_SECID)
            days = sorted(d for d in parse_day_flows("SH.000001", answer) if d < today)
            if not days:  # never "no past days": a backfill would end having done nothing
                raise source_failed("East Money sent no trading days (the Shanghai "
                                    "Composite's daykline was empty)", "eastmoney.calendar")
            self._calendar, self._calendar_of = days, today
        return self._calendar[-count:]

    async def past_days(self, wanted: Mapping[str, Sequence[dt.date]]
                        ) -> AsyncIterator[PastDaysPart]:
        for code, days in wanted.items():
            days = sorted(set(days))
            if not days:
                continue
            settled = [(code, d) for d in days]
            answer: object = None
            try:
                answer = await self._ask(secid(code))
                flows = parse_day_flows(code, answer)
            except FlowDeckError as exc:
                if exc.reason == "eastmoney.shape" and self.keep is not None:
                    self.keep(DAYKLINE_PATH, answer)
                self.errors[code] = exc.message
                log.warning("backfill: %s (asked again next time)", exc.message)
                yield PastDaysPart(settled)
                continue
            self.errors.pop(code, None)
            yield PastDaysPart(settled, [flows[d] for d in days if d in flows])

    async def _ask(self, sec: str) -> object:
        self.requests += 1
        return await self.get(DAYKLINE_PATH, daykline_params(sec))
