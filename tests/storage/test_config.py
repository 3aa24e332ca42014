import errno
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.core.watchlists import DEFAULT_WATCHLIST_NAME, Watchlists
from flowdeck.storage.atomic import FileOps, StorageError
from flowdeck.storage.config import (
    Config,
    backup_path,
    dumps_config,
    load_config,
    parse_config,
    save_config,
)

DEFAULT_CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.000001"]


def test_missing_file_gives_defaults_with_default_watchlist(tmp_path):
    path = tmp_path / "config" / "flowdeck.toml"
    result = load_config(path, DEFAULT_CODES)
    assert result.created and result.warning is None and result.backup is None
    c = result.config
    assert c.watchlists == [{"name": DEFAULT_WATCHLIST_NAME, "codes": DEFAULT_CODES}]
    assert c.active_watchlist == DEFAULT_WATCHLIST_NAME
    assert (c.source_url, c.units, c.colors, c.stale_after_s) == ("sim", "auto", "auto", 30)
    assert not path.exists() and not path.parent.exists()  # loading never writes


def test_save_then_load(tmp_path):
    path = tmp_path / "config" / "flowdeck.toml"
    config = Config(source_url="gateway://h:1", units="wan", colors="red-up", language="zh_HK",
                    theme="dark", stale_after_s=12.5,
                    watchlists=[{"name": "A", "codes": ["HK.00700"]}, {"name": "B", "codes": []}],
                    active_watchlist="B")
    save_config(path, config)
    result = load_config(path, DEFAULT_CODES)
    assert result.config == config and result.warning is None and not result.created


def test_file_layout(tmp_path):
    text = dumps_config(Config(watchlists=[{"name": "A", "codes": ["US.AAPL"]}],
                               active_watchlist="A"))
    doc = tomllib.loads(text)
    assert doc == {"schema": 1, "active_watchlist": "A", "source": {"url": "sim"},
                   "display": {"units": "auto", "colors": "auto", "language": "auto",
                               "theme": "auto", "stale_after_s": 30},
                   "history": {"keep_minutes_days": 0},
                   "watchlists": [{"name": "A", "codes": ["US.AAPL"]}]}
    assert text.index("[source]") < text.index("[display]") < text.index("[[watchlists]]")


UNKNOWN = """
active_watchlist = "Main"
future_flag = true
[source]
url = "sim"
seed = 7
[display]
units = "kmb"
font = { family = "Mono", size = 11 }
[[watchlists]]
name = "Main"
codes = ["HK.00700"]
colour = "blue"
[[alerts]]
code = "HK.00700"
field = "main_net_inflow"
above = 1e8
[plugins.x]
on = [1, 2]
"""


