"""The spec's capital-flow record, the per-stock detail, and the field metadata table
that the CLI, the gateway and the UI all read (labels, units): nothing about a field is
spelled twice."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, fields

import numpy as np


class Tier(enum.IntEnum):
    """Order-size tiers, in the engine's column order."""
    SUPER = 0
    LARGE = 1
    MEDIUM = 2
    SMALL = 3


class SeriesTier(enum.IntEnum):
    """The six series shown per stock (sparklines, chart), in display order."""
    MAIN = 0
    RETAIL = 1
    SUPER = 2
    LARGE = 3
    MEDIUM = 4
    SMALL = 5


TIER_NAMES = ("super", "large", "medium", "small")
SERIES_NAMES = ("main", "retail", "super", "large", "medium", "small")
_SERIES_ZH = {"main": "主力", "retail": "散户", "super": "超大单", "large": "大单",
              "medium": "中单", "small": "小单"}
_SERIES_EN = {"main": "Main", "retail": "Retail", "super": "Super", "large": "Large",
              "medium": "Medium", "small": "Small"}
# Hong Kong's Traditional wording, as HK brokers' capital-flow pages print it.
_SERIES_HK = {"main": "主力", "retail": "散戶", "super": "超大單", "large": "大單",
              "medium": "中單", "small": "小單"}
_SERIES_BY_LANG = {"en": _SERIES_EN, "zh_CN": _SERIES_ZH, "zh_HK": _SERIES_HK}


def lang_key(lang: str) -> str:
    """"en", "zh_CN" or "zh_HK" for a language name: "zh" and other Chinese names are
    Simplified (the CLI's `--lang zh`), "zh_HK", "zh_TW", "zh_MO" and "zh_Hant" are
    Traditional, anything else English."""
    if not lang.startswith("zh"):
        return "en"
    traditional = ("zh_HK", "zh_TW", "zh_MO", "zh_Hant", "zh-HK", "zh-TW", "zh-MO", "zh-Hant")
    return "zh_HK" if lang.startswith(traditional) else "zh_CN"


def series_label(series: str, lang: str = "en") -> str:
    """A series' (or tier's) short name: "Main", "主力", "散戶"."""
    return _SERIES_BY_LANG[lang_key(lang)][series]


@dataclass(frozen=True, slots=True)
class FieldMeta:
    key: str
    series: str | None       # one of SERIES_NAMES, None for code / update_time
    kind: str                # "code" | "time" | "net" | "ratio"
    label_en: str
    label_zh: str            # Simplified Chinese (zh_CN)
    unit: str                # "" | "currency" | "ratio"
    label_hk: str = ""       # Traditional Chinese as written in Hong Kong (zh_HK)

    def label(self, lang: str = "en") -> str:
        key = lang_key(lang)
        if key == "zh_HK":
            return self.label_hk or self.label_zh
        return self.label_zh if key == "zh_CN" else self.label_en


def _numeric_fields() -> list[FieldMeta]:
    out = []
    for s in SERIES_NAMES:
        out.append(FieldMeta(f"{s}_net_inflow", s, "net", f"{_SERIES_EN[s]} net inflow",
                             f"{_SERIES_ZH[s]}净流入", "currency", f"{_SERIES_HK[s]}淨流入"))
        out.append(FieldMeta(f"{s}_net_inflow_ratio", s, "ratio",
                             f"{_SERIES_EN[s]} net ratio", f"{_SERIES_ZH[s]}净占比", "ratio",
                             f"{_SERIES_HK[s]}淨佔比"))
    return out


#: Every field of the spec's record, in the spec's key order.
FIELDS: tuple[FieldMeta, ...] = (
    FieldMeta("code", None, "code", "Code", "股票代码", "", "股票代碼"),
    FieldMeta("update_time", None, "time", "Update time", "更新时间", "", "更新時間"),
    *_numeric_fields(),
)
FIELD_BY_KEY: dict[str, FieldMeta] = {f.key: f for f in FIELDS}
RECORD_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS)
NUMERIC_KEYS: tuple[str, ...] = RECORD_KEYS[2:]


@dataclass(frozen=True, slots=True)
class CapitalFlowRecord:
    """One stock's capital flow since the open: the spec's 14 keys."""
    code: str
    update_time: str
    main_net_inflow: float = 0.0
    main_net_inflow_ratio: float = 0.0
    retail_net_inflow: float = 0.0
    retail_net_inflow_ratio: float = 0.0
    super_net_inflow: float = 0.0
    super_net_inflow_ratio: float = 0.0
    large_net_inflow: float = 0.0
    large_net_inflow_ratio: float = 0.0
    medium_net_inflow: float = 0.0
    medium_net_inflow_ratio: float = 0.0
    small_net_inflow: float = 0.0
    small_net_inflow_ratio: float = 0.0

    def to_dict(self) -> dict:
        """The spec's dict, keys in the spec's order."""
        return {k: getattr(self, k) for k in RECORD_KEYS}

    @classmethod
    def from_dict(cls, d: dict) -> CapitalFlowRecord:
        return cls(**{k: d[k] for k in RECORD_KEYS})

    @classmethod
    def from_tier_values(cls, code: str, update_time: str, buy: np.ndarray,
                         sell: np.ndarray, turnover: float) -> CapitalFlowRecord:
        """Build the record from buy/sell value per Tier and total turnover.

        main = super + large and retail = medium + small as float sums of the tier
        nets; each ratio is that net over turnover, clipped to [-1, 1] against
        rounding, and 0 when nothing traded (never NaN)."""
        net = [float(buy[t]) - float(sell[t]) for t in Tier]
        nets = {"super": net[0], "large": net[1], "medium": net[2], "small": net[3]}
        nets["main"] = nets["super"] + nets["large"]
        nets["retail"] = nets["medium"] + nets["small"]
        turnover = float(turnover)
        values: dict[str, float] = {}
        for s in SERIES_NAMES:
            values[f"{s}_net_inflow"] = nets[s]
            values[f"{s}_net_inflow_ratio"] = ratio(nets[s], turnover)
        return cls(code=code, update_time=update_time, **values)


def ratio(net: float, turnover: float) -> float:
    if not turnover > 0 or not math.isfinite(turnover):
        return 0.0
    return min(1.0, max(-1.0, net / turnover))


@dataclass(frozen=True, slots=True)
class CapitalFlowDetail:
    """A stock's day beyond the 14 keys: turnover and value in/out per Tier."""
    code: str
    update_time: str
    turnover: float
    trades: int
    inflow: tuple[float, float, float, float]   # buy-initiated value per Tier
    outflow: tuple[float, float, float, float]  # sell-initiated value per Tier

    def to_dict(self) -> dict:
        d = {"code": self.code, "update_time": self.update_time,
             "turnover": self.turnover, "trades": self.trades}
        for i, name in enumerate(TIER_NAMES):
            d[f"{name}_inflow"] = self.inflow[i]
            d[f"{name}_outflow"] = self.outflow[i]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> CapitalFlowDetail:
        return cls(code=d["code"], update_time=d["update_time"],
                   turnover=float(d["turnover"]), trades=int(d["trades"]),
                   inflow=tuple(float(d[f"{n}_inflow"]) for n in TIER_NAMES),
                   outflow=tuple(float(d[f"{n}_outflow"]) for n in TIER_NAMES))


assert [f.name for f in fields(CapitalFlowRecord)] == list(RECORD_KEYS)
