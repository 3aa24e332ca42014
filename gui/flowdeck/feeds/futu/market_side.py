"""The part of FutuFeed (futu/feed.py) about stocks rather than flows, each call under
its own share of the quota (core/stock_quota.py), never the capital flow's:

- `universe()`: OpenD's names of the four markets' stocks (futu/names.py: one
  `get_stock_basicinfo` a market a day, kept in `names_folder` when given);
  `on_names()` is called as each market's come (feeds.base.TellsNames).
- Prices: the last price and previous close of the followed codes (and the rank
  scope's) from `get_market_snapshot`, 400 codes a request, every 5 s
  (futu/stock_side.py); a snapshot batch carries those known, and an update batch of
  `quotes` comes when a code's price moved.
- The Market view: `set_rank_scope(codes, plates)`, `market_table(markets)`,
  `plate_list(market)` (futu/rank_table.py says what is ranked and why).
- The tape: `set_tape_settings(settings)` (which pushed tickers are big trades),
  `uncovered_trades()` (followed codes whose tickers are not pushed, and why).

A mixin over FutuFeed's own state (its holders, kept data, scheduler and StockSide).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ...core.big_trade_thresholds import BigTradeThresholds, TapeSettings
from ...core.codes import Market, normalise_code
from ...core.errors import FlowDeckError
from ...core.ranking import MARKET_CHOICES
from ...core.stock_info import Quote
from ..base import Batch
from ..market_table import MarketTable
from .names import FutuNames
from .rank_table import RankScope, TableMaker

if TYPE_CHECKING:
    from collections import Counter

    from ...api.stream import ConnectionState
    from ...core.quota import RefreshScheduler
    from .batches import Kept
    from .push_side import PushSide
    from .stock_side import StockSide


class MarketSide:
    """universe(), set_rank_scope(), plate_list(), market_table() of a FutuFeed."""

    names: FutuNames
    stocks: StockSide | None
    scope: RankScope | None
    pushes: PushSide | None
    scheduler: RefreshScheduler
    on_names: Callable[[], None] | None
    _holders: Counter[str]
    _data: dict[str, Kept]
    _snapshot_quotes: dict[str, int]
    _table_makers: dict[str, TableMaker]
    _clock: Callable[[], float]
    _check_open: Callable[[], None]
    _start: Callable[[], None]
    _rewatch: Callable[[], None]
    _notify: Callable[[], None]
    _state_changed: Callable[[ConnectionState], None]
    _conn_state: ConnectionState | None
    _trade_thresholds = BigTradeThresholds()

    def universe(self) -> FutuNames:
        return self.names

    def keep_files_in(self, folder: Path) -> None:
        """Keep the names for the day in `folder`/futu (feeds.base.KeepsFiles): those
        learnt already are written there, today's found there are taken at once (those
        markets ask OpenD nothing)."""
        if self.names.keep_in(Path(folder) / "futu"):
            self._names_came()

    def set_rank_scope(self, codes: Sequence[str], plates: Sequence[str] = ()) -> None:
        """What market_table ranks: `codes` (the window's watchlists' union; malformed
        ones ignored) and the stocks of `plates` ("HK.BK1001", ...). They join the
        refresh round from now on (so a round takes longer: set_rank_scope((), ())
        while no Market view is shown gives the followed codes the quota back)."""
        keep = []
        for code in codes:
            with contextlib.suppress(FlowDeckError):
                keep.append(normalise_code(code))
        scope = RankScope(list(dict.fromkeys(keep)), list(dict.fromkeys(plates)))
        self.scope = scope if scope.codes or scope.plates else None
        self._check_open()
        self._start()
        assert self.stocks is not None
        self.stocks.set_plates(scope.plates)
        self._rewatch()

    async def plate_list(self, market: str | Market) -> list[tuple[str, str]]:
        """(plate code, name) of a market's plates, for choosing the scope's plates."""
        self._check_open()
        self._start()
        assert self.stocks is not None
        return await self.stocks.plate_list(Market(market))

    async def market_table(self, markets: str) -> MarketTable:
        """The scope's codes of `markets` (a core.ranking MARKET_CHOICES key); without a
        scope, the followed codes. Rows never fetched yet are NaN with NaN ages."""
        chosen = MARKET_CHOICES[markets]
        self._check_open()
        self._start()
        assert self.stocks is not None
        maker = self._table_makers.setdefault(markets, TableMaker())
        codes = maker.order(self._rank_codes(), chosen)
        scope = self.scope or RankScope()
        known = sum(p in self.stocks.members for p in scope.plates)
        chosen_plates = set(scope.plates)  # named from the plate lists asked so far
        names = {code: name for plates in self.stocks.plate_lists.values()
                 for code, name in plates if code in chosen_plates} if chosen_plates else {}
        return maker.make(codes, self._data, self.stocks.quotes, self.stocks.quote_seq,
                          self.scheduler.ages(self._clock()),
                          scope.facts(len(codes), known, names))

    def set_tape_settings(self, settings: TapeSettings) -> None:
        """The user's big-trade minimums (feeds.base TakesTapeSettings): a pushed ticker
        at or above its code's is a big trade, from now on. The caps are the tape's."""
        self._trade_thresholds = settings.thresholds
        if self.pushes is not None:
            self.pushes.thresholds = settings.thresholds

    def uncovered_trades(self) -> dict[str, str]:
        """Followed codes whose big trades this source does not see, and why (no quote
        rights for their market, or beyond the subscription quota)."""
        return self.pushes.uncovered() if self.pushes is not None else {}

    def _tell_state(self) -> None:
        """What the pushes say changed: the connection's state again, with it."""
        if self._conn_state is not None:
            self._state_changed(self._conn_state)

    def _quotes_pushed(self, quotes: list[Quote]) -> None:
        if self.stocks is not None and self.stocks.take_pushed(quotes):
            self._notify()

    def _rank_codes(self) -> list[str]:
        if self.scope is None:
            return list(self._holders)
        assert self.stocks is not None
        return self.scope.all_codes(self.stocks.members)

    def _hand_out_quotes(self, batch: Batch, codes: Sequence[str]) -> None:
        """A snapshot's quotes: those of `codes` known now, and where the updates after
        it start from."""
        for code in codes:
            quote = self.stocks.quotes.get(code) if self.stocks is not None else None
            if quote is not None:
                batch.quotes[code] = quote
            self._snapshot_quotes[code] = self._quote_seq(code)

    def _quote_batch(self, codes: Sequence[str], handed: dict[str, int]) -> Batch:
        """A batch of the new quotes of `codes`; `handed` (an iterator's) moves on."""
        assert self.stocks is not None
        handed.update((c, self._quote_seq(c)) for c in codes)
        return Batch(quotes={c: self.stocks.quotes[c] for c in codes})

    def _unpriced(self, codes: Sequence[str]) -> list[str]:
        """Codes no snapshot request has been answered (or refused) for yet."""
        tried = self.stocks.tried if self.stocks is not None else ()
        return [c for c in codes if c not in tried]

    def _quote_seq(self, code: str) -> int:
        return self.stocks.quote_seq.get(code, 0) if self.stocks is not None else 0

    def _names_came(self) -> None:
        if self.on_names is not None:
            self.on_names()
