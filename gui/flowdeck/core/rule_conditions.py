"""What a rule may say beyond one condition (issue 22's "rules traders ask for"): a 2nd
and 3rd condition on the same code, combined with AND; at most one firing a day per
code; an expiry date; the channels its alerts go to besides the tray. No Qt.

    [[alerts]]
    scope = "code:HK.00700"
    field = "main_net_inflow"        # the first condition stays in the flat keys
    op = ">"
    threshold = 0
    conditions = [{ field = "change_pct", op = ">", threshold = "2%" }]   # AND these
    once_per_day = true              # per code, on the code's exchange day
    expires = "2026-12-31"           # silent after that day
    channels = ["desk-dingtalk"]     # [[channels]] names; none: the tray only

The first condition keeps the flat keys every rule has always had (and its per-market
thresholds and currency): a file written before this loads unchanged, and code reading
a rule's field, op and threshold reads its first condition. The others compare each
code with the threshold as typed (in the code's own currency for amounts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .derived_fields import field_meta
from .errors import FlowDeckError, invalid_param
from .rule_parsing import Op, format_value, parse_amount, parse_field, parse_op

#: At most this many conditions in one rule (the first and two more).
MAX_CONDITIONS = 3
_CONDITION_KEYS = ("field", "op", "threshold", "hysteresis")


@dataclass(frozen=True, slots=True)
class Condition:
    field: str
    op: Op
    threshold: float
    hysteresis: float = 0.0

    def describe(self, units: str = "kmb", lang: str = "en") -> str:
        """`"Main net inflow > 50M"`."""
        return (f"{field_meta(self.field).label(lang)} {self.op.value} "
                f"{format_value(self.field, self.threshold, units)}")

    def to_table(self) -> dict[str, Any]:
        table: dict[str, Any] = {"field": self.field, "op": self.op.value,
                                 "threshold": self.threshold}
        if self.hysteresis:
            table["hysteresis"] = self.hysteresis
        return table


def make_condition(field: str, op: str, threshold: str | float,
                   hysteresis: str | float = 0.0) -> Condition:
    key = parse_field(field)
    band = parse_amount(hysteresis, key, "hysteresis") if hysteresis not in ("", None) else 0.0
    if band < 0:
        raise invalid_param(f"hysteresis {hysteresis!r} must not be negative")
    return Condition(key, parse_op(op), parse_amount(threshold, key), band)


def parse_conditions(items: Iterable[Any] | None, first_op: Op) -> tuple[Condition, ...]:
    """The `conditions` list (tables or Conditions) -> the conditions ANDed with the
    first (whose operator is `first_op`)."""
    if items is None:
        return ()
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Sequence):
        raise invalid_param(f"conditions {items!r:.60} must be a list of tables like "
                            f"{{ field = \"change_pct\", op = \">\", threshold = \"2%\" }}")
    out = []
    for n, item in enumerate(items, start=2):
        if isinstance(item, Condition):
            out.append(item)
            continue
        if not isinstance(item, Mapping):
            raise invalid_param(f"condition {n} must be a table, not {item!r:.40}")
        missing = [k for k in ("field", "op", "threshold") if k not in item]
        unknown = sorted(set(item) - set(_CONDITION_KEYS))
        if missing or unknown:
            what = (f"missing {', '.join(missing)}" if missing
                    else f"unknown key(s) {', '.join(unknown)}")
            raise invalid_param(f"condition {n}: {what}")
        try:
            out.append(make_condition(**{k: item[k] for k in _CONDITION_KEYS if k in item}))
        except FlowDeckError as exc:
            raise type(exc)(exc.code, f"condition {n}: {exc.message}") from None
    if len(out) + 1 > MAX_CONDITIONS:
        raise invalid_param(f"a rule has at most {MAX_CONDITIONS} conditions, not "
                            f"{len(out) + 1}")
    if sum(c.op is Op.CROSSES for c in out) + (first_op is Op.CROSSES) > 1:
        raise invalid_param("at most one condition may be 'crosses' (two values almost "
                            "never cross in the same update); use > or < for the others")
    return tuple(out)


def parse_expires(value: Any) -> str:
    """`"2026-12-31"` (or a TOML date) -> `"2026-12-31"`; "" or None: never."""
    if value in ("", None):
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise invalid_param(f"expires {value!r:.40} must be a date like "
                            f"\"2026-12-31\"") from None


def parse_channels(value: Any) -> tuple[str, ...]:
    """`["desk-dingtalk", "mail"]` -> the names, in order, each once. A name no
    [[channels]] table defines is kept (it may be added later): channel_problems()."""
    if value in (None, ""):
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise invalid_param(f"channels {value!r:.60} must be a list of channel names, "
                            f"e.g. [\"desk-dingtalk\"]")
    names = []
    for name in value:
        if not isinstance(name, str) or not name.strip():
            raise invalid_param(f"channels: {name!r:.40} is not a channel name")
        names.append(name.strip())
    return tuple(dict.fromkeys(names))


def unknown_channels(channels: Sequence[str], known: Iterable[str]) -> list[str]:
    """The names among `channels` that no [[channels]] table defines."""
    have = set(known)
    return [name for name in channels if name not in have]


def expired(expires: str, day: str) -> bool:
    """After `expires` on `day` ("YYYY-MM-DD", e.g. a record's exchange date)? ISO dates
    compare as text."""
    return bool(expires) and day[:10] > expires
