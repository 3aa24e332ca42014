"""`names.csv` beside a replay file: its codes' names, sectors and the close before the
file's first day, so a replayed day shows names and a change % like a live one.

Format (README "Replay"): CSV (quotes allowed: a name may hold a comma), UTF-8 with or
without a byte-order mark; a header line naming the columns, in any order: `code`
(required; any usual form: `HK.00700`, `700.HK`, `600519`) and any of `name_en`,
`name_zh`, `sector` (a sector's name: codes of one market with the same text are one
sector) and `prev_close` (a number > 0: the close before the file's first day). Other
columns are ignored. A bad line (unknown code, bad number, wrong field count) is
skipped and counted, never fatal; a later line of the same code replaces an earlier one.
A missing file is no names; an unreadable or oversized one is logged and no names.
"""

from __future__ import annotations

import csv
import io
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ...core.codes import recognise_code
from ...core.markets import market_of
from ...core.stock_info import Sector, StockInfo

FILE_NAME = "names.csv"
MAX_BYTES = 16 << 20     # a whole market's names are ~1 MB; more is not a names file
REPORTED = 5
_KNOWN = ("code", "name_en", "name_zh", "sector", "prev_close")
log = logging.getLogger("flowdeck.feeds.replay")


@dataclass(slots=True)
class ReplayNames:
    """What a names file said: a Universe (stocks, sectors) and the previous closes."""
    by_code: dict[str, StockInfo] = field(default_factory=dict)
    by_sector: dict[str, Sector] = field(default_factory=dict)
    prev_close: dict[str, float] = field(default_factory=dict)
    bad_lines: int = 0
    problems: list[str] = field(default_factory=list)  # the first few, with line numbers

    def stocks(self) -> Mapping[str, StockInfo]:
        return self.by_code

    def sectors(self) -> Mapping[str, Sector]:
        return self.by_sector


def names_beside(replay_file: Path) -> ReplayNames:
    """The names file in the replay file's folder, read (no file: no names)."""
    path = replay_file.parent / FILE_NAME
    try:
        if not path.is_file():
            return ReplayNames()
        if path.stat().st_size > MAX_BYTES:
            log.warning("%s is over %d MB: not read as a names file", path, MAX_BYTES >> 20)
            return ReplayNames()
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        log.warning("the replay's names file %s cannot be read: %s", path, e)
        return ReplayNames()
    names = read_names(text)
    if names.problems and not names.by_code:
        log.warning("%s gave no names: %s", path, "; ".join(names.problems))
    elif names.bad_lines:
        log.warning("%s: %d line(s) skipped, e.g. %s", path, names.bad_lines,
                    "; ".join(names.problems))
    return names


def read_names(text: str) -> ReplayNames:
    out = ReplayNames()
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(rows, None)
    columns = [h.strip().lower() for h in header or []]
    if "code" not in columns:
        out.problems.append("line 1: the header must name a `code` column "
                            f"(and any of {', '.join(_KNOWN[1:])})")
        return out
    at = {name: columns.index(name) for name in _KNOWN if name in columns}
    for number, row in enumerate(rows, 2):
        if not any(cell.strip() for cell in row):
            continue
        why = _take(out, row, at, len(columns))
        if why:
            out.bad_lines += 1
            if len(out.problems) < REPORTED:
                out.problems.append(f"line {number}: {why}")
    return out


def _take(out: ReplayNames, row: list[str], at: dict[str, int], width: int) -> str:
    """Put one line in `out`; what is wrong with it, or ""."""
    if len(row) != width:
        return f"{len(row)} fields where the header has {width}"
    cell = {name: row[i].strip() for name, i in at.items()}
    code = recognise_code(cell["code"])
    if code is None:
        return f"{cell['code']!r} is not a stock code"
    prev = cell.get("prev_close", "")
    if prev:
        try:
            value = float(prev)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value > 0):
            return f"prev_close {prev!r} is not a price > 0"
        out.prev_close[code] = value
    sector = cell.get("sector", "")
    sector_id = ""
    if sector:
        market = market_of(code).value
        sector_id = f"{market}.{sector}"
        out.by_sector.setdefault(sector_id, Sector(sector_id, market, sector, sector))
    out.by_code[code] = StockInfo(code, cell.get("name_en", ""), cell.get("name_zh", ""),
                                  sector_id)
    return ""
