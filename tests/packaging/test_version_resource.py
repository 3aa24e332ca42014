"""The Windows version resource is made from the package version (packaging/
version_resource.py); PyInstaller's own classes build it, so it is checked here on Linux."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))

from version_resource import version_file, version_text, version_tuple

import flowdeck


@pytest.mark.parametrize(("version", "expected"), [
    ("0.1.0", (0, 1, 0, 0)), ("1.2.3.4", (1, 2, 3, 4)), ("2.0.0.dev3", (2, 0, 0, 0)),
    ("1.4rc1", (1, 4, 0, 0)), ("3", (3, 0, 0, 0)), ("1.2.3+local.7", (1, 2, 3, 0)),
])
def test_version_tuple(version, expected):
    assert version_tuple(version) == expected


@pytest.mark.parametrize("version", ["", "dev", "70000.0"])
def test_versions_that_do_not_fit_are_refused(version):
    with pytest.raises(ValueError, match="Windows file version"):
        version_tuple(version)


def _evaluate(text: str) -> dict:
    """The text evaluated as PyInstaller does, with constructors that record their
    arguments (PyInstaller's own classes import Windows-only modules)."""
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
             "StringStruct", "VarFileInfo", "VarStruct")
    def recorder(name: str):
        return lambda *args, **kwargs: {"type": name, "args": args, **kwargs}

    namespace = {name: recorder(name) for name in names}
    return eval(compile(text, "version_info.txt", "eval"), namespace)


def test_the_resource_carries_the_package_version(tmp_path):
    path = Path(version_file(flowdeck.__version__, tmp_path / "v.txt"))
    info = _evaluate(path.read_text(encoding="utf-8"))
    numbers = version_tuple(flowdeck.__version__)
    assert info["type"] == "VSVersionInfo"
    assert info["ffi"]["filevers"] == numbers == info["ffi"]["prodvers"]
    string_file, var_file = info["kids"]
    table = string_file["args"][0][0]
    assert table["args"][0] == "040904B0"
    strings = {s["args"][0]: s["args"][1] for s in table["args"][1]}
    assert strings["ProductVersion"] == strings["FileVersion"] == flowdeck.__version__
    assert strings["OriginalFilename"] == "flowdeck.exe"
    assert var_file["args"][0][0]["args"] == ("Translation", [1033, 1200])


def test_quotes_in_strings_stay_valid(monkeypatch):
    import version_resource

    monkeypatch.setitem(version_resource.STRINGS, "CompanyName", "O'Brien \\ \"Co\"")
    info = _evaluate(version_text("1.0"))
    strings = {s["args"][0]: s["args"][1]
               for s in info["kids"][0]["args"][0][0]["args"][1]}
    assert strings["CompanyName"] == "O'Brien \\ \"Co\""
