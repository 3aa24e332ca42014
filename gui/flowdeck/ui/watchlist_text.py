"""What the watchlist dock tells people after a paste or an import, in the language
spoken (the texts keep the dock's translation context)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.watchlists import AddResult

# lupdate finds only literal texts in calls named tr or translate.
translate = QCoreApplication.translate
MAX_LISTED_INVALID = 10


def describe_result(result: AddResult) -> str:
    """One line people read after a paste or an import."""
    n = len(result.added)
    parts = [translate("WatchlistDock", "Added {n} codes.").format(n=n) if n != 1
             else translate("WatchlistDock", "Added 1 code.")]
    if result.duplicates:
        shown = ", ".join(result.duplicates[:MAX_LISTED_INVALID])
        more = "…" if len(result.duplicates) > MAX_LISTED_INVALID else ""
        parts.append(translate("WatchlistDock", "{n} already in the list, ignored ({codes}).")
                     .format(n=len(result.duplicates), codes=shown + more))
    if result.invalid:
        parts.append(translate("WatchlistDock", "{n} invalid:").format(n=len(result.invalid)))
        parts += [f"  {token}: {message}" for token, message in result.invalid[:MAX_LISTED_INVALID]]
        if len(result.invalid) > MAX_LISTED_INVALID:
            parts.append(translate("WatchlistDock", "  … and {n} more")
                         .format(n=len(result.invalid) - MAX_LISTED_INVALID))
    return "\n".join(parts)
