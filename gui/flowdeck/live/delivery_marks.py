"""What delivery writes besides the outbox: the alert log's mark for a firing a channel
never took, and the payload of Settings > Channels' "Send test message". No asyncio."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

#: The alert log entry type of a firing that did not reach a channel (the firing's own
#: "alert" entry was written when it fired; this one says what became of it there).
UNDELIVERED = "undelivered"
EXPIRED, FAILED = "expired", "failed"


def undelivered_entry(payload: Mapping[str, Any], channel: str, reason: str, error: str,
                      wall: float) -> dict:
    """The mark of `payload` (as the outbox kept it) not delivered to `channel`:
    `reason` EXPIRED (still failing when its time ran out) or FAILED (the channel
    refused it for good); `error` the channel's last answer, secrets already removed."""
    return {"type": UNDELIVERED, "reason": reason, "channel": channel,
            "key": str(payload.get("key", "")), "code": str(payload.get("code", "")),
            "alert_type": str(payload.get("type", "alert")),
            "rule_text": str(payload.get("rule_text", "")),
            "value_text": str(payload.get("value_text", "")),
            "fired": payload.get("wall"), "error": error, "wall": wall}


def trial_payload(wall: float, units: str = "kmb", lang: str = "en") -> dict:
    """A message that says it is a test; it never goes through the outbox."""
    return {"type": "test", "code": "", "field": "", "op": "", "threshold": None,
            "value": None, "time": "", "note": "", "scope": "", "wall": wall, "name": "",
            "rule_text": "FlowDeck test message", "value_text": "", "units": units,
            "lang": lang, "conditions": [], "key": "test-" + uuid.uuid4().hex}
