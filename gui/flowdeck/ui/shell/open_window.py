"""The window built from the settings file: shared by the entry point and the self-test
(in a module of its own so neither imports the other)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from ...feeds.sim.stocks import DEFAULT_WATCHLIST
from ...storage import paths
from ...storage.atomic import StorageError
from ...storage.config import load_config, save_config


def open_window(config_file: Path | None, source: str | None):
    """Load (or create) the config and build the window; the caller shows and starts it."""
    from ..look.i18n import apply_language
    from .main_window import MainWindow
    from .window_layout import window_settings

    config_file = config_file or paths.config_path()
    loaded = load_config(config_file, DEFAULT_WATCHLIST)
    # Before any widget exists: the window is built, and first painted, in its language.
    apply_language(loaded.config.language)
    warning, unsaved = loaded.warning, False
    if loaded.created:
        try:
            save_config(config_file, loaded.config)
        except StorageError as exc:
            unsaved = True
            warning = QCoreApplication.translate(
                "MainWindow", "Settings could not be saved: {error}. They are kept in "
                              "memory.").format(error=exc)
    return MainWindow(loaded.config, config_file, window_settings(), source=source,
                      warning=warning, unsaved=unsaved)
