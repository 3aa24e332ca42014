"""Light and dark themes for the whole application: the QPalette, and the colours that
widgets paint themselves (the table's numbers, sparklines, plots, badges, banners).

`apply_theme(app, setting)` resolves "auto" | "light" | "dark" ("auto" follows the
system's colour scheme where Qt can tell, light otherwise), sets the palette, and tells
everything that follows the theme. Widgets that cache colours call
`follow_theme(self, self.set_theme)`: they get the current theme at once and each new
one when it changes, without a restart. While the setting is "auto", a change of the
system's scheme re-applies it.

The dark theme runs on the Fusion style, which draws with the palette on every platform
(native styles on Windows and macOS ignore parts of it); the light theme keeps the
platform's own style. Fusion draws an unchecked check box's edge from the window colour
made darker, which almost vanishes on a dark window (and is faint on a light one), so
the style is wrapped in `ControlStyle`, which draws that edge in the theme's
`indicator_border` (3:1 against what surrounds it, as WCAG asks of a control).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QToolTip,
    QWidget,
)

from .theme_colors import DARK, LIGHT, THEMES, Theme, contrast_ratio, text_pairs

__all__ = ["DARK", "LIGHT", "THEMES", "ControlStyle", "Theme", "ThemeManager", "apply_theme",
           "contrast_ratio",
           "current_theme", "follow_theme", "palette_of", "resolve", "system_scheme",
           "text_pairs", "theme_manager", "tint"]

SETTINGS = ("auto", "light", "dark")
DARK_STYLE = "Fusion"
_MANAGER_NAME = "themeManager"
_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup


def system_scheme() -> Qt.ColorScheme:
    """The system's colour scheme as Qt reports it (Unknown where it cannot tell)."""
    hints = QGuiApplication.styleHints()
    getter = getattr(hints, "colorScheme", None)  # Qt >= 6.5
    return getter() if getter is not None else Qt.ColorScheme.Unknown


def resolve(setting: str, scheme: Qt.ColorScheme | None = None) -> Theme:
    """The theme for a setting; "auto" follows `scheme` (default: the system's), and
    an unknown scheme means light."""
    if setting not in SETTINGS:
        raise ValueError(f"theme must be one of {SETTINGS}, got {setting!r}")
    if setting != "auto":
        return THEMES[setting]
    scheme = system_scheme() if scheme is None else scheme
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def palette_of(theme: Theme) -> QPalette:
    t = theme
    pal = QPalette()
    roles = {_Role.Window: t.window, _Role.WindowText: t.window_text, _Role.Base: t.base,
             _Role.AlternateBase: t.alternate_base, _Role.Text: t.text, _Role.Button: t.button,
             _Role.ButtonText: t.button_text, _Role.BrightText: t.error_text,
             _Role.Highlight: t.highlight, _Role.HighlightedText: t.highlighted_text,
             _Role.ToolTipBase: t.tooltip_base, _Role.ToolTipText: t.tooltip_text,
             _Role.PlaceholderText: t.dim, _Role.Link: t.link,
             _Role.LinkVisited: t.link_visited}
    button = QColor(t.button)
    # Fusion draws bevels, frames and separators from these.
    shades = {_Role.Light: button.lighter(150), _Role.Midlight: button.lighter(125),
              _Role.Mid: button.darker(130), _Role.Dark: button.darker(160),
              _Role.Shadow: button.darker(250)}
    for group in (_Group.Active, _Group.Inactive, _Group.Disabled):
        for role, color in roles.items():
            pal.setColor(group, role, QColor(color))
        for role, color in shades.items():
            pal.setColor(group, role, color)
    for role in (_Role.WindowText, _Role.Text, _Role.ButtonText, _Role.HighlightedText):
        pal.setColor(_Group.Disabled, role, QColor(t.disabled_text))
    pal.setColor(_Group.Disabled, _Role.Highlight, QColor(t.alternate_base))
    if hasattr(_Role, "Accent"):  # Qt >= 6.6: checkboxes, sliders in some styles
        for group in (_Group.Active, _Group.Inactive):
            pal.setColor(group, _Role.Accent, QColor(t.link))
    return pal


