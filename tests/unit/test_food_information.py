"""Food in the EU: outside the GPSR (Art. 2(2)(b)), under the food information regulation
(1169/2011), chosen by the product's taxonomy branch; ingredients the seller gives in the
listing's language ("ingredients@de") are what the packs read."""

from listingsmith.attributes.text import seller_attributes
from listingsmith.checks.listing import Checks, check_listing
from listingsmith.config import Settings
from listingsmith.domain import Draft, Finding, Product, Severity
from listingsmith.taxonomy.catalog import scope_category

SETTINGS = Settings()
HOT_SAUCE = "fb-2-4"  # Food, Beverages & Tobacco > Food Items > Condiments & Sauces
VASE = "hg-3-67"  # Home & Garden > Decor > Vases
SAUCE = Product(
    sku="SAUCE-1",
    title="Habanero hot sauce, 120 ml",
    category="Hot Sauce",
    attributes={
        "ingredients": "habanero peppers, water, tomato, salt, onion, garlic, spices",
        "ingredients@de": "Habanero-Chilis, Wasser, Tomaten, Salz, Zwiebeln, Knoblauch, Gewürze",
        "food business operator": "Kranich Lebensmittelimport GmbH",
        "food business operator address": "Am Kranichweiher 12, 50999 Köln, Deutschland",
    },
)
GERMAN = Draft(title="Habanero-Chilisauce, 120 ml", description="Scharfe rote Chilisauce.")


def checked(product: Product, draft: Draft, locale: str, category_id: str | None) -> list[Finding]:
    """The policy findings as the graph sees them: taxonomy branch and the record's language."""
    return check_listing(
        draft,
        product,
        seller_attributes(product),
        locale,
        SETTINGS,
        checks=Checks.POLICIES,
        category_id=category_id,
        data_language="en",
    ).findings


def regimes(findings: list[Finding]) -> set[str]:
    return {f.rule_id.split(".", 1)[0] for f in findings}


def test_the_scope_text_carries_the_taxonomy_lineage_after_the_sellers_words() -> None:
    assert scope_category("Hot Sauce", HOT_SAUCE) == "Hot Sauce @taxonomy fb fb-2 fb-2-4 "
    assert scope_category("Hot Sauce", None) == "Hot Sauce"
    assert scope_category("Hot Sauce", "zz-999") == "Hot Sauce"  # unknown ids add nothing


def test_food_is_outside_the_gpsr_and_inside_the_food_information_rules() -> None:
    food = checked(SAUCE, GERMAN, "de-DE", HOT_SAUCE)
    assert "eu-gpsr" not in regimes(food)
    assert "eu-food-1169" in regimes(food)
    # Without the taxonomy branch the seller's words cannot say it is food: the GPSR applies.
    unknown = checked(SAUCE, GERMAN, "de-DE", None)
    assert "eu-gpsr" in regimes(unknown) and "eu-food-1169" not in regimes(unknown)


def test_a_non_food_branch_keeps_the_gpsr() -> None:
    vase = Product(sku="VASE-1", title="Glass vase", category="Vases")
    found = checked(vase, Draft(title="Glasvase", description="Eine Glasvase."), "de-DE", VASE)
    assert "eu-gpsr" in regimes(found)


def test_ingredients_in_the_listings_language_are_appended_from_the_localized_value() -> None:
    food = checked(SAUCE, GERMAN, "de-DE", HOT_SAUCE)
    appended = {f.suggested_fix for f in food if f.rule_id == "eu-food-1169.art9.ingredients"}
    assert appended == {
        "Zutaten: Habanero-Chilis, Wasser, Tomaten, Salz, Zwiebeln, Knoblauch, Gewürze."
    }
    assert "eu-food-1169.art15.ingredients-language" not in {f.rule_id for f in food}


def test_ingredients_only_in_another_language_need_a_person() -> None:
    french = Draft(title="Sauce piquante habanero, 120 ml", description="Sauce piquante rouge.")
    food = checked(SAUCE, french, "fr-FR", HOT_SAUCE)
    assert "eu-food-1169.art15.ingredients-language" in {f.rule_id for f in food}


def test_a_food_without_an_operator_or_ingredients_is_held_for_data() -> None:
    bare = Product(sku="SAUCE-2", title="Hot sauce", category="Hot Sauce")
    food = checked(bare, GERMAN, "de-DE", HOT_SAUCE)
    missing = {f.rule_id for f in food if f.fix == "none" and f.severity is Severity.BLOCK}
    assert {"eu-food-1169.art9.operator", "eu-food-1169.art9.ingredients"} <= missing
