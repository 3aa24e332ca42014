"""The interfaces a source implements, declared, and the batch it yields.

- `Feed`: every source (snapshot, updates, aclose, name, simulated). Sources subclass
  it; it is a Protocol so that a front end can check any object against it.
- `ReportsConnection`: a source that keeps a connection and reconnects by itself (the
  gateway, Futu OpenD) tells its state through `on_state`; a front end sets it.
- `PolledFeed`: a source that polls under a quota (Futu OpenD) refreshes some codes
  first, knows how fresh each one is, and says when a row counts as late; the window
  asks, the quota arithmetic stays in the source.
- `HasUniverse`: a source that knows its stocks' names and sectors (the simulator: a
  whole market's; core.stock_info.Universe); `TellsNames`: one whose names come later.
- `RanksMarkets`: a source with a market's table at hand for rankings; `RanksScope`:
  one that ranks only the codes and plates it is told (futu://, inside its quota);
  `RanksByField`: one whose rows come sorted by the source, told the field ranked.
- `TellsOrigin`: a source relaying another's numbers (a gateway) names the source that
  made them; feeds/origin.py answers it for every feed.
- `CoversTrades`: a source whose big trades cover only some of the followed codes
  (futu://: those its subscription quota and quote rights let it subscribe).
- `TakesTapeSettings`: a source that picks the big trades itself (the simulator, a
  replay) is told the user's thresholds and the tape's caps.

Front ends test these with `isinstance`, never with `hasattr`. The batch types live in
core/batch.py (the client decodes them too); they are re-exported here because every
source speaks them.
"""

from __future__ import annotations

import abc
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..core.batch import Batch, MarketStatus, MinutePoints
from ..core.big_trade_thresholds import TapeSettings
from ..core.codes import normalise_code
from ..core.errors import invalid_param
from ..core.past_days import PastDays
from ..core.stock_info import Universe

if TYPE_CHECKING:  # only for annotations: a simulator needs no HTTP client
    from pathlib import Path

    from ..api.stream import ConnectionState

__all__ = ["BackfillsBeside", "Batch", "CoversTrades", "Feed", "HasUniverse", "KeepsFiles",
           "MarketStatus", "MinutePoints", "PolledFeed", "RanksBoards", "RanksByField",
           "RanksMarkets",
           "RanksScope", "ReportsConnection", "TakesTapeSettings", "TellsNames", "TellsOrigin",
           "normalise_codes", "universe_of"]


@runtime_checkable
class Feed(Protocol):
    """A source of batches. `name` is its URL; `simulated` marks synthetic data."""

    name: str = ""
    simulated: bool = False

    @abc.abstractmethod
    async def snapshot(self, codes: Sequence[str]) -> Batch:
        """The whole day so far for `codes` (records, details, every minute point)."""

    @abc.abstractmethod
    def updates(self, codes: Sequence[str]) -> AsyncIterator[Batch]:
        """Batches as the source changes, for `codes` only; runs until closed."""

    @abc.abstractmethod
    async def aclose(self) -> None:
        """Release the source; iterators from `updates` end."""

    async def __aenter__(self) -> Feed:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()


@runtime_checkable
class ReportsConnection(Protocol):
    """A source that reconnects by itself: it calls `on_state` (when set) with each
    change of its connection state, so a front end shows "reconnecting in 4 s" instead
    of restarting the source."""

    on_state: Callable[[ConnectionState], None] | None


@runtime_checkable
class PolledFeed(Protocol):
    """A source that polls under a quota: it cannot refresh every code at once, so the
    codes a user looks at go first and a row is late only by the source's own pace."""

    def set_priority(self, codes: Sequence[str]) -> None:
        """Refresh these first and more often (the selected row, rows with alert
        rules); replaces the previous ones."""
        ...

    def ages(self) -> dict[str, float | None]:
        """Seconds since each watched code was last refreshed (None: not yet)."""
        ...

    def stale_after(self, shown_s: float) -> float:
        """Seconds after which a row counts as stale, given the user's stale time: at
        least `shown_s`, more when one round of refreshes takes longer."""
        ...


@runtime_checkable
class BackfillsBeside(Protocol):
    """A source whose past days come through its own live connection (Futu OpenD: one
    account, one quota), so that a backfill beside the live feed shares its quota
    instead of opening a second connection that would not know about it."""

    async def identity(self) -> str:
        """The archive's key for this source's days."""
        ...

    def past_days(self) -> PastDays:
        """A backfill source over this feed's connection."""
        ...


@runtime_checkable
class HasUniverse(Protocol):
    """A source that names its stocks and their sectors: the live store keeps its
    universe for the table's names, the search box and the Market view."""

    def universe(self) -> Universe:
        """The source's stocks and sectors (built on first use; cheap to call again)."""
        ...