class ControlStyle(QProxyStyle):
    """A style (Fusion, or the platform's) whose check boxes and radio buttons have an
    edge that shows: after the style has drawn one, Fusion's faint edge is drawn again
    in the theme's `indicator_border`. Other styles draw their own edges and are left
    alone. Menus draw their check marks through the same call, so a checkable menu
    action (Alerts → Sound) gets the edge too."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.edge = QColor(LIGHT.indicator_border)

    @property
    def base_name(self) -> str:
        return self.baseStyle().name()

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,  # Qt calls it
                      painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        check = element == QStyle.PrimitiveElement.PE_IndicatorCheckBox
        radio = element == QStyle.PrimitiveElement.PE_IndicatorRadioButton
        if not (check or radio) or self.base_name.lower() != DARK_STYLE.lower():
            return
        if option.state & QStyle.StateFlag.State_HasFocus and \
                option.state & QStyle.StateFlag.State_KeyboardFocusChange:
            return  # Fusion marks keyboard focus with the highlight: keep it
        rect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(self.edge, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if check:  # where Fusion draws its frame
            painter.drawRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5))
        else:
            radius = (rect.width() + (rect.width() + 1) % 2) / 2.0 - 1
            center = QPointF(rect.center()) + QPointF(1, 1)
            painter.drawEllipse(center, radius, radius)
        painter.restore()


def style_name(style: QStyle) -> str:
    """A style's name; a ControlStyle's is that of the style it wraps."""
    return style.base_name if isinstance(style, ControlStyle) else style.name()


class ThemeManager(QObject):
    """One per application (a child of it): the setting, the theme in effect, and
    `changed(theme)` for whatever paints with theme colours."""

    changed = Signal(object)  # the Theme now in effect

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName(_MANAGER_NAME)
        self.setting = "auto"
        self.theme: Theme = LIGHT
        self._applied = False
        self.style: ControlStyle | None = None
        style = app.style() if isinstance(app, QApplication) else None
        self.native_style = style_name(style) if style is not None else ""
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._system_changed)

    def apply(self, setting: str, scheme: Qt.ColorScheme | None = None) -> Theme:
        """Resolve `setting`, set the style and palette, and tell the followers when
        the theme changed."""
        if setting not in SETTINGS:
            raise ValueError(f"theme must be one of {SETTINGS}, got {setting!r}")
        self.setting = setting
        self._request_scheme(setting)
        theme = resolve(setting, scheme)
        if self._applied and theme == self.theme:
            return theme
        app = QCoreApplication.instance()
        if isinstance(app, QApplication):
            wanted = DARK_STYLE if theme is DARK else (self.native_style or DARK_STYLE)
            style = app.style()
            if not isinstance(style, ControlStyle) or style_name(style).lower() != wanted.lower():
                style = ControlStyle(wanted)
                app.setStyle(style)  # before the palette: a new style resets it
                self.style = style  # its Python overrides live as long as it is in use
            style.edge = QColor(theme.indicator_border)
            palette = palette_of(theme)
            app.setPalette(palette)
            QToolTip.setPalette(palette)  # tooltips keep the platform's otherwise
        self._applied = True
        self.theme = theme
        self.changed.emit(theme)
        return theme

    @staticmethod
    def _request_scheme(setting: str) -> None:
        """Ask the platform (Qt >= 6.8) for the scheme of an explicit setting, so that
        window frames and native dialogs match; "auto" leaves it to the system."""
        hints = QGuiApplication.styleHints()
        if not hasattr(hints, "setColorScheme"):
            return
        if setting == "auto":
            hints.unsetColorScheme()
        else:
            hints.setColorScheme(Qt.ColorScheme.Dark if setting == "dark"
                                 else Qt.ColorScheme.Light)

    def _system_changed(self, scheme: Qt.ColorScheme) -> None:
        if self.setting == "auto":
            self.apply("auto", scheme)


def theme_manager(app: QCoreApplication | None = None) -> ThemeManager | None:
    """The application's manager, made on first use; None without an application."""
    app = app or QCoreApplication.instance()
    if app is None:
        return None
    manager = app.findChild(ThemeManager, _MANAGER_NAME)
    return manager if manager is not None else ThemeManager(app)


def apply_theme(app: QCoreApplication | None, setting: str) -> Theme:
    """Apply "auto" | "light" | "dark" to `app` (default: the running one)."""
    manager = theme_manager(app)
    if manager is None:
        return resolve(setting)
    return manager.apply(setting)


def current_theme() -> Theme:
    """The theme in effect (light before any is applied)."""
    manager = theme_manager()
    return manager.theme if manager is not None else LIGHT


def follow_theme(owner: QObject, apply: Callable[[Theme], None]) -> Theme:
    """Call `apply(theme)` now and after every theme change. `apply` should be a method
    of `owner` (a QObject): Qt drops the connection when the owner goes."""
    theme = current_theme()
    apply(theme)
    manager = theme_manager()
    if manager is not None:
        manager.changed.connect(apply)
    return theme


class _Tint(QObject):
    """Keeps one widget's text in a theme colour (a child of the widget, so the
    connection lives exactly as long as the widget)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.setObjectName("themeTint")
        self.role = ""
        self.widget = widget
        follow_theme(self, self.apply)

    def apply(self, theme: Theme) -> None:
        color = theme.role(self.role)
        self.widget.setStyleSheet(f"color: {color};" if color else "")


def tint(widget: QWidget, role: str) -> None:
    """Colour `widget`'s text by a theme role ("error", "warning", "ok", "dim"; "" for
    the palette's text colour), now and after every theme change."""
    helper = widget.findChild(_Tint, "themeTint", Qt.FindChildOption.FindDirectChildrenOnly)
    if helper is None:
        helper = _Tint(widget)
    helper.role = role
    helper.apply(current_theme())
