"""Alert rules: what a trader asks to be told about, parsed and checked. No Qt.

A rule is a scope (one code, a watchlist, or every watched code), one of the 12 numeric
fields or a derived multi-day one (core/derived_fields.py: `main_net_inflow_5d`,
`main_net_inflow_ratio_5d`, `main_inflow_streak`, ...), an operator (`>`, `>=`, `<`,
`<=`, or `crosses` either way), a threshold with units (a streak: whole days), a
hysteresis band for re-arming, a cooldown, an enabled flag and a note. In the
config file a rule is one `[[alerts]]` table:

    [[alerts]]
    scope = "code:HK.00700"      # or "watchlist:Core", or "all"
    field = "main_net_inflow"
    op = ">"
    threshold = "5000万"          # or 5e7, "0.5亿", "50M"; ratios: "12%" or 0.12
    hysteresis = "500万"          # same units as the threshold; default 0
    cooldown_s = 300
    enabled = true
    note = "Tencent buying"
    thresholds = { US = "5M", A = "2亿" }   # optional: per market, in its own currency
    currency = "HKD"             # optional: the currency `threshold` is in (amounts)

Without `thresholds` and `currency` a code compares with the threshold as typed, in its
own currency; core/rule_thresholds.py says how the two options give each code its own.

A trade rule (core/trade_alerts.py) fires on one big trade of a code in its scope worth
at least `min_value` (in the code's currency), of one side or either:

    [[alerts]]
    kind = "trade"
    scope = "code:HK.00700"      # or "watchlist:Core", or "all"
    side = "buy"                 # "sell", or "either" (the default)
    min_value = "1000万"          # or "10M", 1e7
    cooldown_s = 0               # per rule and code, as the others (default 300)

As a Rule its field is "trade", its op ">=" and its threshold the min_value.

Every mistake is a FlowDeckError 1001 (1002 for a bad code in the scope) whose message
says which part is wrong; `rules_from_config` reports bad tables and keeps the others.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .codes import normalise_code
from .currency import check_currency
from .derived_fields import RULE_FIELD_BY_KEY, RULE_KEYS, TRADE_KEY, field_meta, trade_label
from .errors import FlowDeckError, invalid_param
from .records import FieldMeta
from .rule_thresholds import MARKET_KEYS, parse_market_key
from .units import format_amount, format_ratio

DEFAULT_COOLDOWN_S = 300.0


class Op(enum.StrEnum):
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    CROSSES = "crosses"


OPS: tuple[Op, ...] = tuple(Op)
_SCALES = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12,
           "万": 1e4, "亿": 1e8, "万亿": 1e12, "%": 0.01,
           "萬": 1e4, "億": 1e8, "萬億": 1e12}  # Traditional, as the zh_HK window writes them
_NUMBER = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
                     r"\s*(万亿|万|亿|萬億|萬|億|[kKmMbBtT]|%)?$")
# Field names a person may type: the key, its English or Chinese (either script) label.
_FIELD_NAMES = {name.lower(): f.key for f in RULE_FIELD_BY_KEY.values()
                for name in (f.key, f.label_en, f.label_zh, f.label_hk)}
_EXPRESSION = re.compile(r"^\s*(.+?)\s*(>=|<=|>|<|\bcrosses\b)\s*(.+?)\s*$", re.IGNORECASE)
_TRADE_EXPRESSION = re.compile(r"^\s*trade(?:\s+(buy|sell|either))?\s*>=?\s*(.+?)\s*$",
                               re.IGNORECASE)
TRADE_SIDES = ("either", "buy", "sell")


def parse_field(text: str) -> str:
    """`"main_net_inflow"`, `"Main net inflow"` or `"主力净流入"` -> the field key."""
    key = _FIELD_NAMES.get(str(text).strip().lower())
    if key is None:
        raise invalid_param(f"unknown field {text!r}; one of: {', '.join(RULE_KEYS)}")
    return key


def parse_op(text: str) -> Op:
    try:
        return Op(str(text).strip().lower())
    except ValueError:
        raise invalid_param(f"unknown operator {text!r}; one of: "
                            f"{', '.join(o.value for o in OPS)}") from None


def parse_amount(text: str | float, field: str, what: str = "threshold") -> float:
    """A threshold for `field` from text with units: amounts take K/M/B/T or 万/亿
    (`"5000万"`, `"0.5亿"`, `"50M"`, `5e7`); ratios take a percentage (`"12%"`) or a
    fraction between -1 and 1 (`0.12`); a streak a whole number of days (`3`, `-2`)."""
    meta = field_meta(field)
    if isinstance(text, bool):
        raise invalid_param(f"{what} must be a number, not {text!r}")
    if isinstance(text, int | float):
        try:
            value, suffix = float(text), ""
        except OverflowError:  # an integer past float range
            raise invalid_param(f"{what} {text!r:.40} is not a finite number") from None
    else:
        cleaned = str(text).strip().replace(",", "").replace("_", "")
        match = _NUMBER.match(cleaned)
        if match is None:
            raise invalid_param(f"{what} {text!r} is not a number (examples: 5e7, 5000万, "
                                f"0.5亿, 50M, 12% for ratios)")
        value, suffix = float(match.group(1)), (match.group(2) or "").lower()
        value *= _SCALES[suffix]
    if not math.isfinite(value):
        raise invalid_param(f"{what} {text!r} is not a finite number")
    if meta.kind == "streak":
        if suffix or value != int(value):
            raise invalid_param(f"{what} {text!r}: {field} counts trading days in a row; "
                                f"write a whole number like 3 (or -3 for outflow)")
    elif meta.kind == "ratio":
        if suffix not in ("", "%"):
            raise invalid_param(f"{what} {text!r}: {field} is a ratio; write a percentage "
                                f"like 12% or a fraction like 0.12")
        if abs(value) > 1.0:
            raise invalid_param(f"{what} {text!r}: {field} is a ratio between -100% and "
                                f"100%; write 12% or 0.12")
    elif suffix == "%":
        raise invalid_param(f"{what} {text!r}: {field} is an amount, not a ratio; write "
                            f"e.g. 5000万 or 50M")
    return value


def format_value(field: str, value: float, units: str = "kmb") -> str:
    """A field's value as a trader reads it in a sentence: `7500万`, `74.07M`, `12%`
    (trailing zeros dropped; files and JSON keep the exact float)."""
    kind = field_meta(field).kind
    if kind == "ratio":
        return format_ratio(value, trim=True)
    if kind == "streak":
        return f"{value:g}"
    return format_amount(value, units, trim=True)


def parse_scope(text: str) -> str:
    """`"code:hk.700"` -> `"code:HK.00700"`; `"watchlist:NAME"`; `"all"`."""
    raw = str(text).strip()
    kind, _, rest = raw.partition(":")
    kind = kind.strip().lower()
    if kind == "all" and not rest:
        return "all"
    if kind == "code" and rest.strip():
        return "code:" + normalise_code(rest.strip())  # 1002 when the code is bad
    if kind == "watchlist" and rest.strip():
        return "watchlist:" + rest.strip()
    raise invalid_param(f"scope {text!r} must be \"code:MARKET.CODE\", "
                        f"\"watchlist:NAME\" or \"all\"")


@dataclass(frozen=True, slots=True)
class Rule:
    scope: str
    field: str
    op: Op
    threshold: float
    hysteresis: float = 0.0
    cooldown_s: float = DEFAULT_COOLDOWN_S
    enabled: bool = True
    note: str = ""
    thresholds: tuple[tuple[str, float], ...] = ()  # (MARKET_KEYS key, value), that order
    currency: str = ""  # the currency of `threshold`; "": each code's own
    side: str = ""      # a trade rule's: "either", "buy" or "sell"; "" for the others
    channels: tuple[str, ...] = ()  # [[channels]] names besides the tray (channel_spec.py)

    @property
    def meta(self) -> FieldMeta:
        return field_meta(self.field)

    @property
    def key(self) -> tuple:
        """What makes two rules the same condition (state survives edits of the rest)."""
        return (self.scope, self.field, self.op.value, self.threshold, self.hysteresis,
                self.thresholds, self.currency, self.side)

    @property
    def is_trade(self) -> bool:
        """A rule on single big trades (core/trade_alerts.py), not on a field's value."""
        return self.field == TRADE_KEY

    @property
    def scope_kind(self) -> str:
        return self.scope.partition(":")[0]

    @property
    def scope_target(self) -> str:
        return self.scope.partition(":")[2]

    def describe(self, units: str = "kmb", lang: str = "en") -> str:
        """`"Main net inflow > 50M"`, `"Main net inflow > 50M HKD (US 5M, A 2亿)"`,
        `"Big buy >= 10M"`."""
        if self.is_trade:
            return (f"{trade_label(self.side, lang)} >= "
                    f"{format_value(self.field, self.threshold, units)}")
        return (f"{self.meta.label(lang)} {self.op.value} "
                f"{format_value(self.field, self.threshold, units)}"
                f"{self.threshold_note(units)}")

    def threshold_note(self, units: str = "kmb") -> str:
        """What follows the threshold: its currency, the per-market ones (or '')."""
        each = ", ".join(f"{k} {format_value(self.field, v, units)}"
                         for k, v in self.thresholds)
        return (f" {self.currency}" if self.currency else "") + (f" ({each})" if each else "")

    def with_changes(self, **changes: Any) -> Rule:
        return replace(self, **changes)


