"""Make gui/flowdeck/core/pinyin_phrases.txt.xz: the phrases of pypinyin's phrase
dictionary whose usual initials differ from their characters' first readings (银行:
yh, not yx), for core/name_aliases.py, which loads pypinyin without its 2.5 MB phrase
dictionary (the bundle's size budget) and adds these instead (~0.1 MB).

    .venv/bin/python tools/pinyin_phrases.py    # after upgrading pypinyin
"""

from __future__ import annotations

import json
import lzma
from pathlib import Path

import pypinyin

OUT = Path(__file__).resolve().parents[1] / "gui" / "flowdeck" / "core" / "pinyin_phrases.txt.xz"


def first_letter(syllable: str) -> str:
    from pypinyin.style import convert
    return convert(syllable, pypinyin.Style.FIRST_LETTER, strict=False)


def main() -> None:
    folder = Path(pypinyin.__file__).parent
    chars = json.loads((folder / "pinyin_dict.json").read_text(encoding="utf-8"))
    phrases = json.loads((folder / "phrases_dict.json").read_text(encoding="utf-8"))
    lines = []
    for phrase, readings in sorted(phrases.items()):
        usual = [r[0] for r in readings]
        plain = []
        for ch in phrase:
            code = chars.get(str(ord(ch)))
            plain.append(code.split(",")[0] if code else "")
        if [first_letter(s) for s in usual] != [first_letter(s) for s in plain]:
            lines.append(f"{phrase}\t{' '.join(usual)}")
    OUT.write_bytes(lzma.compress(("\n".join(lines) + "\n").encode("utf-8"), preset=9))
    print(f"{len(lines)} phrases, {OUT.stat().st_size} bytes -> {OUT}")


if __name__ == "__main__":
    main()
