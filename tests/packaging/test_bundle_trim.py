"""The spec's trim rules (packaging/bundle_trim.py) on TOC entries shaped as PyInstaller
6 makes them; a real build is checked by packaging/build.py's smoke tests in CI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))

from bundle_trim import (
    drop_unused,
    plugin_kept,
    strip_debug,
    translation_kept,
)

PLUGINS = "PySide6/Qt/plugins"


@pytest.mark.parametrize(("dest", "kept"), [
    (f"{PLUGINS}/platforms/libqxcb.so", True),
    (f"{PLUGINS}/platforms/libqwayland.so", True),
    (f"{PLUGINS}/platforms/libqoffscreen.so", True),
    (f"{PLUGINS}/platforms/libqeglfs.so", False),
    (f"{PLUGINS}/platforms/libqvnc.so", False),
    (f"{PLUGINS}/platforms/libqminimal.so", False),
    (f"{PLUGINS}/platformthemes/libqgtk3.so", False),
    (f"{PLUGINS}/platformthemes/libqxdgdesktopportal.so", True),
    (f"{PLUGINS}/imageformats/libqjpeg.so", False),
    (f"{PLUGINS}/iconengines/libqsvgicon.so", False),
    (f"{PLUGINS}/tls/libqopensslbackend.so", False),
    (f"{PLUGINS}/wayland-shell-integration/libxdg-shell.so", True),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),   # the Windows wheel's layout
    ("PySide6\\plugins\\imageformats\\qjpeg.dll", False),
    ("PySide6/Qt/plugins/styles/libqmacstyle.dylib", True),
    ("numpy/_core/_multiarray_umath.so", None),              # not a plugin: no opinion
])
def test_plugins_kept_by_folder_and_name(dest, kept):
    assert plugin_kept(dest) is kept


def test_only_the_shipped_languages_keep_qt_translations():
    assert translation_kept("PySide6/Qt/translations/qtbase_zh_CN.qm") is True
    assert translation_kept("PySide6/Qt/translations/qtbase_zh_TW.qm") is True
    assert translation_kept("PySide6/Qt/translations/qtbase_de.qm") is False
    assert translation_kept("PySide6/Qt/translations/qtdeclarative_zh_CN.qm") is False
    assert translation_kept("resources/translations/flowdeck_zh_CN.qm") is None


def test_libraries_nothing_kept_links_to_are_dropped_with_their_plugin():
    links = {
        "src/QtGui.so": ["libQt6Gui.so.6", "libQt6Core.so.6", "libicudata.so.73"],
        "src/libqxcb.so": ["libQt6XcbQpa.so.6", "libxcb-cursor.so.0", "libX11.so.6"],
        "src/libqgtk3.so": ["libgtk-3.so.0", "libcairo.so.2"],
    }
    binaries = [
        ("PySide6/QtGui.abi3.so", "src/QtGui.so", "EXTENSION"),
        (f"{PLUGINS}/platforms/libqxcb.so", "src/libqxcb.so", "BINARY"),
        (f"{PLUGINS}/platformthemes/libqgtk3.so", "src/libqgtk3.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "x", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "x", "BINARY"),
        ("PySide6/Qt/lib/libicudata.so.73", "x", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "x", "BINARY"),
        ("libxcb-cursor.so.0", "x", "BINARY"),
        ("libX11.so.6", "x", "BINARY"),          # the host's: left out on purpose
        ("libcairo.so.2", "x", "BINARY"),        # only the GTK3 theme wanted it
        ("libpython3.11.so.1.0", "x", "BINARY"),
    ]
    datas = [
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libcairo-link.so", "libcairo.so.2", "SYMLINK"),
        ("libQt6EglFs.so.6", "PySide6/Qt/lib/libQt6EglFs.so.6", "SYMLINK"),
        ("PySide6/Qt/translations/qtbase_fr.qm", "x", "DATA"),
        ("resources/icons/flowdeck.png", "x", "DATA"),
    ]
    kept, kept_datas = drop_unused(binaries, datas, imports=lambda src: links.get(src, []))
    names = {Path(dest.replace("\\", "/")).name for dest, _src, _kind in kept}
    assert names == {"QtGui.abi3.so", "libqxcb.so", "libQt6Gui.so.6", "libQt6Core.so.6",
                     "libicudata.so.73", "libQt6XcbQpa.so.6", "libxcb-cursor.so.0",
                     "libpython3.11.so.1.0"}
    # Links to dropped libraries go too (a dangling link would be a broken file).
    assert [d[0] for d in kept_datas] == ["libQt6Gui.so.6", "resources/icons/flowdeck.png"]


@pytest.mark.e2e  # runs gcc, readelf and nm
@pytest.mark.skipif(sys.platform != "linux" or shutil.which("gcc") is None
                    or shutil.which("strip") is None, reason="needs gcc and binutils")
def test_strip_debug_removes_debug_sections_and_leaves_other_files(tmp_path):
    source = tmp_path / "lib.c"
    source.write_text("int answer(void) { return 42; }\n")
    with_debug, without = tmp_path / "libdebug.so", tmp_path / "libplain.so"
    subprocess.run(["gcc", "-g", "-shared", "-fPIC", "-o", with_debug, source], check=True)
    subprocess.run(["gcc", "-s", "-shared", "-fPIC", "-o", without, source], check=True)
    entries = [("libdebug.so", str(with_debug), "BINARY"),
               ("libplain.so", str(without), "BINARY"),
               ("data.txt", str(source), "DATA")]
    out = strip_debug(entries, tmp_path / "stripped")
    assert out[0][1] == str(tmp_path / "stripped" / "libdebug.so")
    assert out[1:] == entries[1:]
    sections = subprocess.run(["readelf", "-S", "-W", out[0][1]], capture_output=True,
                              text=True, check=True).stdout
    assert ".debug_info" not in sections and ".dynsym" in sections
    assert Path(out[0][1]).stat().st_size < with_debug.stat().st_size
    assert "answer" in subprocess.run(["nm", "-D", out[0][1]], capture_output=True,
                                      text=True, check=True).stdout


def test_a_package_s_own_native_parts_are_kept_though_nothing_links_to_them():
    binaries = [
        ("Crypto/Util/_strxor.abi3.so", "x", "BINARY"),    # opened by file name
        ("numpy.libs/libscipy_openblas64_.so", "x", "BINARY"),
        ("libgcrypt.so.20", "x", "BINARY"),
    ]
    kept, _ = drop_unused(binaries, [], imports=lambda src: [])
    assert [e[0] for e in kept] == ["Crypto/Util/_strxor.abi3.so"]