def make_rule(scope: str, field: str, op: str, threshold: str | float,
              hysteresis: str | float = 0.0, cooldown_s: float | str = DEFAULT_COOLDOWN_S,
              enabled: bool = True, note: str = "",
              thresholds: Mapping[str, str | float] | None = None,
              currency: str = "") -> Rule:
    """A checked Rule from loose parts (what a dialog or a config table holds)."""
    key = parse_field(field)
    value = parse_amount(threshold, key)
    per_market = parse_thresholds(thresholds, key)
    if currency not in ("", None):
        currency = check_currency(currency, "currency of the threshold")
        if field_meta(key).kind != "net":
            raise invalid_param(f"currency {currency}: {key} is not an amount")
    band = parse_amount(hysteresis, key, "hysteresis") if hysteresis not in ("", None) else 0.0
    if band < 0:
        raise invalid_param(f"hysteresis {hysteresis!r} must not be negative")
    try:
        cooldown = float(cooldown_s)
    except (TypeError, ValueError, OverflowError):
        raise invalid_param(f"cooldown_s {cooldown_s!r} must be a number of seconds") from None
    if not math.isfinite(cooldown) or cooldown < 0:
        raise invalid_param(f"cooldown_s {cooldown_s!r} must be 0 or more seconds")
    if not isinstance(enabled, bool):
        raise invalid_param(f"enabled {enabled!r} must be true or false")
    return Rule(parse_scope(scope), key, parse_op(op), value, band, cooldown, enabled,
                str(note or ""), per_market, currency or "")


