"""packaging/icu_trim.py on the libicudata PySide6 ships: the package it writes is well
formed and closed under ICU's references, and Qt in a child process gives the same
collation, word breaks, case mapping, decoding and zone names with it as with the original
(the child proves from /proc/self/maps which library it loaded)."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import icu_trim  # noqa: E402

CHILD = r'''
import functools, json
from PySide6.QtCore import (QBuffer, QByteArray, QCollator, QIODevice, QLocale, QStringConverter,
    QStringDecoder, QTextBoundaryFinder, QTimeZone, QXmlStreamReader)

def sort(loc, words, numeric=False):
    c = QCollator(QLocale(loc))
    c.setNumericMode(numeric)
    return sorted(words, key=functools.cmp_to_key(c.compare))

def bounds(kind, text):
    f, out = QTextBoundaryFinder(kind, text), [0]
    while (p := f.toNextBoundary()) != -1:
        out.append(p)
    return out

def decode(name, data):
    # PySide6 has no QStringDecoder.decode(); QXmlStreamReader decodes a declared
    # encoding with QStringDecoder(name), which is ICU's ucnv for these names.
    buf = QBuffer()
    buf.setData(QByteArray(b'<?xml version="1.0" encoding="%s"?><a>%s</a>' % (name.encode(), data)))
    buf.open(QIODevice.ReadOnly)
    r = QXmlStreamReader(buf)
    r.readNextStartElement()
    return [QStringDecoder(name).isValid(), r.readElementText(), r.errorString()]

args = json.loads(input())
with open("/proc/self/maps") as f:
    out = {"maps": sorted({l.split()[-1] for l in f if "libicudata" in l})}
for loc in args["collate"]:
    out["sort " + loc] = sort(loc, args["words"])
out["numeric"] = sort("en_US", args["words"], True)
for kind in ("Word", "Line", "Sentence"):
    out[kind] = bounds(getattr(QTextBoundaryFinder, kind), args["sentence"])
for loc in args["case"]:
    out["case " + loc] = [QLocale(loc).toUpper(args["mixed"]), QLocale(loc).toLower(args["mixed"])]
for name, hexdata in args["decode"].items():
    out["decode " + name] = decode(name, bytes.fromhex(hexdata))
out["codecs"] = QStringConverter.availableCodecs()
kinds = [(t, n) for t in (QTimeZone.StandardTime, QTimeZone.DaylightTime)
         for n in (QTimeZone.LongName, QTimeZone.ShortName)]
for tz, loc in args["zones"]:
    zone = QTimeZone(tz.encode())
    out[f"zone {tz} {loc}"] = [zone.displayName(t, n, QLocale(loc)) for t, n in kinds]
print(json.dumps(out))
'''

ZH_WORDS = ["中国", "北京", "上海", "广州", "深圳", "阿里", "银行", "招商", "平安", "茅台",
            "腾讯", "比亚迪", "宁德时代", "工商银行", "重庆"]
EN_WORDS = ["banana", "Apple", "apple", "Äpfel", "cherry", "file10", "file2", "File1",
            "résumé", "resume", "Zebra", "ßeta", "A股", "123"]
# The Python codec that makes each converter's test bytes, and the text.
DECODE = {"GB18030": ("gb18030", "资金流向 贵州茅台 資金 𠀋 €"), "GBK": ("gbk", "资金流向 貴州"),
          "GB2312": ("gb2312", "资金流向 贵州茅台"), "Big5": ("big5", "資金流向 台積電"),
          "Big5-HKSCS": ("big5hkscs", "資金流向 滙豐 嘅"), "ISO-8859-1": ("latin-1", "Zürich"),
          "US-ASCII": ("ascii", "FlowDeck")}
KEPT_COLLATIONS = ("zh_CN", "zh_TW", "zh_HK", "zh_SG", "zh_Hans", "zh_Hant", "en_US", "en_GB",
                   "en_US_POSIX", "de_DE", "C")  # de has no standard tailoring: root in both
CASES = ("zh_CN", "zh_TW", "en_US", "tr_TR", "el_GR", "lt_LT")  # case rules are code, not data
ZONES = (("Asia/Shanghai", "zh_CN"), ("Asia/Taipei", "zh_TW"), ("Asia/Hong_Kong", "zh_HK"),
         ("America/New_York", "en_US"), ("Europe/Berlin", "zh_CN"), ("Europe/London", "en_GB"))


def _source() -> Path:
    pyside = pytest.importorskip("PySide6")
    lib = Path(pyside.__file__).parent / "Qt" / "lib"
    found = sorted(lib.glob("libicudata.so.*"))
    if not found:
        pytest.skip(f"no libicudata.so.* in {lib} (not a Linux PySide6 wheel)")
    return found[0]


# The tests of the trimmed library are e2e: it is linked with gcc, and loaded in child
# Pythons (`children`).
@pytest.fixture(scope="module")
def trimmed(tmp_path_factory) -> tuple[Path, Path, dict]:
    src = _source()
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed: the trimmed library cannot be linked")
    out = tmp_path_factory.mktemp("icu") / src.name
    return src, out, icu_trim.trim_icu_data(src, out)


def _items(lib: Path) -> dict[str, bytes]:
    return dict(icu_trim.read_package(icu_trim.read_elf_data(lib)[2])[1])


def _run_child(lib_dir: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("ICU_DATA", "LD_LIBRARY_PATH")}
    env.update(QT_QPA_PLATFORM="offscreen", LC_ALL="C.UTF-8")
    if lib_dir is not None:  # ahead of the wheel's RUNPATH ($ORIGIN)
        env["LD_LIBRARY_PATH"] = str(lib_dir)
    args = {"collate": [*KEPT_COLLATIONS, "sv_SE", "ja_JP"], "words": ZH_WORDS + EN_WORDS,
            "sentence": "我们在北京的银行买了股票。FlowDeck 显示资金流向，today 2024-05-01.",
            "case": CASES, "mixed": "straße ǆ ﬁ ıi İ Σίσυφος 资金 ÀÉÎ",
            "decode": {n: t.encode(c).hex() for n, (c, t) in DECODE.items()}, "zones": ZONES}
    done = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps(args), env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def children(trimmed) -> tuple[dict, dict]:
    src, out, _ = trimmed
    full, trim = _run_child(None), _run_child(out.parent)
    assert full["maps"] == [str(src.resolve())]
    assert trim["maps"] == [str(out.resolve())], "the child did not load the trimmed library"
    return full, trim


def test_the_package_format_round_trips_byte_for_byte() -> None:
    blob = icu_trim.read_elf_data(_source())[2]
    header, items = icu_trim.read_package(blob)
    assert icu_trim.write_package(header, items) == blob


@pytest.mark.e2e
def test_figures_soname_symbol_and_alignment(trimmed) -> None:
    src, out, figures = trimmed
    assert icu_trim.read_elf_data(out)[:2] == icu_trim.read_elf_data(src)[:2]
    assert figures["file_bytes_after"] == out.stat().st_size < 10_000_000
    assert figures["file_bytes_before"] > 3 * figures["file_bytes_after"]
    assert figures["items_after"] < figures["items_before"] / 3
    blob = icu_trim.read_elf_data(out)[2]
    # The header's size, then the table: a count and (name, data) offsets, little-endian.
    (hs,) = struct.unpack_from("<H", blob, 0)
    (count,) = struct.unpack_from("<I", blob, hs)
    offsets = [struct.unpack_from("<I", blob, hs + 8 + 8 * i)[0] for i in range(count)]
    assert hs % 16 == 0 and all(off % 16 == 0 for off in offsets)
    names = list(_items(out))
    assert names == sorted(names) and len(names) == figures["items_after"]


@pytest.mark.e2e
def test_kept_and_dropped_items(trimmed) -> None:
    names = {n.split("/", 1)[1] for n in _items(trimmed[1])}
    for kept in ("root.res", "en.res", "en_US_POSIX.res", "zh.res", "zh_Hans_CN.res",
                 "zh_CN.res", "zh_Hant_TW.res", "zh_HK.res", "pool.res", "supplementalData.res",
                 "likelySubtags.res", "metaZones.res", "zoneinfo64.res", "coll/root.res",
                 "coll/ucadata.icu", "coll/zh.res", "coll/zh_Hant.res", "nfkc.nrm",
                 "uts46.nrm", "unames.icu", "cnvalias.icu",
                 "gb18030.cnv", "windows-936-2000.cnv", "ibm-1386_P100-2001.cnv",
                 "zone/zh_Hant.res", "lang/en.res", "curr/zh.res", "rbnf/yue.res"):
        assert kept in names, kept
    for dropped in ("de.res", "ja.res", "coll/sv.res", "coll/de__PHONEBOOK.res",
                    "translit/root.res", "brkitr/thaidict.dict", "brkitr/word.brk",
                    "brkitr/cjdict.dict",
                    "ibm-37_P100-1995.cnv", "zone/fr.res", "lang/ko.res"):
        assert dropped not in names, dropped


@pytest.mark.e2e
def test_every_reference_of_a_kept_bundle_resolves(trimmed) -> None:
    """Aliases, %%ALIAS / %%Parent and file names (brkitr rules, dictionaries) of every
    kept bundle, and each kept locale's truncation parent, are in the trimmed package,
    unless they were not in the original either or are dropped on purpose."""
    src_items, items = _items(trimmed[0]), _items(trimmed[1])
    prefix = next(iter(items)).split("/")[0]
    pools = {n.rpartition("/")[0]: icu_trim.Bundle(items[n]) for n in items
             if n.endswith("/pool.res")}
    missing = []
    for name in [n for n in items if icu_trim.locale_of(n)]:
        here, loc = name.rpartition("/")[0], icu_trim.locale_of(name)
        refs = icu_trim.Bundle(items[name], pools.get(here)).references()
        refs |= {f"./{loc.rpartition('_')[0]}.res"} if "_" in loc else set()
        for ref in refs:
            tree, _, rel = ref.partition("/")
            dep = f"{here}/{rel}" if tree == "." else f"{prefix}/{tree}/{rel}".replace("//", "/")
            if dep in src_items and dep not in items \
                    and dep.split("/", 1)[1] not in icu_trim.DROP_FILES \
                    and not dep.split("/", 1)[1].startswith(
                        tuple(f"{tree}/" for tree in icu_trim.DROP_TREES)):
                missing.append((name, dep))
    assert not missing


@pytest.mark.e2e
def test_res_index_lists_only_what_is_there(trimmed) -> None:
    src_items, items = _items(trimmed[0]), _items(trimmed[1])
    for name in [n for n in items if n.endswith("/res_index.res")]:
        here = name.rpartition("/")[0]
        old, new = icu_trim.Bundle(src_items[name]), icu_trim.Bundle(items[name])
        for table in ("InstalledLocales", "AliasLocales"):
            before = [k for k, _ in old.children(dict(old.children(old.root))[table])]
            after = [k for k, _ in new.children(dict(new.children(new.root))[table])]
            assert after == [k for k in before if f"{here}/{k}.res" in items], (name, table)
    main = icu_trim.Bundle(items[f"{here.split('/')[0]}/res_index.res"])
    installed = dict(main.children(main.root))["InstalledLocales"]
    listed = dict(main.children(installed)).keys()
    assert {"en", "en_US_POSIX", "zh_Hans_CN", "zh_Hant_TW"} <= listed


@pytest.mark.e2e
def test_the_child_loads_the_trimmed_library(children) -> None:
    full, trim = children
    assert full["maps"] != trim["maps"]


@pytest.mark.e2e
@pytest.mark.parametrize("locale", [*KEPT_COLLATIONS, "numeric"])
def test_collation_is_unchanged(children, locale: str) -> None:
    full, trim = children
    key = locale if locale == "numeric" else "sort " + locale
    assert trim[key] == full[key]


@pytest.mark.e2e
def test_chinese_sorts_by_pinyin_and_stroke(children) -> None:
    trim = children[1]
    pinyin = ["阿里", "北京", "比亚迪", "重庆", "工商银行", "广州", "茅台", "宁德时代", "平安",
              "上海", "深圳", "腾讯", "银行", "招商", "中国"]
    assert [w for w in trim["sort zh_CN"] if w in ZH_WORDS] == pinyin
    assert [w for w in trim["sort zh_TW"] if w in ZH_WORDS][:3] == ["上海", "工商银行", "广州"]


@pytest.mark.e2e
def test_a_dropped_locale_collates_as_root(children) -> None:
    """sv and ja lose their tailorings: they sort like root (= en), without an error."""
    trim = children[1]
    assert trim["sort sv_SE"] == trim["sort ja_JP"] == trim["sort en_US"]


@pytest.mark.e2e
@pytest.mark.parametrize("kind", ["Word", "Line", "Sentence"])
def test_text_boundaries_are_unchanged(children, kind: str) -> None:
    full, trim = children
    assert trim[kind] == full[kind]
    assert len(trim[kind]) > 2


@pytest.mark.e2e
@pytest.mark.parametrize("locale", CASES)
def test_case_mapping_is_unchanged(children, locale: str) -> None:
    full, trim = children
    assert trim["case " + locale] == full["case " + locale]


@pytest.mark.e2e
@pytest.mark.parametrize("name", list(DECODE))
def test_chinese_and_basic_decoders_are_unchanged(children, name: str) -> None:
    full, trim = children
    assert trim["decode " + name] == full["decode " + name] == [True, DECODE[name][1], ""]


@pytest.mark.e2e
def test_available_codecs_still_lists_the_kept_ones(children) -> None:
    full, trim = children
    assert set(trim["codecs"]) <= set(full["codecs"])
    assert {"GB18030", "GBK", "Big5", "UTF-8"} <= set(trim["codecs"])


@pytest.mark.e2e
@pytest.mark.parametrize(("zone", "locale"), ZONES)
def test_zone_names_are_unchanged(children, zone: str, locale: str) -> None:
    full, trim = children
    assert trim[f"zone {zone} {locale}"] == full[f"zone {zone} {locale}"]


@pytest.mark.e2e
def test_qt_imports_no_transliteration_or_break_iterator(trimmed) -> None:
    """Why translit and brkitr go: no Qt library uses either."""
    if shutil.which("nm") is None:
        pytest.skip("nm is not installed")
    core = trimmed[0].parent / "libQt6Core.so.6"
    nm = subprocess.run(["nm", "-D", "--undefined-only", str(core)], capture_output=True,
                        text=True, check=True).stdout
    icu = set(re.findall(r"\b(u[a-z]*_\w+?)_\d+\b", nm))
    assert icu and not {f for f in icu if f.startswith(("utrans_", "ubrk_"))}


@pytest.mark.e2e
def test_main_prints_one_json_line(trimmed, tmp_path) -> None:
    src = trimmed[0]
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "icu_trim.py"), str(src),
                           str(tmp_path / src.name)], capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert figures["items_after"] == trimmed[2]["items_after"]
    assert (tmp_path / src.name).read_bytes() == trimmed[1].read_bytes()
