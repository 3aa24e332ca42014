"""The settings file: one TOML file, read leniently, written atomically.

    schema = 1              # the file's version (config_migrations.py)
    active_watchlist = "Default"
    [source]
    url = "sim"
    [display]
    units = "auto"          # auto | wan | kmb
    colors = "auto"         # auto (by language) | red-up | green-up | by-market
    language = "auto"       # auto (the system's) | en | zh_CN | zh_HK
    theme = "auto"          # auto (the system's) | light | dark
    stale_after_s = 30
    [currency]              # base = "HKD", rates = [{currency = "USD", rate = 7.8, date = ...}]
    [[watchlists]]
    name = "Default"
    codes = ["HK.00700", "US.AAPL"]
    [[alerts]]              # core.alert_rules reads them; kept as they are

Loading never writes, except that a file that cannot be read as settings (not TOML,
not UTF-8 in a value, nested past what the parser can take) is moved aside to
`flowdeck.toml.bak` (`flowdeck.toml.1.bak`, ... when that exists). Bytes that are not
UTF-8 only inside comments spoil nothing: the settings are read, the lines named, the
original copied to the `.bak` (a save drops comments). Invalid values of known keys are
reported in the warning and replaced by defaults (bad codes dropped, the first few
listed). Unknown keys, at the top level and in [source] and [display], are kept.

A file of an earlier version (no `schema`, or a smaller one) is brought to the current
shape by the steps in config_migrations.py and saved as the current version. A file of
a newer version (a newer FlowDeck wrote it; the user went back) is read for what this
version knows, its other keys kept, and the banner says so. Saving writes this
version's settings stamped as such (a newer FlowDeck migrates them forward); as a value
it could not read becomes its default, the original is first copied to the `.bak`.
Refusing to save would lose the session's changes, or retry a failing save forever.

`colors = "auto"` is one convention for every row, by the window's language (red up in
Simplified Chinese); only "by-market" asks for per-market colours. Older files' "auto"
meant per market, but was written as the default: it takes the new meaning.
"""

from __future__ import annotations

import copy
import itertools
import math
import os
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from ..core.codes import normalise_code
from ..core.currency import Rates, rates_from_table, rates_to_table
from ..core.errors import FlowDeckError
from ..core.watchlists import DEFAULT_WATCHLIST_NAME, check_name
from .atomic import FileOps, StorageError, atomic_write
from .config_migrations import CURRENT_SCHEMA, SCHEMA_KEY, upgrade
from .paths import config_path

UNITS = ("auto", "wan", "kmb")
COLORS = ("auto", "red-up", "green-up", "by-market")
LANGUAGES = ("auto", "en", "zh_CN", "zh_HK")
THEMES = ("auto", "light", "dark")
DEFAULT_SOURCE_URL = "sim"
DEFAULT_STALE_AFTER_S = 30
MAX_STALE_AFTER_S = 24 * 3600
_KNOWN = {"source": ("url",),
          "display": ("units", "colors", "language", "theme", "stale_after_s"),
          "history": ("keep_minutes_days",)}
_CHOICES = {"units": UNITS, "colors": COLORS, "language": LANGUAGES, "theme": THEMES}
_TOP_KNOWN = (SCHEMA_KEY, "source", "display", "history", "watchlists", "active_watchlist",
              "alerts", "currency")
MAX_KEEP_MINUTES_DAYS = 100 * 366
#: At most this many problems, bad codes or lines are named in a warning; the rest counted.
MAX_LISTED = 10


@dataclass
class Config:
    source_url: str = DEFAULT_SOURCE_URL
    units: str = "auto"
    colors: str = "auto"
    language: str = "auto"
    theme: str = "auto"
    stale_after_s: int | float = DEFAULT_STALE_AFTER_S
    # Days of minute series the flow history keeps (0: all); daily rows stay forever.
    keep_minutes_days: int = 0
    rates: Rates = field(default_factory=Rates)  # base currency and rates: [currency]
    watchlists: list[dict[str, Any]] = field(default_factory=list)  # name, codes (+ extras)
    active_watchlist: str | None = None
    alerts: list[Any] = field(default_factory=list)   # raw [[alerts]] tables, kept as read
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys, shaped like the file


