"""The `futu://host:port[?timeout=S&wait=S]` URL: the registry opens a FutuFeed for it,
good URLs parse to their options, bad ones say what is wrong. Skipped when futu-api is
not installed (opening a FutuFeed asks for it first)."""

import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.feeds.base import Feed
from flowdeck.feeds.futu.feed import FutuFeed, parse_futu_url
from flowdeck.feeds.registry import open_feed, split_source
from tests.support.waiting import run


def parse(url: str) -> dict:
    _, _, options = split_source(url)
    return parse_futu_url(url, options)


def test_open_feed_knows_the_futu_scheme():
    feed = open_feed("futu://127.0.0.1:11111?timeout=2.5&wait=4")
    assert isinstance(feed, FutuFeed) and isinstance(feed, Feed)
    assert feed.name == "futu://127.0.0.1:11111" and not feed.simulated
    assert feed.timeout == 2.5 and feed.wait == 4.0
    run(feed.aclose())


@pytest.mark.parametrize("url, want", [
    ("futu://127.0.0.1:11111", {"host": "127.0.0.1", "port": 11111}),
    ("futu://opend.desk:11112/", {"host": "opend.desk", "port": 11112}),
    ("futu://h:1?timeout=3&wait=0.5", {"host": "h", "port": 1, "timeout": 3.0, "wait": 0.5}),
])
def test_good_urls(url, want):
    assert parse(url) == want


@pytest.mark.parametrize("url, word", [
    ("futu://127.0.0.1", "no port"),
    ("futu://127.0.0.1:99999", "bad port"),
    ("futu://:11111", "no host"),
    ("futu://h:1/x", "unexpected path"),
    ("futu://h:1?token=x", "unknown option"),
    ("futu://h:1?timeout=-1", "timeout"),
    ("futu://h:1?wait=soon", "wait"),
])
def test_bad_urls_say_what_is_wrong(url, word):
    with pytest.raises(FlowDeckError) as info:
        open_feed(url)
    assert info.value.code == ErrorCode.INVALID_PARAM and word in info.value.message
