"""The Linux desktop entry and the script the bundle carries to install it."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_entry_has_what_menus_need():
    entry = read_entry(LINUX / "flowdeck.desktop")
    assert entry["Type"] == "Application" and entry["Name"] == "FlowDeck"
    assert entry["Exec"] == "flowdeck" and entry["Icon"] == "flowdeck"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Finance" in entry["Categories"]
    # The window's WM class / app id matches (ui/shell/app.py sets the desktop file name).
    assert entry["StartupWMClass"] == "flowdeck"
    assert "资金流向" in entry["Comment[zh_CN]"]


@pytest.mark.e2e  # runs the install script
def test_install_points_at_the_unpacked_bundle_and_remove_undoes_it(tmp_path):
    bundle = tmp_path / "opt dir" / "flowdeck"  # a space in the path, as users have
    bundle.mkdir(parents=True)
    for name in ("flowdeck.desktop", "install-desktop-entry.sh"):
        shutil.copy(LINUX / name, bundle)
    shutil.copy(ROOT / "resources" / "icons" / "flowdeck.png", bundle)
    data = tmp_path / "share"
    env = dict(os.environ, XDG_DATA_HOME=str(data), HOME=str(tmp_path))
    done = subprocess.run(["sh", str(bundle / "install-desktop-entry.sh")], env=env,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    installed = data / "applications" / "flowdeck.desktop"
    icon = data / "icons" / "hicolor" / "256x256" / "apps" / "flowdeck.png"
    assert icon.read_bytes() == (bundle / "flowdeck.png").read_bytes()
    assert read_entry(installed)["Exec"] == f'"{bundle}/flowdeck"'
    done = subprocess.run(["sh", str(bundle / "install-desktop-entry.sh"), "--remove"],
                          env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and not installed.exists() and not icon.exists()
