"""The quota of Futu OpenD's calls about stocks rather than flows: names (basic info),
prices (snapshots) and plates. Pure: the caller passes the time in.

OpenD limits each method on its own, as a sliding window (futu-api's documentation,
"接口限制" of each call):

| method | OpenD allows | we use |
|---|---|---|
| get_stock_basicinfo | 10 per 30 s | 9 per 31 s |
| get_market_snapshot | 60 per 30 s, 400 codes a request | 58 per 31 s |
| get_plate_list | 10 per 30 s | 9 per 31 s |
| get_plate_stock | 10 per 30 s | 9 per 31 s |

So each gets its own share of the account's quota, and none of them takes anything of
get_capital_flow's or get_capital_distribution's (core/quota.py keeps those): the
capital-flow refreshes keep their pace whatever these do. The margin is that of
core/quota.py: a request or two and 1 s kept back for clock skew and the odd manual
request on the same account.

Prices are refreshed every QUOTE_INTERVAL seconds, longer when the codes need more
snapshot requests than the share allows in that time (`quote_interval`): 400 codes are
one request every 5 s (6 of the 60 in 30 s); 3,000 codes, 8 requests a round, still 5 s.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .quota import SlidingWindow

BASIC_INFO, SNAPSHOT = "get_stock_basicinfo", "get_market_snapshot"
PLATE_LIST, PLATE_STOCK = "get_plate_list", "get_plate_stock"
SNAPSHOT_CODES = 400          # codes a snapshot request may ask for
QUOTE_INTERVAL = 5.0          # seconds between price refreshes, at the least


@dataclass(frozen=True, slots=True)
class MethodLimit:
    limit: int                # OpenD: requests per window
    window: float = 30.0      # OpenD: the sliding window, seconds

    def used(self, slack: float) -> tuple[int, float]:
        """(requests, seconds) we allow ourselves: 1 in 30 kept back, at least 1."""
        return max(1, self.limit - max(1, self.limit // 30)), self.window + slack


PUBLISHED: Mapping[str, MethodLimit] = {
    BASIC_INFO: MethodLimit(10), SNAPSHOT: MethodLimit(60),
    PLATE_LIST: MethodLimit(10), PLATE_STOCK: MethodLimit(10)}


class StockQuota:
    """A sliding window per method: `next_free(method, now)`; when it is <= now,
    `take(method, now)` and send the request at once."""

    def __init__(self, limits: Mapping[str, MethodLimit] = PUBLISHED, slack: float = 1.0,
                 quote_every: float = QUOTE_INTERVAL, refused_wait: float = 30.0,
                 transport_wait: float = 5.0) -> None:
        self.quote_every = quote_every
        # After OpenD refused a call (quota, rights) / gave no answer: its next try.
        self.refused_wait, self.transport_wait = refused_wait, transport_wait
        self.limits = dict(limits)
        self.used = {m: lim.used(slack) for m, lim in self.limits.items()}
        self._windows = {m: SlidingWindow(*self.used[m]) for m in self.limits}

    def next_free(self, method: str, now: float) -> float:
        return self._windows[method].next_free(now)

    def take(self, method: str, now: float) -> None:
        """One request of `method` goes out now (ValueError when the window is full:
        the caller asked `next_free` first)."""
        window = self._windows[method]
        if window.next_free(now) > now:
            raise ValueError(f"{method}: no request free at {now}")
        window.record(now)

    def spacing(self, method: str) -> float:
        """Seconds per request at the sustained rate we allow ourselves."""
        limit, window = self.used[method]
        return window / limit

    def quote_interval(self, codes: int) -> float:
        """Seconds between two price refreshes of `codes` codes: `quote_every`, or the
        time the snapshot share needs for their requests when that is longer."""
        requests = math.ceil(codes / SNAPSHOT_CODES)
        return max(self.quote_every, requests * self.spacing(SNAPSHOT))
