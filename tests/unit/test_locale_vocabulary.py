"""British product nouns in en-GB listings (conventions.yaml vocabulary): the demo's curtain
read "Hanging: Grommet" and "with grommet top" to a British shopper, who knows eyelets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from listingsmith.checks.listing import check_listing
from listingsmith.compose.listing import compose_listing
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Draft, Product
from listingsmith.locale.conventions import localize_draft, reworded
from listingsmith.locale.glossary import protected_terms
from listingsmith.taxonomy.nouns import product_noun

CATALOG = Path(__file__).resolve().parents[2] / "examples" / "catalog.jsonl"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hanging: Grommet", "Hanging: Eyelet"),
        ("Curtain with a grommet top", "Curtain with an eyelet top"),  # the article agrees
        ("Kitchen Faucet, Chrome", "Kitchen Tap, Chrome"),
        ("Baby Diapers, Pack of 40", "Baby Nappies, Pack of 40"),
        ("LED Flashlight", "LED Torch"),
        ("Men's Pants, Navy", "Men's Trousers, Navy"),
        ("Toddler Training Pants", "Toddler Training Pants"),  # the UK's word too
        ("Cell Phone Case", "Mobile Phone Case"),
        ("Running Sneakers", "Running Trainers"),
        ("Flatware Set, Metal", "Cutlery Set, Metal"),
        ("FLASHLIGHT", "TORCH"),
        # Read in the en-GB sample of evals.compose:
        ("Candy type: Gum", "Confectionery type: Gum"),  # "Sweets type" before
        ("Women's Short Pants", "Women's Shorts"),  # "Short Trousers" before
        ("Cake Pan, Metal", "Cake Tin, Metal"),
        ("Grommeted curtain", "Grommeted curtain"),  # whole words only
    ],
)
def test_american_product_nouns_in_british_english(text: str, expected: str) -> None:
    assert reworded(text, "en-GB") == expected


def test_only_british_english_is_reworded() -> None:
    assert reworded("Kitchen Faucet", "en-US") == "Kitchen Faucet"
    assert reworded("Kitchen Faucet", "de-DE") == "Kitchen Faucet"


def test_brand_and_model_names_are_kept() -> None:
    product = Product(
        sku="p",
        title="Sneaker Pro running shoe",
        brand="Sneaker Pro",
        attributes={"model": "Swim Trunks Classic"},
    )
    draft = Draft(title="Sneaker Pro Running Sneakers", bullets=["Model: Swim Trunks Classic"])
    localized = localize_draft(draft, "en-GB", protected_terms(product))
    assert localized.title == "Sneaker Pro Running Trainers"
    assert localized.bullets == ["Model: Swim Trunks Classic"]


def test_the_demo_curtain_in_en_gb_has_eyelets_and_checks_as_before() -> None:
    raw = next(
        json.loads(line)
        for line in CATALOG.read_text(encoding="utf-8").splitlines()
        if '"B006LWG0BE"' in line
    )
    raw.pop("images", None)
    product = Product(**raw)
    facts = [
        Attribute(name=k, value=v, source="seller", confidence=1.0)
        for k, v in product.attributes.items()
    ]
    category, settings = "hg-3-74-1", Settings()
    noun = product_noun(category, "en")
    composed = compose_listing(
        product, facts, noun, "en-GB", product.marketplace, settings.listing_limits, None, category
    )
    listing = localize_draft(composed, "en-GB", protected_terms(product))
    assert "Hanging: Eyelet" in listing.bullets
    assert "with eyelet top" in listing.description
    assert "rommet" not in " ".join(listing.fields().values())
    before = localize_draft(composed, "en-US", protected_terms(product))
    found = check_listing(listing, product, facts, "en-GB", settings, category_id=category)
    was = check_listing(before, product, facts, "en-US", settings, category_id=category)
    new = {f.rule_id for f in found.findings} - {f.rule_id for f in was.findings}
    assert not {r for r in new if r.startswith(("fact.", "adequacy", "locale."))}
