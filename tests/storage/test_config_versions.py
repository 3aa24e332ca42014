"""The settings file's versions: every older file loads unchanged in meaning and is saved
as the current version; a newer file is read for what this version knows and kept."""

import tomllib

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.storage.config import Config, dumps_config, load_config, save_config
from flowdeck.storage.config_migrations import CURRENT_SCHEMA
from tests.support.failing_ops import FailingOps

# A file of each older version as FlowDeck wrote it, and the settings it means. A new
# migration step adds the version it starts from here (test_every_step_has_a_fixture).
V0_DEFAULTS = """\
active_watchlist = "Main"
future_flag = true

[source]
url = "gateway://127.0.0.1:8765"
seed = 7

[display]
units = "wan"
colors = "auto"
language = "zh_HK"
theme = "dark"
stale_after_s = 12.5

[[watchlists]]
name = "Main"
codes = ["HK.00700", "US.AAPL"]
colour = "blue"

[[watchlists]]
name = "Empty"
codes = []

[[alerts]]
code = "HK.00700"
field = "main_net_inflow"
above = 1e8

[plugins.x]
on = [1, 2]
"""
V0_MEANS = Config(
    source_url="gateway://127.0.0.1:8765", units="wan",
    # v0's "auto" (then: per market) takes v1's default, one convention by language:
    # v0 files spelled the default out, so "auto" there is not a choice (commit 62b31c2).
    colors="auto", language="zh_HK", theme="dark", stale_after_s=12.5,
    watchlists=[{"name": "Main", "codes": ["HK.00700", "US.AAPL"], "colour": "blue"},
                {"name": "Empty", "codes": []}],
    active_watchlist="Main",
    alerts=[{"code": "HK.00700", "field": "main_net_inflow", "above": 1e8}],
    extra={"future_flag": True, "source": {"seed": 7}, "plugins": {"x": {"on": [1, 2]}}})

V0_CHOSEN = """\
active_watchlist = "Default"
[source]
url = "sim"
[display]
units = "kmb"
colors = "red-up"
[[watchlists]]
name = "Default"
codes = ["SH.600519"]
"""
V0_CHOSEN_MEANS = Config(units="kmb", colors="red-up",
                         watchlists=[{"name": "Default", "codes": ["SH.600519"]}],
                         active_watchlist="Default")

FIXTURES = {0: [(V0_DEFAULTS, V0_MEANS), (V0_CHOSEN, V0_CHOSEN_MEANS)]}
CASES = [(version, text, means) for version, cases in FIXTURES.items()
         for text, means in cases]


def test_every_step_has_a_fixture():
    # CURRENT_SCHEMA is len(MIGRATIONS) by definition; what a new step can lack is the
    # file of the version it starts from.
    assert sorted(FIXTURES) == list(range(CURRENT_SCHEMA))


@pytest.mark.parametrize(("version", "text", "means"), CASES)
def test_an_older_file_loads_unchanged_in_meaning(tmp_path, version, text, means):
    assert tomllib.loads(text).get("schema", 0) == version
    path = tmp_path / "flowdeck.toml"
    path.write_text(text, encoding="utf-8")
    result = load_config(path)
    assert result.warning is None and result.config == means
    assert path.read_text(encoding="utf-8") == text  # loading does not write

    save_config(path, result.config)
    saved = path.read_text(encoding="utf-8")
    assert tomllib.loads(saved)["schema"] == CURRENT_SCHEMA
    again = load_config(path)
    assert again.warning is None and again.config == means
    save_config(path, again.config)
    assert path.read_text(encoding="utf-8") == saved
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flowdeck.toml"]


def test_a_file_names_its_version_first():
    assert dumps_config(Config()).startswith(f"schema = {CURRENT_SCHEMA}\n")


NEWER = f"""\
schema = {CURRENT_SCHEMA + 1}
active_watchlist = "Main"
[source]
url = "sim"
[display]
units = "kmb"
colors = "by-sector"
[[watchlists]]
name = "Main"
codes = ["HK.00700"]
[[alerts]]
code = "HK.00700"
field = "main_net_inflow"
above = 1e8
channels = ["tray", "mail"]
[mail]
to = "me@example.com"
"""


