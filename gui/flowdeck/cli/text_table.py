"""Rows of cells as terminal lines: the first column left-aligned (labels, days), the
others right-aligned (numbers), widths as a terminal shows them (CJK takes two)."""

from __future__ import annotations

from collections.abc import Sequence


def display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int, left: bool) -> str:
    gap = " " * (width - display_width(text))
    return text + gap if left else gap + text


def text_table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(_pad(cell, w, i == 0)
                      for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
            for row in rows]
