"""Dominant photo colours from pixels: background, shadows, orientation and the pixel limit."""

import base64
import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from listingsmith.attributes.colornames import alike_colors, color_names, to_lab
from listingsmith.attributes.photo import PhotoError, open_photo, photo_data_url, pixel_attributes
from listingsmith.config import PhotoSettings, Settings
from listingsmith.lexicons import load

RED = (200, 25, 30)
BLUE = (30, 60, 190)
EXIF_ORIENTATION = 0x0112


def red_square_on_white(path: Path, shadow: bool = False) -> Path:
    image = Image.new("RGB", (400, 300), "white")
    if shadow:
        blur = Image.new("L", image.size, 0)
        ImageDraw.Draw(blur).ellipse((90, 200, 330, 260), fill=90)
        blur = blur.filter(ImageFilter.GaussianBlur(12))
        image = Image.composite(Image.new("RGB", image.size, (150, 150, 150)), image, blur)
    ImageDraw.Draw(image).rectangle((120, 70, 280, 230), fill=RED)
    image.save(path, "JPEG", quality=85)
    return path


def values(path: Path, settings: Settings | None = None) -> list[str]:
    return [a.value for a in pixel_attributes(path, settings or Settings())]


def test_red_square_on_white_is_red_and_the_background_is_ignored(tmp_path: Path) -> None:
    (attribute,) = pixel_attributes(red_square_on_white(tmp_path / "red.jpg"), Settings())
    assert (attribute.name, attribute.value, attribute.source) == ("color", "red", "pixels")
    assert attribute.evidence.startswith("photo red.jpg: ")
    assert attribute.evidence.endswith("% of product pixels")
    assert 0.5 < attribute.confidence <= Settings().photo.pixel_confidence


def test_a_soft_grey_shadow_is_background_too(tmp_path: Path) -> None:
    assert values(red_square_on_white(tmp_path / "shadow.jpg", shadow=True)) == ["red"]


def test_two_colours_are_ranked_by_share(tmp_path: Path) -> None:
    image = Image.new("RGB", (300, 300), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 260, 180), fill=BLUE)
    ImageDraw.Draw(image).rectangle((40, 180, 260, 260), fill=RED)
    image.save(tmp_path / "two.png")
    found = pixel_attributes(tmp_path / "two.png", Settings())
    assert [a.value for a in found] == ["blue", "red"]
    assert found[0].confidence > found[1].confidence


def test_a_white_product_outlined_on_white_keeps_its_white(tmp_path: Path) -> None:
    image = Image.new("RGB", (300, 300), "white")
    ImageDraw.Draw(image).ellipse(
        (50, 50, 250, 250), fill=(250, 250, 250), outline="black", width=3
    )
    image.save(tmp_path / "white.png")
    assert values(tmp_path / "white.png")[0] == "white"


def test_transparent_pixels_are_background(tmp_path: Path) -> None:
    image = Image.new("RGBA", (200, 200), (0, 255, 0, 0))  # green, but fully transparent
    ImageDraw.Draw(image).ellipse((40, 40, 160, 160), fill=(*BLUE, 255))
    image.save(tmp_path / "cutout.png")
    assert values(tmp_path / "cutout.png") == ["blue"]


def test_a_full_bleed_photo_has_no_background_to_drop(tmp_path: Path) -> None:
    Image.new("RGB", (120, 80), BLUE).save(tmp_path / "blue.png")
    (attribute,) = pixel_attributes(tmp_path / "blue.png", Settings())
    assert attribute.value == "blue" and "100 %" in attribute.evidence


def test_small_colour_shares_are_not_reported(tmp_path: Path) -> None:
    image = Image.new("RGB", (300, 300), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 260, 260), fill=BLUE)
    ImageDraw.Draw(image).rectangle((40, 240, 260, 260), fill=RED)  # under 10 %
    image.save(tmp_path / "logo.png")
    assert values(tmp_path / "logo.png") == ["blue"]
    lenient = Settings(photo=PhotoSettings(min_color_share=0.05))
    assert values(tmp_path / "logo.png", lenient) == ["blue", "red"]


def half_red_half_blue_stored_upside_down(path: Path) -> Path:
    """Stored with red on the right; EXIF orientation 3 (rotate 180°) puts red on the left."""
    image = Image.new("RGB", (200, 100), BLUE)
    ImageDraw.Draw(image).rectangle((100, 0, 199, 99), fill=RED)
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = 3
    image.save(path, "JPEG", exif=exif, quality=95)
    return path


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    path = half_red_half_blue_stored_upside_down(tmp_path / "rotated.jpg")
    upright = open_photo(path, Settings().max_image_pixels, 64).convert("RGB")
    left, right = upright.getpixel((5, 16)), upright.getpixel((upright.width - 5, 16))
    assert color_names(to_lab(_swatch([left, right]))[0]) == ["red", "blue"]


def test_the_model_gets_the_photo_upright_and_downscaled(tmp_path: Path) -> None:
    path = half_red_half_blue_stored_upside_down(tmp_path / "rotated.jpg")
    settings = Settings(photo=PhotoSettings(model_max_side=50))
    url = photo_data_url(path, settings)
    assert url.startswith("data:image/jpeg;base64,")
    sent = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGB")
    assert max(sent.size) <= 50
    assert color_names(to_lab(_swatch([sent.getpixel((3, 10))]))[0]) == ["red"]


def test_an_oversized_photo_is_rejected_naming_the_file(tmp_path: Path) -> None:
    path = red_square_on_white(tmp_path / "huge-photo.jpg")
    with pytest.raises(PhotoError, match=r"huge-photo\.jpg.*120000 pixels.*limit is 1000"):
        pixel_attributes(path, Settings(max_image_pixels=1000))


def test_a_file_that_is_no_image_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "notes.jpg").write_text("not a photo")
    with pytest.raises(PhotoError, match=r"notes\.jpg.*unreadable"):
        pixel_attributes(tmp_path / "notes.jpg", Settings())


def test_every_palette_name_is_a_lexicon_colour() -> None:
    from listingsmith.attributes.colornames import _palette

    names, _ = _palette()
    assert set(names) == set(load("colors"))


def test_colours_a_photo_cannot_tell_apart_are_alike() -> None:
    assert alike_colors("grey", "silver") and alike_colors("blue", "blue")
    assert not alike_colors("red", "blue")


def _swatch(colours: list[tuple[int, int, int]]) -> Image.Image:
    swatch = Image.new("RGB", (len(colours), 1))
    swatch.putdata(colours)
    return swatch