def test_a_newer_file_is_read_for_what_this_version_knows_and_kept(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.write_text(NEWER, encoding="utf-8")
    result = load_config(path)
    c = result.config
    assert (c.units, c.colors, c.active_watchlist) == ("kmb", "auto", "Main")
    assert c.alerts[0]["channels"] == ["tray", "mail"]
    backup = tmp_path / "flowdeck.toml.bak"
    warning = result.warning or ""
    assert f"settings version {CURRENT_SCHEMA + 1}; this one reads up to {CURRENT_SCHEMA}" \
        in warning
    assert f"The original is kept as {backup}." in warning
    assert "display.colors = 'by-sector'" in warning  # the value it could not read
    assert backup.read_text(encoding="utf-8") == NEWER
    assert path.read_text(encoding="utf-8") == NEWER

    save_config(path, c)
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert doc["schema"] == CURRENT_SCHEMA  # this version's values, stamped as such
    assert doc["mail"] == {"to": "me@example.com"}
    assert doc["alerts"] == tomllib.loads(NEWER)["alerts"]
    assert backup.read_text(encoding="utf-8") == NEWER


def test_the_original_is_copied_once_however_often_it_is_read(tmp_path):
    """A newer file with a non-UTF-8 comment too, read at three starts without a save:
    one copy, named in each start's banner."""
    path = tmp_path / "flowdeck.toml"
    raw = b"# caf\xe9\n" + NEWER.encode("utf-8")
    path.write_bytes(raw)
    warnings = [load_config(path).warning or "" for _ in range(3)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flowdeck.toml",
                                                          "flowdeck.toml.bak"]
    assert (tmp_path / "flowdeck.toml.bak").read_bytes() == raw
    for warning in warnings:
        assert "not UTF-8 text in a comment" in warning and "newer FlowDeck" in warning
        assert warning.count("The original is kept as") == 1


def test_a_newer_file_whose_copy_cannot_be_kept_says_so(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.write_text(NEWER, encoding="utf-8")
    result = load_config(path, ops=FailingOps("write"))
    assert "written by a newer FlowDeck" in (result.warning or "")
    assert "A copy of the original could not be kept" in (result.warning or "")
    assert result.config.units == "kmb"
    assert path.read_text(encoding="utf-8") == NEWER


@pytest.mark.parametrize("value", ['"two"', "true", "-1", "1.5", "[1]"])
def test_a_version_that_is_not_one_is_named_and_read_as_version_0(tmp_path, value):
    path = tmp_path / "flowdeck.toml"
    text = f"schema = {value}\n" + V0_CHOSEN
    path.write_text(text, encoding="utf-8")
    result = load_config(path)
    assert f"schema = {tomllib.loads(text)['schema']!r}" in (result.warning or "")
    assert result.config == V0_CHOSEN_MEANS
    assert path.read_text(encoding="utf-8") == text
    save_config(path, result.config)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["schema"] == CURRENT_SCHEMA


# -- load, save, load is a fixed point -------------------------------------------------

code_st = st.sampled_from(["HK.00700", "US.AAPL", "US.BRK.B", "SH.600519", "SZ.300750",
                           "bad code", 7])
key_st = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=6)
scalar_st = st.one_of(st.booleans(), st.integers(-2**63, 2**63 - 1),
                      st.floats(allow_nan=False, allow_infinity=False),
                      st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)),
                              max_size=12))
value_st = st.recursive(scalar_st, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(key_st, inner, max_size=3)), max_leaves=6)


def maybe(draw, key, choices):
    """A known key's value, valid or not, or no key at all."""
    return draw(st.one_of(st.just({}), st.sampled_from(choices).map(lambda v: {key: v}),
                          scalar_st.map(lambda v: {key: v})))


@st.composite
def files(draw):
    """A settings document of any version this FlowDeck reads, or none named, with
    valid, invalid and unknown values."""
    doc = draw(st.dictionaries(key_st.map(lambda k: "x_" + k), value_st, max_size=2))
    doc.update(draw(st.one_of(st.just({}), st.integers(0, CURRENT_SCHEMA).map(
        lambda v: {"schema": v}))))
    doc["source"] = maybe(draw, "url", ["sim", "futu://h:1", " gateway://h:2 ", ""])
    display = {}
    for key, choices in (("units", ["auto", "wan", "kmb"]),
                         ("colors", ["auto", "red-up", "green-up", "by-market"]),
                         ("language", ["auto", "en", "zh_CN", "zh_HK"]),
                         ("theme", ["auto", "light", "dark"]),
                         ("stale_after_s", [1, 30, 0.5, 0, 86401])):
        display.update(maybe(draw, key, choices))
    doc["display"] = {**draw(st.dictionaries(key_st.map(lambda k: "y_" + k), value_st,
                                             max_size=2)), **display}
    names = draw(st.lists(st.sampled_from(["A", "B", "a", " C ", ""]), max_size=3))
    doc["watchlists"] = [{"name": n, "codes": draw(st.lists(code_st, max_size=4))}
                         for n in names]
    doc.update(draw(st.one_of(st.just({}), st.sampled_from([*names, "Z"]).map(
        lambda n: {"active_watchlist": n}))))
    doc["alerts"] = draw(st.lists(st.dictionaries(key_st, scalar_st, max_size=3),
                                  max_size=2))
    return doc


@given(files())
def test_load_save_load_is_a_fixed_point(tmp_path_factory, doc):
    path = tmp_path_factory.mktemp("versions") / "flowdeck.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    first = load_config(path).config
    save_config(path, first)
    saved = path.read_text(encoding="utf-8")
    second = load_config(path)
    assert second.warning is None and second.config == first
    save_config(path, second.config)
    assert path.read_text(encoding="utf-8") == saved
    assert tomllib.loads(saved)["schema"] == CURRENT_SCHEMA
