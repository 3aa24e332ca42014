"""Named watchlists, one of them active: the editor's data, pure (no Qt, no files).

Every mutation checks its input first (names: INVALID_PARAM 1001; codes: the parser's
INVALID_CODE 1002 message), records an undo snapshot, then calls the `listeners`.
Pasted or imported text is read by `pasted_codes.read_pasted` (lists of codes, or tables
copied from quote sites); valid codes are added in order, duplicates ignored, invalid ones
listed with their message, table lines without a code counted as skipped.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from .codes import normalise_code, recognise_code
from .errors import FlowDeckError, invalid_param
from .pasted_codes import read_pasted
from .pasted_codes import split_codes as split_codes  # where the dock and tests look

DEFAULT_WATCHLIST_NAME = "Default"
MAX_NAME_LENGTH = 64
UNDO_DEPTH = 50
CSV_HEADER = "code"
_BAD_NAME_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})  # controls, surrogates, breaks
_HEADER_NAMES = frozenset({"code", "codes", "symbol", "symbols", "ticker", "stock", "stock_code",
                           "代码", "股票代码"})


@dataclass(frozen=True, slots=True)
class AddResult:
    """What a paste or import did: codes added (normalised, in order), codes already there
    or repeated in the text (normalised), invalid tokens with the parser's message, and
    lines of a pasted table that hold no code (a header row, a total)."""
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def check_code(text: str, existing: Collection[str] = ()) -> tuple[str | None, str | None]:
    """Validation as you type: `(normalised, None)` when valid, `(None, message)` when not,
    `(None, None)` for blank text, `(normalised, message)` when already in `existing`."""
    if not text.strip():
        return None, None
    code = recognise_code(text)
    if code is None:
        try:
            normalise_code(text)
        except FlowDeckError as e:
            return None, e.message
    if code in existing:
        return code, f"{code} is already in the list"
    return code, None


def check_name(name: object) -> str:
    """A watchlist name, stripped; INVALID_PARAM when empty, too long or not text."""
    if not isinstance(name, str):
        raise invalid_param(f"watchlist name must be text, got {name!r}")
    cleaned = name.strip()
    if not cleaned:
        raise invalid_param("watchlist name is empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise invalid_param(f"watchlist name is longer than {MAX_NAME_LENGTH} characters")
    if any(unicodedata.category(ch) in _BAD_NAME_CATEGORIES for ch in cleaned):
        raise invalid_param(f"watchlist name {cleaned!r} contains control characters")
    return cleaned


def csv_tokens(text: str) -> list[str]:
    """The first column of CSV text; a header row (`code`, `symbol`, ...) is skipped."""
    rows = [row for row in csv.reader(io.StringIO(text)) if row and row[0].strip()]
    if rows and rows[0][0].strip().lower() in _HEADER_NAMES:
        rows = rows[1:]
    return [row[0].strip() for row in rows]


class Watchlists:
    """Ordered named lists of normalised codes; exactly one is active."""

    def __init__(self, lists: Iterable[tuple[str, Iterable[str]]] | None = None,
                 active: str | None = None) -> None:
        self._lists: dict[str, list[str]] = {}
        for name, codes in lists or ():
            cleaned = check_name(name)
            if self._find(cleaned) is not None:
                raise invalid_param(f"a watchlist named {cleaned!r} already exists")
            self._lists[cleaned] = list(dict.fromkeys(normalise_code(c) for c in codes))
        if not self._lists:
            self._lists[DEFAULT_WATCHLIST_NAME] = []
        self._active = active if active in self._lists else next(iter(self._lists))
        self._undo: list[tuple[dict[str, list[str]], str]] = []
        self.listeners: list[Callable[[], None]] = []
        self.revision = 0

    @classmethod
    def from_config(cls, entries: Iterable[dict], active: str | None = None) -> Watchlists:
        """From Config.watchlists (dicts with `name` and `codes`, already validated)."""
        return cls([(e["name"], e.get("codes", [])) for e in entries], active)

    def to_config(self) -> list[dict]:
        return [{"name": name, "codes": list(codes)} for name, codes in self._lists.items()]

    # -- reading --------------------------------------------------------------------------
    def names(self) -> list[str]:
        return list(self._lists)

    @property
    def active(self) -> str:
        return self._active

    def codes(self, name: str | None = None) -> list[str]:
        return list(self._lists[self._name(name)])

    def check_code(self, text: str, name: str | None = None) -> tuple[str | None, str | None]:
        """check_code against this list's codes (duplicates get a message)."""
        return check_code(text, self._lists[self._name(name)])

    def export_text(self, name: str | None = None) -> str:
        """One code per line."""
        return "".join(f"{c}\n" for c in self._lists[self._name(name)])

    def export_csv(self, name: str | None = None) -> str:
        """A `code` header row, then one code per row."""
        return "".join(f"{c}\n" for c in [CSV_HEADER, *self._lists[self._name(name)]])

    # -- list operations ------------------------------------------------------------------
    def set_active(self, name: str) -> None:
        name = self._name(name)
        if name != self._active:
            self._active = name
            self._changed()

    def create(self, name: str, codes: Iterable[str] = ()) -> str:
        """A new list (made active); returns its cleaned name."""
        cleaned = check_name(name)
        if self._find(cleaned) is not None:
            raise invalid_param(f"a watchlist named {cleaned!r} already exists")
        normalised = list(dict.fromkeys(normalise_code(c) for c in codes))
        self._snapshot()
        self._lists[cleaned] = normalised
        self._active = cleaned
        self._changed()
        return cleaned

    def rename(self, old: str, new: str) -> str:
        old = self._name(old)
        cleaned = check_name(new)
        clash = self._find(cleaned)
        if clash is not None and clash != old:
            raise invalid_param(f"a watchlist named {cleaned!r} already exists")
        if cleaned == old:
            return old
        self._snapshot()
        self._lists = {(cleaned if k == old else k): v for k, v in self._lists.items()}
        if self._active == old:
            self._active = cleaned
        self._changed()
        return cleaned

    def delete(self, name: str) -> None:
        """Delete a list (undo brings it back); the last one cannot be deleted."""
        name = self._name(name)
        if len(self._lists) == 1:
            raise invalid_param(f"cannot delete {name!r}: it is the only watchlist")
        self._snapshot()
        names = list(self._lists)
        index = names.index(name)
        del self._lists[name]
        if self._active == name:
            self._active = names[index + 1] if index + 1 < len(names) else names[index - 1]
        self._changed()

    def undo(self) -> bool:
        """Undo the last change (create, rename, delete, add, remove, move); False if none."""
        if not self._undo:
            return False
        self._lists, self._active = self._undo.pop()
        self._changed()
        return True

    def can_undo(self) -> bool:
        return bool(self._undo)

    # -- code operations ------------------------------------------------------------------
    def add_text(self, text: str, name: str | None = None) -> AddResult:
        """Add every valid code of a paste; see the module docstring."""
        pasted = read_pasted(text)
        return self._add_tokens(pasted.tokens, name, pasted.skipped)

    def import_text(self, text: str, name: str | None = None, csv: bool = False) -> AddResult:
        """Import a file's text: codes read as a paste, or CSV (first column); a header
        row such as `code` is skipped."""
        if csv:
            return self._add_tokens(csv_tokens(text), name)
        pasted = read_pasted(text)
        tokens = pasted.tokens
        if tokens and tokens[0].lower() in _HEADER_NAMES:
            tokens = tokens[1:]
        return self._add_tokens(tokens, name, pasted.skipped)

    def add(self, code: str, name: str | None = None) -> str:
        """Add one code (raises INVALID_CODE); returns it normalised. A duplicate is a no-op."""
        normalised = normalise_code(code)
        self._add_tokens([normalised], name)
        return normalised

    def remove(self, codes: Iterable[str], name: str | None = None) -> list[str]:
        """Remove these codes (raw or normalised); returns the ones that were there."""
        name = self._name(name)
        current = self._lists[name]
        gone: set[str] = set()
        for c in codes:
            try:
                gone.add(normalise_code(c))
            except FlowDeckError:
                gone.add(c)
        removed = [c for c in current if c in gone]
        if removed:
            self._snapshot()
            self._lists[name] = [c for c in current if c not in gone]
            self._changed()
        return removed

    def move(self, from_index: int, to_index: int, name: str | None = None) -> None:
        """Move the code at `from_index` so that it ends up at `to_index` (both are
        indices of the list as it is before/after the move; clamped to the list)."""
        name = self._name(name)
        current = self._lists[name]
        if not 0 <= from_index < len(current):
            raise invalid_param(f"no code at row {from_index}")
        to_index = max(0, min(to_index, len(current) - 1))
        if to_index == from_index:
            return
        self._snapshot()
        moved = list(current)
        moved.insert(to_index, moved.pop(from_index))
        self._lists[name] = moved
        self._changed()

    def set_codes(self, codes: Iterable[str], name: str | None = None) -> None:
        """Replace a list's codes (e.g. a reorder by drag and drop of several rows)."""
        name = self._name(name)
        normalised = list(dict.fromkeys(normalise_code(c) for c in codes))
        if normalised != self._lists[name]:
            self._snapshot()
            self._lists[name] = normalised
            self._changed()

    # -- internals ------------------------------------------------------------------------
    def _add_tokens(self, tokens: list[str], name: str | None,
                    skipped: Iterable[str] = ()) -> AddResult:
        name = self._name(name)
        current = self._lists[name]
        present = set(current)
        result = AddResult(skipped=list(skipped))
        for token in tokens:
            code, message = check_code(token)
            if code is None:
                result.invalid.append((token, message or "empty code"))
            elif code in present:
                result.duplicates.append(code)
            else:
                present.add(code)
                result.added.append(code)
        if result.added:
            self._snapshot()
            self._lists[name] = current + result.added
            self._changed()
        return result

    def _find(self, name: str) -> str | None:
        """The existing name equal to `name` ignoring case, if any."""
        folded = name.casefold()
        return next((n for n in self._lists if n.casefold() == folded), None)

    def _name(self, name: str | None) -> str:
        if name is None:
            return self._active
        if name not in self._lists:
            raise invalid_param(f"no watchlist named {name!r}")
        return name

    def _snapshot(self) -> None:
        self._undo.append(({k: list(v) for k, v in self._lists.items()}, self._active))
        del self._undo[:-UNDO_DEPTH]

    def _changed(self) -> None:
        self.revision += 1
        for listener in list(self.listeners):
            listener()
