"""The alert engine: rules (core/alert_rules.py) evaluated over whole batches at once.

Every (rule, code) pair the scopes name is one row of flat numpy arrays (rule, code
row, field, operator, threshold, band, cooldown, state), so a batch is evaluated with a
handful of array operations however many rules and codes there are; Python only sees
the pairs that fire.

Semantics, per pair:
- `>`, `>=`, `<`, `<=` are edge-triggered: a pair fires when its condition becomes
  true, then is disarmed; it re-arms once the value has left the condition by the
  hysteresis band (`>`: value <= threshold - band; `<`: value >= threshold + band).
- `crosses` fires each time the value moves to the other side of the threshold: it is
  taken to be above once it exceeds threshold + band and below once it falls under
  threshold - band, and fires when that side changes.
- Cooldown: a pair fires at most once per `cooldown_s`; a trigger inside the cooldown
  is swallowed (the pair is disarmed as if it had fired, so it does not fire late).
- Baseline, not replay: the first value a pair sees (at start-up, after a rule is added
  or changed, and for codes the caller names in `baseline`, i.e. whose day a snapshot
  restarted after a reconnect or a new subscription) only sets its state. A condition
  already true then does not fire, it is disarmed until it clears. So neither a restart
  of FlowDeck nor a reconnect fires a storm for conditions that were already true; the
  price is that a crossing entirely inside a gap is not reported.
- NaN values are ignored (the pair keeps its state).
- AND rules (two or three conditions on the code, core/rule_conditions.py): each
  condition is tested as above, in rows of their own (core/and_conditions.py); the
  pair fires when all hold together after it was armed, and re-arms once any of them
  has left its condition by its own band. A `crosses` condition is the event: the pair
  fires at each crossing at which the others hold. A missing value of any condition
  keeps the pair's state.
- Once per day and expiry: a trigger on the same exchange day (the record's update
  time's date) as the pair's last firing of a `once_per_day` rule, or after the rule's
  `expires` day, is swallowed as inside a cooldown.
- Each pair's threshold and band are its rule's for the code's market
  (core/rule_thresholds.py: per-market thresholds, a threshold in one currency converted
  at the engine's `rates`, `set_rates`); no rate: a NaN threshold, a silent pair.

Derived fields (core/derived_fields.py: multi-day nets and ratios, the inflow streak)
and the price change (`change_pct`, from the quotes given to `evaluate`: each code's
latest, read with its next record) are extra columns after the record's 12. The engine
asks its `extra` provider for the derived ones, for the batch's codes, when a rule names
one; without a provider they stay NaN and such rules stay silent. They are evaluated
with each batch like the record's numbers: a window that moves because the day rolled is
seen with the next batch.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Protocol

import numpy as np

from .alert_firing import Alert
from .and_conditions import AndRows, test
from .batch import QuoteColumns, RecordColumns
from .currency import Rates
from .derived_fields import CHANGE_KEY, DERIVED_KEYS, RULE_KEYS
from .records import NUMERIC_KEYS
from .rule import Rule
from .rule_days import RuleDays
from .rule_parsing import Op
from .rule_thresholds import market_position, threshold_tables, thresholds_by_market

__all__ = ["Alert", "AlertEngine", "ExtraColumns"]

_FIELD_INDEX = {k: i for i, k in enumerate(RULE_KEYS)}
_WIDTH = len(RULE_KEYS)
_RECORD_WIDTH = len(NUMERIC_KEYS)
_DERIVED_END = _RECORD_WIDTH + len(DERIVED_KEYS)
_CHANGE = _FIELD_INDEX[CHANGE_KEY]
_OP_INDEX = {op: i for i, op in enumerate(Op)}
_GT, _GE, _LT, _LE, _CROSSES = (_OP_INDEX[o] for o in (Op.GT, Op.GE, Op.LT, Op.LE, Op.CROSSES))


class ExtraColumns(Protocol):
    """Gives the derived fields of a batch's codes (core/multiday.MultiDayColumns)."""

    def extra_columns(self, columns: RecordColumns) -> np.ndarray:
        """(len(columns), len(DERIVED_KEYS)) float64 in DERIVED_KEYS order, row j for
        `columns.codes[j]`; NaN where unknown."""
        ...


