"""Colour names sellers use: learned from train records, chosen for pixels, read as families."""

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from evals.build_seller_colors import build, category_families, count_names
from listingsmith.attributes.colornames import (
    _seller_names,
    color_families,
    color_names,
    seller_color_names,
    to_lab,
)
from listingsmith.attributes.fusion import fuse
from listingsmith.attributes.photo import pixel_attributes
from listingsmith.config import PhotoSettings, Settings
from listingsmith.datasets import GoldRecord
from listingsmith.domain import Attribute
from listingsmith.lexicons import load

OPTIONS = PhotoSettings()


def lab_of(*colours: tuple[int, int, int]):
    swatch = Image.new("RGB", (len(colours), 1))
    swatch.putdata(list(colours))
    return to_lab(swatch)[0]


def record(title: str, color: str | None = None) -> GoldRecord:
    gold = {"Color": [color]} if color else {}
    return GoldRecord("t:1", "t", title, "", None, gold, None)


def test_pixels_are_named_as_sellers_name_them() -> None:
    dark_blue, wine, red = (20, 30, 70), (100, 10, 40), (230, 0, 0)
    names = seller_color_names(lab_of(dark_blue, wine, red), OPTIONS)
    assert names == ["navy", "burgundy", "red"]
    assert [color_families(n) for n in names] == [{"blue"}, {"red"}, {"red"}]


def test_how_often_sellers_name_a_colour_outweighs_a_small_distance() -> None:
    """A dark, dull slate is the palette's grey, but sellers call such a product black."""
    slate = lab_of((50, 50, 60))
    assert color_names(slate) == ["grey"]
    assert seller_color_names(slate, OPTIONS) == ["black"]
    assert seller_color_names(slate, PhotoSettings(name_spread=1.0)) != ["black"]


def test_a_category_names_colours_as_its_sellers_do() -> None:
    """A pale yellow: light brown in general, gold on a pendant, beige on a rug."""
    pale_yellow = lab_of((220, 200, 140))
    assert seller_color_names(pale_yellow, OPTIONS) == ["light brown"]
    assert seller_color_names(pale_yellow, OPTIONS, "Charms & Pendants") == ["gold"]
    assert seller_color_names(pale_yellow, OPTIONS, "rugs") == ["beige"]
    assert seller_color_names(pale_yellow, OPTIONS, "no such category") == ["light brown"]


def test_a_navy_photo_is_navy_and_agrees_with_a_stated_blue(tmp_path: Path) -> None:
    image = Image.new("RGB", (200, 200), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 160, 160), fill=(20, 30, 70))
    image.save(tmp_path / "navy.png")
    (seen,) = pixel_attributes(tmp_path / "navy.png", Settings())
    assert seen.value == "navy"
    stated = Attribute(name="color", value="Blue", source="seller", confidence=1.0)
    assert fuse([stated, seen])[1] == []
    other = stated.model_copy(update={"value": "Red"})
    assert [c.kind for c in fuse([other, seen])[1]] == ["photo"]


def test_every_seller_name_has_a_lexicon_family_and_every_family_a_name() -> None:
    families = {entry["family"] for entry in _seller_names().values()}
    assert families == set(load("colors"))
    assert all(color_families(name) == {e["family"]} for name, e in _seller_names().items())


def test_a_colour_value_names_its_family_case_insensitively() -> None:
    assert color_families("Burgundy") == {"red"}
    assert color_families("aqua blue") == {"blue"}
    assert color_families("speckled") == set()


def test_qualifying_names_count_only_the_colour_they_qualify() -> None:
    records = [record("Tee, Heather Gray", "heather gray"), record("Pants - Navy Blue")]
    values, total = count_names(records, ["heather", "grey", "navy", "navy blue", "blue"])
    assert values == {"grey": 1}
    assert total == {"grey": 2, "navy blue": 1}


@pytest.mark.parametrize(("min_count", "kept"), [(3, True), (4, False)])
def test_a_name_is_kept_when_sellers_give_it_often_and_as_a_value(
    min_count: int, kept: bool
) -> None:
    records = [record("Chair, Burgundy", "burgundy"), record("Sofa (Burgundy)"), record("Teal")]
    records += [record("Lamp, Teal")] * 5
    names = build(records, min_count)
    assert ("burgundy" in names) is kept  # a value and two title colour slots: 3
    assert names.get("burgundy", {"family": "red"})["family"] == "red"
    assert "teal" not in build(records, 1)  # often in a title's colour slot, never a value
    assert set(load("colors")) <= set(names)


def test_each_category_counts_the_families_its_sellers_name() -> None:
    names = {"navy": {"family": "blue"}, "burgundy": {"family": "red"}}
    records = [
        GoldRecord("t:1", "t", "Sterling Silver Heart, Navy", "", "Pendants", {}, None),
        GoldRecord("t:2", "t", "Gold Cross", "", "Pendants", {"Color": ["Rose Gold"]}, None),
        GoldRecord("t:3", "t", "Burgundy Rug", "", "Rugs", {}, None),
    ]
    assert category_families(records, names, 3) == {"Pendants": {"gold": 2, "silver": 1, "blue": 1}}
    assert category_families(records, names, 1)["Rugs"] == {"red": 1}
