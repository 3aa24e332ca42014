"""A data-stale alert in words (en, zh_CN, zh_HK) and as the payload every channel and the
alert log get (core/alert_payload.stale_payload, with four keys more: "codes" the
codes it is about, "source" the source's name, "seconds" how long without data,
"error" the source's last error).

The words are the core's, not Qt's: `flowdeck watch` and the gateway have no Qt, and
the payload is written to the outbox in the language the user reads."""

from __future__ import annotations

import datetime as dt

from .alert_payload import stale_payload
from .markets import local_now, market_of
from .records import lang_key
from .stale_alerts import RECOVERED, STALE, StaleEvent

LISTED = 5  # codes named in one alert; the rest counted

_TEXTS = {
    "en": {
        ("stale", "source"): ("Source down: {source}", "no data for {time}{error}"),
        ("recovered", "source"): ("Source back: {source}", "data again after {time}"),
        ("stale", "one"): ("{code}: no update", "no update for {time} while its market "
                                                 "is open"),
        ("recovered", "one"): ("{code}: updating again", "after {time} without"),
        ("stale", "many"): ("{n} codes: no update", "no update for {time}: {codes}"),
        ("recovered", "many"): ("{n} codes: updating again", "after {time} without: "
                                                             "{codes}"),
        "units": ("{h} h", "{m} min", "{s} s", " "), "more": " (+{n} more)", "sep": ", ",
        "colon": ": ",
    },
    "zh_CN": {
        ("stale", "source"): ("数据源中断：{source}", "{time}无数据{error}"),
        ("recovered", "source"): ("数据源恢复：{source}", "中断{time}后恢复"),
        ("stale", "one"): ("{code}：无更新", "开市中{time}无更新"),
        ("recovered", "one"): ("{code}：恢复更新", "{time}无更新后恢复"),
        ("stale", "many"): ("{n}只股票：无更新", "{time}无更新：{codes}"),
        ("recovered", "many"): ("{n}只股票：恢复更新", "{time}无更新后恢复：{codes}"),
        "units": ("{h}小时", "{m}分钟", "{s}秒", ""), "more": "（另{n}只）", "sep": "、",
        "colon": "：",
    },
    "zh_HK": {
        ("stale", "source"): ("數據源中斷：{source}", "{time}無數據{error}"),
        ("recovered", "source"): ("數據源恢復：{source}", "中斷{time}後恢復"),
        ("stale", "one"): ("{code}：無更新", "開市中{time}無更新"),
        ("recovered", "one"): ("{code}：恢復更新", "{time}無更新後恢復"),
        ("stale", "many"): ("{n}隻股票：無更新", "{time}無更新：{codes}"),
        ("recovered", "many"): ("{n}隻股票：恢復更新", "{time}無更新後恢復：{codes}"),
        "units": ("{h}小時", "{m}分鐘", "{s}秒", ""), "more": "（另{n}隻）", "sep": "、",
        "colon": "：",
    },
}


def duration_text(seconds: float, lang: str = "en") -> str:
    """`1 h 5 min`, `2 min`, `45 s` (`1小时5分钟` ...): whole minutes from a minute on."""
    texts = _TEXTS[lang_key(lang)]
    hour, minute, second, gap = texts["units"]  # type: ignore[misc]
    total = max(0, round(seconds))
    if total < 60:
        return second.format(s=total)
    h, m = divmod(total // 60, 60)
    parts = ([hour.format(h=h)] if h else []) + ([minute.format(m=m)] if m or not h else [])
    return gap.join(parts)


def stale_texts(event: StaleEvent, source: str, lang: str = "en") -> tuple[str, str]:
    """What went stale (or recovered) and why, in `lang`."""
    texts = _TEXTS[lang_key(lang)]
    shape = "source" if event.source else "one" if len(event.codes) == 1 else "many"
    what, why = texts[(event.kind, shape)]  # type: ignore[misc]
    listed = texts["sep"].join(event.codes[:LISTED])  # type: ignore[attr-defined]
    if len(event.codes) > LISTED:
        listed += texts["more"].format(n=len(event.codes) - LISTED)  # type: ignore[attr-defined]
    values = {"source": source, "code": event.codes[0] if event.codes else "",
              "n": len(event.codes), "codes": listed,
              "time": duration_text(event.seconds, lang),
              "error": f"{texts['colon']}{event.error}" if event.error and shape == "source"
              else ""}
    return what.format(**values), why.format(**values)


def stale_payloads(events: list[StaleEvent], epoch: float, source: str,
                   units: str = "kmb", lang: str = "en") -> list[dict]:
    """The payload of each event at `epoch` (time.time()). One code's alert carries its
    exchange's time, like a rule's; the source's and many codes' this computer's."""
    out = []
    for event in events:
        what, why = stale_texts(event, source, lang)
        one = event.codes[0] if len(event.codes) == 1 and not event.source else ""
        if one:
            local = local_now(market_of(one), dt.datetime.fromtimestamp(epoch, dt.UTC))
        else:
            local = dt.datetime.fromtimestamp(epoch)
        payload = stale_payload(event.kind, one, what, why,
                                local.strftime("%Y-%m-%d %H:%M:%S"), epoch, units, lang)
        payload.update(codes=list(event.codes), source=source,
                       seconds=round(event.seconds, 1), error=event.error)
        out.append(payload)
    return out


def is_stale_entry(entry: object) -> bool:
    """An alert log object of a data-stale alert or its recovery."""
    return isinstance(entry, dict) and entry.get("type") in (STALE, RECOVERED)
