"""Typing in the live table opens the quick search with what was typed (as qutebrowser
and many trading terminals do): a table's own type-to-find jumps to the next row whose
first column starts with the letters, which finds nothing a trader types (`gzmt`, `700`
find no code that starts with them in a followed list's order).

An event filter on the table, not the table's key handler: the table stays unaware of
the search. Keys with Ctrl, Alt or Meta are shortcuts and pass; so do keys that type
nothing or only white space (navigation, Space, Tab, Delete). The table takes input
methods too, so a name typed in Chinese (茅台 through pinyin) opens the search holding
it when the input method commits it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QWidget

from .quick_search import QuickSearch

_SHORTCUT_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                       | Qt.KeyboardModifier.MetaModifier)


def typed_text(event: QKeyEvent) -> str:
    """What a key press types for a search ("" for a shortcut, a navigation key, a
    control character or white space)."""
    if event.modifiers() & _SHORTCUT_MODIFIERS:
        return ""
    text = event.text()
    if not text or not text.isprintable() or text.isspace():
        return ""
    return text


def committed_text(event: QInputMethodEvent) -> str:
    """What an input method committed ("" while it is still composing)."""
    text = event.commitString()
    return text if text.strip() and text.isprintable() else ""


class TypeToSearch(QObject):
    """Installed on `widget`: a printable key pressed there opens `quick` holding it
    (or types into it when it is open already, the focus not yet moved); `opened` then."""

    opened = Signal()

    def __init__(self, widget: QWidget, quick: QuickSearch) -> None:
        super().__init__(widget)
        self._quick = quick
        widget.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt calls it
        if event.type() == QEvent.Type.KeyPress:
            text = typed_text(event)
        elif event.type() == QEvent.Type.InputMethod:
            text = committed_text(event)
        else:
            return False
        if not text:
            return False
        quick = self._quick
        if quick.isVisible():
            quick.edit.insert(text)
            quick.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            quick.open(text)
            self.opened.emit()
        return True
