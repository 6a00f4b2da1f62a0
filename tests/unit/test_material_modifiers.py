"""A material word that only modifies another word ("Steel Cut Oats", "gold-plated", "effet
cuir", "木目調") is no material claim: not read from the product's text, not checked in a
listing."""

from __future__ import annotations

import pytest

from listingsmith.attributes.text import text_attributes
from listingsmith.checks.listing import Checks, check_listing
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Draft, Product
from listingsmith.text.claims import extract_claims


def materials(text: str, language: str = "en") -> list[str | None]:
    return [c.value for c in extract_claims(text, language) if c.kind == "material"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bob's Red Mill (Resealable) Steel Cut Oats, 24-ounce (Pack of 4)", "en"),
        ("McCann's Irish Oatmeal, Traditional Steel-Cut, 28 Ounce", "en"),
        ("Fridge magnet, stainless-steel look", "en"),
        ("Veste effet cuir", "fr"),
        ("Tisch in Holz-Optik", "de"),
        ("木目調の棚", "ja"),
        ("木纹桌子", "zh"),
        ("Ingredientes: chiles habaneros, agua, goma xantana, ácido cítrico", "es"),
        ("Ingredienti: peperoncini habanero, acqua, gomma di xantano, acido citrico", "it"),
        ("Espesante: goma guar", "es"),
        ("Gomma arabica, zucchero", "it"),
    ],
)
def test_a_material_word_that_modifies_another_is_no_material(text: str, language: str) -> None:
    assert materials(text, language) == []


@pytest.mark.parametrize(
    ("text", "language", "material"),
    [
        ("Stainless steel mixing bowl", "en", "stainless steel"),
        ("Steel toe boots", "en", "steel"),
        ("A steel cutter", "en", "steel"),
        ("Veste en cuir", "fr", "leather"),
        ("Tisch aus Holz", "de", "wood"),
        ("木製の棚", "ja", "wood"),
        ("Alfombrilla de goma antideslizante", "es", "rubber"),
        ("Guarnizione in gomma", "it", "rubber"),
    ],
)
def test_a_material_the_product_is_made_of_is_still_read(
    text: str, language: str, material: str
) -> None:
    assert materials(text, language) == [material]


def test_steel_cut_oats_get_no_material_attribute() -> None:
    oats = Product(sku="O-1", title="Bob's Red Mill Steel Cut Oats, 24-ounce (Pack of 4)")
    assert [a for a in text_attributes(oats) if a.name == "material"] == []


def test_a_listing_saying_steel_cut_is_not_an_unsupported_material_claim() -> None:
    oats = Product(sku="O-1", title="Steel Cut Oats, 24 oz", category="Breakfast Cereal")
    listing = Draft(title="Steel Cut Oats", description="Hearty steel-cut oats, 24 oz.")
    weight = Attribute(
        name="quantity:weight", value="24", unit="ounce", source="text", confidence=0.9
    )
    checked = check_listing(listing, oats, [weight], "en-US", Settings(), checks=Checks.FACTS)
    assert [f.rule_id for f in checked.findings if "material" in f.rule_id] == []


def test_a_modifier_is_read_far_into_a_long_text_and_only_just_before_its_word() -> None:
    """The modifier search looks at a window before each material word: one far into a text
    is still found, and a modifier word elsewhere in the text does not count."""
    filler = "Une veste chaude pour l'hiver. " * 400
    assert materials(filler + "Veste effet cuir", "fr") == []
    assert materials("Effet mat. " + filler + "Veste en cuir", "fr") == ["leather"]
