"""The settings file's `[delivery]` table: how long the outbox keeps trying a firing.

    [delivery]
    expire_hours = 6     # 0.1 .. 168; a firing not delivered by then is given up

It lives in Config.extra as read (nothing here writes it). Reading never fails: a bad
value is its default, named in the problems."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from typing import Any

from . import paths
from .config import Config

TABLE = "delivery"
EXPIRE_HOURS = 6.0
_LIMITS = (0.1, 168.0)


def expire_from_table(table: Any) -> tuple[float, list[str]]:
    """The expiry in seconds from a `[delivery]` table (None: the default)."""
    if table is None:
        return EXPIRE_HOURS * 3600, []
    if not isinstance(table, Mapping):
        return EXPIRE_HOURS * 3600, ["[delivery] must be a table"]
    hours = table.get("expire_hours", EXPIRE_HOURS)
    low, high = _LIMITS
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not (
            low <= hours <= high):
        return EXPIRE_HOURS * 3600, [f"[delivery] expire_hours must be a number of hours "
                                     f"from {low} to {high:g}, not {hours!r:.40}; "
                                     f"{EXPIRE_HOURS:g} is used"]
    return float(hours) * 3600, []


def delivery_expire_s(config: Config) -> tuple[float, list[str]]:
    return expire_from_table(config.extra.get(TABLE))


def read_delivery_expire_s() -> tuple[float, list[str]]:
    """The settings file's (for `flowdeck watch`, which does not own the file)."""
    try:
        doc = tomllib.loads(paths.config_path().read_text("utf-8"))
    except FileNotFoundError:
        return EXPIRE_HOURS * 3600, []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return EXPIRE_HOURS * 3600, [f"the settings file cannot be read for its "
                                     f"[delivery]: {exc}"]
    return expire_from_table(doc.get(TABLE))
