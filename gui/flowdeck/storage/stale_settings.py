"""The settings file's `[stale]` table (core/stale_alerts.py says what it holds).

It lives in Config.extra, kept as read and written back: reading never fails (a bad
value: its default, named in the problems), writing keeps the keys of the table this
version does not know (a newer FlowDeck's). `flowdeck watch` reads it with
`read_stale_settings` and never writes the file (the window owns it)."""

from __future__ import annotations

import tomllib

from ..core.stale_alerts import StaleSettings, stale_from_table, stale_to_table
from . import paths
from .config import Config

TABLE = "stale"
_KNOWN = ("enabled", "stale_s", "channels")


def stale_settings(config: Config) -> tuple[StaleSettings, list[str]]:
    """The data-stale alerts' settings in `config`, and what is wrong with [stale]."""
    return stale_from_table(config.extra.get(TABLE))


def set_stale_settings(config: Config, settings: StaleSettings) -> None:
    """Put `settings` in `config` (saved with it), keeping [stale]'s unknown keys."""
    old = config.extra.get(TABLE)
    kept = {k: v for k, v in old.items() if k not in _KNOWN} if isinstance(old, dict) else {}
    config.extra[TABLE] = {**kept, **stale_to_table(settings)}


def read_stale_settings() -> tuple[StaleSettings, list[str]]:
    """The settings file's [stale] (the defaults without a file), and what is wrong
    with it, including a file that cannot be read."""
    try:
        doc = tomllib.loads(paths.config_path().read_text("utf-8"))
    except FileNotFoundError:
        return StaleSettings(), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return StaleSettings(), [f"the settings file cannot be read for its [stale]: {exc}"]
    return stale_from_table(doc.get(TABLE))
