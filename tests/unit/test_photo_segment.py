"""Product segmentation on real Pillow-made photos: plain sides, enclosed background, edges."""

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from listingsmith.attributes.colornames import to_lab
from listingsmith.attributes.photo import pixel_attributes
from listingsmith.attributes.segment import product_mask
from listingsmith.config import PhotoSettings, Settings

RED = (200, 25, 30)
BLUE = (30, 60, 190)


def mask_of(image: Image.Image, options: PhotoSettings | None = None) -> np.ndarray:
    rgba = image.convert("RGBA")
    transparent = np.asarray(rgba)[..., 3] < 128
    return product_mask(to_lab(rgba.convert("RGB")), transparent, options or PhotoSettings())


def values(path: Path) -> list[str]:
    return [a.value for a in pixel_attributes(path, Settings())]


def test_a_wall_above_a_floor_is_background_on_both_sides(tmp_path: Path) -> None:
    """Each side of the border is its own background reference: a light wall and a darker
    floor both go, and only the product is named."""
    image = Image.new("RGB", (300, 300), (235, 235, 230))
    ImageDraw.Draw(image).rectangle((0, 180, 299, 299), fill=(170, 140, 100))
    ImageDraw.Draw(image).rectangle((110, 110, 190, 240), fill=RED)
    image.save(tmp_path / "room.png")
    mask = mask_of(image)
    assert mask[150, 150] and not mask[20, 20] and not mask[280, 20]
    assert values(tmp_path / "room.png") == ["red"]


def test_background_seen_through_a_handle_is_not_the_product(tmp_path: Path) -> None:
    image = Image.new("RGB", (300, 300), "white")
    ImageDraw.Draw(image).ellipse((50, 50, 250, 250), fill=BLUE)
    ImageDraw.Draw(image).ellipse((105, 105, 195, 195), fill="white")
    image.save(tmp_path / "ring.png")
    mask = mask_of(image)
    assert not mask[150, 150] and mask[150, 70]
    assert values(tmp_path / "ring.png") == ["blue"]


def test_a_white_product_outlined_on_white_is_not_a_hole() -> None:
    image = Image.new("RGB", (200, 200), "white")
    ImageDraw.Draw(image).ellipse((30, 30, 170, 170), outline="black", width=3)
    assert mask_of(image)[100, 100]


def test_edge_pixels_blending_into_the_background_are_dropped() -> None:
    image = Image.new("RGB", (100, 100), "white")
    ImageDraw.Draw(image).rectangle((30, 30, 69, 69), fill=BLUE)
    mask = mask_of(image)
    assert mask[50, 50] and not mask[30, 50] and not mask[50, 69]
    assert mask_of(image, PhotoSettings(edge_pixels=0))[30, 50]


def test_a_thin_product_keeps_its_edge_pixels(tmp_path: Path) -> None:
    image = Image.new("RGB", (200, 200), "white")
    ImageDraw.Draw(image).line((20, 30, 180, 170), fill="black", width=2)
    assert mask_of(image)[100, 100]
    ImageDraw.Draw(image).line((20, 30, 180, 170), fill="black", width=6)
    image.save(tmp_path / "wire.png")
    assert values(tmp_path / "wire.png")[0] == "black"


def test_a_scene_without_a_plain_side_keeps_every_pixel() -> None:
    rng = np.random.default_rng(7)
    noise = rng.integers(0, 256, size=(60, 80, 3), dtype=np.uint8)
    assert mask_of(Image.fromarray(noise)).all()
