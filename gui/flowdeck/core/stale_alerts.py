"""Data-stale alerts, decided: the source down, or watched codes of an open market with
no update for longer than the stale time, give ONE alert, and one when it recovers;
never while their market is at lunch or closed. No Qt, no asyncio: live/stale.py calls
`StaleJudge.step` once a second with the store's arrays.

- Time counts only while the market is open: a code's age is measured from its last
  record or from the moment its market (re)opened, whichever is later, so the first
  minutes after the open or after lunch are not an outage.
- A source outage makes every code stale within a few seconds of each other: codes
  going stale within `group_s` of the first are one alert naming how many.
- While the source is down its codes are not judged (the source's alert says it all);
  a code already alerted stays so across a lunch break or the close and recovers with
  its next record.
- Which markets are open: the calendar at the clock (weekends closed, sessions and lunch
  breaks by core/markets.py) and, while the source is up, the state it reports too: a
  market it says is closed (a holiday it knows) is closed. While it is down its reports
  are as old as the outage, so the calendar alone decides.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .markets import MARKET_ORDER, MarketState, local_now, market_state

STALE, RECOVERED = "stale", "recovered"
STALE_S = 120.0
MIN_STALE_S, MAX_STALE_S = 10.0, 24 * 3600.0
GROUP_S = 10.0


@dataclass(frozen=True, slots=True)
class StaleSettings:
    """The settings file's `[stale]` table: on or off, the stale time, and the channels
    (`[[channels]]` names) the alerts go to besides the alert log."""
    enabled: bool = True
    stale_s: float = STALE_S
    channels: tuple[str, ...] = ()


def stale_from_table(table: object) -> tuple[StaleSettings, list[str]]:
    """`[stale]`, leniently: each bad value is named in the problems and its default
    used. None or {}: the defaults."""
    if table is None:
        return StaleSettings(), []
    if not isinstance(table, Mapping):
        return StaleSettings(), [f"[stale] is not a table ({table!r:.60})"]
    problems: list[str] = []
    default = StaleSettings()
    enabled = table.get("enabled", default.enabled)
    if not isinstance(enabled, bool):
        problems.append(f"stale.enabled must be true or false, not {enabled!r:.40}")
        enabled = default.enabled
    stale_s = table.get("stale_s", default.stale_s)
    if (isinstance(stale_s, bool) or not isinstance(stale_s, int | float)
            or not MIN_STALE_S <= stale_s <= MAX_STALE_S):
        problems.append(f"stale.stale_s must be seconds from {MIN_STALE_S:g} to "
                        f"{MAX_STALE_S:g}, not {stale_s!r:.40}")
        stale_s = default.stale_s
    channels = table.get("channels", [])
    if not isinstance(channels, list | tuple) or not all(isinstance(c, str) for c in channels):
        problems.append(f"stale.channels must be a list of channel names, not {channels!r:.60}")
        channels = []
    return StaleSettings(enabled, float(stale_s),
                         tuple(dict.fromkeys(c.strip() for c in channels if c.strip()))), problems


def stale_to_table(settings: StaleSettings) -> dict:
    """The `[stale]` table of `settings`; stale_from_table gives the same back."""
    stale_s = settings.stale_s
    return {"enabled": settings.enabled,
            "stale_s": int(stale_s) if float(stale_s).is_integer() else stale_s,
            "channels": list(settings.channels)}


def markets_open(epoch: float, reported: Mapping[str, object] | None = None) -> np.ndarray:
    """Per market of MARKET_ORDER, whether it is open at `epoch` (time.time()) by the
    calendar and, when given, by the state the source `reported` for it."""
    now = dt.datetime.fromtimestamp(epoch, dt.UTC)
    out = np.zeros(len(MARKET_ORDER), bool)
    for i, m in enumerate(MARKET_ORDER):
        said = (reported or {}).get(m.value)
        out[i] = (market_state(m, local_now(m, now)) == MarketState.OPEN
                  and (said is None or _state(said) == MarketState.OPEN))
    return out


def _state(status: object) -> MarketState | None:
    try:
        return MarketState(getattr(status, "state", status))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class StaleEvent:
    """One alert: `kind` STALE or RECOVERED; `codes` the codes it is about (empty when
    it is about the source: `source` True); `seconds` how long without data (at a
    stale alert, at least the stale time; at a recovery, the gap it ends); `error` the
    source's last error."""
    kind: str
    codes: tuple[str, ...] = ()
    source: bool = False
    seconds: float = 0.0
    error: str = ""


