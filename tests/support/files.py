"""What a folder holds after a save."""

from __future__ import annotations

from pathlib import Path


def temps(folder: Path) -> list[str]:
    """The names of the temp files a save left in `folder`, sorted."""
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))
