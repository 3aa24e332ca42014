"""The settings' [currency] table: base and dated rates saved and read back; absent in a
file that never chose one (such a file saves as it was); a bad table named in the
warning, the default used; rules written before per-market thresholds and currencies
load and save as they were."""

import tomllib

from flowdeck.core.alert_rules import rules_from_config, rules_to_config
from flowdeck.core.currency import Rate, Rates
from flowdeck.storage.config import Config, dumps_config, load_config, save_config

DEFAULT_CODES = ["HK.00700", "US.AAPL"]


def test_rates_are_saved_and_read_back(tmp_path):
    path = tmp_path / "flowdeck.toml"
    rates = Rates("CNY", (Rate("HKD", 0.92, "2026-12-01"), Rate("USD", 7.1, "2026-11-30",
                                                                 "futu")))
    save_config(path, Config(rates=rates, watchlists=[{"name": "A", "codes": []}],
                             active_watchlist="A"))
    doc = tomllib.loads(path.read_text("utf-8"))
    assert doc["currency"] == {"base": "CNY", "rates": [
        {"currency": "HKD", "rate": 0.92, "date": "2026-12-01", "source": "user"},
        {"currency": "USD", "rate": 7.1, "date": "2026-11-30", "source": "futu"}]}
    result = load_config(path, DEFAULT_CODES)
    assert result.config.rates == rates and result.warning is None


def test_a_file_without_currency_keeps_none_and_the_default_base(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.write_text('active_watchlist = "A"\n[[watchlists]]\nname = "A"\ncodes = []\n')
    config = load_config(path, DEFAULT_CODES).config
    assert config.rates == Rates("HKD")
    assert "currency" not in tomllib.loads(dumps_config(config))


def test_a_bad_currency_table_is_named_and_the_default_used(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.write_text('[currency]\nbase = "HKD"\n'
                    'rates = [{currency = "USD", rate = -7.8, date = "2026-12-01"}]\n')
    result = load_config(path, DEFAULT_CODES)
    assert result.config.rates == Rates("HKD")
    assert "[currency]: rate of USD -7.8 must be a number above 0" in result.warning


OLD_RULES = """schema = 1
[[watchlists]]
name = "A"
codes = ["HK.00700"]
[[alerts]]
scope = "all"
field = "main_net_inflow"
op = ">"
threshold = 50000000.0
hysteresis = 5000000.0
cooldown_s = 300.0
enabled = true
note = "written before currencies"
[[alerts]]
scope = "code:US.AAPL"
field = "main_net_inflow_ratio"
op = "crosses"
threshold = 0.0
hysteresis = 0.0
cooldown_s = 60.0
enabled = false
note = ""
"""


def test_an_old_rules_file_loads_and_saves_its_rules_unchanged(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.write_text(OLD_RULES, encoding="utf-8")
    config = load_config(path, DEFAULT_CODES).config
    rules, problems = rules_from_config(config.alerts)
    assert problems == [] and len(rules) == 2
    assert all(r.thresholds == () and r.currency == "" for r in rules)
    config.alerts = rules_to_config(rules, problems)
    save_config(path, config)
    assert tomllib.loads(path.read_text("utf-8"))["alerts"] == \
        tomllib.loads(OLD_RULES)["alerts"]
