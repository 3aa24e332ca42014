"""Where alerts go besides the tray: the settings file's `[[channels]]`, checked. No Qt.

A channel is defined once and named; a rule lists the names it uses (Rule.channels,
default: the tray only):

    [[channels]]
    name = "desk-dingtalk"          # unique, what rules and `watch --notify` name
    kind = "dingtalk"               # one of KINDS
    url = "https://oapi.dingtalk.com/robot/send?access_token=..."   # not for smtp
    enabled = true
    options = { at_all = false }    # the kind's own, see OPTIONS

Secrets (a robot's token or webhook key, a signing secret, a bot token, an SMTP
password) are never in this table once saved: they go to the OS's credential store
(storage/secrets.py), keyed by (channel name, secret field); SECRET_FIELDS says which a
kind has. A webhook URL that carries its key (WeCom's `key=`, DingTalk's
`access_token=`, Slack's path, Feishu's hook id) is itself a secret: the field "url".

Every mistake is a FlowDeckError 1001 naming the part that is wrong."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import invalid_param

KINDS = ("webhook", "wecom", "dingtalk", "feishu", "telegram", "slack", "email")
# The providers' published limits, messages a minute per robot/bot (0: none published;
# the outbox then uses DEFAULT_PER_MIN): DingTalk and WeCom robots 20, Feishu's custom
# bot 100 (5 a second), Telegram 20 per group, Slack about one a second.
PER_MIN = {"webhook": 0, "wecom": 20, "dingtalk": 20, "feishu": 100, "telegram": 20,
           "slack": 60, "email": 0}
DEFAULT_PER_MIN = 60
SECRET_FIELDS: dict[str, tuple[str, ...]] = {
    "webhook": ("hmac_secret",),        # optional: X-FlowDeck-Signature, HMAC-SHA256
    "wecom": ("url",),
    "dingtalk": ("url", "sign_secret"),  # sign_secret optional ("SEC...")
    "feishu": ("url", "sign_secret"),    # sign_secret optional
    "telegram": ("bot_token",),
    "slack": ("url",),
    "email": ("password",),
}
# Options each kind takes (others are refused, so a typo is seen).
OPTIONS: dict[str, tuple[str, ...]] = {
    "webhook": ("headers", "timeout_s"),
    "wecom": ("mentioned_list", "timeout_s"),
    "dingtalk": ("at_all", "at_mobiles", "timeout_s"),
    "feishu": ("timeout_s",),
    "telegram": ("chat_id", "api_base", "timeout_s"),
    "slack": ("timeout_s",),
    "email": ("host", "port", "security", "username", "sender", "to", "timeout_s"),
}
_NAME = re.compile(r"^[\w.\- ]{1,40}$")


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    """One `[[channels]]` table, checked. `url` is empty for e-mail (its server is in
    options) and wherever the URL is kept as a secret; `per_min` is the rate the outbox
    keeps (the kind's published limit unless the table lowers it)."""
    name: str
    kind: str
    url: str = ""
    enabled: bool = True
    options: Mapping[str, Any] = field(default_factory=dict)
    per_min: int = DEFAULT_PER_MIN

    @property
    def secret_fields(self) -> tuple[str, ...]:
        return SECRET_FIELDS[self.kind]


def channel_from_table(table: Mapping[str, Any]) -> ChannelSpec:
    if not isinstance(table, Mapping):
        raise invalid_param(f"a [[channels]] entry must be a table, not {table!r:.60}")
    name = str(table.get("name", "")).strip()
    if not _NAME.match(name):
        raise invalid_param(f"channel name {name!r:.60} must be 1-40 letters, digits, "
                            f"spaces, '.', '-' or '_'")
    kind = str(table.get("kind", "")).strip().lower()
    if kind not in KINDS:
        raise invalid_param(f"channel {name}: kind {kind!r:.40} must be one of "
                            f"{', '.join(KINDS)}")
    unknown = sorted(set(table) - {"name", "kind", "url", "enabled", "options", "per_min"})
    if unknown:
        raise invalid_param(f"channel {name}: unknown key(s) {', '.join(unknown)}")
    url = str(table.get("url", "") or "")
    if url and not url.startswith(("http://", "https://")):
        raise invalid_param(f"channel {name}: url must start with http:// or https://")
    options = table.get("options", {}) or {}
    if not isinstance(options, Mapping):
        raise invalid_param(f"channel {name}: options must be a table")
    bad = sorted(set(options) - set(OPTIONS[kind]))
    if bad:
        raise invalid_param(f"channel {name}: unknown option(s) {', '.join(bad)} for "
                            f"{kind}; it takes {', '.join(OPTIONS[kind])}")
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise invalid_param(f"channel {name}: enabled must be true or false")
    limit = PER_MIN[kind] or DEFAULT_PER_MIN
    per_min = table.get("per_min", limit)
    if isinstance(per_min, bool) or not isinstance(per_min, int) or not 1 <= per_min <= limit:
        raise invalid_param(f"channel {name}: per_min must be a whole number 1..{limit}")
    return ChannelSpec(name, kind, url, enabled, dict(options), per_min)


def channel_to_table(spec: ChannelSpec) -> dict[str, Any]:
    """The table of `spec` (no secrets: they are not in a spec)."""
    table: dict[str, Any] = {"name": spec.name, "kind": spec.kind}
    if spec.url:
        table["url"] = spec.url
    table["enabled"] = spec.enabled
    if spec.options:
        table["options"] = dict(spec.options)
    if spec.per_min != (PER_MIN[spec.kind] or DEFAULT_PER_MIN):
        table["per_min"] = spec.per_min
    return table
