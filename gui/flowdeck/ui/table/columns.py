"""The live table's columns, in one declarative table built from the core's field
metadata (core.records.FIELDS, core.derived_fields): code, currency, the 12 numbers,
update time, a sparkline per series, then the multi-day columns (main net and ratio
over 3/5/10/20 trading days, the main inflow streak), then the quote columns (name,
last price, change, change %). Nothing about a column is spelled anywhere else.

The multi-day columns come last so that a layout saved before they existed keeps its
columns (a saved layout names columns by position); they are hidden by default
(`hidden_by_default`): the record's columns and sparklines already take ~1,370 of a
1,440-pixel window, and nine more would take ~750 pixels of it. The quote columns come
after them for the same reason, and are shown just after the code (header_layout:
price beside flow is the first thing a trader reads); the last price and the change in
the currency are hidden by default (the change % says which way and how far in less
room, and with them the sparklines went off a 1,440-pixel window)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from ...core.derived_fields import DERIVED_FIELDS, STREAK_KEY, WINDOW_OF
from ...core.records import FIELD_BY_KEY, NUMERIC_KEYS, SERIES_NAMES, lang_key

#: The multi-day columns' kinds: a window's main net, its ratio, the streak.
MULTIDAY_KINDS = frozenset({"net_days", "ratio_days", "streak"})
#: The quote columns' kinds: the stock's name, and its price's numbers.
QUOTE_KINDS = frozenset({"name", "last", "change", "change_ratio"})
PRICE_KINDS = QUOTE_KINDS - {"name"}


@dataclass(frozen=True, slots=True)
class Column:
    key: str             # stable name (header state, context menus, alerts)
    kind: str            # "code" | "currency" | "net" | "ratio" | "time" | "spark"
                         # | "net_days" | "ratio_days" | "streak" (MULTIDAY_KINDS)
                         # | "name" | "last" | "change" | "change_ratio" (QUOTE_KINDS)
    label_en: str
    label_zh: str
    number: int = -1     # index into FlowTable.values ("net"/"ratio"); for "spark" the
                         # series' net inflow, which is what the column sorts by
    series: int = -1     # "spark": index into SERIES_NAMES (row of history.series())
    short_en: str = ""   # the header's text where the label is too long for the column
    short_zh: str = ""
    label_hk: str = ""   # Traditional Chinese (zh_HK); label_zh is Simplified (zh_CN)
    short_hk: str = ""
    days: int = 0        # "net_days" / "ratio_days": the window's trading days

    def label(self, lang: str = "en") -> str:
        return self._pick(lang, self.label_en, self.label_zh, self.label_hk)

    def short(self, lang: str = "en") -> str:
        return self._pick(lang, self.short_en, self.short_zh, self.short_hk) or self.label(lang)

    @staticmethod
    def _pick(lang: str, en: str, zh: str, hk: str) -> str:
        key = lang_key(lang)
        return (hk or zh) if key == "zh_HK" else zh if key == "zh_CN" else en

    @property
    def multiday(self) -> bool:
        return self.kind in MULTIDAY_KINDS

    @property
    def quote(self) -> bool:
        return self.kind in QUOTE_KINDS

    @property
    def numeric(self) -> bool:
        """A number (right-aligned, first sorted largest first): the record's, a
        multi-day one or a price's (those have no `number`: the model's MultiDayRows
        and QuoteRows hold them)."""
        return self.number >= 0 or self.kind in MULTIDAY_KINDS or self.kind in PRICE_KINDS

    @property
    def hidden_by_default(self) -> bool:
        return self.kind in MULTIDAY_KINDS or self.kind in ("last", "change")


# "Medium net" and "Medium %" elide to the same "Medium…" at a 1440-px window.
_SHORT_TIER = {"Medium": "Med"}


def _build() -> tuple[Column, ...]:
    code = FIELD_BY_KEY["code"]
    cols = [Column("code", "code", code.label_en, code.label_zh, label_hk=code.label_hk),
            Column("currency", "currency", "Currency", "币种", short_en="Ccy",
                   label_hk="幣種")]
    for i, key in enumerate(NUMERIC_KEYS):
        f = FIELD_BY_KEY[key]
        en = _SHORT_TIER.get(f.label_en.split()[0], f.label_en.split()[0])
        zh = f.label_zh[:-3]  # 主力净流入 -> 主力, 主力净占比 -> 主力
        hk = f.label_hk[:-3]  # 散戶淨流入 -> 散戶
        short = ((f"{en} net", f"{zh}净额", f"{hk}淨額") if f.kind == "net"
                 else (f"{en} %", f"{zh}占比", f"{hk}佔比"))
        cols.append(Column(key, f.kind, f.label_en, f.label_zh, number=i,
                           short_en=short[0], short_zh=short[1], label_hk=f.label_hk,
                           short_hk=short[2]))
    t = FIELD_BY_KEY["update_time"]
    cols.append(Column("update_time", "time", t.label_en, t.label_zh, short_en="Time",
                       short_zh="时间", label_hk=t.label_hk, short_hk="時間"))
    for s, name in enumerate(SERIES_NAMES):
        net = FIELD_BY_KEY[f"{name}_net_inflow"]
        en = net.label_en.replace(" net inflow", "")
        zh = net.label_zh.replace("净流入", "")
        hk = net.label_hk.replace("淨流入", "")
        # The sparkline cells show what they are; the header needs only the tier.
        cols.append(Column(f"{name}_sparkline", "spark", f"{en} today", f"{zh}走势",
                           number=NUMERIC_KEYS.index(net.key), series=s,
                           short_en=_SHORT_TIER.get(en, en), short_zh=zh,
                           label_hk=f"{hk}走勢", short_hk=hk))
    cols.extend(_multiday())
    cols.extend(_quotes())
    return tuple(cols)


def _quotes() -> list[Column]:
    """Name, last price, change and change %, as NiuNiu and East Money label them."""
    return [Column("name", "name", "Name", "名称", label_hk="名稱"),
            Column("last_price", "last", "Last price", "最新价", short_en="Last",
                   short_zh="现价", label_hk="最新價", short_hk="現價"),
            Column("change", "change", "Change", "涨跌额", short_en="Chg",
                   short_zh="涨跌", label_hk="漲跌額", short_hk="漲跌"),
            Column("change_ratio", "change_ratio", "Change %", "涨跌幅", short_en="Chg %",
                   label_hk="漲跌幅")]


def _multiday() -> list[Column]:
    """The derived fields' columns, labelled as core.derived_fields labels them; the
    header's short text names the window and the kind: "Main 5d", "Main 5d %"."""
    out = []
    for f in DERIVED_FIELDS:
        if f.key == STREAK_KEY:
            out.append(Column(f.key, "streak", f.label_en, f.label_zh, label_hk=f.label_hk,
                              short_en="Streak", short_zh="连续天数", short_hk="連續天數"))
            continue
        n = WINDOW_OF[f.key]
        if f.kind == "net":
            short = (f"Main {n}d", f"{n}日主力", f"{n}日主力")
        else:
            short = (f"Main {n}d %", f"{n}日主力占比", f"{n}日主力佔比")
        out.append(Column(f.key, "net_days" if f.kind == "net" else "ratio_days",
                          f.label_en, f.label_zh, label_hk=f.label_hk, days=n,
                          short_en=short[0], short_zh=short[1], short_hk=short[2]))
    return out


COLUMNS: tuple[Column, ...] = _build()
COLUMN_INDEX: dict[str, int] = {c.key: i for i, c in enumerate(COLUMNS)}
CODE_COLUMN = COLUMN_INDEX["code"]
TIME_COLUMN = COLUMN_INDEX["update_time"]
SPARK_COLUMNS: tuple[int, ...] = tuple(i for i, c in enumerate(COLUMNS) if c.kind == "spark")
MULTIDAY_COLUMNS: tuple[int, ...] = tuple(i for i, c in enumerate(COLUMNS) if c.multiday)
QUOTE_COLUMNS: tuple[int, ...] = tuple(i for i, c in enumerate(COLUMNS) if c.quote)

# Custom data roles of the table model.
SortRole = Qt.ItemDataRole.UserRole + 1       # float (numbers) or str: what a column sorts by
SparklineRole = Qt.ItemDataRole.UserRole + 2  # (code, series index) in sparkline columns
CodeRole = Qt.ItemDataRole.UserRole + 3       # the row's code, in every column
