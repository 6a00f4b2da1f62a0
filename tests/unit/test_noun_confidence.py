"""The composed text names the product by its category's noun only when the category is sure;
otherwise by the most specific noun still right (taxonomy.confidence): the train sample's
"Allegro Coffee Decaf Sumatra Ground Coffee, 12 oz" read "Kaffeeset von Allegro Coffee", the
runner-up "Coffee" scoring within 2% of "Coffee Sets"."""

from __future__ import annotations

from listingsmith.config import Settings
from listingsmith.domain import Draft, Product
from listingsmith.nodes.assembly import composed_listing, noun_is_sure, said_by_data
from listingsmith.taxonomy.confidence import is_confident, margin_of, noun_category
from listingsmith.taxonomy.nouns import product_noun
from listingsmith.taxonomy.retrieval import Candidate, CategoryMatch, match_category

COFFEE_TITLE = "Allegro Coffee Decaf Sumatra Ground Coffee, 12 oz"
COFFEE = Product(sku="c", title=COFFEE_TITLE, category="Coffee", brand="Allegro Coffee")


def match(*scored: tuple[str, float], chosen_by: str = "retrieval") -> CategoryMatch:
    candidates = [Candidate(id=i, path_en=i, score=s) for i, s in scored]
    top = candidates[0]
    return CategoryMatch(
        id=top.id,
        path_en=top.path_en,
        score=top.score,
        evidence=[],
        candidates=candidates,
        ambiguous=False,
        chosen_by=chosen_by,  # type: ignore[arg-type]
    )


def test_a_doubtful_category_falls_back_to_the_noun_the_title_says() -> None:
    found = match_category(COFFEE, [])
    assert found.id == "hg-11-10-1-1"  # Coffee Sets, retrieval's top
    assert not is_confident(found)
    named = noun_category(found, COFFEE_TITLE)
    assert named == "fb-1-3"  # Beverages > Coffee
    assert product_noun(named, "de") == "Kaffee"


def test_a_clear_lead_keeps_the_category() -> None:
    clear = match(("hg-3-67", 40.0), ("hg-3-6", 20.0))
    assert margin_of(clear) == 0.5
    assert is_confident(clear)
    assert noun_category(clear, "Glass vase") == "hg-3-67"


def test_the_seller_s_own_category_is_sure() -> None:
    assert is_confident(match(("hg-3-67", 10.0), ("hg-3-6", 10.0), chosen_by="seller"))


def test_close_rivals_share_their_common_category() -> None:
    # Candles and Fragrance Oil, close, the title naming neither: Home Fragrances' noun.
    close = match(("hg-3-40-2", 40.0), ("hg-3-40-3", 39.0))
    assert noun_category(close, "Acme thing 3") == "hg-3-40"
    # A shared category two levels deep names a domain, not a product ("Vídeo" for a monitor
    # shelf in the es-ES sample); rivals in different branches share only the root.
    assert noun_category(match(("hg-3-67", 40.0), ("hg-3-6", 39.0)), "Acme thing 3") is None
    assert noun_category(match(("hg-3-67", 40.0), ("fb-1-3", 39.0)), "Acme thing 3") is None


def state_of(product: Product, found: CategoryMatch) -> dict[str, object]:
    return {
        "product": product.model_dump(mode="json"),
        "category": found.model_dump(mode="json"),
        "attributes": [],
    }


def test_the_composed_listing_says_the_sure_noun() -> None:
    state = state_of(COFFEE, match_category(COFFEE, []))
    draft = composed_listing(state, "de-DE", Settings())
    assert draft.description.startswith("Kaffee von Allegro Coffee")
    assert not noun_is_sure(state)


def test_an_unsure_noun_switches_no_description() -> None:
    pivot = Draft(
        title=COFFEE_TITLE,
        description="Ground coffee, 12 oz.",
        origins={"description": "model"},
    )
    composed = Draft(title="Kaffee", description="Kaffee von Allegro Coffee mit 340 g Inhalt.")
    settings = Settings()
    assert said_by_data(pivot, composed, settings, noun_sure=True) == ["description"]
    assert said_by_data(pivot, composed, settings, noun_sure=False) == []
