"""Where FlowDeck's read-only resources are (icons, translations, default files): the
checkout's `resources/` when run from source, `<bundle>/resources` when frozen by
PyInstaller (`packaging/flowdeck.spec` copies the folder there). Nothing here opens a
file; callers decide what a missing resource means for them."""

from __future__ import annotations

import sys
from pathlib import Path

# gui/flowdeck/storage/resources.py -> the checkout is three folders up from here.
_SOURCE_ROOT = Path(__file__).resolve().parents[3]


def resource_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return _SOURCE_ROOT / "resources"


def resource_path(*parts: str) -> Path:
    """`resource_path("icons", "flowdeck.png")`; the path may not exist (e.g. a wheel
    installed without the checkout), so callers check or fall back."""
    return resource_dir().joinpath(*parts)