@dataclass(frozen=True)
class LoadResult:
    config: Config
    warning: str | None = None      # for the window's banner; None when all was well
    created: bool = False           # no file yet: defaults with the default watchlist
    backup: Path | None = None      # where a broken file was moved


def default_config(default_codes: Iterable[str] = ()) -> Config:
    codes = list(dict.fromkeys(normalise_code(c) for c in default_codes))
    return Config(watchlists=[{"name": DEFAULT_WATCHLIST_NAME, "codes": codes}],
                  active_watchlist=DEFAULT_WATCHLIST_NAME)


def load_config(path: str | os.PathLike[str] | None = None, default_codes: Iterable[str] = (),
                ops: FileOps | None = None) -> LoadResult:
    """Read the settings; never raises for a missing, unreadable or broken file."""
    ops = ops or FileOps()
    target = Path(path) if path is not None else config_path()
    default_codes = list(default_codes)
    try:
        raw = ops.read(str(target))
    except FileNotFoundError:
        return LoadResult(default_config(default_codes), created=True)
    except OSError as e:
        reason = e.strerror or str(e)
        return LoadResult(default_config(default_codes),
                          f"Could not read settings from {target}: {reason}. Defaults are in "
                          "use; saving will try to replace the file.")
    # Bytes that are not UTF-8 become lone surrogates: tomllib takes them in comments and
    # strings alike, and a value holding one tells a broken value from a broken comment.
    bad_lines = _non_utf8_lines(raw)
    try:
        doc = tomllib.loads(raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff"))
        if bad_lines and _holds_surrogates(doc):
            raise ValueError(f"{_lines_text(bad_lines)} not UTF-8 text")
        upgraded = upgrade(doc)
        config, problems = parse_config(upgraded.doc, default_codes)
        problems[:0] = [upgraded.problem] if upgraded.problem else []
    except RecursionError:
        return _broken(target, "nested too deep to be read", default_codes, ops)
    except Exception as e:  # whatever a hostile file makes fail, the file goes aside
        return _broken(target, _printable(str(e) or type(e).__name__), default_codes, ops)
    notes = [_comment_note(target, bad_lines)] if bad_lines else []
    if upgraded.newer:
        notes.append(_newer_note(target, upgraded.version))
    if notes:  # the next save rewrites the file: the original is kept beside it first
        notes.append(_keep_original(target, raw, ops))
    if problems:
        listed = "; ".join(problems[:MAX_LISTED])
        if len(problems) > MAX_LISTED:
            listed += f"; and {len(problems) - MAX_LISTED:,} more"
        notes.append(f"Some settings in {target} were invalid and defaults are used "
                     f"instead: {listed}. The file is unchanged until you save.")
    return LoadResult(config, " ".join(notes) or None)


def _non_utf8_lines(raw: bytes) -> list[int]:
    """The numbers (from 1) of the lines that are not UTF-8."""
    try:
        raw.decode("utf-8")
        return []
    except UnicodeDecodeError:
        pass
    out = []
    for number, line in enumerate(raw.split(b"\n"), 1):  # no UTF-8 sequence holds \n
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            out.append(number)
    return out


def _lines_text(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:MAX_LISTED]))
    more = f" and {len(lines) - MAX_LISTED:,} more" if len(lines) > MAX_LISTED else ""
    return f"line {shown}{more} is" if len(lines) == 1 else f"lines {shown}{more} are"


