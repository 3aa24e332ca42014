"""make_channel: the one way a ChannelSpec and its secrets become a Channel.

Each kind's module has a `build(spec, secrets, session_factory)` that checks what the
kind needs (a URL, a token, a chat id, a server) and raises FlowDeckError 1001 naming
what is missing; the modules are imported when first asked for, so a window that
sends only to a webhook never loads smtplib."""

from __future__ import annotations

import importlib

from flowdeck.core.channel_spec import KINDS, ChannelSpec
from flowdeck.core.errors import invalid_param

from .base import Channel, Secrets
from .http import SessionFactory

# kind -> the module under flowdeck.channels that builds it.
MODULES = {"webhook": "webhook", "wecom": "wecom", "dingtalk": "dingtalk",
           "feishu": "feishu", "telegram": "telegram", "slack": "slack", "email": "email"}


def make_channel(spec: ChannelSpec, secrets: Secrets, *,
                 session_factory: SessionFactory | None = None) -> Channel:
    """The channel `spec` describes, with its secrets read from `secrets`.
    `session_factory` makes the aiohttp session an HTTP channel uses (it is closed by
    the channel's close()); default http.default_session (the environment's proxy)."""
    if spec.kind not in KINDS:
        raise invalid_param(f"channel {spec.name}: unknown kind {spec.kind!r:.40}")
    module = MODULES.get(spec.kind)
    if module is None:
        raise invalid_param(f"channel {spec.name}: kind {spec.kind} cannot send yet")
    build = importlib.import_module(f"{__package__}.{module}").build
    return build(spec, secrets, session_factory)
