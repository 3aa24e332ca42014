"""The committed icons (packaging/make_icons.py output) are what the bundles need: a
.ico and an .icns whose entries are PNGs of the sizes their headers claim."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

from make_icons import ICNS_TYPES, ICO_SIZES, icns_bytes, ico_bytes, render_png  # noqa: E402

ICONS = ROOT / "resources" / "icons"


def png_size(data: bytes) -> tuple[int, int]:
    image = QImage.fromData(data, "PNG")
    assert not image.isNull(), "not a PNG Qt can read"
    return image.width(), image.height()


def read_ico(data: bytes) -> dict[int, bytes]:
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    images = {}
    for i in range(count):
        w, h, _colors, _res, planes, bits, size, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * i)
        assert (planes, bits) == (1, 32) and w == h
        assert offset + size <= len(data)
        images[w or 256] = data[offset:offset + size]
    return images


def read_icns(data: bytes) -> dict[bytes, bytes]:
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    chunks, at = {}, 8
    while at < len(data):
        kind, length = data[at:at + 4], struct.unpack_from(">I", data, at + 4)[0]
        assert length > 8 and at + length <= len(data)
        chunks[kind] = data[at + 8:at + length]
        at += length
    return chunks


def test_committed_ico_holds_every_size_as_png():
    images = read_ico((ICONS / "flowdeck.ico").read_bytes())
    assert sorted(images) == sorted(ICO_SIZES)
    for size, png in images.items():
        assert png_size(png) == (size, size)


def test_committed_icns_holds_every_size_as_png():
    chunks = read_icns((ICONS / "flowdeck.icns").read_bytes())
    assert set(chunks) == set(ICNS_TYPES.values())
    for size, kind in ICNS_TYPES.items():
        assert png_size(chunks[kind]) == (size, size)


def test_committed_png_is_the_256_px_icon():
    assert png_size((ICONS / "flowdeck.png").read_bytes()) == (256, 256)


@pytest.mark.usefixtures("qapp")
def test_writers_round_trip_rendered_images():
    pngs = {size: render_png(ICONS / "flowdeck.svg", size) for size in (16, 32, 256)}
    assert {s: png_size(p) for s, p in read_ico(ico_bytes(pngs)).items()} == {
        16: (16, 16), 32: (32, 32), 256: (256, 256)}
    chunks = read_icns(icns_bytes(pngs))
    assert chunks == {b"icp4": pngs[16], b"icp5": pngs[32], b"ic08": pngs[256]}
    # The icon is drawn, not blank: the 32 px one has both red and green bars.
    image = QImage.fromData(pngs[32], "PNG")
    colours = {image.pixelColor(x, y).name() for x in range(32) for y in range(32)}
    assert any(c.startswith("#e") for c in colours) and len(colours) > 20
