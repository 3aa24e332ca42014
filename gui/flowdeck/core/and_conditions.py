"""The alert engine's conditions as arrays: one test for every condition row at once, and
the rows of AND rules' 2nd and 3rd conditions (core/alerts.py). Pure numpy.

A condition row holds a flat index into the engine's values, its threshold and band, and
its operator as a sign (+1 for > and >=, -1 for < and <=, 0 for crosses) and a strict
flag. `test` says, per row, whether the condition holds now ("truth": for `crosses`,
whether the value just moved to the other side), whether it has left the condition by
its band (re-arms the rule) and which side of the threshold the value is on.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .rule import Rule
from .rule_conditions import MAX_CONDITIONS
from .rule_parsing import Op

_SIGN = {Op.GT: 1.0, Op.GE: 1.0, Op.LT: -1.0, Op.LE: -1.0, Op.CROSSES: 0.0}
_STRICT = {Op.GT: True, Op.LT: True}


def test(v: np.ndarray, t: np.ndarray, band: np.ndarray, sign: np.ndarray,
         strict: np.ndarray, cross: np.ndarray,
         old_side: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(truth, rearm, side) of each row for values `v`."""
    # >, >=, <, <= as one: x > 0 (strict) or x >= 0 with x = sign * (v - t).
    d = v - t
    x = sign * d
    cond = (x > 0) | ((x == 0) & ~strict)
    rearm = (x < -band) | ((x == -band) & strict)
    side = np.where(d > band, 1, np.where(d < -band, -1, old_side)).astype(np.int8)
    truth = np.where(cross, (old_side != 0) & (side != old_side), cond)
    return truth, rearm, side


class AndRows:
    """The 2nd and 3rd conditions of the engine's pairs, one row each, ordered by pair
    then by condition (`pair`, `slot`: 1 or 2); thresholds as typed; `side` is state."""

    def __init__(self, rules: Sequence[Rule], pair_rule: np.ndarray, field_index: dict,
                 pair_code: np.ndarray, width: int) -> None:
        counts = np.asarray([len(r.and_conditions) for r in rules], np.intp)
        per_pair = counts[pair_rule] if len(counts) else np.zeros(0, np.intp)
        self.pair = np.repeat(np.arange(len(pair_rule)), per_pair)
        # Row k of pair p is its condition (k - first row of p) + 1.
        first = np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
        self.slot = (np.arange(len(self.pair)) - first + 1).astype(np.intp)
        # Each rule's conditions in a table (rule x slot), gathered for the rows at once:
        # an "all" rule's new codes make thousands of rows.
        rule, slot = pair_rule[self.pair], self.slot - 1
        table = [[(field_index[c.field], c.threshold, c.hysteresis, _SIGN[c.op],
                   _STRICT.get(c.op, False), c.op is Op.CROSSES) for c in r.and_conditions]
                 + [(0, 0.0, 0.0, 0.0, False, False)] * (MAX_CONDITIONS - 1 - len(r.and_conditions))
                 for r in rules]

        def column(k: int, dtype) -> np.ndarray:
            values = np.asarray([[row[k] for row in r] for r in table], dtype)
            return values.reshape(len(table), MAX_CONDITIONS - 1)[rule, slot]
        self.field, self.threshold, self.band = (column(0, np.intp), column(1, np.float64),
                                                 column(2, np.float64))
        self.sign, self.strict, self.cross = (column(3, np.float64), column(4, bool),
                                              column(5, bool))
        self.side = np.zeros(len(self.pair), np.int8)
        self.flat = pair_code[self.pair].astype(np.intp) * width + self.field

    def __len__(self) -> int:
        return len(self.pair)

    def keep_sides(self, old: AndRows, new_pair_of_old: np.ndarray) -> None:
        """Take the sides of `old`'s rows whose pair is still here (`new_pair_of_old`:
        old pair -> new pair, -1 gone) and the same condition."""
        if not len(old) or not len(self):
            return
        n = len(old)
        if (n <= len(self) and np.array_equal(new_pair_of_old[old.pair], self.pair[:n])
                and np.array_equal(old.slot, self.slot[:n])):
            self.side[:n] = old.side   # new codes joined "all" rules: the same rows first
            return
        moved = new_pair_of_old[old.pair]
        where = {(p, s): i for i, (p, s) in
                 enumerate(zip(self.pair.tolist(), self.slot.tolist(), strict=True))}
        for i, (p, s) in enumerate(zip(moved.tolist(), old.slot.tolist(), strict=True)):
            j = where.get((p, s))
            if j is not None:
                self.side[j] = old.side[i]

    def step(self, values: np.ndarray, live: np.ndarray,
             idx: slice | np.ndarray, truth: np.ndarray, rearm: np.ndarray) -> None:
        """AND the live pairs' other conditions into their `truth` and OR their re-arming
        into `rearm` (both indexed like `idx`, the live pairs); advances their sides."""
        # Every pair live (a whole-market batch): the rows as they are, no gathers.
        rows: slice | np.ndarray = (slice(None) if isinstance(idx, slice)
                                    else np.flatnonzero(live[self.pair]))
        x_truth, x_rearm, side = test(values[rows], self.threshold[rows], self.band[rows],
                                      self.sign[rows], self.strict[rows], self.cross[rows],
                                      self.side[rows])
        self.side[rows] = side
        pairs = self.pair[rows]
        at = pairs if isinstance(idx, slice) else np.searchsorted(idx, pairs)
        truth[at[~x_truth]] = False
        rearm[at[x_rearm]] = True

    def values_for(self, values: np.ndarray, pairs: np.ndarray) -> list[tuple[float, ...]]:
        """The current values of these pairs' other conditions (firings'), one tuple
        per pair (empty for a pair of a plain rule)."""
        lo = np.searchsorted(self.pair, pairs)
        hi = np.searchsorted(self.pair, pairs, "right")
        out: list[tuple[float, ...]] = [()] * len(pairs)
        for k in np.flatnonzero(hi > lo).tolist():
            out[k] = tuple(values[self.flat[lo[k]:hi[k]]].tolist())
        return out
