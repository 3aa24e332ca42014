"""What the spec leaves out of the bundle: Qt plugins, translations and shared libraries
FlowDeck never loads. Imported by `flowdeck.spec`; plain functions over PyInstaller's TOC
entries (dest_name, src_name, typecode) so tests can check the rules without a build.

Plugins are kept by folder and name (the platforms the self-test and users need: xcb,
wayland, offscreen). Shared libraries are then kept only if something kept links to them,
so dropping the GTK3 theme plugin drops GTK, Cairo and Pango with it."""

from __future__ import annotations

import fnmatch
import posixpath
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

Entry = tuple[str, str, str]

PLUGIN_ROOTS = ("PySide6/Qt/plugins/", "PySide6/plugins/")  # Linux/macOS, Windows wheels
TRANSLATION_ROOTS = ("PySide6/Qt/translations/", "PySide6/translations/")

# Plugin folders kept, with the file names kept in each (fnmatch; "*" = all of them).
KEEP_PLUGINS: dict[str, tuple[str, ...]] = {
    "platforms": ("*qxcb*", "*qwayland*", "*qoffscreen*", "*qwindows*", "*qcocoa*"),
    "platformthemes": ("*xdgdesktopportal*",),  # not GTK3: it drags GTK/Cairo/Pango in
    "platforminputcontexts": ("*",),            # compose and IBus: typing Chinese notes
    "xcbglintegrations": ("*",),
    "wayland-decoration-client": ("*",),
    "wayland-graphics-integration-client": ("*",),
    "wayland-shell-integration": ("*",),
    "styles": ("*",),                           # the native look on Windows and macOS
}
# Libraries every Linux desktop has and whose copy must match the host: fontconfig reads
# the host's config files (an older bundled copy chokes on newer ones), and Xlib talks to
# the host's X server. AppImage's excludelist leaves these out for the same reasons. The
# xcb-util libraries Qt needs are kept: many hosts lack them.
HOST_LIBS = ("libfontconfig.so.1", "libfreetype.so.6", "libX11.so.6", "libX11-xcb.so.1",
             "libxcb.so.1", "libexpat.so.1", "libz.so.1")
# Qt's own translations of its dialogs, for the languages FlowDeck ships.
KEEP_TRANSLATIONS = ("qt_zh_CN.qm", "qtbase_zh_CN.qm", "qt_zh_TW.qm", "qtbase_zh_TW.qm")


def plugin_kept(dest: str) -> bool | None:
    """True/False for a Qt plugin path, None for anything else."""
    path = dest.replace("\\", "/")
    for root in PLUGIN_ROOTS:
        if path.startswith(root):
            parts = path[len(root):].split("/")
            names = KEEP_PLUGINS.get(parts[0], ())
            return len(parts) > 1 and any(fnmatch.fnmatch(parts[-1], n) for n in names)
    return None


def translation_kept(dest: str) -> bool | None:
    path = dest.replace("\\", "/")
    if path.startswith(TRANSLATION_ROOTS):
        return PurePosixPath(path).name in KEEP_TRANSLATIONS
    return None


def linked_closure(roots: Iterable[str], imports: Callable[[str], Iterable[str]]) -> set[str]:
    """Base names of every library the roots link to, directly or not."""
    seen: set[str] = set()
    for src in roots:
        seen.update(PurePosixPath(name.replace("\\", "/")).name.lower()
                    for name in imports(src))
    return seen


def drop_unused(binaries: list[Entry], datas: list[Entry],
                imports: Callable[[str], Iterable[str]] | None = None,
                ) -> tuple[list[Entry], list[Entry]]:
    """(binaries, datas) without the plugins, translations and libraries FlowDeck does not
    use. `imports(src)` lists what a binary links to (default: PyInstaller's resolver,
    which is transitive on Linux)."""
    binaries = [e for e in binaries if plugin_kept(e[0]) is not False]
    datas = [e for e in datas
             if plugin_kept(e[0]) is not False and translation_kept(e[0]) is not False]
    if imports is None:
        if sys.platform != "linux":
            # Elsewhere PyInstaller's resolver is not transitive and Qt loads some
            # libraries by name at run time: only the plugin rules are applied there.
            return binaries, datas
        imports = _pyinstaller_imports
    roots = [src for dest, src, kind in binaries if _is_root(dest, kind)]
    needed = linked_closure(roots, imports)
    needed -= {name.lower() for name in HOST_LIBS}
    kept = [e for e in binaries if _is_root(e[0], e[2]) or _name(e[0]) in needed]
    return kept, _live_symlinks(datas, kept)


