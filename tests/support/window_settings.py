"""File > Settings… as a user works it: pick a value in some of its combos, OK. A test
that switches the language puts English back with `back_to_english` (the translators
are the application's, not the window's: they outlive the test), one that switches the
theme the light one with `back_to_light` (the palette is the application's too)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox

from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.look.theme import apply_theme


def choose_in_settings(window, **combos: str) -> None:
    """File > Settings…, each combo (by object name: unitsCombo, colorsCombo,
    languageCombo, themeCombo) set to the item whose data is the value given, OK."""
    window.settings_action.trigger()
    dialog = window.settings_dialog
    for name, value in combos.items():
        combo = dialog.findChild(QComboBox, name)
        at = combo.findData(value)
        assert at >= 0, f"{name} has no {value!r}"
        combo.setCurrentIndex(at)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def back_to_english() -> None:
    apply_language("en")
    QApplication.processEvents()


def back_to_light() -> None:
    apply_theme(None, "light")
    QApplication.processEvents()
