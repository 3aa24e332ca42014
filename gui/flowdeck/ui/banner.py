"""In-window banners: a message strip above the table that the user dismisses (a broken
settings file, a failed save). Non-modal, so nothing waits on them."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

LEVEL_STYLES = {
    "warning": "QFrame#%s { background: #fff3cd; border: 1px solid #e0c36c; } "
               "QLabel { color: #5c4400; }",
    "error": "QFrame#%s { background: #f8d7da; border: 1px solid #d9868f; } "
             "QLabel { color: #6b1118; }",
    "info": "QFrame#%s { background: #d9ecf7; border: 1px solid #8bbbd6; } "
            "QLabel { color: #0c3b57; }",
}


class Banner(QFrame):
    """One message with a close button; `key` names it (a later message of the same key
    replaces the text instead of stacking)."""

    def __init__(self, key: str, text: str, level: str = "warning",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.dismissed = False
        # The name goes into a style selector, where ':' or '.' (alert keys have both)
        # would void the rule; lookups go by `key`.
        self.setObjectName("banner_" + re.sub(r"\W", "_", key))
        self.setStyleSheet(LEVEL_STYLES.get(level, LEVEL_STYLES["info"]) % self.objectName())
        self.label = QLabel(text, objectName="bannerText", wordWrap=True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(objectName="bannerClose", text="✕", autoRaise=True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)

    def text(self) -> str:
        return self.label.text()

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

    def show_message(self, key: str, text: str, level: str = "warning") -> Banner:
        banner = self.banner(key)
        if banner is not None:
            banner.label.setText(text)
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
