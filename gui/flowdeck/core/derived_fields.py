"""Fields derived from the archive and the live values, which rules and the table read
beside the spec's record: the main net and ratio over 3, 5, 10 and 20 trading days and
the main inflow streak (core/multiday.py computes them).

They are not the spec's record: FIELDS (records.py) stays the spec's 14 keys, which
the API sends. Labels in the three languages as records.py writes its own.
"""

from __future__ import annotations

from .records import FIELD_BY_KEY, NUMERIC_KEYS, FieldMeta

WINDOWS: tuple[int, ...] = (3, 5, 10, 20)
STREAK_KEY = "main_inflow_streak"


def net_key(days: int) -> str:
    return f"main_net_inflow_{days}d"


def ratio_key(days: int) -> str:
    return f"main_net_inflow_ratio_{days}d"


def _fields() -> list[FieldMeta]:
    out = []
    for n in WINDOWS:
        out.append(FieldMeta(net_key(n), "main", "net", f"Main net inflow {n}d",
                             f"{n}日主力净流入", "currency", f"{n}日主力淨流入"))
    for n in WINDOWS:
        out.append(FieldMeta(ratio_key(n), "main", "ratio", f"Main net ratio {n}d",
                             f"{n}日主力净占比", "ratio", f"{n}日主力淨佔比"))
    # Signed: +3 three days of main inflow in a row ending today, -2 two of outflow.
    out.append(FieldMeta(STREAK_KEY, "main", "streak", "Main inflow streak",
                         "主力连续流入天数", "days", "主力連續流入天數"))
    return out


#: The derived fields, in the order of the alert engine's extra columns.
DERIVED_FIELDS: tuple[FieldMeta, ...] = tuple(_fields())
DERIVED_KEYS: tuple[str, ...] = tuple(f.key for f in DERIVED_FIELDS)
DERIVED_BY_KEY: dict[str, FieldMeta] = {f.key: f for f in DERIVED_FIELDS}
#: The trading days each windowed field covers.
WINDOW_OF: dict[str, int] = {**{net_key(n): n for n in WINDOWS},
                             **{ratio_key(n): n for n in WINDOWS}}

#: The day's price change of a code, (last - previous close) / previous close, from the
#: quotes a source sends (issue 22: "main net inflow crosses 0 AND change % > 2 %"); a
#: fraction shown as a percentage, not bounded like a ratio of turnover.
CHANGE_KEY = "change_pct"
CHANGE_FIELD = FieldMeta(CHANGE_KEY, None, "change", "Change %", "涨跌幅", "ratio", "漲跌幅")

#: Every field a rule may name: the record's 12 numbers, the derived ones, the change.
RULE_KEYS: tuple[str, ...] = NUMERIC_KEYS + DERIVED_KEYS + (CHANGE_KEY,)
RULE_FIELD_BY_KEY: dict[str, FieldMeta] = {
    **{k: FIELD_BY_KEY[k] for k in NUMERIC_KEYS}, **DERIVED_BY_KEY, CHANGE_KEY: CHANGE_FIELD}


#: A trade rule's "field" (core/trade_alerts.py): one big trade's value, not a column of
#: the alert engine's; the alert log writes it as the field of a trade alert.
TRADE_KEY = "trade"
TRADE_FIELD = FieldMeta(TRADE_KEY, None, "net", "Big trade", "大单成交", "currency",
                        "大單成交")
ALERT_FIELD_BY_KEY: dict[str, FieldMeta] = {**RULE_FIELD_BY_KEY, TRADE_KEY: TRADE_FIELD}
#: A trade rule's words per side: (English, Simplified, Traditional).
TRADE_SIDE_LABELS = {"either": ("Big trade", "大单成交", "大單成交"),
                     "buy": ("Big buy", "大单买入", "大單買入"),
                     "sell": ("Big sell", "大单卖出", "大單賣出")}


def field_meta(key: str) -> FieldMeta:
    """The metadata of a record field, a derived one or a trade rule's (KeyError for
    none of them)."""
    return ALERT_FIELD_BY_KEY[key]


def trade_label(side: str, lang: str = "en") -> str:
    """`"Big buy"`, `"大单卖出"`: a trade rule's words for its side."""
    en, zh, hk = TRADE_SIDE_LABELS[side]
    return FieldMeta(TRADE_KEY, None, "net", en, zh, "currency", hk).label(lang)
