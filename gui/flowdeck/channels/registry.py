"""make_channel: the one way a ChannelSpec and its secrets become a Channel.

Each kind's module has a `build(spec, secrets, session_factory)` that checks what the
kind needs (a URL, a token, a chat id, a server) and raises FlowDeckError 1001 naming
what is missing. They are imported here by name, not looked up at run time, so the
frozen bundle's analysis (PyInstaller) finds every one."""

from __future__ import annotations

from flowdeck.core.channel_spec import KINDS, ChannelSpec
from flowdeck.core.errors import invalid_param

from . import dingtalk, email, feishu, slack, telegram, webhook, wecom
from .base import Channel, Secrets
from .http import SessionFactory

BUILDERS = {"webhook": webhook.build, "wecom": wecom.build, "dingtalk": dingtalk.build,
            "feishu": feishu.build, "telegram": telegram.build, "slack": slack.build,
            "email": email.build}


def make_channel(spec: ChannelSpec, secrets: Secrets, *,
                 session_factory: SessionFactory | None = None) -> Channel:
    """The channel `spec` describes, with its secrets read from `secrets`.
    `session_factory` makes the aiohttp session an HTTP channel uses (it is closed by
    the channel's close()); default http.default_session (the environment's proxy)."""
    build = BUILDERS.get(spec.kind) if spec.kind in KINDS else None
    if build is None:
        raise invalid_param(f"channel {spec.name}: unknown kind {spec.kind!r:.40}")
    return build(spec, secrets, session_factory)
