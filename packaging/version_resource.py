"""The Windows version resource (Properties > Details of flowdeck.exe), made from the
package version so it is never spelled twice."""

from __future__ import annotations

import re
from pathlib import Path


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.8.1' -> (0, 8, 1, 0): the release numbers only (a '.dev3', 'rc1' or '+local'
    suffix is dropped), because the fixed file version is four 16-bit numbers."""
    release = re.match(r"\d+(?:\.\d+)*", version)
    numbers = [int(n) for n in release.group().split(".")[:4]] if release else []
    if not numbers or any(n > 0xFFFF for n in numbers):
        raise ValueError(f"version {version!r} does not fit a Windows file version")
    return (*numbers, 0, 0, 0)[:4]


STRINGS = {
    "CompanyName": "FlowDeck contributors",
    "FileDescription": "FlowDeck - capital flow monitor",
    "InternalName": "flowdeck",
    "LegalCopyright": "MIT licence",
    "OriginalFilename": "flowdeck.exe",
    "ProductName": "FlowDeck",
}


def version_text(version: str) -> str:
    """The resource in PyInstaller's text form (what `pyi-grab_version` writes and
    `EXE(version=FILE)` evaluates with its VSVersionInfo classes). Written as text because
    PyInstaller's classes import Windows-only modules, and this runs on any OS."""
    numbers = version_tuple(version)
    strings = {**STRINGS, "FileVersion": version, "ProductVersion": version}
    table = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('040904B0', [
          {table}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])])
"""  # 040904B0 / 1033, 1200: US English, Unicode


def version_file(version: str, path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(version_text(version), encoding="utf-8")
    return str(path)