class AlertEngine:
    """`set_rules(rules, watchlists)`, then `evaluate(columns, wall)` per batch.

    `watchlists` maps a list's name to its codes (for "watchlist:NAME" scopes); "all"
    means every code the engine is given values for. `extra` provides the derived
    fields (settable later, e.g. once the archive is open); `rates` convert thresholds
    given in one currency (`set_rates`)."""

    def __init__(self, rules: Iterable[Rule] = (),
                 watchlists: Mapping[str, Sequence[str]] | None = None,
                 extra: ExtraColumns | None = None, rates: Rates | None = None) -> None:
        self.extra = extra
        self.rates = rates
        self._uses_extra = False
        self.wants_quotes = False  # a rule names change_pct: give evaluate the quotes
        # The values' columns: the record's 12, and the derived ones only while a rule
        # names one (a wider table made every batch's write and gather ~1.35x slower).
        self._width = _RECORD_WIDTH
        self.rules: list[Rule] = []
        self._codes: list[str] = []
        self._row: dict[str, int] = {}
        self._values = np.full((0, self._width), np.nan)
        self._valued = np.zeros(0, bool)  # rows given a value: what "all" covers
        self._market = np.zeros(0, np.int8)  # row -> rule_thresholds.market_position
        self._last_codes: list[str] = []
        self._last_rows = np.zeros(0, np.intp)
        self._all_rules: np.ndarray = np.zeros(0, np.int32)
        self._pos = np.zeros(0, np.intp)      # row -> position in the batch evaluated
        self._tables = threshold_tables((), rates)  # per rule x market: set_rules/set_rates
        self.days = RuleDays()  # expiry and once a day
        self._and = AndRows([], np.zeros(0, np.intp), _FIELD_INDEX, np.zeros(0, np.int32), 1)
        self._set_pairs(np.zeros(0, np.int32), np.zeros(0, np.int32))
        self.set_rules(rules, watchlists or {})

    # --- rules and codes ---------------------------------------------------------------

    def set_rules(self, rules: Iterable[Rule],
                  watchlists: Mapping[str, Sequence[str]] | None = None) -> None:
        """Replace the rules. Pairs whose rule condition (Rule.key) and code are
        unchanged keep their state; new pairs start from a baseline."""
        old_keys = self._pair_keys()
        old_state = (self._seen, self._armed, self._side, self._last_fire)
        old_and = self._and
        self.rules = [r for r in rules if not r.is_trade]   # trade_alerts.py's
        self._tables = threshold_tables(self.rules, self.rates)
        self._uses_extra = any(c.field in DERIVED_KEYS for r in self.rules
                               for c in r.conditions)
        self.wants_quotes = any(c.field == CHANGE_KEY for r in self.rules
                                for c in r.conditions)
        self._set_width(_WIDTH if self._uses_extra or self.wants_quotes else _RECORD_WIDTH)
        watchlists = watchlists or {}
        pair_rule: list[int] = []
        pair_code: list[int] = []
        all_rules = []
        for r_i, rule in enumerate(self.rules):
            kind, target = rule.scope_kind, rule.scope_target
            if kind == "all":
                all_rules.append(r_i)
                codes: Sequence[str] = [self._codes[i] for i in
                                        np.flatnonzero(self._valued[: len(self._codes)])]
            elif kind == "code":
                codes = [target]
            else:
                codes = watchlists.get(target, ())
            for code in dict.fromkeys(codes):
                pair_rule.append(r_i)
                pair_code.append(self._row_of(code))
        self._all_rules = np.asarray(all_rules, np.int32)
        self._set_pairs(np.asarray(pair_rule, np.int32), np.asarray(pair_code, np.int32))
        self._carry_state(old_keys, old_state, old_and)
        self.days.keep(self.rules)

    def _set_width(self, width: int) -> None:
        if width == self._width:
            return
        values = np.full((len(self._values), width), np.nan)
        keep = min(width, self._width)
        values[:, :keep] = self._values[:, :keep]
        self._values, self._width = values, width

    @property
    def pair_count(self) -> int:
        return len(self._pair_rule)

    def _row_of(self, code: str) -> int:
        row = self._row.get(code)
        if row is None:
            row = self._row[code] = len(self._codes)
            self._codes.append(code)
            if row >= len(self._values):
                cap = max(16, 2 * len(self._values))
                grown = np.full((cap, self._width), np.nan)
                grown[: len(self._values)] = self._values
                valued = np.zeros(cap, bool)
                valued[: len(self._valued)] = self._valued
                market = np.zeros(cap, np.int8)
                market[: len(self._market)] = self._market
                self._values, self._valued, self._market = grown, valued, market
            self._market[row] = market_position(code)
        return row

    def set_rates(self, rates: Rates | None) -> None:
        """New rates: the pairs' thresholds again; their state stays."""
        self.rates = rates
        self._tables = threshold_tables(self.rules, rates)
        self._set_thresholds()

    def _set_thresholds(self) -> None:
        # New codes joining "all" rules come here each time: the tables are made once.
        thresholds, bands = self._tables
        where = (self._pair_rule, self._market[self._pair_code])
        self._threshold, self._band = thresholds[where], bands[where]

    def _set_pairs(self, pair_rule: np.ndarray, pair_code: np.ndarray,
                   keep: int = 0) -> None:
        """Pairs from `pair_rule`/`pair_code`; the first `keep` are the current ones
        (their state stays), the rest start from a baseline."""
        rules = self.rules
        self._pair_rule = pair_rule
        self._pair_code = pair_code

        def per_rule(get, dtype) -> np.ndarray:
            if not rules:
                return np.zeros(0, dtype)
            return np.asarray([get(r) for r in rules], dtype)[pair_rule]
        self._field = per_rule(lambda r: _FIELD_INDEX[r.field], np.intp)
        self._set_thresholds()
        self._cooldown = per_rule(lambda r: r.cooldown_s, np.float64)
        self._enabled = per_rule(lambda r: r.enabled, bool)
        op = per_rule(lambda r: _OP_INDEX[r.op], np.int8)
        self._sign = np.select([np.isin(op, (_GT, _GE)), np.isin(op, (_LT, _LE))],
                               [1.0, -1.0], 0.0)
        self._strict = np.isin(op, (_GT, _LT))
        self._cross = op == _CROSSES
        self._flat = pair_code.astype(np.intp) * self._width + self._field
        old_and = self._and
        self._and = AndRows(rules, pair_rule, _FIELD_INDEX, pair_code, self._width)
        if keep:
            self._and.keep_sides(old_and, np.arange(keep))
        # A crossing is an event: a rule with one fires at each crossing the others
        # hold at; without, it fires when all its conditions become true together.
        self._event = self._cross.copy()
        self._event[self._and.pair[self._and.cross]] = True
        self._gated = per_rule(lambda r: r.once_per_day or bool(r.expires), bool)
        n = len(pair_rule) - keep

        def state(name: str, fresh: np.ndarray) -> np.ndarray:
            return np.concatenate([getattr(self, name)[:keep], fresh]) if keep else fresh
        self._seen = state("_seen", np.zeros(n, bool))        # has a baseline
        self._armed = state("_armed", np.zeros(n, bool))
        self._side = state("_side", np.zeros(n, np.int8))     # crosses: -1 below, +1 above
        self._last_fire = state("_last_fire", np.full(n, -np.inf))

    def _add_all_pairs(self, rows: np.ndarray) -> None:
        """New codes join every "all" rule, from a baseline."""
        if not len(self._all_rules) or not len(rows):
            return
        rule = np.repeat(self._all_rules, len(rows))
        code = np.tile(rows.astype(np.int32), len(self._all_rules))
        self._set_pairs(np.concatenate([self._pair_rule, rule]),
                        np.concatenate([self._pair_code, code]), keep=len(self._pair_rule))

    def _pair_keys(self) -> list[tuple]:
        """(rule condition, code) per pair: what a pair's state belongs to."""
        return [(self.rules[r].key, self._codes[c])
                for r, c in zip(self._pair_rule.tolist(), self._pair_code.tolist(), strict=True)]

    def _carry_state(self, old_keys: list[tuple], old: tuple[np.ndarray, ...],
                     old_and: AndRows) -> None:
        """Pairs whose (condition, code) existed before take their state from `old`
        (_set_pairs makes new arrays, so the old ones are intact)."""
        where = {k: i for i, k in enumerate(old_keys)}
        pairs = [(i, where[k]) for i, k in enumerate(self._pair_keys()) if k in where]
        if pairs:
            new, before = (list(x) for x in zip(*pairs, strict=True))
            for array, previous in zip((self._seen, self._armed, self._side, self._last_fire),
                                       old, strict=True):
                array[new] = previous[before]
            moved = np.full(len(old[0]), -1, np.intp)
            moved[before] = new
            self._and.keep_sides(old_and, moved)

    def baseline(self, codes: Iterable[str] | None = None) -> None:
        """The next value of these codes (None: all) sets state without firing."""
        if codes is None:
            self._seen[:] = False
            return
        rows = [self._row[c] for c in codes if c in self._row]
        if rows:
            mask = np.zeros(len(self._codes), bool)
            mask[rows] = True
            self._seen[mask[self._pair_code]] = False

    # --- evaluation --------------------------------------------------------------------

    def note_quotes(self, quotes: QuoteColumns) -> None:
        """Prices: each code's change (last / previous close - 1; NaN without a close),
        read with its next record."""
        if not self.wants_quotes or not len(quotes.codes):
            return
        rows = np.fromiter((self._row_of(c) for c in quotes.codes), np.intp,
                           len(quotes.codes))
        prev = np.asarray(quotes.prev_close, np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            change = np.where(prev > 0, np.asarray(quotes.last, np.float64) / prev - 1, np.nan)
        self._values[rows, _CHANGE] = change

    def evaluate(self, columns: RecordColumns, wall: float, baseline: Collection[str] = (),
                 quotes: QuoteColumns | None = None) -> list[Alert]:
        """Apply a batch's records (and its quotes, for change_pct); the alerts that
        fire, in pair order."""
        if quotes is not None:
            self.note_quotes(quotes)
        if not len(columns):
            return []
        if baseline:
            self.baseline(baseline)
        rows = self._rows_for(columns.codes)
        first = rows[~self._valued[rows]]
        if len(first):
            self._valued[first] = True
            self._add_all_pairs(np.unique(first))
        if self._width == _RECORD_WIDTH:
            self._values[rows] = columns.values
        else:
            self._values[rows, :_RECORD_WIDTH] = columns.values
            if self.extra is not None:
                self._values[rows, _RECORD_WIDTH:_DERIVED_END] = \
                    self.extra.extra_columns(columns)
        if not len(self._pair_rule):
            return []
        touched = np.zeros(len(self._values), bool)
        touched[rows] = True
        live = touched[self._pair_code]
        live &= self._enabled
        fired = self._step(live, wall)
        if not len(fired):
            return []
        if len(self._pos) < len(self._values):
            self._pos = np.zeros(len(self._values), np.intp)
        self._pos[rows] = np.arange(len(rows))
        if self._gated[fired].any():
            fired = self._gate(fired, columns.update_times)
        self._last_fire[fired] = wall
        # The per-firing numbers in one vector pass each (a batch can fire hundreds).
        rows_fired = self._pair_code[fired]
        values = self._values[rows_fired, self._field[fired]].tolist()
        directions = np.where(self._cross[fired], self._side[fired], 0).tolist()
        times = self._pos[rows_fired].tolist()
        limits = self._threshold[fired].tolist()
        flat = self._values.ravel()
        more = self._and.values_for(flat, fired) if len(self._and) else [()] * len(fired)
        return [Alert(self._codes[row], self.rules[rule], value, columns.update_times[pos],
                      wall, direction, limit, more_values=others)
                for row, rule, value, pos, direction, limit, others in zip(
                    rows_fired.tolist(), self._pair_rule[fired].tolist(), values, times,
                    directions, limits, more, strict=True)]

    def _gate(self, fired: np.ndarray, update_times: Sequence[str]) -> np.ndarray:
        """Drop the firings of expired rules and the second of a day of once-a-day rules
        (on the code's exchange day, its update time's date): swallowed, as inside a
        cooldown. Python sees only the pairs that fire."""
        return np.asarray([p for p in fired.tolist() if self.days.allow(
            self.rules[self._pair_rule[p]], self._codes[self._pair_code[p]],
            str(update_times[self._pos[self._pair_code[p]]]))], np.intp)

    def recall(self, entries: Iterable) -> int:
        """Today's firings from the alert log (a restart): once-a-day rules stay quiet."""
        return self.days.recall(self.rules, entries, lambda rule, code: thresholds_by_market(
            rule, self.rates)[market_position(code)])

    def _rows_for(self, codes: list[str]) -> np.ndarray:
        # Feeds send the same codes batch after batch: comparing the list is cheap
        # (identical strings compare by identity), looking up 5,000 codes is not.
        if codes != self._last_codes:
            self._last_rows = np.fromiter((self._row_of(c) for c in codes), np.intp,
                                          len(codes))
            self._last_codes = list(codes)
        return self._last_rows

    def _step(self, live: np.ndarray, wall: float) -> np.ndarray:
        """Advance the pairs where `live` with their current values; the ones that fire
        (their last firing is the caller's to set). Works on every pair when all are
        live (views, no gathers), else on the live ones."""
        flat = self._values.ravel()
        v_all = flat[self._flat]
        live &= ~np.isnan(v_all)
        if len(self._and):  # an AND rule's pair waits for all its values
            live[self._and.pair[np.isnan(flat[self._and.flat])]] = False
        idx: slice | np.ndarray = slice(None) if live.all() else np.flatnonzero(live)
        old_side = self._side[idx]
        truth, rearm, side = test(v_all[idx], self._threshold[idx], self._band[idx],
                                  self._sign[idx], self._strict[idx], self._cross[idx],
                                  old_side)
        if len(self._and):
            self._and.step(flat[self._and.flat], live, idx, truth, rearm)
        seen, armed = self._seen[idx], self._armed[idx]
        trigger = seen & np.where(self._event[idx], truth, armed & truth)
        fire = trigger & (wall - self._last_fire[idx] >= self._cooldown[idx])
        # Baseline: disarmed while the condition holds; fired or swallowed: disarmed.
        self._armed[idx] = np.where(seen, ~trigger & (armed | rearm), ~truth)
        self._side[idx] = side
        self._seen[idx] = True
        return np.flatnonzero(fire) if isinstance(idx, slice) else idx[fire]