def _holds_surrogates(doc: Any) -> bool:
    """Whether a key or string in the document holds a lone surrogate (a byte that was
    not UTF-8). Iterative: the document may be deep."""
    stack = [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and _printable(value) != value:
            return True
    return False


def _printable(text: str) -> str:
    """The text with lone surrogates (bytes that were not UTF-8) shown as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _comment_note(target: Path, lines: list[int]) -> str:
    """Only comments held bytes that are not UTF-8 (a save drops comments)."""
    return (f"In the settings file {target}, {_lines_text(lines)} not UTF-8 text in a "
            "comment; the comment was ignored and the settings were read.")


def _newer_note(target: Path, version: int) -> str:
    """A newer FlowDeck wrote the file (a save writes this version's settings)."""
    return (f"The settings file {target} was written by a newer FlowDeck (settings "
            f"version {version:,}; this one reads up to {CURRENT_SCHEMA}). The settings "
            "this version knows are used and the others are kept; saving writes them as "
            "this version's.")


def _keep_original(target: Path, raw: bytes, ops: FileOps) -> str:
    """A copy of the file as it is, once: a start that reads the same file again finds
    its copy and writes no other."""
    for backup in _backup_names(target):
        if not ops.exists(str(backup)):
            break
        try:
            if ops.read(str(backup)) == raw:
                return f"The original is kept as {backup}."
        except OSError:
            pass
    try:
        atomic_write(backup, raw, ops)
    except OSError as e:
        return f"A copy of the original could not be kept: {e.strerror or e}."
    return f"The original is kept as {backup}."


def _broken(target: Path, reason: str, default_codes: list[str], ops: FileOps) -> LoadResult:
    config = default_config(default_codes)
    backup = backup_path(target, ops)
    try:
        ops.replace(str(target), str(backup))
    except OSError as e:
        return LoadResult(config, f"The settings file {target} is broken ({reason}) and could "
                                  f"not be moved aside ({e.strerror or e}). Defaults are in use.")
    return LoadResult(config, f"The settings file {target} was broken ({reason}). It was moved "
                              f"to {backup} and defaults are in use.", backup=backup)


def backup_path(target: Path, ops: FileOps | None = None) -> Path:
    """`NAME.bak`, or `NAME.1.bak`, `NAME.2.bak`, ... the first that does not exist."""
    ops = ops or FileOps()
    return next(b for b in _backup_names(target) if not ops.exists(str(b)))


def _backup_names(target: Path) -> Iterator[Path]:
    yield target.with_name(f"{target.name}.bak")
    for n in itertools.count(1):
        yield target.with_name(f"{target.name}.{n}.bak")


def save_config(path: str | os.PathLike[str] | None, config: Config,
                ops: FileOps | None = None) -> None:
    """Write the settings atomically; raises StorageError with a message for people."""
    target = Path(path) if path is not None else config_path()
    data = dumps_config(config).encode("utf-8")
    try:
        atomic_write(target, data, ops)
    except OSError as e:
        raise StorageError("save settings to", target, e) from e


def dumps_config(config: Config) -> str:
    """The file's text: the known keys, with the unknown ones from `extra` kept beside them."""
    extra = copy.deepcopy(config.extra)
    doc: dict[str, Any] = {SCHEMA_KEY: CURRENT_SCHEMA}
    if config.active_watchlist is not None:
        doc["active_watchlist"] = config.active_watchlist
    known = {"source": {"url": config.source_url},
             "display": {"units": config.units, "colors": config.colors,
                         "language": config.language, "theme": config.theme,
                         "stale_after_s": config.stale_after_s},
             "history": {"keep_minutes_days": config.keep_minutes_days}}
    for table, values in known.items():
        kept = extra.pop(table, {})
        kept = kept if isinstance(kept, dict) else {}
        doc[table] = {**values, **{k: v for k, v in kept.items() if k not in values}}
    if config.rates != Rates():  # written once chosen: older files save as they were
        doc["currency"] = rates_to_table(config.rates)
    doc["watchlists"] = copy.deepcopy(config.watchlists)
    if config.alerts:
        extra.pop("alerts", None)
        doc["alerts"] = copy.deepcopy(config.alerts)
    for key, value in extra.items():
        doc.setdefault(key, value)
    return tomli_w.dumps(doc)


def parse_config(doc: dict[str, Any], default_codes: Iterable[str] = ()
                 ) -> tuple[Config, list[str]]:
    """A Config from a parsed TOML document and the list of problems found in it."""
    problems: list[str] = []
    config = Config()
    extra = {k: copy.deepcopy(v) for k, v in doc.items() if k not in _TOP_KNOWN}
    for table, keys in _KNOWN.items():
        value = doc.get(table, {})
        if not isinstance(value, dict):
            problems.append(f"[{table}] is not a table ({_show(value)})")
            continue
        unknown = {k: copy.deepcopy(v) for k, v in value.items() if k not in keys}
        if unknown:
            extra[table] = unknown
        for key in keys:
            if key in value:
                _set_known(config, table, key, value[key], problems)
    try:
        config.rates = rates_from_table(doc.get("currency"))
    except FlowDeckError as e:
        problems.append(f"[currency]: {e.message}")
    config.watchlists = _parse_watchlists(doc.get("watchlists", []), problems)
    if not config.watchlists:
        config.watchlists = default_config(default_codes).watchlists
    names = [w["name"] for w in config.watchlists]
    active = doc.get("active_watchlist")
    if active is not None and active not in names:
        problems.append(f"active_watchlist = {_show(active)} is not one of the watchlists")
    config.active_watchlist = active if active in names else names[0]
    alerts = doc.get("alerts", [])
    if isinstance(alerts, list):
        config.alerts = copy.deepcopy(alerts)
    else:
        extra["alerts"] = copy.deepcopy(alerts)  # not ours to judge yet: kept as it is
    config.extra = extra
    return config, problems


def _set_known(config: Config, table: str, key: str, value: Any, problems: list[str]) -> None:
    where = f"{table}.{key} = {_show(value)}"
    if key == "url":
        if isinstance(value, str) and value.strip():
            config.source_url = value.strip()
        else:
            problems.append(f"{where} (expected a source such as \"sim\")")
    elif key in _CHOICES:
        allowed = _CHOICES[key]
        if value in allowed:
            setattr(config, key, value)
        else:
            problems.append(f"{where} (expected one of {', '.join(allowed)})")
    elif key == "keep_minutes_days":
        if (isinstance(value, int) and not isinstance(value, bool)
                and 0 <= value <= MAX_KEEP_MINUTES_DAYS):
            config.keep_minutes_days = value
        else:
            problems.append(f"{where} (expected whole days, 0 for all)")
    elif key == "stale_after_s":
        ok = (isinstance(value, (int, float)) and not isinstance(value, bool)
              and math.isfinite(value) and 0 < value <= MAX_STALE_AFTER_S)
        if ok:
            config.stale_after_s = value
        else:
            problems.append(f"{where} (expected seconds, more than 0 and at most "
                            f"{MAX_STALE_AFTER_S})")


def _parse_watchlists(value: Any, problems: list[str]) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        problems.append(f"watchlists = {_show(value)} is not a list of [[watchlists]] tables")
        return []
    lists: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, entry in enumerate(value, 1):
        if not isinstance(entry, dict):
            problems.append(f"watchlist #{i} is not a table; skipped")
            continue
        try:
            name = check_name(entry.get("name"))
        except FlowDeckError as e:
            problems.append(f"watchlist #{i}: {e.message}; skipped")
            continue
        if name.casefold() in seen:
            problems.append(f"watchlist #{i}: the name {name!r} is used twice; skipped")
            continue
        seen.add(name.casefold())
        raw_codes = entry.get("codes", [])
        if not isinstance(raw_codes, list):
            problems.append(f"watchlist {name!r}: codes = {_show(raw_codes)} is not a list")
            raw_codes = []
        codes: dict[str, None] = {}
        bad: list[str] = []
        for c in raw_codes:
            try:
                codes.setdefault(normalise_code(c), None)
            except FlowDeckError:
                bad.append(c if isinstance(c, str) and len(c) <= 40 else _show(c))
        if bad:
            listed = ", ".join(bad[:MAX_LISTED])
            if len(bad) > MAX_LISTED:
                listed += f" and {len(bad) - MAX_LISTED:,} more"
            problems.append(f"watchlist {name!r}: invalid codes dropped: {listed}")
        kept = {k: copy.deepcopy(v) for k, v in entry.items() if k not in ("name", "codes")}
        lists.append({"name": name, "codes": list(codes), **kept})
    return lists


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
