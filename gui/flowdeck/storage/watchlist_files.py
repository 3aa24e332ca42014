"""Watchlists to and from files: text (one code per line) or CSV (first column, an
optional `code` header row). The format follows the file's suffix: `.csv` is CSV."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.watchlists import AddResult, Watchlists
from .atomic import FileOps, StorageError, atomic_write

MAX_IMPORT_BYTES = 8 * 1024 * 1024


def is_csv(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() == ".csv"


def export_watchlist(path: str | os.PathLike[str], watchlists: Watchlists,
                     name: str | None = None, ops: FileOps | None = None) -> None:
    """Write one list (the active one by default) atomically; raises StorageError."""
    text = watchlists.export_csv(name) if is_csv(path) else watchlists.export_text(name)
    try:
        atomic_write(path, text.encode("utf-8"), ops)
    except OSError as e:
        raise StorageError("export the watchlist to", path, e) from e


def read_codes_text(path: str | os.PathLike[str], ops: FileOps | None = None) -> str:
    """A code file's text (UTF-8, a BOM allowed); raises StorageError."""
    ops = ops or FileOps()
    try:
        raw = _read_at_most(os.fspath(path), MAX_IMPORT_BYTES + 1, ops)
        if len(raw) > MAX_IMPORT_BYTES:
            raise ValueError(f"the file is larger than {MAX_IMPORT_BYTES // 1024 // 1024} MB")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise StorageError("import a watchlist from", path,
                           ValueError(f"not UTF-8 text ({e.reason})")) from e
    except (OSError, ValueError) as e:
        raise StorageError("import a watchlist from", path, e) from e


def _read_at_most(path: str, limit: int, ops: FileOps) -> bytes:
    """The file's first `limit` bytes: a huge file (or /dev/zero) is never read whole."""
    fd = ops.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        return ops.read_at(fd, 0, limit)
    finally:
        ops.close(fd)


def import_watchlist(path: str | os.PathLike[str], watchlists: Watchlists,
                     name: str | None = None, ops: FileOps | None = None) -> AddResult:
    """Add the codes of a text or CSV file to a list (the active one by default)."""
    return watchlists.import_text(read_codes_text(path, ops), name, csv=is_csv(path))
