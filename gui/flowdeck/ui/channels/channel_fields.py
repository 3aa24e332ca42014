"""How a channel's options are typed in the edit dialog: one line of text each, read
back to the value the [[channels]] table holds (core/channel_spec.py's OPTIONS), and
what each secret field is called. A value that does not read is a ValueError naming
the option; channel_from_table checks the rest."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

LISTS = ("mentioned_list", "at_mobiles", "to")   # comma-separated
FLAGS = ("at_all",)                               # a check box
WHOLE = ("port",)
NUMBERS = ("timeout_s",)
MAPS = ("headers",)                               # a JSON object
# Marked for lupdate here, translated when shown (context "ChannelEditDialog").
LABELS = {
    "url": QT_TRANSLATE_NOOP("ChannelEditDialog", "URL"),
    "hmac_secret": QT_TRANSLATE_NOOP("ChannelEditDialog", "Signing secret (HMAC)"),
    "sign_secret": QT_TRANSLATE_NOOP("ChannelEditDialog", "Signing secret"),
    "bot_token": QT_TRANSLATE_NOOP("ChannelEditDialog", "Bot token"),
    "password": QT_TRANSLATE_NOOP("ChannelEditDialog", "Password"),
    "headers": QT_TRANSLATE_NOOP("ChannelEditDialog", "Headers (JSON)"),
    "timeout_s": QT_TRANSLATE_NOOP("ChannelEditDialog", "Timeout (s)"),
    "mentioned_list": QT_TRANSLATE_NOOP("ChannelEditDialog", "Mention (user IDs)"),
    "at_all": QT_TRANSLATE_NOOP("ChannelEditDialog", "Mention everyone"),
    "at_mobiles": QT_TRANSLATE_NOOP("ChannelEditDialog", "Mention (mobile numbers)"),
    "chat_id": QT_TRANSLATE_NOOP("ChannelEditDialog", "Chat ID"),
    "api_base": QT_TRANSLATE_NOOP("ChannelEditDialog", "API base URL"),
    "host": QT_TRANSLATE_NOOP("ChannelEditDialog", "SMTP server"),
    "port": QT_TRANSLATE_NOOP("ChannelEditDialog", "Port"),
    "security": QT_TRANSLATE_NOOP("ChannelEditDialog", "Security (starttls, tls, none)"),
    "username": QT_TRANSLATE_NOOP("ChannelEditDialog", "User name"),
    "sender": QT_TRANSLATE_NOOP("ChannelEditDialog", "From"),
    "to": QT_TRANSLATE_NOOP("ChannelEditDialog", "To (comma-separated)"),
}


def option_text(name: str, value: Any) -> str:
    """The line that shows `value` of option `name`."""
    if value is None:
        return ""
    if name in LISTS and isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if name in MAPS:
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def option_value(name: str, text: str) -> Any:
    """The option's value from its line; None when the line is blank (not set)."""
    text = text.strip()
    if not text:
        return None
    if name in LISTS:
        return [part.strip() for part in text.split(",") if part.strip()]
    if name in WHOLE:
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{name}: {text!r:.30} is not a whole number") from None
    if name in NUMBERS:
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{name}: {text!r:.30} is not a number") from None
    if name in MAPS:
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise ValueError(f'{name}: write a JSON object, e.g. {{"X-Desk": "1"}}')
        return value
    return text
