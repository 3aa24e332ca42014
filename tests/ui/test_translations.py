"""The committed translations: every message of the UI's code is in each .ts, the
Chinese ones translate all of them (Hong Kong's in Traditional characters), and each .qm
is exactly what `tools/translations.py build` makes from its .ts."""

from __future__ import annotations

import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "resources" / "translations"
CHINESE = ("zh_CN", "zh_HK")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# Characters written differently in the two scripts, (Simplified, Traditional): a
# Simplified one in the Hong Kong file (or the reverse) is a translation left unconverted.
SCRIPT_PAIRS = ("数數", "据據", "设設", "连連", "时時", "选選", "单單", "户戶", "净淨", "为為",
                "这這", "个個", "无無", "关關", "开開", "导導", "删刪", "错錯", "误誤", "过過",
                "规規", "则則", "启啟", "显顯", "编編", "辑輯", "码碼", "图圖", "贴貼", "动動",
                "览覽", "态態", "视視", "录錄", "间間", "级級", "万萬", "亿億", "记記", "页頁")


def load_tool():
    spec = importlib.util.spec_from_file_location("translations_tool",
                                                  REPO / "tools" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> the <translation> element."""
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message.find("translation")
    return out


def translated(path: Path) -> dict[tuple[str, str], str]:
    return {key: element.text or "" for key, element in messages(path).items()}


@pytest.fixture(scope="module")
def tool():
    return load_tool()


@pytest.mark.parametrize("lang", CHINESE)
def test_every_message_is_translated(lang: str) -> None:
    found = messages(FOLDER / f"flowdeck_{lang}.ts")
    assert len(found) > 150  # the whole UI, not a stub
    for (context, source), element in found.items():
        where = f"{lang} {context}: {source!r}"
        assert element.get("type") not in ("unfinished", "vanished", "obsolete"), where
        text = element.text or ""
        assert text.strip(), where
        # The code fills the same {names} in; a lost or renamed one breaks .format().
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), where
        # An indented line of a list stays indented.
        assert text.startswith("  ") or not source.startswith("  "), where


def test_chinese_scripts_are_kept_apart() -> None:
    simplified = translated(FOLDER / "flowdeck_zh_CN.ts")
    traditional = translated(FOLDER / "flowdeck_zh_HK.ts")
    for (context, source), text in traditional.items():
        for simple, _ in SCRIPT_PAIRS:
            assert simple not in text or simple in source, f"zh_HK {context}: {text!r}"
    for (context, source), text in simplified.items():
        for _, full in SCRIPT_PAIRS:
            assert full not in text or full in source, f"zh_CN {context}: {text!r}"
    differ = sum(simplified[key] != text for key, text in traditional.items())
    assert differ > len(traditional) // 2  # not a copy of the Simplified file


def test_the_ts_files_hold_every_message_of_the_code(tool, tmp_path) -> None:
    """What `tools/translations.py update` would find now: nothing new, nothing gone."""
    for lang in tool.LANGUAGES:
        shutil.copy(tool.ts_path(lang), tool.ts_path(lang, tmp_path))
    tool.update(tmp_path, quiet=True)
    for lang in tool.LANGUAGES:
        committed = translated(tool.ts_path(lang))
        fresh = translated(tool.ts_path(lang, tmp_path))
        assert sorted(fresh) == sorted(committed), (
            f"{lang}: run `python tools/translations.py update`, translate, then build")


def test_the_qm_files_are_built_from_the_ts_files(tool, tmp_path) -> None:
    """lrelease is deterministic: the committed .qm must be byte for byte its output."""
    built = tool.build(tmp_path, quiet=True)
    for path in built:
        committed = FOLDER / path.name
        assert committed.is_file(), f"{committed.name} is missing"
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed.name} is stale: run `python tools/translations.py build`")


@pytest.mark.parametrize("lang", CHINESE)
def test_the_qm_files_translate_every_message(qapp, lang: str) -> None:
    translator = QTranslator()
    assert translator.load(str(FOLDER / f"flowdeck_{lang}.qm"))
    for (context, source), text in translated(FOLDER / f"flowdeck_{lang}.ts").items():
        assert translator.translate(context, source) == text, (context, source)


def test_the_english_catalogue_is_harmless(qapp) -> None:
    """English is the source language: its .qm loads and translates nothing."""
    translator = QTranslator()
    assert translator.load(str(FOLDER / "flowdeck_en.qm"))
    for context, source in translated(FOLDER / "flowdeck_en.ts"):
        assert translator.translate(context, source) in ("", source)
