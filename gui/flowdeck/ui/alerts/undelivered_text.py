"""An alert log entry of type "undelivered" (live/delivery_marks.py: a firing a channel
refused for good or did not take before it expired) as the alert log dock shows it:
a row of its own at the time it was given up, saying to which channel and why, with
the firing's rule and value as they were written then, and the channel's last answer
as the note."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from ...live.delivery_marks import EXPIRED, FAILED, UNDELIVERED

# lupdate finds only literal texts in calls named tr or translate.
translate = QCoreApplication.translate


@dataclass(frozen=True, slots=True)
class Undelivered:
    channel: str
    reason: str       # EXPIRED or FAILED
    rule_text: str    # the firing's, in the language it was written in
    value_text: str


def is_undelivered_entry(entry: Any) -> bool:
    return isinstance(entry, Mapping) and entry.get("type") == UNDELIVERED


def undelivered_of(entry: Mapping[str, Any]) -> Undelivered | None:
    """None when the entry is not one FlowDeck writes (a hand-edited line)."""
    channel, reason = entry.get("channel"), entry.get("reason")
    if not isinstance(channel, str) or not channel or reason not in (EXPIRED, FAILED):
        return None
    return Undelivered(channel, reason, str(entry.get("rule_text") or ""),
                       str(entry.get("value_text") or ""))


def undelivered_rule_text(u: Undelivered) -> str:
    if u.reason == EXPIRED:
        return translate("Undelivered", "Not delivered to {channel} in time: {rule}").format(
            channel=u.channel, rule=u.rule_text)
    return translate("Undelivered", "Refused by {channel}: {rule}").format(
        channel=u.channel, rule=u.rule_text)
