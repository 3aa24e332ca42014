"""A settings file written as the window saves one, for the programs that only read it
(`flowdeck watch`, `flowdeck rank`, the gateway's rankings over every market)."""

from __future__ import annotations

from flowdeck.storage import paths

RATES_DAY = "2026-12-01"
#: HKD base, USD and CNY rates of RATES_DAY.
RATES = ('[currency]\nbase = "HKD"\nrates = [{currency = "USD", rate = 7.8, '
         f'date = "{RATES_DAY}"}}, {{currency = "CNY", rate = 1.1, date = "{RATES_DAY}"}}]\n')
#: The same without a CNY rate.
NO_CNY = ('[currency]\nbase = "HKD"\nrates = [{currency = "USD", rate = 7.8, '
          f'date = "{RATES_DAY}"}}]\n')


def write_settings(text: str) -> bytes:
    """Write the settings file (under FLOWDECK_HOME: the flowdeck_home fixture); its
    bytes, to check it is never written."""
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()
