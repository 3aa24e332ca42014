"""Resources are found from the checkout and, frozen, from the bundle's folder."""

from __future__ import annotations

import sys
from pathlib import Path

from flowdeck.storage import resources


def test_from_source_the_checkout_resources_folder():
    root = Path(__file__).resolve().parents[2]
    assert resources.resource_dir() == root / "resources"
    assert resources.resource_path("icons", "flowdeck.png").is_file()


def test_frozen_the_bundle_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_dir() == tmp_path / "resources"
    assert resources.resource_path("icons", "x.png") == tmp_path / "resources" / "icons" / "x.png"
