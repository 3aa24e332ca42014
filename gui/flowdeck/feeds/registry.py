"""Source URL -> Feed, and whether a URL names a source FlowDeck can open. One table
owns both for every scheme, so a new source touches feeds/ only: the settings dialog,
`flowdeck --source` and the gateway ask here. Entries name their module and function
as text and are imported when used: checking `sim` does not load the Futu SDK."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from ..core.errors import invalid_param
from ..core.redact import redact_source
from .base import Feed


@dataclass(frozen=True, slots=True)
class Source:
    """Where a scheme's code lives, as "module:function"; both take (url, options)."""

    factory: str  # -> the Feed
    check: str    # raises FlowDeckError (with a translatable reason) when it cannot open


# scheme -> its source; every scheme has both a factory and a check (tests/feeds).
SOURCES: dict[str, Source] = {
    "sim": Source("flowdeck.feeds.sim.feed:open_sim_feed",
                  "flowdeck.feeds.sim.feed:check_sim_source"),
    "gateway": Source("flowdeck.feeds.gateway:open_gateway_feed",
                      "flowdeck.feeds.gateway:check_gateway_source"),
    "futu": Source("flowdeck.feeds.futu.feed:open_futu_feed",
                   "flowdeck.feeds.futu.url:check_futu_source"),
    "replay": Source("flowdeck.feeds.replay.feed:open_replay_feed",
                     "flowdeck.feeds.replay.feed:check_replay_source"),
    "eastmoney": Source("flowdeck.feeds.eastmoney.feed:open_eastmoney_feed",
                        "flowdeck.feeds.eastmoney.url:check_eastmoney_source"),
}


def known_schemes() -> list[str]:
    return sorted(SOURCES)


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


def check_source(url: str) -> str:
    """The URL, stripped, when FlowDeck can open it; FlowDeckError naming the problem
    (its `reason` and `params` let a window say it in the user's language)."""
    scheme, _, options = split_source(url)
    check: Callable[[str, Mapping[str, str]], None] = _load(_source(scheme, url).check)
    check(url, options)
    return url.strip()


def open_feed(url: str) -> Feed:
    scheme, _, options = split_source(url)
    factory: Callable[[str, Mapping[str, str]], Feed] = _load(_source(scheme, url).factory)
    return factory(url, options)


def _source(scheme: str, url: str) -> Source:
    source = SOURCES.get(scheme)
    if source is None:
        known = ", ".join(known_schemes())
        shown = repr(redact_source(url.strip()))  # the message may reach a log or a screen
        raise invalid_param(f"unknown source {shown}; known: {known}", "source.unknown",
                            url=shown, known=known)
    return source


def _load(target: str) -> Callable:
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)