def make_trade_rule(scope: str, min_value: str | float, side: str = "either",
                    cooldown_s: float | str = DEFAULT_COOLDOWN_S, enabled: bool = True,
                    note: str = "") -> Rule:
    """A checked trade rule: fires on one trade worth at least `min_value`."""
    side = str(side or "either").strip().lower()
    if side not in TRADE_SIDES:
        raise invalid_param(f"side {side!r} must be buy, sell or either")
    value = parse_amount(min_value, TRADE_KEY, "min_value")
    if value < 0:
        raise invalid_param(f"min_value {min_value!r} must not be negative")
    base = make_rule(scope, "main_net_inflow", ">=", value, 0.0, cooldown_s, enabled, note)
    return replace(base, field=TRADE_KEY, side=side)


def parse_thresholds(table: Mapping[str, str | float] | None,
                     field: str) -> tuple[tuple[str, float], ...]:
    """`{"US": "5M", "a": "2亿"}` -> `(("US", 5e6), ("A", 2e8))`, in MARKET_KEYS order."""
    if table in (None, {}):
        return ()
    if not isinstance(table, Mapping):
        raise invalid_param(f"thresholds {table!r:.60} must be a table of market = "
                            f"threshold, e.g. {{ HK = \"50M\", US = \"5M\" }}")
    values: dict[str, float] = {}
    for market, text in table.items():
        key = parse_market_key(market)
        if key in values:
            raise invalid_param(f"thresholds: market {key} is given twice")
        values[key] = parse_amount(text, field, f"threshold for {key}")
    return tuple((k, values[k]) for k in MARKET_KEYS if k in values)


