"""[delivery] expire_hours: read leniently from the config and from the file."""

from __future__ import annotations

import pytest

from flowdeck.storage import paths
from flowdeck.storage.config import load_config
from flowdeck.storage.delivery_settings import (
    delivery_expire_s,
    expire_from_table,
    read_delivery_expire_s,
)


def test_the_default_is_six_hours() -> None:
    assert expire_from_table(None) == (6 * 3600, [])
    assert expire_from_table({}) == (6 * 3600, [])


def test_hours_are_read_within_their_limits() -> None:
    assert expire_from_table({"expire_hours": 0.5}) == (1800.0, [])
    assert expire_from_table({"expire_hours": 168}) == (168 * 3600.0, [])


@pytest.mark.parametrize("bad", [0, 200, "6", True, -1])
def test_a_bad_value_is_the_default_and_named(bad) -> None:
    seconds, problems = expire_from_table({"expire_hours": bad})
    assert seconds == 6 * 3600
    assert len(problems) == 1 and "expire_hours" in problems[0]
    assert expire_from_table([1])[1] == ["[delivery] must be a table"]


def test_from_the_config_and_the_file(flowdeck_home) -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[delivery]\nexpire_hours = 2\n", encoding="utf-8")
    config = load_config(path, ["HK.00700"]).config
    assert delivery_expire_s(config) == (7200.0, [])
    assert read_delivery_expire_s() == (7200.0, [])
    path.write_text("[delivery\n", encoding="utf-8")
    seconds, problems = read_delivery_expire_s()
    assert seconds == 6 * 3600 and "cannot be read" in problems[0]