@dataclass(slots=True)
class _Pending:
    """Codes seen going stale (or recovering) and not yet told, since `first`."""
    codes: dict[str, float] = field(default_factory=dict)  # code -> its age or gap
    first: float = math.nan


class StaleJudge:
    """`step(...)` once a second; it answers the alerts due. `now` and the codes' last
    record times are on one clock (the Follower's, monotonic)."""

    def __init__(self, stale_s: float = STALE_S, group_s: float = GROUP_S) -> None:
        self.stale_s, self.group_s = float(stale_s), float(group_s)
        self._open_since = np.full(len(MARKET_ORDER), np.nan)
        self._alerted: dict[str, float] = {}   # stale code -> the start of its gap
        self._stale = _Pending()
        self._recovered = _Pending()
        self._source_down_at: float | None = None  # the outage alerted, since when

    @property
    def stale_codes(self) -> frozenset[str]:
        """Codes alerted as stale and not recovered."""
        return frozenset(self._alerted)

    @property
    def source_alerted(self) -> bool:
        return self._source_down_at is not None

    def step(self, now: float, codes: Sequence[str], last: np.ndarray, market: np.ndarray,
             market_open: np.ndarray, down_since: float | None = None,
             error: str = "") -> list[StaleEvent]:
        """`codes` the watched codes, `last` their last record's time (NaN: none yet),
        `market` their index in MARKET_ORDER, `market_open` per market (markets_open),
        `down_since` when the source stopped being live (None: it is live)."""
        opened = market_open & np.isnan(self._open_since)
        self._open_since[opened] = now
        self._open_since[~market_open] = np.nan
        watched_open = market_open[market] if len(codes) else np.zeros(0, bool)
        if down_since is not None:
            self._stale = _Pending()
            return self._source_step(now, market, watched_open, down_since, error)
        events = []
        if self._source_down_at is not None:
            events.append(StaleEvent(RECOVERED, source=True,
                                     seconds=now - self._source_down_at))
            self._source_down_at = None
        row = {c: i for i, c in enumerate(codes)}
        for gone in [c for c in self._alerted if c not in row]:
            del self._alerted[gone]
        with np.errstate(invalid="ignore"):
            since = np.fmax(last, self._open_since[market])
            since[np.isnan(last)] = np.nan        # never had a record: never stale
            stale = watched_open & ((now - since) > self.stale_s)
            fresh = (now - last) <= self.stale_s  # a record within the stale time
        for i in np.flatnonzero(stale).tolist():
            code = codes[i]
            if code not in self._alerted and code not in self._stale.codes:
                self._add(self._stale, code, float(since[i]), now)
        for code, start in self._alerted.items():
            if fresh[row[code]] and code not in self._recovered.codes:
                self._add(self._recovered, code, start, now)
        events += self._due_stale(now, row, watched_open & ~fresh)
        events += self._due_recovered(now)
        return events

    def _source_step(self, now: float, market: np.ndarray, watched_open: np.ndarray,
                     down_since: float, error: str) -> list[StaleEvent]:
        if self._source_down_at is not None or not watched_open.any():
            return []
        opened = float(np.nanmin(self._open_since[market[watched_open]]))
        start = max(down_since, opened)
        if now - start < self.stale_s:
            return []
        self._source_down_at = down_since
        return [StaleEvent(STALE, source=True, seconds=now - down_since, error=error)]

    @staticmethod
    def _add(pending: _Pending, code: str, start: float, now: float) -> None:
        if not pending.codes:
            pending.first = now
        pending.codes[code] = start

    def _due_stale(self, now: float, row: Mapping[str, int],
                   quiet_open: np.ndarray) -> list[StaleEvent]:
        pending = self._stale
        if not pending.codes or now - pending.first < self.group_s:
            return []
        self._stale = _Pending()
        # A code that had a record meanwhile, whose market closed meanwhile, or that left
        # the watched codes is not told.
        still = {c: s for c, s in pending.codes.items() if c in row and quiet_open[row[c]]}
        if not still:
            return []
        self._alerted.update(still)
        return [StaleEvent(STALE, tuple(still), seconds=now - min(still.values()))]

    def _due_recovered(self, now: float) -> list[StaleEvent]:
        pending = self._recovered
        if not pending.codes or now - pending.first < self.group_s:
            return []
        self._recovered = _Pending()
        back = {c: s for c, s in pending.codes.items() if c in self._alerted}
        for code in back:
            del self._alerted[code]
        if not back:
            return []
        return [StaleEvent(RECOVERED, tuple(back), seconds=now - min(back.values()))]

