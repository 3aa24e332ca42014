"""Shrink the ICU data library PySide6 ships (libicudata.so.NN, ~32 MB) to what FlowDeck
can reach: root, English and Chinese locale data, the Chinese and Unicode converters, and
everything that is not locale data. The rest of the library is ICU's "common data" package
(a table of named items, each 16-byte aligned) exported as the symbol icudtNN_dat; we read
it out of the ELF file, drop items, and link a new library with the same SONAME and symbol.

Only libQt6Core imports ICU, and only collation, converters, case mapping and calendar /
time-zone names (`nm -D libQt6Core.so.6`), which is why transliteration and break
iteration go entirely."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Trees Qt never opens: it imports no utrans_* (transliteration) and no ubrk_* (break
# iterator: QTextBoundaryFinder has rules of its own) function.
DROP_TREES = ("translit", "brkitr")
DROP_FILES: tuple[str, ...] = ()
# GB18030, GBK, GB2312/EUC-CN, Big5, Big5-HKSCS. UTF-*, ISO-8859-1 and US-ASCII are
# algorithmic (no .cnv item); extension-only tables pull their base table in below.
KEEP_CONVERTERS = ("gb18030", "windows-936-2000", "ibm-1383_P110-1999", "windows-950-2000",
                   "ibm-1375_P100-2008")

# A locale bundle's name: a language, then subtags that never start in lower case (Hant, TW,
# 419, POSIX, and the empty one of old IDs like de__PHONEBOOK). "res_index", "pool",
# "supplementalData", "ucadata" are not locales.
_LOCALE = re.compile(r"(root|[a-z]{2,3})(_([A-Z0-9][A-Za-z0-9]*)?)*")
_ALIGN = 16
_PAD = b"\xaa"  # what ICU's own package tool pads items with


def _u16(b: bytes, at: int) -> int:
    return struct.unpack_from("<H", b, at)[0]


def _u32(b: bytes, at: int) -> int:
    return struct.unpack_from("<I", b, at)[0]


def _cstr(b: bytes, at: int) -> str:
    return b[at:b.index(b"\0", at)].decode("ascii")


def read_elf_data(lib: Path) -> tuple[str, str, bytes]:
    """(SONAME, symbol name, bytes of the exported icudtNN_dat object) of a 64-bit LE ELF."""
    b = lib.read_bytes()
    if b[:4] != b"\x7fELF" or b[4] != 2 or b[5] != 1:
        raise ValueError(f"{lib}: not a 64-bit little-endian ELF file")
    shoff, shentsize, shnum = struct.unpack_from("<Q", b, 0x28)[0], _u16(b, 0x3A), _u16(b, 0x3C)
    secs = [struct.unpack_from("<IIQQQQIIQQ", b, shoff + i * shentsize) for i in range(shnum)]
    soname = symbol = data = None
    for _n, stype, _f, _a, off, size, link, *_ in secs:
        strtab = secs[link][4]
        if stype == 6:  # SHT_DYNAMIC
            for at in range(off, off + size, 16):
                tag, val = struct.unpack_from("<qQ", b, at)
                if tag == 14:  # DT_SONAME
                    soname = _cstr(b, strtab + val)
        elif stype == 11:  # SHT_DYNSYM
            for at in range(off, off + size, 24):
                name, _i, _o, shndx, value, ssize = struct.unpack_from("<IBBHQQ", b, at)
                sym = _cstr(b, strtab + name)
                if re.fullmatch(r"icudt\d+_dat", sym) and 0 < shndx < shnum:
                    sec = secs[shndx]
                    start = sec[4] + value - sec[3]
                    symbol, data = sym, b[start:start + ssize]
    if not (soname and symbol and data):
        raise ValueError(f"{lib}: no SONAME or exported icudtNN_dat symbol")
    return soname, symbol, data


def read_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The package header and its (name, bytes) items, in table (= sorted) order."""
    hs = _u16(blob, 0)
    if blob[2:4] != b"\xda\x27" or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise ValueError("not a little-endian ICU common data package")
    count = _u32(blob, hs)
    toc = [struct.unpack_from("<II", blob, hs + 4 + 8 * i) for i in range(count)]
    ends = [off for _, off in toc[1:]] + [len(blob) - hs]
    return blob[:hs], [(_cstr(blob, hs + name), blob[hs + off:hs + end])
                       for (name, off), end in zip(toc, ends, strict=True)]


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The inverse of read_package; offsets are relative to the table, which starts 16-aligned
    (the header size is a multiple of 16), so aligned offsets are aligned addresses."""
    names = b"".join(n.encode("ascii") + b"\0" for n, _ in items)
    table_size = 4 + 8 * len(items) + len(names)
    off = -(-table_size // _ALIGN) * _ALIGN
    toc, datas, name_off = [], [], 4 + 8 * len(items)
    for n, data in items:
        toc.append(struct.pack("<II", name_off, off))
        name_off += len(n) + 1
        padded = data + _PAD * (-len(data) % _ALIGN)
        datas.append(padded)
        off += len(padded)
    table = struct.pack("<I", len(items)) + b"".join(toc) + names
    return header + table + _PAD * (-len(table) % _ALIGN) + b"".join(datas)


class Bundle:
    """Just enough of a binary resource bundle (.res, see ICU's uresdata.h) to read tables,
    strings and aliases. `pool` is the tree's pool.res, which holds shared keys and strings."""

    def __init__(self, item: bytes, pool: Bundle | None = None) -> None:
        self.d = item[_u16(item, 0):]
        idx = struct.unpack_from(f"<{_u32(self.d, 4) & 0xFF}I", self.d, 4)
        self.root, self.keys_top = _u32(self.d, 0), idx[1]
        # Keys at or past this offset are the pool's; 0 when the bundle has no keys of its own.
        self.key_limit = 4 * idx[1] if idx[1] > 1 + len(idx) else 0
        att = idx[5] if len(idx) > 5 else 0
        self.pool = pool if att & 4 else None
        self.pool_limit = (idx[0] >> 8) | ((att & 0xF000) << 12)
        self.pool_limit16 = att >> 16

    def _unit(self, i: int) -> int:
        return _u16(self.d, 4 * self.keys_top + 2 * i)

    def _string_v2(self, off: int) -> str:
        first = self._unit(off)
        if 0xDC00 <= first < 0xDFEF:
            n, start = first & 0x3FF, off + 1
        elif 0xDFEF <= first < 0xDFFF:
            n, start = ((first - 0xDFEF) << 16) | self._unit(off + 1), off + 2
        elif first == 0xDFFF:
            n, start = (self._unit(off + 1) << 16) | self._unit(off + 2), off + 3
        else:
            n, start = 0, off
            while self._unit(start + n):
                n += 1
        at = 4 * self.keys_top + 2 * start
        return self.d[at:at + 2 * n].decode("utf-16-le", "surrogatepass")

    def string(self, res: int) -> str:
        kind, off = res >> 28, res & 0x0FFFFFFF
        if kind == 6:  # below pool_limit, the offset is into the pool's 16-bit units
            if off < self.pool_limit:
                assert self.pool is not None
                return self.pool._string_v2(off)
            return self._string_v2(off - self.pool_limit)
        if off == 0:
            return ""
        n = _u32(self.d, 4 * off)
        return self.d[4 * off + 4:4 * off + 4 + 2 * n].decode("utf-16-le", "surrogatepass")

    def _key(self, k: int, wide: bool) -> str:
        if (wide and k & 0x80000000) or (not wide and k >= self.key_limit):
            pool = self.pool
            assert pool is not None
            return _cstr(pool.d, 4 * (1 + (_u32(pool.d, 4) & 0xFF))
                         + (k & 0x7FFFFFFF if wide else k - self.key_limit))
        return _cstr(self.d, k)

    def children(self, res: int) -> list[tuple[str | None, int]]:
        """(key or None, resource) of a table or array; [] for anything else."""
        kind, off = res >> 28, res & 0x0FFFFFFF
        if kind in (5, 9):  # Table16, Array16: in the 16-bit units, values are strings
            n = self._unit(off)
            keys = [self._key(self._unit(off + 1 + i), False) for i in range(n)] if kind == 5 \
                else [None] * n
            vals = [self._unit(off + 1 + (n if kind == 5 else 0) + i) for i in range(n)]
            return [(k, 6 << 28 | (v if v < self.pool_limit16
                                   else v - self.pool_limit16 + self.pool_limit))
                    for k, v in zip(keys, vals, strict=True)]
        if kind not in (2, 4, 8) or off == 0:
            return []
        p = 4 * off
        if kind == 2:  # Table: 16-bit count and keys, padded to 4, then 32-bit values
            n = _u16(self.d, p)
            keys = [self._key(_u16(self.d, p + 2 + 2 * i), False) for i in range(n)]
            p += 2 + 2 * n + 2 * (n % 2 == 0)
        else:
            n = _u32(self.d, p)
            keys = [self._key(_u32(self.d, p + 4 + 4 * i), True) for i in range(n)] \
                if kind == 4 else [None] * n
            p += 4 + 4 * n * (kind == 4)
        return [(k, _u32(self.d, p + 4 * i)) for i, k in enumerate(keys)]

    def references(self) -> set[str]:
        """Locales and items this bundle can send ICU to: %%ALIAS and %%Parent at the top,
        alias resources anywhere ("/ICUDATA-tree/locale/path" or "locale/path"), and plain
        strings naming a file (brkitr's "word.brk", "cjdict.dict"). Tree-relative names,
        a locale as "tree/locale.res"; "" is the main tree."""
        refs: set[str] = set()
        stack: list[tuple[str | None, int, bool]] = [(None, self.root, False)]
        while stack:
            key, res, top = stack.pop()
            kind = res >> 28
            if kind in (0, 3, 6):
                s = self.string(res)
                if kind == 3 and s.startswith("/"):
                    tree, _, rest = s[1:].partition("/")
                    if tree == "ICUDATA" or tree.startswith("ICUDATA-"):
                        refs.add(f"{tree[8:]}/{rest.split('/')[0]}.res")
                elif kind == 3:
                    refs.add(f"./{s.split('/')[0]}.res")
                elif top and key in ("%%ALIAS", "%%Parent"):
                    refs.add(f"./{s}.res")
                elif "." in s and "/" not in s and len(s) < 64:
                    refs.add(f"./{s}")
            stack += [(k, r, res == self.root) for k, r in self.children(res)]
        return refs


def locale_of(item: str) -> str | None:
    """The locale a bundle item is for (zh_Hant.res: zh_Hant), or None."""
    stem, _, ext = item.rpartition("/")[2].partition(".")
    return stem if ext == "res" and _LOCALE.fullmatch(stem) else None


def _cnv_base(item: bytes) -> str | None:
    """The base table of an extension-only MBCS converter (e.g. GBK extends ibm-1386)."""
    mbcs = _u16(item, 0) + 100  # DataHeader, then UConverterStaticData (100 bytes)
    flags = _u32(item, mbcs + 24)
    if item[_u16(item, 0) + 69] != 2 or flags & 0xFF != 14:  # UCNV_MBCS, EXT_ONLY
        return None
    return _cstr(item, mbcs + 4 * ((flags >> 8) & 0xFF if item[mbcs + 1] >= 3 else 8))


def select(items: dict[str, bytes], keep: tuple[str, ...]) -> set[str]:
    """Names of the items to keep: see the module doc and the constants above."""
    prefix = next(iter(items)).split("/")[0]  # "icudt73l"
    langs = {"root", *keep}

    def tree_of(name: str) -> str:
        parts = name.split("/")
        return parts[1] if len(parts) > 2 else ""

    def wanted(name: str) -> bool:
        rel = name[len(prefix) + 1:]
        if tree_of(name) in DROP_TREES or rel in DROP_FILES:
            return False
        if name.endswith(".cnv"):
            return rel[:-4] in KEEP_CONVERTERS
        if tree_of(name) == "brkitr" and not name.endswith(".res"):
            return False  # rules and dictionaries come in when a kept bundle names them
        loc = locale_of(name)
        return loc is None or any(loc == k or loc.startswith(k + "_") for k in langs)

    kept = {n for n in items if wanted(n)}
    pools = {tree_of(n): Bundle(items[n]) for n in items if n.endswith("/pool.res")}
    todo = sorted(n for n in kept if locale_of(n))
    while todo:
        name = todo.pop()
        here = name.rpartition("/")[0]
        refs = Bundle(items[name], pools.get(tree_of(name))).references()
        loc = locale_of(name)
        if loc and "_" in loc:  # ICU's truncation fallback: zh_Hant_TW -> zh_Hant
            refs.add(f"./{loc.rpartition('_')[0]}.res")
        for ref in refs:
            tree, _, rel = ref.partition("/")
            dep = f"{here}/{rel}" if tree == "." else f"{prefix}/{tree + '/' if tree else ''}{rel}"
            if dep in items and dep not in kept and tree_of(dep) not in DROP_TREES \
                    and dep[len(prefix) + 1:] not in DROP_FILES:
                kept.add(dep)
                if locale_of(dep):
                    todo.append(dep)
    bases = {_cnv_base(items[n]) for n in kept if n.endswith(".cnv")}
    return kept | {f"{prefix}/{b}.cnv" for b in bases if b}


def filter_res_index(item: bytes, installed: set[str]) -> bytes:
    """res_index.res with its InstalledLocales and AliasLocales tables (what uloc_getAvailable,
    ucol_getAvailable and friends list) cut to the locales in `installed`. Rewritten in
    place: kept keys and values move down, the rest is zeroed; filtering keeps keys sorted."""
    b = Bundle(item)
    out = bytearray(item)
    for name, table in b.children(b.root):
        if name not in ("InstalledLocales", "AliasLocales") or not b.children(table):
            continue
        if table >> 28 != 5:  # genrb writes these as Table16: count, keys[n], values[n]
            raise ValueError(f"res_index {name}: unexpected resource type {table >> 28}")
        off = table & 0x0FFFFFFF
        at = len(item) - len(b.d) + 4 * b.keys_top + 2 * off
        n = b._unit(off)
        units = struct.unpack_from(f"<{1 + 2 * n}H", out, at)
        keep = [i for i, (k, _) in enumerate(b.children(table)) if k in installed]
        new = [len(keep), *(units[1 + i] for i in keep), *(units[1 + n + i] for i in keep)]
        struct.pack_into(f"<{1 + 2 * n}H", out, at, *new, *[0] * (2 * (n - len(keep))))
    return bytes(out)


def build_library(out: Path, soname: str, symbol: str, data: bytes) -> None:
    """A shared library exporting `data` as `symbol`, which is all libicuuc looks for."""
    gcc = shutil.which("gcc")
    if gcc is None:
        raise RuntimeError("gcc is needed to link the trimmed ICU data library")
    with tempfile.TemporaryDirectory() as tmp:
        blob, asm = Path(tmp, "data.bin"), Path(tmp, "data.S")
        blob.write_bytes(data)
        asm.write_text(
            f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n'
            f'{symbol}:\n\t.incbin "{blob}"\n\t.size {symbol}, .-{symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n')
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([gcc, "-shared", "-nostdlib", "-s", f"-Wl,-soname,{soname}",
                        "-o", str(out), str(asm)], check=True)


def trim_icu_data(src: Path, out: Path, keep: tuple[str, ...] = ("root", "en", "zh")) -> dict:
    """Write to `out` the ICU data library `src` with only what `keep` (language codes) and
    the non-locale data need. Returns the figures."""
    started, src, out = time.monotonic(), Path(src), Path(out)
    soname, symbol, blob = read_elf_data(src)
    header, items = read_package(blob)
    kept = select(dict(items), tuple(keep))

    def final(name: str, data: bytes) -> bytes:
        if not name.endswith("/res_index.res"):
            return data
        here = name.rpartition("/")[0]
        return filter_res_index(data, {loc for n in kept
                                       if (loc := locale_of(n)) and n.rpartition("/")[0] == here})

    out_items = [(name, final(name, data)) for name, data in items if name in kept]
    package = write_package(header, out_items)
    build_library(out, soname, symbol, package)
    if read_elf_data(out)[2] != package:  # cheap guard against a bad link
        raise RuntimeError(f"{out}: the linked data differs from the package written")
    return {"soname": soname, "symbol": symbol,
            "file_bytes_before": src.stat().st_size, "file_bytes_after": out.stat().st_size,
            "data_bytes_before": len(blob), "data_bytes_after": len(package),
            "items_before": len(items), "items_after": len(out_items),
            "seconds": round(time.monotonic() - started, 2)}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: icu_trim.py SRC_LIBICUDATA OUT_LIBICUDATA", file=sys.stderr)
        return 2
    print(json.dumps(trim_icu_data(Path(args[0]), Path(args[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
