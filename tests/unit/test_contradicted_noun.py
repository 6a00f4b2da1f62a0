"""adequacy.contradicted-noun: a listing's product noun against what the seller's own words
say the product is (train record oa-mine:train-934, a face mask whose seller category said
"Conditioner", was a conditioner in every locale)."""

from __future__ import annotations

import pytest

from listingsmith.checks.contradicted_noun import (
    CONTRADICTED_RULE,
    contradicted_findings,
    contradiction,
    seller_match,
)
from listingsmith.checks.listing import check_listing, check_pivot
from listingsmith.checks.verdict import listing_route
from listingsmith.config import Settings
from listingsmith.domain import Draft, Product, Severity
from listingsmith.taxonomy.confidence import is_confident, noun_category
from listingsmith.taxonomy.nouns import product_noun
from listingsmith.taxonomy.retrieval import chosen, match_category

CONDITIONERS = "hb-3-10-13-1"
SKIN_CARE_MASKS = "hb-3-2-9-13"
SHOES = "aa-8"
SOFAS = "fr-22"
FACE_MASK = Product(
    sku="oa-mine_train-934",
    title="Pacifica Kale Charcoal Ultimate Detox Face Mask For All Skin Types(Vegan & Cruelty "
    "Free), lime, 2.25 Fl.Oz",
    category="Conditioner",
)


def _product(title: str, description: str = "") -> Product:
    return Product(sku="t", title=title, description=description)


def test_the_face_mask_contradicts_conditioner_and_its_title_names_skin_care_masks() -> None:
    found = contradiction(CONDITIONERS, FACE_MASK)
    assert found is not None
    assert found.noun == "Conditioner" and "Face Mask" in found.said
    assert found.kind == SKIN_CARE_MASKS


def test_the_face_mask_is_named_by_its_title_once_categorized() -> None:
    """Retrieval with the seller's "Conditioner" picks Conditioners; the title's kind wins."""
    match = match_category(FACE_MASK, [])
    assert match.id == CONDITIONERS
    fixed = seller_match(match, FACE_MASK)
    assert fixed.id == SKIN_CARE_MASKS and fixed.chosen_by == "title"
    assert is_confident(fixed) and noun_category(fixed, FACE_MASK.title) == SKIN_CARE_MASKS
    assert product_noun(SKIN_CARE_MASKS, "fr") == "Masque"


def test_a_reviewers_choice_stays() -> None:
    match = chosen(match_category(FACE_MASK, []), CONDITIONERS, "reviewer")
    assert seller_match(match, FACE_MASK).id == CONDITIONERS


@pytest.mark.parametrize(
    ("title", "category"),
    [
        ("Shampoo and Conditioner Set", CONDITIONERS),  # the seller says the noun
        ("Face Mask Sheet", SKIN_CARE_MASKS),
        ("Pacifica Beauty Pineapple Hydrate Curl Nourishing Hair Mask, 6 Fl.Oz", CONDITIONERS),
        ("Dr. Martens Men's Coburg Crazy Horse Boot", SHOES),  # "Boots" are shoes
        ("Tumi Alpha 2 T-Pass Medium Screen Laptop Slim Brief, Black", "lb-2"),  # briefcase
        ("Sun Products Oxi-Active Stainlifter 94.5oz Bottle", "hg-10-9-17"),  # its container
        ("Dunham Men's Blair Slip-On, Brown Smooth, 10 4E US", SHOES),  # not "Women's Slip"
    ],
)
def test_no_contradiction_where_the_seller_says_the_kind(title: str, category: str) -> None:
    assert contradiction(category, _product(title)) is None


def test_the_description_head_counts_as_the_sellers_words() -> None:
    product = _product("Pacifica Detox Face Mask for all skin", "A conditioner for face and hair.")
    assert contradiction(CONDITIONERS, product) is None


@pytest.mark.parametrize(
    ("title", "category"),
    [
        ("De Blossom Black Lace Ankle Strap with Bow", SHOES),  # no snowboard binding's
        ("Hubba Bubba Bubble Tape, Mystery, 2 Ounce (Pack of 12)", "fb-2-3"),  # no packing tape
        ("Mordenmiss Women's Western Boots Leather Pulled On", SHOES),  # "Pulled": no boot pull
    ],
)
def test_a_kind_of_another_branch_or_a_verb_is_no_contradiction(title: str, category: str) -> None:
    """Train records: the kinds they seemed to name were words of another sense."""
    assert contradiction(category, _product(title)) is None


def test_an_undecided_contradiction_holds_a_listing_that_says_the_noun() -> None:
    """A coffee table under Sofas: Shopify has Coffee Tables under Accent Tables and under
    Outdoor Tables, a tie."""
    product = _product("Walnut Coffee Table")
    found = contradiction(SOFAS, product)
    assert found is not None and found.kind is None
    listing = Draft(
        title="Walnut Sofa",
        description="A sofa in walnut.",
        origins={"title": "data"},
    )
    findings = contradicted_findings(listing, product, "en-US", SOFAS)
    assert [f.field for f in findings] == ["title", "description"]
    assert all(f.severity is Severity.BLOCK and not f.fixable for f in findings)
    assert 'says "Coffee Table"' in findings[0].message
    assert listing_route(findings, 0, 3, reviewed=False, listing=listing) == "human_review"


def test_check_listing_holds_the_conditioner_listing_of_the_face_mask() -> None:
    listing = Draft(title="Pacifica Après-shampooing", description="Après-shampooing Pacifica.")
    findings = check_listing(
        listing, FACE_MASK, [], "fr-FR", Settings(), category_id=CONDITIONERS
    ).findings
    held = [f for f in findings if f.rule_id == CONTRADICTED_RULE]
    assert {f.field for f in held} == {"title", "description"}
    assert "Masque" in held[0].message  # the kind the title names, for the reviewer


def test_a_listing_that_does_not_say_the_noun_is_not_held() -> None:
    listing = Draft(title="Pacifica Masque", description="Masque Pacifica.")
    assert contradicted_findings(listing, FACE_MASK, "fr-FR", CONDITIONERS) == []


def test_the_pivot_is_not_held_for_it() -> None:
    """A redraft cannot change the category's noun: only a locale's listing is held."""
    listing = Draft(title="Pacifica Conditioner", description="Conditioner by Pacifica.")
    findings = check_pivot(listing, FACE_MASK, [], Settings(), CONDITIONERS)
    assert not [f for f in findings if f.rule_id == CONTRADICTED_RULE]
