"""Source URL -> Feed. Each source module registers its scheme at import time of this
module's table below, so `open_feed('sim?speed=20')` needs no other import."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from ..core.errors import invalid_param
from .base import Feed

# scheme -> "module:factory"; the factory takes (url, options: dict[str, str]).
_SOURCES: dict[str, str] = {
    "sim": "flowdeck.feeds.sim:open_sim_feed",
    "gateway": "flowdeck.feeds.gateway:open_gateway_feed",
    "futu": "flowdeck.feeds.futu:open_futu_feed",
    "replay": "flowdeck.feeds.replay:open_replay_feed",
}


def register_source(scheme: str, target: str) -> None:
    _SOURCES[scheme] = target


def known_schemes() -> list[str]:
    return sorted(_SOURCES)


def split_source(url: str) -> tuple[str, str, dict[str, str]]:
    """`sim?speed=20&seed=7` -> ("sim", "", {"speed": "20", "seed": "7"});
    `gateway://h:1?token=T` -> ("gateway", "h:1", {"token": "T"});
    `replay:FILE?speed=2` -> ("replay", "FILE", {"speed": "2"})."""
    if not isinstance(url, str) or not url.strip():
        raise invalid_param("source URL is empty", "source.empty")
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme or parts.path.split("?")[0]
    if not parts.scheme:
        rest, query = "", parts.query
    else:
        rest = parts.netloc or parts.path
        query = parts.query
    options = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    return scheme.lower(), rest, options


def open_feed(url: str) -> Feed:
    scheme, _, options = split_source(url)
    target = _SOURCES.get(scheme)
    if target is None:
        raise invalid_param(
            f"unknown source {url!r}; known sources: {', '.join(known_schemes())}")
    module_name, _, attr = target.partition(":")
    factory: Callable[[str, dict[str, str]], Feed] = getattr(
        importlib.import_module(module_name), attr)
    return factory(url, options)
