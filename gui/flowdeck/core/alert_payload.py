"""What a channel beyond the tray gets for one firing: a JSON object, written to the
outbox before any channel is tried, so it must say everything a message needs.

It is the alert log's object (Alert.to_json(): type, code, field, op, threshold, value,
time, note, scope, wall; a trade's side and trade) and, for the people reading it:

- "name": the stock's name in the UI's language ("" when unknown: the code alone);
- "rule_text": the rule as a sentence ("Main net inflow > 50M");
- "value_text": the value with units ("51.2M", a trade's "buy 20,000 @ 525 = 10.5M");
- "units", "lang": how those two were written;
- "conditions": [{"field", "op", "threshold", "value", "text"}] one per condition of the
  rule (one for a plain rule; two or three for an AND rule), each with its value at
  the firing;
- "key": the dedupe key, set by the outbox when it is written (the same for every
  channel and every retry of this firing, so a receiver can drop a repeat).

A data-stale alert has "type": "stale" or "recovered" and no rule (field "", op "",
threshold and value None): "code" is the code ("" for the whole source), "rule_text"
says what went stale, "note" why. No Qt, no network."""

from __future__ import annotations

from .alert_firing import Alert
from .rule_parsing import format_value


def alert_payload(alert: Alert, units: str = "kmb", lang: str = "en",
                  name: str = "") -> dict:
    """The payload of one firing (its "key" is the outbox's to set)."""
    out = alert.to_json()
    out["name"] = name
    out["rule_text"] = alert.rule.describe(units, lang)
    out["value_text"] = alert.body(units).rsplit(" at ", 1)[0]
    out["units"], out["lang"] = units, lang
    out["conditions"] = [condition_item(alert, k, units, lang)
                         for k in range(len(alert.conditions))]
    return out


def condition_item(alert: Alert, k: int, units: str = "kmb", lang: str = "en") -> dict:
    """The k-th condition of a firing: field, op, the threshold it was compared with
    (the code's own for the first), its value then, and a sentence ("Main net inflow >
    50M: 51.2M"; a trade rule's says its side)."""
    condition, threshold, value = alert.conditions[k]
    if alert.rule.is_trade:
        said = alert.rule.describe(units, lang)
    elif k == 0:
        said = condition.describe(units, lang) + alert.rule.threshold_note(units)
    else:
        said = condition.describe(units, lang)
    return {"field": condition.field, "op": condition.op.value, "threshold": threshold,
            "value": value, "text": f"{said}: {format_value(condition.field, value, units)}"}


def stale_payload(kind: str, code: str, what: str, why: str, time: str,
                  wall: float, units: str = "kmb", lang: str = "en",
                  name: str = "") -> dict:
    """A data-stale alert ("stale") or its recovery ("recovered")."""
    if kind not in ("stale", "recovered"):
        raise ValueError(f"kind {kind!r} must be 'stale' or 'recovered'")
    return {"type": kind, "code": code, "field": "", "op": "", "threshold": None,
            "value": None, "time": time, "note": why, "scope": "", "wall": wall,
            "name": name, "rule_text": what, "value_text": "", "units": units,
            "lang": lang, "conditions": []}
