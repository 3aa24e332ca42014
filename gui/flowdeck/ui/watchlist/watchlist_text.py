"""What the watchlist dock tells people after a paste or an import, in the language
spoken (the texts keep the dock's translation context): one summary line for the dock,
and the details (every code, invalid token and skipped line) for the details dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QCoreApplication

from ...core.watchlists import AddResult
from ..look.error_text import code_problem_text

# lupdate finds only literal texts in calls named tr or translate.
translate = QCoreApplication.translate
MAX_LISTED_INVALID = 10
MAX_DETAIL_LINES = 500  # per section: a paste of a whole market stays readable
T = TypeVar("T")


def describe_result(result: AddResult) -> str:
    """The one line people read in the dock after a paste or an import."""
    n = len(result.added)
    parts = [translate("WatchlistDock", "Added {n} codes.").format(n=n) if n != 1
             else translate("WatchlistDock", "Added 1 code.")]
    if result.duplicates:
        parts.append(translate("WatchlistDock", "{n} already in the list.")
                     .format(n=len(result.duplicates)))
    if len(result.invalid) == 1:  # short enough to say on the line (elided if not)
        parts.append(translate("WatchlistDock", "Invalid: {entry}")
                     .format(entry=describe_invalid(*result.invalid[0])))
    elif result.invalid:
        parts.append(translate("WatchlistDock", "{n} invalid.").format(n=len(result.invalid)))
    if result.skipped:
        n = len(result.skipped)
        parts.append(translate("WatchlistDock", "{n} lines without a code skipped.").format(n=n)
                     if n != 1 else translate("WatchlistDock", "1 line without a code skipped."))
    return " ".join(parts)


def has_details(result: AddResult) -> bool:
    """Whether the summary leaves something out that the details dialog shows."""
    return bool(result.duplicates or result.invalid or result.skipped)


def describe_invalid(token: str, message: str) -> str:
    """One invalid token and what is wrong with it (the core's message, translated)."""
    return f"{token}: {code_problem_text(token, message) or message}"


def describe_details(result: AddResult) -> str:
    """Everything a paste or an import did, section by section."""
    sections = [
        (translate("WatchlistDock", "Added ({n}):"), result.added, str),
        (translate("WatchlistDock", "Already in the list, ignored ({n}):"), result.duplicates,
         str),
        (translate("WatchlistDock", "Invalid codes ({n}):"), result.invalid, _invalid),
        (translate("WatchlistDock", "Lines without a code, skipped ({n}):"), result.skipped,
         _folded),
    ]
    return "\n\n".join(_section(head, items, text) for head, items, text in sections
                       if items)


def describe_invalid_list(bad: list[tuple[str, str]]) -> str:
    """The details of validation as you type: each invalid token."""
    return _section(translate("WatchlistDock", "Invalid codes ({n}):"), bad, _invalid)


def _invalid(item: tuple[str, str]) -> str:
    return describe_invalid(*item)


def _folded(line: str) -> str:
    return " ".join(line.split())


def _section(head: str, items: Sequence[T], text: Callable[[T], str]) -> str:
    # Only the lines shown are formatted: an import of a whole market has ~10^6 items.
    shown = [f"  {text(item)}" for item in items[:MAX_DETAIL_LINES]]
    if len(items) > MAX_DETAIL_LINES:
        shown.append(translate("WatchlistDock", "  … and {n} more")
                     .format(n=len(items) - MAX_DETAIL_LINES))
    return "\n".join([head.format(n=len(items)), *shown])