def test_unknown_keys_and_alerts_round_trip(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.write_text(UNKNOWN)
    result = load_config(path, DEFAULT_CODES)
    assert result.warning is None
    c = result.config
    assert c.alerts == [{"code": "HK.00700", "field": "main_net_inflow", "above": 1e8}]
    c.units = "wan"
    save_config(path, c)
    doc = tomllib.loads(path.read_text())
    before = tomllib.loads(UNKNOWN)
    before["display"]["units"] = "wan"
    before["display"].update(colors="auto", language="auto", theme="auto", stale_after_s=30)
    before["history"] = {"keep_minutes_days": 0}
    before["schema"] = 1  # the file had none: version 0, saved as the current version
    assert doc == before


def test_alerts_of_another_shape_are_kept(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text('alerts = "later"\n')
    result = load_config(path)
    assert result.warning is None
    save_config(path, result.config)
    assert tomllib.loads(path.read_text())["alerts"] == "later"


@pytest.mark.parametrize("text", [
    "this is = = not toml",
    "[display\nunits = 'kmb'",
    "a = 1\na = 2",
])
def test_broken_toml_is_moved_to_bak(tmp_path, text):
    path = tmp_path / "flowdeck.toml"
    path.write_text(text)
    result = load_config(path, DEFAULT_CODES)
    assert result.backup == tmp_path / "flowdeck.toml.bak"
    assert result.backup.read_text() == text and not path.exists()
    assert str(result.backup) in result.warning and "broken" in result.warning
    assert result.config.watchlists[0]["codes"] == DEFAULT_CODES
    assert not result.created


def test_backups_are_numbered(tmp_path):
    path = tmp_path / "flowdeck.toml"
    backups = []
    for i in range(3):
        path.write_bytes(b"\xff\xfe not utf-8 %d" % i)
        backups.append(load_config(path).backup)
    assert [b.name for b in backups] == ["flowdeck.toml.bak", "flowdeck.toml.1.bak",
                                         "flowdeck.toml.2.bak"]
    assert backups[2].read_bytes().endswith(b"2")
    assert backup_path(path).name == "flowdeck.toml.3.bak"


def test_broken_file_that_cannot_be_moved(tmp_path):
    class NoRename(FileOps):
        def replace(self, src, dst):
            raise OSError(errno.EACCES, "Permission denied")

    path = tmp_path / "flowdeck.toml"
    path.write_text("[[[")
    result = load_config(path, DEFAULT_CODES, NoRename())
    assert result.backup is None and "could not be moved" in result.warning
    assert path.read_text() == "[[["


def test_unreadable_file_warns_and_keeps_it(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.mkdir()  # a folder where the file should be
    result = load_config(path, DEFAULT_CODES)
    assert "Could not read settings" in result.warning and path.is_dir()


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "f.toml"
    path.write_bytes("\ufeff[display]\nunits = 'wan'\n".encode())
    assert load_config(path).config.units == "wan"


BAD_VALUES = """
active_watchlist = "Nope"
[source]
url = 5
[display]
units = 7
colors = "blue"
stale_after_s = -3
[[watchlists]]
name = "Main"
codes = ["hk.700", "SZ.1", "bad", 3, "HK.00700"]
[[watchlists]]
name = "main"
codes = []
[[watchlists]]
name = ""
[[watchlists]]
name = "Other"
codes = "US.AAPL"
"""


def test_bad_values_warn_and_use_defaults_without_writing(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.write_text(BAD_VALUES)
    result = load_config(path, DEFAULT_CODES)
    c, w = result.config, result.warning
    assert (c.source_url, c.units, c.colors, c.stale_after_s) == ("sim", "auto", "auto", 30)
    assert c.watchlists == [{"name": "Main", "codes": ["HK.00700"]},
                            {"name": "Other", "codes": []}]
    assert c.active_watchlist == "Main"
    for part in ["units = 7", "colors = 'blue'", "stale_after_s = -3", "url = 5",
                 "SZ.1, bad, 3", "used twice", "'Nope'", "codes = 'US.AAPL'", str(path)]:
        assert part in w, part
    assert path.read_text() == BAD_VALUES and result.backup is None
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("text, problem", [
    ("source = 3", "[source] is not a table"),
    ("display = [1]", "[display] is not a table"),
    ("watchlists = 3", "is not a list"),
    ("watchlists = [1]", "#1 is not a table"),
    ("[display]\nstale_after_s = true", "stale_after_s = True"),
    ("[display]\nstale_after_s = nan", "stale_after_s = nan"),
    ("[display]\nstale_after_s = 1e9", "stale_after_s"),
    ("[display]\nlanguage = 'fr'", "expected one of auto, en, zh_CN, zh_HK"),
    ("[display]\ntheme = 'blue'", "expected one of auto, light, dark"),
])
def test_bad_types(text, problem):
    config, problems = parse_config(tomllib.loads(text), DEFAULT_CODES)
    assert any(problem in p for p in problems), problems
    assert config.watchlists == [{"name": DEFAULT_WATCHLIST_NAME, "codes": DEFAULT_CODES}]
    assert config.stale_after_s == 30


def test_save_failure_raises_storage_error_and_keeps_old(tmp_path):
    class Full(FileOps):
        def write(self, fd, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    path = tmp_path / "flowdeck.toml"
    save_config(path, Config(units="wan"))
    old = path.read_bytes()
    with pytest.raises(StorageError) as info:
        save_config(path, Config(units="kmb"), Full())
    assert str(info.value) == f"Could not save settings to {path}: No space left on device"
    assert info.value.errno == errno.ENOSPC
    assert path.read_bytes() == old and list(tmp_path.iterdir()) == [path]


def test_watchlists_to_config_and_back(tmp_path):
    path = tmp_path / "f.toml"
    config = load_config(path, DEFAULT_CODES).config
    wl = Watchlists.from_config(config.watchlists, config.active_watchlist)
    wl.create("Tech")
    wl.add_text("US.NVDA us.msft")
    config.watchlists, config.active_watchlist = wl.to_config(), wl.active
    save_config(path, config)
    again = load_config(path).config
    assert Watchlists.from_config(again.watchlists, again.active_watchlist).to_config() \
        == wl.to_config()
    assert again.active_watchlist == "Tech"


# -- property round trips ---------------------------------------------------------------

code_st = st.sampled_from(["HK.00700", "HK.09988", "US.AAPL", "US.BRK.B", "SH.600519",
                           "SZ.000001", "SZ.300750"])
name_st = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
                  min_size=1, max_size=20).map(str.strip).filter(bool)
key_st = st.text("abcdefghijklmnopqrstuvwxyz_-", min_size=1, max_size=8)
scalar_st = st.one_of(st.booleans(), st.integers(-2**63, 2**63 - 1),
                      st.floats(allow_nan=False, allow_infinity=False),
                      st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)),
                              max_size=20))
value_st = st.recursive(scalar_st, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(key_st, inner, max_size=3)), max_leaves=8)


@st.composite
def configs(draw):
    names = draw(st.lists(name_st, min_size=1, max_size=4, unique_by=str.casefold))
    lists = [{"name": n, "codes": draw(st.lists(code_st, unique=True, max_size=7))}
             for n in names]
    extra = draw(st.dictionaries(key_st.map(lambda k: "x_" + k), value_st, max_size=3))
    for table in ("source", "display"):
        unknown = draw(st.dictionaries(key_st.map(lambda k: "y_" + k), value_st, max_size=2))
        if unknown:
            extra[table] = unknown
    return Config(
        source_url=draw(st.sampled_from(["sim", "gateway://127.0.0.1:8765", "futu://h:1"])),
        units=draw(st.sampled_from(["auto", "wan", "kmb"])),
        colors=draw(st.sampled_from(["auto", "red-up", "green-up"])),
        stale_after_s=draw(st.one_of(st.integers(1, 3600), st.floats(0.5, 3600))),
        watchlists=lists, active_watchlist=draw(st.sampled_from(names)),
        alerts=draw(st.lists(st.dictionaries(key_st, scalar_st, max_size=3), max_size=2)),
        extra=extra)


@given(configs())
def test_round_trip_property(config):
    again, problems = parse_config(tomllib.loads(dumps_config(config)))
    assert problems == []
    assert again == config


@pytest.mark.parametrize("value, kept", [(30, 30), (0, 0), (-1, None), (2.5, None),
                                         (True, None), ("30", None)])
def test_the_days_of_minute_series_kept_are_whole_days(value, kept) -> None:
    config, problems = parse_config({"history": {"keep_minutes_days": value}})
    if kept is None:
        assert config.keep_minutes_days == 0
        assert problems and "history.keep_minutes_days" in problems[0]
        assert "whole days, 0 for all" in problems[0]
    else:
        assert config.keep_minutes_days == kept and problems == []
