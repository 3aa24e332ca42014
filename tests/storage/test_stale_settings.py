"""The settings' [stale] table: saved and read back with the rest, a bad value named and
its default used, [stale]'s unknown keys kept; `flowdeck watch`'s read-only reader."""

import tomllib

from flowdeck.core.stale_alerts import StaleSettings
from flowdeck.storage import paths
from flowdeck.storage.config import load_config, save_config
from flowdeck.storage.stale_settings import (
    read_stale_settings,
    set_stale_settings,
    stale_settings,
)
from tests.support.settings_file import write_settings

CODES = ["HK.00700"]


def test_stale_settings_are_saved_and_read_back(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.write_text('[stale]\nfuture = "kept"\nstale_s = "soon"\n'
                    '[[watchlists]]\nname = "A"\ncodes = ["US.AAPL"]\n')
    config = load_config(path, CODES).config
    settings, problems = stale_settings(config)
    assert settings == StaleSettings() and [p.split(" ")[0] for p in problems] == ["stale.stale_s"]
    chosen = StaleSettings(enabled=False, stale_s=300.0, channels=("desk-wecom",))
    set_stale_settings(config, chosen)
    save_config(path, config)
    doc = tomllib.loads(path.read_text("utf-8"))
    assert doc["stale"] == {"future": "kept", "enabled": False, "stale_s": 300,
                            "channels": ["desk-wecom"]}
    again = load_config(path, CODES)
    assert stale_settings(again.config) == (chosen, [])
    assert again.config.watchlists[0]["codes"] == ["US.AAPL"]


def test_the_read_only_reader_never_writes_the_file(flowdeck_home):
    assert read_stale_settings() == (StaleSettings(), [])
    write_settings('[stale]\nstale_s = 60\nchannels = ["ops"]\n')
    assert read_stale_settings() == (StaleSettings(True, 60.0, ("ops",)), [])
    before = write_settings("[stale\n")
    settings, problems = read_stale_settings()
    assert settings == StaleSettings() and "cannot be read for its [stale]" in problems[0]
    assert paths.config_path().read_bytes() == before
