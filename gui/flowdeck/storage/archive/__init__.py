"""The flow history archive (issue 19): one SQLite file per user (the gateway keeps its
own, see paths.archive_path), the days of every source identity, written as the day
goes by an ArchiveWriter thread, read as DayFlows and as the DayMatrix of the
multi-day columns. Qt-free, no network."""

from .archive import CODES_PER_TRANSACTION, Archive
from .ops import ArchiveOps
from .problems import ArchiveError, ArchiveNotice, ArchiveTooNew
from .writer import ArchiveWriter

__all__ = ["CODES_PER_TRANSACTION", "Archive", "ArchiveError", "ArchiveNotice", "ArchiveOps",
           "ArchiveTooNew", "ArchiveWriter"]