def parse_expression(text: str, scope: str = "all", **options: Any) -> Rule:
    """`"main_net_inflow > 5e7"` (the CLI's --alert) -> a Rule. The threshold may name
    its currency (`"main_net_inflow > 78M HKD"`) and be followed by per-market ones
    (`"main_net_inflow > 50M; US 5M; A 2亿"`). `"trade >= 1000万"`, `"trade buy >= 10M"`:
    a trade rule."""
    trade = _TRADE_EXPRESSION.match(str(text))
    if trade is not None:
        side, value = trade.groups()
        try:
            return make_trade_rule(scope, value, side or "either", **options)
        except FlowDeckError as exc:
            raise type(exc)(exc.code, f"alert {text!r}: {exc.message}") from None
    match = _EXPRESSION.match(str(text))
    if match is None:
        raise invalid_param(f"alert {text!r} must look like 'FIELD OP THRESHOLD', e.g. "
                            f"'main_net_inflow > 5e7' (OP: >, >=, <, <=, crosses)")
    field, op, threshold = match.groups()
    try:
        first, *markets = (part.strip() for part in threshold.split(";"))
        words = first.split()
        if len(words) == 2 and len(words[1]) == 3 and words[1].isascii() \
                and words[1].isalpha():
            first, options["currency"] = words
        per_market: dict[str, str] = {}
        for part in markets:
            market, _, value = part.partition(" ")
            if not value.strip():
                raise invalid_param(f"per-market threshold {part!r} must look like 'US 5M'")
            if parse_market_key(market) in per_market:
                raise invalid_param(f"thresholds: market {market} is given twice")
            per_market[parse_market_key(market)] = value.strip()
        return make_rule(scope, field, op, first, thresholds=per_market, **options)
    except FlowDeckError as exc:
        raise type(exc)(exc.code, f"alert {text!r}: {exc.message}") from None


_TABLE_KEYS = ("scope", "field", "op", "threshold", "hysteresis", "cooldown_s", "enabled",
               "note", "thresholds", "currency")


_TRADE_TABLE_KEYS = ("kind", "scope", "side", "min_value", "cooldown_s", "enabled", "note")


def rule_from_table(table: Mapping[str, Any]) -> Rule:
    if not isinstance(table, Mapping):
        raise invalid_param(f"an [[alerts]] entry must be a table, not {table!r}")
    if table.get("kind", "value") == "trade":
        return _trade_rule_from_table(table)
    if table.get("kind", "value") != "value":
        raise invalid_param(f"kind {table.get('kind')!r} must be \"value\" or \"trade\"")
    missing = [k for k in ("scope", "field", "op", "threshold") if k not in table]
    if missing:
        raise invalid_param(f"missing {', '.join(missing)}")
    unknown = sorted(set(table) - {*_TABLE_KEYS, "kind"})
    if unknown:
        raise invalid_param(f"unknown key(s) {', '.join(unknown)}")
    return make_rule(**{k: table[k] for k in _TABLE_KEYS if k in table})


def _trade_rule_from_table(table: Mapping[str, Any]) -> Rule:
    missing = [k for k in ("scope", "min_value") if k not in table]
    if missing:
        raise invalid_param(f"a trade rule needs {', '.join(missing)}")
    unknown = sorted(set(table) - set(_TRADE_TABLE_KEYS))
    if unknown:
        raise invalid_param(f"unknown key(s) of a trade rule: {', '.join(unknown)}")
    return make_trade_rule(**{k: table[k] for k in _TRADE_TABLE_KEYS[1:] if k in table})


def rule_to_table(rule: Rule) -> dict[str, Any]:
    """The `[[alerts]]` table of `rule`; rule_from_table gives the same rule back."""
    if rule.is_trade:
        return {"kind": "trade", "scope": rule.scope, "side": rule.side,
                "min_value": rule.threshold, "cooldown_s": rule.cooldown_s,
                "enabled": rule.enabled, "note": rule.note}
    table = {"scope": rule.scope, "field": rule.field, "op": rule.op.value,
             "threshold": rule.threshold, "hysteresis": rule.hysteresis,
             "cooldown_s": rule.cooldown_s, "enabled": rule.enabled, "note": rule.note}
    if rule.thresholds:  # only when set: a rule without writes the table it always did
        table["thresholds"] = dict(rule.thresholds)
    if rule.currency:
        table["currency"] = rule.currency
    return table


@dataclass(frozen=True, slots=True)
class RuleProblem:
    index: int          # position among the [[alerts]] tables, from 0
    table: Any          # as read, kept so a save never drops it
    message: str

    def __str__(self) -> str:
        return f"alert rule #{self.index + 1}: {self.message}"


def rules_from_config(tables: Iterable[Any]) -> tuple[list[Rule], list[RuleProblem]]:
    """The valid rules of the config's `[[alerts]]`, and what is wrong with the rest."""
    rules: list[Rule] = []
    problems: list[RuleProblem] = []
    for i, table in enumerate(tables):
        try:
            rules.append(rule_from_table(table))
        except FlowDeckError as exc:
            problems.append(RuleProblem(i, table, exc.message))
    return rules, problems


def rules_to_config(rules: Iterable[Rule], problems: Iterable[RuleProblem] = ()) -> list[Any]:
    """`[[alerts]]` for saving: the rules, then the tables that did not load, as they
    were read (so saving never writes less than the file had)."""
    return [rule_to_table(r) for r in rules] + [p.table for p in problems]