def _is_root(dest: str, kind: str) -> bool:
    """Kept whatever links to it: extension modules, kept plugins, libpython, and a
    package's own native parts that it opens by file name (pycryptodome's `_strxor.abi3.so`
    is a BINARY nothing links to). Only libraries where dependency analysis puts what it
    found (the top level, Qt's lib folder, a wheel's `<name>.libs`) must earn their place."""
    if kind == "EXTENSION" or plugin_kept(dest) or _is_libpython(dest):
        return True
    parent = PurePosixPath(dest.replace("\\", "/")).parent
    return not (str(parent) in (".", "PySide6/Qt/lib", "PySide6") or parent.name.endswith(".libs"))


def _name(dest: str) -> str:
    return PurePosixPath(dest.replace("\\", "/")).name.lower()


def _live_symlinks(datas: list[Entry], binaries: list[Entry]) -> list[Entry]:
    """PyInstaller links top-level names to libraries in package folders (SYMLINK entries:
    dest, target relative to dest's folder); drop the links whose library was dropped."""
    present = {e[0].replace("\\", "/") for e in (*binaries, *datas) if e[2] != "SYMLINK"}
    kept = []
    for entry in datas:
        if entry[2] == "SYMLINK":
            parent = PurePosixPath(entry[0].replace("\\", "/")).parent
            target = posixpath.normpath(str(parent / entry[1].replace("\\", "/")))
            if target not in present:
                continue
        kept.append(entry)
    return kept


def _is_libpython(dest: str) -> bool:
    return _name(dest).startswith(("libpython", "python3"))


def _pyinstaller_imports(src: str) -> list[str]:
    from PyInstaller.depend import bindepend

    return [name for name, _path in bindepend.get_imports(src)]


def strip_debug(binaries: list[Entry], workdir: Path,
                run: Callable[[list[str]], str] | None = None) -> list[Entry]:
    """The entries with their debug sections removed (`strip --strip-debug` into
    `workdir`), for the files that have any: libpython and some extension modules carry
    18+ MB of them. Not PyInstaller's `strip=True`: it strips everything, and a library a
    wheel patched with patchelf (numpy's OpenBLAS) then fails to load ("ELF load command
    address/offset not page-aligned"). Files without debug sections are left as they are."""
    if sys.platform != "linux" or shutil.which("strip") is None:
        return binaries
    run = run or _output
    out = []
    for dest, src, kind in binaries:
        if kind in ("BINARY", "EXTENSION") and ".debug_" in run(["readelf", "-S", "-W", src]):
            target = workdir / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            run(["strip", "--strip-debug", "-o", str(target), src])
            src = str(target)
        out.append((dest, src, kind))
    return out


def _output(cmd: list[str]) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def trim_icu(binaries: list[Entry], workdir: Path) -> list[Entry]:
    """The entries with Qt's ICU data library (32 MB) replaced by one holding only what
    FlowDeck can reach (packaging/icu_trim.py: ~6 MB). Linux only (the Windows and macOS
    wheels use the system's ICU) and only with gcc to link the new library; without it
    the full library is kept and the build says so."""
    out = []
    for dest, src, kind in binaries:
        name = PurePosixPath(dest.replace("\\", "/")).name
        if sys.platform == "linux" and name.startswith("libicudata.so"):
            if shutil.which("gcc") is None:
                print(f"bundle_trim: no gcc, {name} is kept whole (+26 MB)", file=sys.stderr)
            else:
                from icu_trim import trim_icu_data

                target = workdir / name
                target.parent.mkdir(parents=True, exist_ok=True)
                trim_icu_data(Path(src), target)
                src = str(target)
        out.append((dest, src, kind))
    return out
