"""The settings' [tape] table: saved and read back with the rest, a bad value named and
its default used, the other settings and [tape]'s unknown keys never lost."""

import tomllib

from flowdeck.core.big_trade_thresholds import BigTradeThresholds, TapeSettings
from flowdeck.storage.config import load_config, save_config
from flowdeck.storage.tape_settings import set_tape_settings, tape_settings

CODES = ["HK.00700"]


def test_tape_settings_are_saved_and_read_back(tmp_path):
    path = tmp_path / "flowdeck.toml"
    config = load_config(path, CODES).config
    assert tape_settings(config) == (TapeSettings(), [])
    chosen = TapeSettings(BigTradeThresholds().with_market("HK", "200万")
                          .with_code("HK.00700", "1000万"), per_code=300, total=4_000)
    set_tape_settings(config, chosen)
    save_config(path, config)
    doc = tomllib.loads(path.read_text("utf-8"))
    assert doc["tape"] == {"per_code": 300, "total": 4_000,
                           "min_value": {"HK": 2e6, "HK.00700": 1e7}}
    again = load_config(path, CODES)
    assert again.warning is None
    assert tape_settings(again.config) == (chosen, [])
    assert again.config.watchlists[0]["codes"] == CODES


def test_a_bad_value_falls_back_and_nothing_else_is_lost(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.write_text('active_watchlist = "A"\n[display]\nunits = "wan"\n'
                    '[tape]\nper_code = -3\ntotal = 1000\nfuture = "kept"\n'
                    '[tape.min_value]\nUS = "lots"\nSZ = "30万"\n'
                    '[[watchlists]]\nname = "A"\ncodes = ["US.AAPL"]\n')
    config = load_config(path, CODES).config
    settings, problems = tape_settings(config)
    assert settings.per_code == 2_000 and settings.total == 1_000
    assert settings.thresholds.of_market("US") == 40_000.0
    assert settings.thresholds.of_market("SZ") == 300_000.0
    assert [p.split(":")[0] for p in problems] == ["tape.per_code", "tape.min_value.US"]
    assert config.units == "wan" and config.watchlists[0]["codes"] == ["US.AAPL"]
    set_tape_settings(config, settings)
    save_config(path, config)
    doc = tomllib.loads(path.read_text("utf-8"))
    assert doc["tape"] == {"future": "kept", "per_code": 2_000, "total": 1_000,
                           "min_value": {"SZ": 300_000.0}}
    assert doc["display"]["units"] == "wan"
