"""The settings file's [tape] for the programs that only read it (`flowdeck tape`,
`flowdeck watch`, the gateway): the window owns the file, so it is never moved,
migrated or written here. Read leniently as the window reads it (a bad value: its
default, named in the problems)."""

from __future__ import annotations

import tomllib

from ..core.big_trade_thresholds import TapeSettings, tape_from_table
from . import paths


def settings_tape() -> tuple[TapeSettings, list[str]]:
    """The settings file's [tape] (the defaults without a file), and what is wrong with
    it, including a file that cannot be read."""
    try:
        doc = tomllib.loads(paths.config_path().read_text("utf-8"))
    except FileNotFoundError:
        return TapeSettings(), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return TapeSettings(), [f"the settings file cannot be read for its [tape]: {exc}"]
    return tape_from_table(doc.get("tape"))