@runtime_checkable
class TellsNames(Protocol):
    """A source whose names come in after it opened (gateway://: from the upstream's
    /v1/quote, in the background): it calls `on_names()` when new ones came in."""

    on_names: Callable[[], None] | None


@runtime_checkable
class TellsOrigin(Protocol):
    """A source relaying another's numbers (gateway://): `origin` is the scheme of the
    source that made them (sim, replay, futu, eastmoney), "" until it is known."""

    origin: str


@runtime_checkable
class RanksMarkets(Protocol):
    """A source that has every code of a market at hand (the simulator: its whole
    universe), for rankings and sectors (core.ranking, core.rank_answer)."""

    async def market_table(self, markets: str) -> object:
        """The markets' table now (a core.rank_answer.MarketTableLike); `markets` a
        core.ranking MARKET_CHOICES key such as "HK" or "A"."""
        ...


@runtime_checkable
class RanksBoards(Protocol):
    """A source that ranks boards itself (eastmoney://: East Money's concept boards, each
    with its own flows; a stock is in many), for the Market view's Sectors tab."""

    async def board_table(self, kind: str, wait: bool = True) -> object:
        """The boards of `kind` ("concept") now: a feeds.board_table.BoardTable (empty
        and `loading` before the first list came, when not `wait`)."""
        ...

    async def board_members(self, board: str) -> list[str]:
        """Board `board`'s member codes."""
        ...


@runtime_checkable
class RanksByField(Protocol):
    """A RanksMarkets source whose rows come sorted by the source itself (eastmoney://:
    East Money's top and bottom of one field in 2 requests, the rest of the market
    rarely): told the field the view ranks, its next tables' top rows are that field's
    best and worst."""

    def rank_by(self, field: str) -> None:
        ...


@dataclass(frozen=True, slots=True)
class ScopeFacts:
    """What a RanksScope source's table ranks (its `scope`), for the view to word in
    the window's language."""
    codes: int                      # the codes ranked
    watchlists: bool = False        # the codes told (the window's watchlists') are in
    plates: tuple[str, ...] = ()    # the chosen plates' names (a code while unnamed)
    plates_loaded: int = 0          # of them, those whose stocks are known yet


@runtime_checkable
class RanksScope(Protocol):
    """A RanksMarkets source that cannot rank a whole market inside its quota (futu://):
    its market_table ranks the codes it is told (the window's watchlists' union) and
    the stocks of the plates chosen, each row with its age, and says so in its table's
    `scope` (ScopeFacts); `plate_list` offers the plates. `set_rank_scope((), ())` when
    no ranking is shown: the codes polled for it cost the followed rows' freshness."""

    def set_rank_scope(self, codes: Sequence[str], plates: Sequence[str] = ()) -> None:
        ...

    async def plate_list(self, market: str) -> list[tuple[str, str]]:
        """(plate code, name) of a market's plates, e.g. ("HK.BK1001", "...")."""
        ...


@runtime_checkable
class KeepsReports(Protocol):
    """A source that saves an answer it could not read (East Money's changed shapes),
    size-capped, for a bug report; the front end gives its state folder."""

    def keep_reports_in(self, folder: Path) -> None:
        ...


@runtime_checkable
class KeepsFiles(Protocol):
    """A source that keeps what it fetches once a day in a folder, so that a restart
    spends no quota on it again (futu://: its names); the front end gives its data
    folder."""

    def keep_files_in(self, folder: Path) -> None:
        ...


@runtime_checkable
class TakesTapeSettings(Protocol):
    """A source that picks a batch's big trades itself: from now on by these minimum
    values, a snapshot carrying at most `per_code` of a code's day (the window passes
    the user's [tape] settings; without them, the defaults)."""

    def set_tape_settings(self, settings: TapeSettings) -> None:
        ...


@runtime_checkable
class CoversTrades(Protocol):
    """A source that sees the big trades of some followed codes only (futu://: those it
    could subscribe to OpenD's pushes): the tape says which it does not cover."""

    def uncovered_trades(self) -> dict[str, str]:
        """Followed codes whose big trades do not come, each with why."""
        ...


def universe_of(feed: object) -> Universe | None:
    """The feed's universe when it names its stocks (HasUniverse), else None."""
    return feed.universe() if isinstance(feed, HasUniverse) else None


def normalise_codes(codes: Sequence[str]) -> list[str]:
    """The codes a feed was asked for, normalised, without repeats (1002 for a bad one);
    a single string is refused rather than read letter by letter."""
    if isinstance(codes, (str, bytes)):
        raise invalid_param("codes must be a list of codes, not a single string")
    return list(dict.fromkeys(normalise_code(c) for c in codes))
