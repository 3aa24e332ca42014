"""The settings file's `[[channels]]` (core/channel_spec.py says what a table holds).

They live in Config.extra, as the file has them. Reading never fails: a table that is
not a valid channel (or repeats a name) is a ChannelProblem, named, and kept as it was
read when the channels are saved, so a save never writes less than the file had.

A secret typed into a table by hand (a robot's URL with its key, `sign_secret` or
`bot_token` beside the other keys or in `options`) is taken out of the table before it
is checked and read from there (`typed_secrets`, `with_typed`) until the window moves
it to the SecretStore and out of the file (`move_typed_secrets`), saying so once.

`flowdeck watch` and the gateway read the file with `read_channel_settings`: the window
owns it, so they never move, migrate or write it."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..core.channel_spec import SECRET_FIELDS, ChannelSpec, channel_from_table, channel_to_table
from ..core.errors import FlowDeckError
from . import paths
from .config import Config

TABLE = "channels"
Typed = dict[str, dict[str, str]]  # channel name -> secret field -> value, from the file


@dataclass(frozen=True, slots=True)
class ChannelProblem:
    index: int      # position among the [[channels]] tables, from 0
    table: Any      # as read, kept so a save never drops it
    message: str

    def __str__(self) -> str:
        return f"channel #{self.index + 1}: {self.message}"


def channels_from_tables(tables: Any) -> tuple[list[ChannelSpec], list[ChannelProblem], Typed]:
    """The valid channels of `tables` (the [[channels]] value as read), the problems of
    the others, and the secrets typed into the valid ones."""
    if tables is None:
        return [], [], {}
    if not isinstance(tables, list):
        return [], [ChannelProblem(0, tables, "[[channels]] must be a list of tables")], {}
    specs: list[ChannelSpec] = []
    problems: list[ChannelProblem] = []
    typed: Typed = {}
    for i, table in enumerate(tables):
        try:
            bare, secrets = split_secrets(table)
            spec = channel_from_table(bare)
        except FlowDeckError as exc:
            problems.append(ChannelProblem(i, table, exc.message))
            continue
        if any(s.name == spec.name for s in specs):
            problems.append(ChannelProblem(i, table, f"the name {spec.name} is used by an "
                                                     f"earlier channel"))
            continue
        specs.append(spec)
        if secrets:
            typed[spec.name] = secrets
    return specs, problems, typed


def split_secrets(table: Any) -> tuple[Any, dict[str, str]]:
    """`table` without the secrets typed into it, and those secrets (field -> value).
    A table that is not a channel's comes back as it is, for channel_from_table to
    name what is wrong."""
    if not isinstance(table, Mapping):
        return table, {}
    fields = SECRET_FIELDS.get(str(table.get("kind", "")).strip().lower(), ())
    bare = dict(table)
    options = bare.get("options")
    options = dict(options) if isinstance(options, Mapping) else options
    found: dict[str, str] = {}
    for field in fields:
        for holder in (bare, options):
            if isinstance(holder, dict) and field in holder and isinstance(holder[field], str):
                value = holder.pop(field)
                if value:
                    found[field] = value
    if isinstance(options, dict):
        if options:
            bare["options"] = options
        else:
            bare.pop("options", None)
    return bare, found


def channel_specs(config: Config) -> tuple[list[ChannelSpec], list[ChannelProblem]]:
    """The channels in `config`, and what is wrong with the tables that are not."""
    specs, problems, _ = channels_from_tables(config.extra.get(TABLE))
    return specs, problems


def typed_secrets(config: Config) -> Typed:
    """The secrets typed by hand into `config`'s valid [[channels]] tables."""
    return channels_from_tables(config.extra.get(TABLE))[2]


def set_channel_specs(config: Config, specs: Iterable[ChannelSpec]) -> None:
    """Put `specs` in `config` (saved with it), then the tables that did not load, as
    read. A secret still typed into the file for a channel that stays is kept there
    (move_typed_secrets is what takes it out): nothing is lost on the way."""
    _, problems, typed = channels_from_tables(config.extra.get(TABLE))
    tables: list[Any] = []
    for spec in specs:
        table = channel_to_table(spec)
        table.update(typed.get(spec.name, {}))
        tables.append(table)
    if isinstance(config.extra.get(TABLE), list):  # else the one problem is the value
        tables += [copy.deepcopy(p.table) for p in problems]
    if tables:
        config.extra[TABLE] = tables
    else:
        config.extra.pop(TABLE, None)


class SecretWriter(Protocol):
    """What move_typed_secrets writes to (storage/secrets.py's SecretStore)."""

    def set(self, channel: str, field: str, value: str) -> None: ...


def move_typed_secrets(config: Config, store: SecretWriter) -> list[str]:
    """Store the secrets typed into `config`'s channels in `store` and take them out of
    the tables (the caller saves the config). Returns the channels' names, for the one
    message that says so. A secret the store refuses stays in the file (the store's
    error is raised; those moved before it are out of the tables)."""
    typed = typed_secrets(config)
    moved: list[str] = []
    for name, secrets in typed.items():
        for field, value in secrets.items():
            store.set(name, field, value)
        moved.append(name)
        _drop_typed(config, name)
    return moved


def _drop_typed(config: Config, name: str) -> None:
    tables = config.extra.get(TABLE)
    for i, table in enumerate(tables):
        if isinstance(table, Mapping) and table.get("name") == name:
            tables[i] = split_secrets(table)[0]
            return


class TypedOverStore:
    """Secrets as a channel reads them: the ones typed into the file (newer than the
    store's: the window moves them at its next save), else the store's."""

    def __init__(self, typed: Typed, store: Any) -> None:
        self.typed, self.store = typed, store

    def get(self, channel: str, field: str) -> str | None:
        value = self.typed.get(channel, {}).get(field)
        return value if value is not None else self.store.get(channel, field)


def read_channel_settings() -> tuple[list[ChannelSpec], list[str], Typed]:
    """The settings file's channels (none without a file), what is wrong with it
    (including a file that cannot be read), and the secrets typed into it."""
    try:
        doc = tomllib.loads(paths.config_path().read_text("utf-8"))
    except FileNotFoundError:
        return [], [], {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return [], [f"the settings file cannot be read for its [[channels]]: "
                    f"{type(exc).__name__}"], {}
    specs, problems, typed = channels_from_tables(doc.get(TABLE))
    return specs, [str(p) for p in problems], typed


def read_channel_specs() -> tuple[list[ChannelSpec], list[str]]:
    """read_channel_settings without the typed secrets."""
    specs, problems, _ = read_channel_settings()
    return specs, problems
