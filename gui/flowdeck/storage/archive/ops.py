"""The calls of the archive that fail for reasons outside it (a full disk, a folder or
file it may not write, another connection holding the lock). Tests override one to make
it fail; tests run as root, where permission bits prove nothing."""

from __future__ import annotations

import sqlite3

from ..atomic import FileOps

BUSY_TIMEOUT_S = 5.0


class ArchiveOps(FileOps):
    """FileOps (mkdir, replace, unlink for moving a bad file aside) and the connection."""

    def connect(self, path: str, timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
        """A connection in autocommit mode (the archive opens its transactions itself),
        usable from the thread that is given it (the writer opens in its own)."""
        return sqlite3.connect(path, timeout=timeout, isolation_level=None,
                               check_same_thread=False)
