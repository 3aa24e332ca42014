"""The codes in pasted text: a list of codes, or a table copied from a quote site.

A line whose every token is a code gives them all ("HK.00700, 600519.SH 00700"). A line
of a table (tab-separated, or holding names such as 贵州茅台, amounts such as 3.2亿 or
serial numbers) gives its first code, however the site writes it (`codes.recognise_code`):
the code column comes before the amounts in East Money's and Tonghuashun's tables, and an
amount can look like a bare code. A table line without a code (the header row, a total)
is skipped and reported as such. Any other line is a list with mistakes in it: its tokens
that are not codes are kept, for the parser to say what is wrong with each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .codes import recognise_code

_SPLIT_RE = re.compile(r"[\s,;]+")
# A serial number, a price, a percentage or an amount with a thousands separator.
_NUMBER_RE = re.compile(r"[-+]?[0-9][0-9,]*(\.[0-9]+)?%?")


@dataclass(frozen=True, slots=True)
class PastedCodes:
    """`tokens`: normalised codes and, from list lines, the tokens that are not codes, in
    the order pasted; `skipped`: table lines without a code, as pasted (stripped)."""
    tokens: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def split_codes(text: str) -> list[str]:
    """Tokens of a paste: split on newlines, commas, semicolons and whitespace."""
    return [t for t in _SPLIT_RE.split(text) if t]


def read_pasted(text: str) -> PastedCodes:
    """The codes of pasted text, line by line; see the module docstring."""
    result = PastedCodes()
    for line in text.splitlines():
        tokens = split_codes(line)
        if not tokens:
            continue
        codes = [recognise_code(t) for t in tokens]
        if all(codes):
            result.tokens.extend(c for c in codes if c)
        elif is_table_line(line, tokens):
            first = next((c for c in codes if c), None)
            if first is None:
                result.skipped.append(line.strip())
            else:
                result.tokens.append(first)
        else:
            result.tokens.extend(c or t for c, t in zip(codes, tokens, strict=True))
    return result


def is_table_line(line: str, tokens: list[str]) -> bool:
    """A row of a copied table rather than a list of codes: text that no code has (CJK
    names, 亿/万 amounts, 合计), or more than one cell, tab-separated or with plain
    numbers in it."""
    if not line.isascii():
        return True
    return len(tokens) > 1 and ("\t" in line or any(
        _NUMBER_RE.fullmatch(t) and not recognise_code(t) for t in tokens))
