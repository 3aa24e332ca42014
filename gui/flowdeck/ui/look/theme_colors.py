"""The colours of the light and dark themes, and the WCAG contrast arithmetic that keeps
them readable. No Qt here: `theme.py` turns a Theme into a QPalette and per-widget
colours, and the tests check every text colour against every background it is drawn
on (`text_pairs`) without a display.

Inflow and outflow are just red and green: the convention (red-up in HK/CN, green-up in
the US) only decides which of the two is "up" (`Theme.flow`). Stale rows use muted,
not translucent, reds and greens: a colour blended with the background by alpha would
fall under the contrast it needs on some of the backgrounds it lands on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Banner(NamedTuple):
    background: str
    border: str
    text: str


@dataclass(frozen=True, slots=True)
class Theme:
    name: str  # "light" | "dark"
    # --- the application palette ---
    window: str
    window_text: str
    base: str
    alternate_base: str
    text: str
    button: str
    button_text: str
    highlight: str
    highlighted_text: str
    tooltip_base: str
    tooltip_text: str
    link: str
    link_visited: str
    disabled_text: str  # greyed-out controls: WCAG exempts inactive parts
    indicator_border: str  # an unchecked check box's edge, the only thing that shows it
    # --- the live table ---
    red: str
    green: str
    stale_red: str
    stale_green: str
    dim: str            # stale rows' other text; placeholders, quiet notes
    error_row: str      # background of a row whose code failed
    # --- messages ---
    error_text: str
    warning_text: str
    ok_text: str
    badge_background: str
    badge_text: str
    banner_warning: Banner
    banner_error: Banner
    banner_info: Banner
    # --- the detail plots and the sparklines ---
    plot_background: str
    plot_foreground: str  # axis text, legend, titles, the crosshair label
    plot_axis: str
    plot_grid: str        # drawn at the grid's alpha
    plot_zero: str
    plot_crosshair: str
    series: tuple[str, ...]  # main, retail, super, large, medium, small
    plot_sector: str      # the detail's sector line: apart from the series and the price
    spark_zero: str
    spark_flat: str       # a series with no sign yet

    def flow(self, up_red: bool, stale: bool = False) -> tuple[str, str]:
        """(inflow, outflow) colours under the red-up (True) or green-up convention."""
        red, green = (self.stale_red, self.stale_green) if stale else (self.red, self.green)
        return (red, green) if up_red else (green, red)

    def banner(self, level: str) -> Banner:
        return {"warning": self.banner_warning, "error": self.banner_error}.get(
            level, self.banner_info)

    def role(self, role: str) -> str | None:
        """A message colour by name ("error", "warning", "ok", "dim"); None for any
        other name (the palette's text colour)."""
        return {"error": self.error_text, "warning": self.warning_text, "ok": self.ok_text,
                "dim": self.dim}.get(role)


LIGHT = Theme(
    name="light",
    window="#efefef", window_text="#1a1a1a", base="#ffffff", alternate_base="#f4f6f9",
    text="#1a1a1a", button="#f3f3f3", button_text="#1a1a1a",
    # A pale selection: the red and green numbers stay readable on a selected row.
    highlight="#d4e5fa", highlighted_text="#0d0d0d",
    tooltip_base="#fffbe6", tooltip_text="#1a1a1a",
    link="#0b57d0", link_visited="#6a1b9a", disabled_text="#9e9e9e",
    indicator_border="#767676",
    red="#c0262d", green="#12703a", stale_red="#924a4c", stale_green="#3b6a4b",
    dim="#5f5f5f", error_row="#fdeedb",
    error_text="#c0262d", warning_text="#865400", ok_text="#12703a",
    badge_background="#c62828", badge_text="#ffffff",
    banner_warning=Banner("#fff3cd", "#e0c36c", "#5c4400"),
    banner_error=Banner("#f8d7da", "#d9868f", "#6b1118"),
    banner_info=Banner("#d9ecf7", "#8bbbd6", "#0c3b57"),
    plot_background="#ffffff", plot_foreground="#3a3a3a", plot_axis="#8c8c8c",
    plot_grid="#3a3a3a", plot_zero="#8c8c8c", plot_crosshair="#6e6e6e",
    # Apart for the colour-blind too: tests/ui/detail/test_series_colors.py.
    series=("#b45a12", "#075bff", "#83238d", "#56451a", "#00766a", "#3a3a3a"),
    plot_sector="#c2306b",
    spark_zero="#a6a6a6", spark_flat="#7a7a7a",
)

DARK = Theme(
    name="dark",
    window="#2b2d30", window_text="#e6e6e6", base="#1e1f22", alternate_base="#26282b",
    text="#e6e6e6", button="#35383c", button_text="#e6e6e6",
    # Dark enough under the light red that a selected row keeps its numbers readable.
    highlight="#1a3759", highlighted_text="#ffffff",
    tooltip_base="#3c3f43", tooltip_text="#e6e6e6",
    link="#8ab4f8", link_visited="#c58af9", disabled_text="#6f6f6f",
    indicator_border="#8c8c8c",
    red="#ff7b7b", green="#4cd07d", stale_red="#cf9b9b", stale_green="#8fbf9e",
    dim="#a3a3a3", error_row="#3a2b17",
    error_text="#ff7b7b", warning_text="#e8b54d", ok_text="#5fd38d",
    badge_background="#b3261e", badge_text="#ffffff",
    banner_warning=Banner("#3b3117", "#8a7432", "#f3d98b"),
    banner_error=Banner("#46201f", "#9b4a4a", "#ffc4c4"),
    banner_info=Banner("#16324a", "#3f6f93", "#b9dcf7"),
    plot_background="#1e1f22", plot_foreground="#cbcbcb", plot_axis="#7a7a7a",
    plot_grid="#cbcbcb", plot_zero="#8a8a8a", plot_crosshair="#9a9a9a",
    series=("#e39d35", "#6ad0ff", "#c960fc", "#dff52b", "#2baa96", "#c9cbcf"),
    plot_sector="#f181a2",
    spark_zero="#6b6b6b", spark_flat="#9a9a9a",
)

THEMES = {"light": LIGHT, "dark": DARK}
AA_NORMAL_TEXT = 4.5
AA_NON_TEXT = 3.0  # WCAG 1.4.11: what identifies a control against what is next to it


def relative_luminance(color: str) -> float:
    """WCAG 2.x relative luminance of "#rrggbb"."""
    h = color.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"expected #rrggbb, got {color!r}")

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(h[i:i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21 (order does not matter)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_pairs(t: Theme) -> list[tuple[str, str, str]]:
    """(what, text colour, background) for every text the theme draws."""
    pairs = [("window text", t.window_text, t.window), ("button text", t.button_text, t.button),
             ("tooltip", t.tooltip_text, t.tooltip_base),
             ("selected text", t.highlighted_text, t.highlight),
             ("badge", t.badge_text, t.badge_background),
             ("axis text", t.plot_foreground, t.plot_background)]
    for bg_name in ("base", "alternate_base", "error_row"):
        pairs.append((f"text on {bg_name}", t.text, getattr(t, bg_name)))
    # The table keeps a cell's colour on a selected row.
    for fg_name in ("red", "green", "stale_red", "stale_green", "dim"):
        for bg_name in ("base", "alternate_base", "highlight", "error_row"):
            pairs.append((f"{fg_name} on {bg_name}", getattr(t, fg_name), getattr(t, bg_name)))
    for fg_name in ("dim", "error_text", "warning_text", "ok_text", "link"):
        for bg_name in ("window", "base"):
            pairs.append((f"{fg_name} on {bg_name}", getattr(t, fg_name), getattr(t, bg_name)))
    for level in ("warning", "error", "info"):
        banner = t.banner(level)
        pairs.append((f"{level} banner", banner.text, banner.background))
        pairs.append((f"{level} banner close button", t.button_text, banner.background))
    for i, color in enumerate(t.series):  # the crosshair label names each series in its colour
        pairs.append((f"series {i} label", color, t.plot_background))
    pairs.append(("sector line's key", t.plot_sector, t.window))  # ┅┅ beside its check box
    pairs.append(("sector label", t.plot_sector, t.plot_background))  # in the crosshair
    return list(dict.fromkeys(pairs))  # dim on base is both table text and a note


def control_pairs(t: Theme) -> list[tuple[str, str, str]]:
    """(what, colour, background) for the parts of controls that must stand out at
    3:1 (AA_NON_TEXT): an unchecked check box is only its edge, drawn on the dialog or
    menu (window), on a list (base, alternate rows), on a button, and on the hovered
    menu item (highlight); its inside is base."""
    return [(f"check box edge on {bg_name}", t.indicator_border, getattr(t, bg_name))
            for bg_name in ("window", "base", "alternate_base", "button", "highlight")]
