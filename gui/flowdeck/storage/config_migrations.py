"""The settings file's versions, and one step from each version to the next.

A file names its version in a top-level `schema = N`; a file without it is version 0
(every file FlowDeck wrote before versions existed). `MIGRATIONS[n]` turns a parsed
version-n document into version n + 1 with the same meaning; loading applies the steps
from the file's version on, so the parser only ever reads the current shape, and saving
writes `schema = CURRENT_SCHEMA`.

A later change to the file's shape or to the meaning of a value appends its step here,
and a fixture of the version before to tests/storage/test_config_versions.py (a test
fails while a version has no fixture). A step is a pure function of the parsed TOML
table: it returns a new table and leaves keys it does not know as they are, so unknown
keys and tables survive every step.

A file of a newer version is not migrated (nothing here knows its shape): load_config
reads what it understands and says so; see there.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SCHEMA_KEY = "schema"

Document = dict[str, Any]


def _v0_to_v1(doc: Document) -> Document:
    """Version 0 to 1: `[display] colors = "auto"` meant each row's market's colours in
    version 0 and means one convention chosen by the window's language in version 1.
    Version 0 files were written with every default spelled out, so their "auto" cannot
    tell a choice from the default: it is kept and takes the new default meaning.
    Per-market colours are asked for by "by-market" only, which version 0 never wrote.
    The other values mean what they meant."""
    return doc


MIGRATIONS: tuple[Callable[[Document], Document], ...] = (_v0_to_v1,)
CURRENT_SCHEMA = len(MIGRATIONS)


@dataclass(frozen=True)
class Upgraded:
    doc: Document                  # in the current shape; a newer file's as it was
    version: int                   # the file's own (0 when it names none)
    problem: str | None = None     # the version key was not a version

    @property
    def newer(self) -> bool:
        return self.version > CURRENT_SCHEMA


def read_version(doc: Document) -> tuple[int, str | None]:
    """The file's version and, when its version key is not one, a problem (the file is
    then read as version 0, the shape every step knows how to take)."""
    value = doc.get(SCHEMA_KEY, 0)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value, None
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    return 0, f"{SCHEMA_KEY} = {shown} (expected a settings version, a whole number)"


def upgrade(doc: Document) -> Upgraded:
    """The document in the current shape, after the steps from its own version on."""
    version, problem = read_version(doc)
    if version > CURRENT_SCHEMA:
        return Upgraded(doc, version, problem)
    out = copy.deepcopy(doc)
    for step in MIGRATIONS[version:]:
        out = step(out)
    out[SCHEMA_KEY] = CURRENT_SCHEMA
    return Upgraded(out, version, problem)
