"""The registry's table owns each scheme's factory AND its URL check: every scheme has
both, check_source refuses what the source's own parser refuses (with the reason a
window translates), an unknown scheme is named with the known ones, and a source added
to the table is checked by its own check: nothing outside feeds/ knows the schemes."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from flowdeck.cli.record import record_day
from flowdeck.core.errors import ErrorCode, FlowDeckError, invalid_param
from flowdeck.feeds.futu import sdk as futu_sdk
from flowdeck.feeds.registry import SOURCES, Source, check_source, known_schemes

needs_futu = pytest.mark.skipif(not futu_sdk.installed(),
                                reason=f"futu-api is not installed ({futu_sdk.INSTALL_HINT})")


def refuse_demo(url: str, options) -> None:
    """The check of the `demo` scheme a test adds to the table."""
    if options.get("ok") != "yes":
        raise invalid_param("demo: say ok=yes", "source.demo", url=url)


def refused(url: str) -> FlowDeckError:
    with pytest.raises(FlowDeckError) as info:
        check_source(url)
    return info.value


def test_every_scheme_has_a_factory_and_a_check_that_load() -> None:
    assert known_schemes() == ["eastmoney", "futu", "gateway", "replay", "sim"]
    for scheme, source in SOURCES.items():
        for target in (source.factory, source.check):
            module, _, name = target.partition(":")
            assert module.startswith("flowdeck.feeds."), (scheme, target)
            if target == source.factory and scheme == "futu" and not futu_sdk.installed():
                continue  # futu's feed module loads the SDK
            assert callable(getattr(importlib.import_module(module), name)), target


def test_an_unknown_scheme_names_the_known_ones() -> None:
    exc = refused("  nosuch://h:1 ")
    assert exc.code == ErrorCode.INVALID_PARAM
    assert exc.reason == "source.unknown"
    known = "eastmoney, futu, gateway, replay, sim"
    assert exc.params == {"url": "'nosuch://h:1'", "known": known}
    assert exc.message == f"unknown source 'nosuch://h:1'; known: {known}"


def test_an_empty_source_is_refused_with_its_reason() -> None:
    assert refused("  ").reason == "source.empty"


@pytest.mark.parametrize(("url", "reason"), [
    ("sim?colour=red", "source.unknown_option"),
    ("sim?speed=fast", "source.positive"),
    ("sim?seed=x", "source.integer"),
    ("gateway://nohost", "source.no_port"),
    ("gateway://h:1?colour=red", "source.unknown_option"),
    ("futu://h:notaport", "source.bad_port"),
])
def test_each_scheme_refuses_with_a_translatable_reason(url: str, reason: str) -> None:
    exc = refused(url)
    assert exc.code == ErrorCode.INVALID_PARAM and exc.reason == reason


@pytest.mark.parametrize("url", ["sim", " sim?speed=20&seed=7 ", "gateway://h:1?token=T",
                                 pytest.param("futu://127.0.0.1:11111?wait=4",
                                              marks=needs_futu)])
def test_good_urls_come_back_stripped(url: str) -> None:
    assert check_source(url) == url.strip()


def test_a_replay_needs_a_file_to_read(tmp_path) -> None:
    path = tmp_path / "day.csv"
    with path.open("w", encoding="ascii", newline="\n") as f:
        record_day(["SZ.000001"], dt.date(2025, 3, 14), 5, f)
    url = f" replay:{path}?speed=max "
    assert check_source(url) == url.strip()
    for bad in (f"replay:{path}.missing", f"replay:{path}?speed=-1", "replay:"):
        assert refused(bad).code == ErrorCode.INVALID_PARAM


def test_a_source_added_to_the_table_is_checked_by_its_own_check(monkeypatch) -> None:
    assert refused("demo?ok=no").reason == "source.unknown"
    monkeypatch.setitem(SOURCES, "demo", Source("tests.feeds.test_registry:no_factory",
                                                "tests.feeds.test_registry:refuse_demo"))
    assert refused("demo?ok=no").reason == "source.demo"
    assert check_source("demo?ok=yes") == "demo?ok=yes"
    assert "demo" in refused("nosuch").params["known"]
