"""What else a Chinese name is found by: its Simplified form and the initials of its
pinyin (贵州茅台: gzmt; 建設銀行: 建设银行 and jsyh).

Traditional names go through OpenCC's Traditional-to-Simplified conversion first
(pypinyin reads 長 in 長和 as zh only, 长 as chang and zhang). A character with
several readings gives every reading's initial (长 is chang in 長和 and zhang in 长大:
pypinyin alone says zh), up to MAX_VARIANTS spellings a name, so that a trader who
types either finds it; letters and digits in a name are kept whole (TCL科技: tclkj).

Both libraries take ~0.35 s to load and the aliases ~80 µs a name (12,000 names:
~1 s; tests/bench/search_bench.py), so nothing here runs at import: `AliasBuilder` does
the work a slice at a time, for a caller that must not block (the window runs it in a
worker thread).
"""

from __future__ import annotations

import functools
import itertools
import lzma
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from .stock_info import StockInfo

MAX_VARIANTS = 16
TS_TABLES = {"ts_characters": "TSCharacters.txt", "ts_phrases": "TSPhrases.txt"}
PHRASES_FILE = "pinyin_phrases.txt.xz"
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KEEP_RE = re.compile(r"[^0-9a-z]")


@functools.cache
def _to_simplified() -> Callable[[str], str]:
    # OpenCC with its two Traditional-to-Simplified tables only (45 KB, ~60 ms): its
    # default loads every table from one 2.5 MB file, which the bundle cannot afford.
    import opencc_purepy
    from opencc_purepy import OpenCC
    from opencc_purepy.dictionary_lib import DictionaryMaxlength

    tables = DictionaryMaxlength()
    folder = Path(opencc_purepy.__file__).parent / "dicts"
    for slot, name in TS_TABLES.items():
        text = (folder / name).read_text(encoding="utf-8")
        setattr(tables, slot, DictionaryMaxlength.load_dictionary_maxlength(text))
    return OpenCC("t2s", dictionary=tables).convert


@functools.cache
def _readings() -> Callable[[str], list[list[str]]]:
    # Without its 2.5 MB phrase dictionary (the bundle's budget), but with the 2,100 of
    # its phrases whose usual reading is not their characters' first (银行: yh, not yx;
    # tools/pinyin_phrases.py made the 22 KB file from it).
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, load_phrases_dict, pinyin

    text = lzma.decompress((Path(__file__).parent / PHRASES_FILE).read_bytes()).decode()
    load_phrases_dict({phrase: [[s] for s in syllables.split()] for phrase, syllables in
                       (line.split("\t") for line in text.splitlines() if line)})

    def initials(text: str) -> list[list[str]]:
        return pinyin(text, style=Style.FIRST_LETTER, heteronym=True, errors="default")
    return initials


def simplified(text: str) -> str:
    """`text` in Simplified characters (unchanged when it has no Han character)."""
    return _to_simplified()(text) if _HAN_RE.search(text) else text


def pinyin_initials(name: str) -> list[str]:
    """The spellings of `name`'s pinyin initials, lowercase, the usual reading first
    (长和: ch and zh); [] for a name without Han characters."""
    if not _HAN_RE.search(name):
        return []
    parts = []
    for readings in _readings()(simplified(name)):
        letters = list(dict.fromkeys(k for k in (_KEEP_RE.sub("", r.lower()) for r in readings)
                                     if k))
        if letters:
            parts.append(letters)
    spellings = itertools.islice(itertools.product(*parts), MAX_VARIANTS)
    return list(dict.fromkeys("".join(s) for s in spellings))


class NameAliases(NamedTuple):
    """`usual`: the Simplified name and pypinyin's usual reading's initials; `other`:
    the initials of other readings (a search ranks them a little lower)."""
    usual: tuple[str, ...] = ()
    other: tuple[str, ...] = ()


def name_aliases(info: StockInfo) -> NameAliases:
    """What `info` is found by besides its code and names as written."""
    name = info.name_zh or info.name_zh_hant
    if not _HAN_RE.search(name):
        return NameAliases()
    plain = simplified(name)
    initials = pinyin_initials(plain)
    usual = tuple(dict.fromkeys([*([plain] if plain != name else []), *initials[:1]]))
    return NameAliases(usual, tuple(k for k in initials[1:] if k not in usual))


class AliasBuilder:
    """The aliases of many stocks, `advance(n)` names at a time."""

    def __init__(self, stocks: Sequence[StockInfo]) -> None:
        self._stocks = list(stocks)
        self._next = 0
        self._aliases: dict[str, NameAliases] = {}

    @property
    def done(self) -> bool:
        return self._next >= len(self._stocks)

    @property
    def progress(self) -> tuple[int, int]:
        return self._next, len(self._stocks)

    def advance(self, count: int) -> bool:
        """Work through up to `count` more stocks; True when all are done."""
        end = min(self._next + max(count, 1), len(self._stocks))
        for info in self._stocks[self._next:end]:
            aliases = name_aliases(info)
            if aliases.usual or aliases.other:
                self._aliases[info.code] = aliases
        self._next = end
        return self.done

    def aliases(self) -> dict[str, NameAliases]:
        """code -> aliases, for the stocks done so far."""
        return dict(self._aliases)
