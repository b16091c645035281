"""The committed store pictures (docs/store/) are the sizes the stores take.

Read from each PNG's header (its IHDR chunk), so no image library is needed. The sizes and
where each store states them: docs/store.md. `make store-screenshots` takes them again.
"""

import struct
from pathlib import Path

import pytest

from scripts.store_screenshots import PROMO, PROMO_TILE, SCREENSHOT, SHOTS

STORE = Path(__file__).resolve().parent.parent / "docs" / "store"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RGB = 2  # PNG colour type: truecolour without alpha
# The Chrome Web Store shows at most five screenshots, Edge Add-ons six.
MOST_SCREENSHOTS = 5


def png_header(path):
    """(width, height, bit depth, colour type) from a PNG file's IHDR chunk."""
    head = path.read_bytes()[:26]
    assert head[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    length, kind = struct.unpack(">I4s", head[8:16])
    assert (length, kind) == (13, b"IHDR"), f"{path.name} has no IHDR first"
    return struct.unpack(">IIBB", head[16:26])


@pytest.mark.parametrize("name", SHOTS)
def test_screenshots_are_1280_by_800_without_alpha(name):
    width, height, depth, colour = png_header(STORE / name)
    assert (width, height) == (SCREENSHOT["width"], SCREENSHOT["height"])
    assert (depth, colour) == (8, RGB)


def test_small_promotional_tile_is_440_by_280():
    width, height, depth, colour = png_header(STORE / PROMO)
    assert (width, height) == (PROMO_TILE["width"], PROMO_TILE["height"])
    assert (depth, colour) == (8, RGB)


def test_no_more_screenshots_than_a_store_shows():
    assert len(SHOTS) <= MOST_SCREENSHOTS
    assert sorted(path.name for path in STORE.glob("*.png")) == sorted([*SHOTS, PROMO])


def test_the_header_reader_reads_sizes(tmp_path):
    picture = tmp_path / "p.png"
    picture.write_bytes(PNG_SIGNATURE + struct.pack(">I4sIIBB", 13, b"IHDR", 640, 400, 8, 6))
    assert png_header(picture) == (640, 400, 8, 6)
