"""In-window banners: a message strip above the table that the user dismisses (a broken
settings file, a failed save). Non-modal, so nothing waits on them."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from .theme import Theme, follow_theme

#: Filled from the theme's colours of the banner's level (Theme.banner).
BANNER_STYLE = ("QFrame#{name} {{ background: {background}; border: 1px solid {border}; }} "
                "QLabel {{ color: {text}; }}")
#: A banner's text, or a function giving it in the language spoken when it is called
#: (such a banner follows a language switch; a plain text stays as it was).
BannerText = str | Callable[[], str]


class Banner(QFrame):
    """One message with a close button; `key` names it (a later message of the same key
    replaces the text instead of stacking)."""

    def __init__(self, key: str, text: BannerText, level: str = "warning",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.dismissed = False
        self._source = text
        # The name goes into a style selector, where ':' or '.' (alert keys have both)
        # would void the rule; lookups go by `key`.
        self.setObjectName("banner_" + re.sub(r"\W", "_", key))
        self.level = level
        follow_theme(self, self.set_theme)
        self.label = QLabel(objectName="bannerText", wordWrap=True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = close = QToolButton(objectName="bannerClose", text="✕",
                                                autoRaise=True)
        close.clicked.connect(self.dismiss)
        self.retranslate()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)

    def text(self) -> str:
        return self.label.text()

    def set_theme(self, theme: Theme) -> None:
        colors = theme.banner(self.level)
        self.setStyleSheet(BANNER_STYLE.format(
            name=self.objectName(), background=colors.background, border=colors.border,
            text=colors.text))

    def set_text(self, text: BannerText) -> None:
        self._source = text
        self.label.setText(text() if callable(text) else text)

    def retranslate(self) -> None:
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.set_text(self._source)

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def dismiss(self) -> None:
        self.dismissed = True
        self.hide()
        self.deleteLater()


class BannerArea(QWidget):
    """A column of banners; empty, it takes no space."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bannerArea")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)

    def show_message(self, key: str, text: BannerText, level: str = "warning") -> Banner:
        banner = self.banner(key)
        if banner is not None:
            banner.set_text(text)
            return banner
        banner = Banner(key, text, level, self)
        self._layout.addWidget(banner)
        return banner

    def banner(self, key: str) -> Banner | None:
        for child in self.findChildren(Banner):
            # Not isHidden(): a banner added in this event-loop turn is not shown yet.
            if child.key == key and not child.dismissed:
                return child
        return None

    def texts(self) -> list[str]:
        return [b.text() for b in self.findChildren(Banner) if not b.dismissed]
