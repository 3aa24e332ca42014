"""Where FlowDeck keeps its files, from platformdirs (app name "flowdeck").

`FLOWDECK_HOME=/some/dir` (or a `home=` argument) puts everything under one folder, in
subfolders `config`, `state`, `data` and `run`: tests and the self-test use temp dirs.
Nothing here creates a folder; writers call `ensure_dir` when they write.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import platformdirs

APP_NAME = "flowdeck"
HOME_ENV = "FLOWDECK_HOME"
CONFIG_FILE_NAME = "flowdeck.toml"


def home_dir(home: str | os.PathLike[str] | None = None) -> Path | None:
    """The override folder: `home` if given, else $FLOWDECK_HOME if set, else None."""
    if home is not None and str(home) != "":
        return Path(home).expanduser()
    env = os.environ.get(HOME_ENV, "")
    return Path(env).expanduser() if env else None


def config_dir(home: str | os.PathLike[str] | None = None) -> Path:
    base = home_dir(home)
    return base / "config" if base else platformdirs.user_config_path(APP_NAME)


def config_path(home: str | os.PathLike[str] | None = None) -> Path:
    """The settings file, e.g. ~/.config/flowdeck/flowdeck.toml."""
    return config_dir(home) / CONFIG_FILE_NAME


def state_dir(home: str | os.PathLike[str] | None = None) -> Path:
    """Logs and crash reports."""
    base = home_dir(home)
    return base / "state" if base else platformdirs.user_state_path(APP_NAME)


def data_dir(home: str | os.PathLike[str] | None = None) -> Path:
    """Data kept across runs (the alert log, the flow history archive)."""
    base = home_dir(home)
    return base / "data" if base else platformdirs.user_data_path(APP_NAME)


ARCHIVE_FILES = {"window": "archive.sqlite", "gateway": "gateway-archive.sqlite"}


def archive_path(kind: str = "window", home: str | os.PathLike[str] | None = None) -> Path:
    """The flow history archive (SQLite) of the window (and the command line) or of
    the gateway: each process writes its own file, so neither waits on the other's."""
    if kind not in ARCHIVE_FILES:
        raise ValueError(f"archive kind is one of {sorted(ARCHIVE_FILES)}, not {kind!r}")
    return data_dir(home) / ARCHIVE_FILES[kind]


def runtime_dir(home: str | os.PathLike[str] | None = None) -> Path:
    """The single-instance lock file and local socket."""
    base = home_dir(home)
    if base:
        return base / "run"
    with warnings.catch_warnings():  # no XDG_RUNTIME_DIR: platformdirs falls back and warns
        warnings.simplefilter("ignore")
        return platformdirs.user_runtime_path(APP_NAME)


def ensure_dir(path: str | os.PathLike[str], mode: int = 0o700) -> Path:
    """Create `path` and its parents if needed; returns it as a Path."""
    folder = Path(path)
    folder.mkdir(mode=mode, parents=True, exist_ok=True)
    return folder
