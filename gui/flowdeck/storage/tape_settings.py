"""The settings file's `[tape]` table (core/big_trade_thresholds.py says what it holds).

It lives in Config.extra, the tables storage/config.py keeps as read and writes back:
reading never fails (a bad value: its default, named in the problems), writing keeps
the keys of the table this version does not know (a newer FlowDeck's).

The programs that only read it (`flowdeck tape`, `flowdeck watch`, the gateway) take
it with `read_tape_settings`: the window owns the file, so they read the table alone
and never move, migrate or write the file (as load_config does with a broken one)."""

from __future__ import annotations

import tomllib

from ..core.big_trade_thresholds import TapeSettings, tape_from_table, tape_to_table
from . import paths
from .config import Config

TABLE = "tape"
_KNOWN = ("per_code", "total", "min_value")


def tape_settings(config: Config) -> tuple[TapeSettings, list[str]]:
    """The tape's settings in `config`, and the problems of its [tape] table (each
    bad value named; its default is used)."""
    return tape_from_table(config.extra.get(TABLE))


def set_tape_settings(config: Config, settings: TapeSettings) -> None:
    """Put `settings` in `config` (saved with it), keeping [tape]'s unknown keys."""
    old = config.extra.get(TABLE)
    kept = {k: v for k, v in old.items() if k not in _KNOWN} if isinstance(old, dict) else {}
    config.extra[TABLE] = {**kept, **tape_to_table(settings)}


def read_tape_settings() -> tuple[TapeSettings, list[str]]:
    """The settings file's [tape] (the defaults without a file), and what is wrong with
    it, including a file that cannot be read."""
    try:
        doc = tomllib.loads(paths.config_path().read_text("utf-8"))
    except FileNotFoundError:
        return TapeSettings(), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return TapeSettings(), [f"the settings file cannot be read for its [tape]: {exc}"]
    return tape_from_table(doc.get(TABLE))
