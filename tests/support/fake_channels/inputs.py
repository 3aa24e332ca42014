"""What a channel is given in tests: payloads made by the real core/alert_payload.py
from real alerts, and secrets from a dict (anything with get(channel, field) serves as
channels.base.Secrets)."""

from __future__ import annotations

from flowdeck.channels.registry import make_channel
from flowdeck.core.alert_payload import alert_payload
from flowdeck.core.alert_rules import Op, Rule
from flowdeck.core.alerts import Alert
from flowdeck.core.channel_spec import channel_from_table
from flowdeck.core.rule import make_rule
from flowdeck.core.stale_alerts import StaleEvent
from flowdeck.core.stale_text import stale_payloads


class DictSecrets:
    def __init__(self, values: dict[tuple[str, str], str] | None = None) -> None:
        self.values = dict(values or {})

    def get(self, channel: str, field: str) -> str | None:
        return self.values.get((channel, field))


def firing(code: str = "HK.00700", value: float = 51.2e6, key: str = "k1",
           note: str = "", name: str = "騰訊控股", threshold: float = 50e6,
           field: str = "main_net_inflow", time: str = "2025-03-14 10:31:00") -> dict:
    """The payload of one firing of "<field> > threshold" on `code`, its dedupe key set
    as the outbox sets it."""
    rule = Rule(f"code:{code}", field, Op.GT, threshold, note=note)
    payload = alert_payload(Alert(code, rule, value, time, 1_741_919_460.0), name=name)
    payload["key"] = key
    return payload


def and_firing(key: str = "and-1") -> dict:
    """The payload of "main net inflow crosses 0 AND main net ratio > 2%" on HK.00700
    firing with 31M and 2.4% (an AND rule of core/rule.py)."""
    rule = make_rule("code:HK.00700", "main_net_inflow", "crosses", "0", conditions=[
        {"field": "main_net_inflow_ratio", "op": ">", "threshold": "2%"}])
    alert = Alert("HK.00700", rule, 3.1e7, "2025-03-14 10:31:00", 1_741_919_460.0,
                  direction=1, more_values=(0.024,))
    payload = alert_payload(alert, name="騰訊控股")
    payload["key"] = key
    return payload


def stale(code: str = "", key: str = "s1", lang: str = "en") -> dict:
    """A data-stale alert as the core makes it (core/stale_text.py): about `code`, or
    about the source ("sim") when `code` is empty, at 2025-03-14 02:40:00 UTC."""
    event = StaleEvent("stale", (code,) if code else (), source=not code, seconds=120,
                       error="" if code else "connection refused")
    (payload,) = stale_payloads([event], 1_741_920_000.0, "sim", lang=lang)
    payload["key"] = key
    return payload


async def send_once(table: dict, secrets: dict[str, str], payloads: list[dict]):
    """Build the channel `table` describes (its secrets by field name) with the real
    registry, send `payloads` once, close it; the Sent (or the ChannelError raised)."""
    spec = channel_from_table(table)
    channel = make_channel(spec, DictSecrets({(spec.name, k): v for k, v in secrets.items()}))
    try:
        return await channel.send(payloads)
    finally:
        await channel.close()
