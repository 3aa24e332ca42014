"""Trade alerts: rules of kind "trade" (core/alert_rules.py) evaluated on each batch's
big trades, beside the AlertEngine's rules on values.

- A rule fires on one trade of a code in its scope (a code, a watchlist, every code
  given trades) worth at least its min_value, on its side (buy, sell, either).
- Once per trade: a trade seen before (the same code and sequence of the day, however
  it comes again: a reconnect's snapshot, a restarted tape) never fires again
  (core/trade_seen.py).
- Baseline, as the value rules: the trades of codes whose day a batch restarted (a
  snapshot: the day so far, at start-up or after a reconnect) are only marked seen, so
  a restart of FlowDeck does not fire the day's old prints.
- Cooldown per rule and code, as the others: inside it a trade is swallowed (it does
  not fire later); so is a second trade of the day under `once_per_day`, and every
  trade after the rule's `expires` day (the trade's own exchange date).

Work per batch: one mask per rule over the batch's trades; Python sees only the trades
that fire. Memory: per code its last sequence, per rule and code its last firing.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np

from .alert_rules import Rule
from .alerts import Alert
from .big_trades import BUY, SELL, BigTrades
from .rule_days import RuleDays
from .trade_seen import SeenTrades

_SIDE = {"buy": BUY, "sell": SELL}


class TradeAlerts:
    def __init__(self, rules: Iterable[Rule] = (),
                 watchlists: Mapping[str, Sequence[str]] | None = None) -> None:
        self.rules: list[Rule] = []
        self.seen = SeenTrades()
        self._scopes: list[frozenset[str] | None] = []
        self._last_fire: dict[tuple, float] = {}   # (rule condition, code) -> wall
        self.days = RuleDays()                     # expiry and once a day
        self.set_rules(rules, watchlists)

    def set_rules(self, rules: Iterable[Rule],
                  watchlists: Mapping[str, Sequence[str]] | None = None) -> None:
        """The trade rules among `rules`; a rule whose condition (Rule.key) is unchanged
        keeps its cooldowns."""
        self.rules = [r for r in rules if r.is_trade]
        watchlists = watchlists or {}
        self._scopes = []
        for rule in self.rules:
            kind, target = rule.scope_kind, rule.scope_target
            self._scopes.append(None if kind == "all" else frozenset(
                [target] if kind == "code" else watchlists.get(target, ())))
        keys = {r.key for r in self.rules}
        self._last_fire = {k: v for k, v in self._last_fire.items() if k[0] in keys}
        self.days.keep(self.rules)

    def recall(self, entries: Iterable) -> int:
        """Today's firings from the alert log (a restart): once-a-day rules stay quiet."""
        return self.days.recall(self.rules, entries, lambda rule, code: rule.threshold)

    def evaluate(self, trades: BigTrades, wall: float,
                 baseline: Collection[str] = ()) -> list[Alert]:
        """The alerts `trades` (in print order) fire, by trade then rule."""
        if not len(trades):
            return []
        fresh = self.seen.fresh(trades)
        if baseline:
            fresh &= np.fromiter((c not in baseline for c in trades.codes), bool,
                                 len(trades))
        if not self.rules or not fresh.any():
            return []
        rows = trades.take(fresh)
        hits: list[tuple[int, int]] = []
        for r_i, (rule, scope) in enumerate(zip(self.rules, self._scopes, strict=True)):
            if not rule.enabled:
                continue
            mask = rows.value >= rule.threshold
            if rule.side in _SIDE:
                mask &= rows.side == _SIDE[rule.side]
            if scope is not None:
                mask &= np.fromiter((c in scope for c in rows.codes), bool, len(rows))
            hits += [(i, r_i) for i in np.flatnonzero(mask).tolist()]
        if not hits:
            return []
        hits.sort()
        picked = list(rows.take(np.asarray(sorted({i for i, _ in hits}))).rows())
        at = {i: n for n, i in enumerate(sorted({i for i, _ in hits}))}
        alerts = []
        for i, r_i in hits:
            trade, rule = picked[at[i]], self.rules[r_i]
            key = (rule.key, trade.code)
            if wall - self._last_fire.get(key, -math.inf) < rule.cooldown_s:
                continue   # swallowed, as a value rule's trigger inside its cooldown
            if (rule.expires or rule.once_per_day) and not self.days.allow(
                    rule, trade.code, trade.time_text):
                continue
            self._last_fire[key] = wall
            alerts.append(Alert(trade.code, rule, trade.value, trade.time_text, wall,
                                threshold=rule.threshold, trade=trade))
        return alerts
