"""The settings file's [currency] rates for the programs that only read them
(`flowdeck watch`, `flowdeck rank`, the gateway's /v1/rank over every market): the
window owns the file, so it is never moved, migrated or written here."""

from __future__ import annotations

import tomllib

from ..core.currency import Rates, rates_from_table
from ..core.errors import FlowDeckError, invalid_param
from . import paths


def settings_rates() -> Rates:
    """The settings file's [currency] (read, never moved or written: the window owns the
    file); 1001 naming a bad table, the defaults when there is no file."""
    try:
        doc = tomllib.loads(paths.config_path().read_text("utf-8"))
    except FileNotFoundError:
        return Rates()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise invalid_param(f"the settings file cannot be read for its rates: {exc}") from None
    try:
        return rates_from_table(doc.get("currency"))
    except FlowDeckError as exc:
        raise invalid_param(f"the settings' [currency]: {exc.message}") from None
