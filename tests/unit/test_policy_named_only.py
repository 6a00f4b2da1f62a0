"""Reg. 1169/2011 Art. 19(1): a food the title names by its one ingredient (oats, cider
vinegar, natural yoghurt) needs no list of ingredients; a food with anything else in its name
(strawberry yoghurt, flavoured oats) still does (title_scope.yaml `named`, a scope's
`exclude_named`)."""

from importlib import resources

import pytest

from listingsmith.domain import Draft
from listingsmith.policies.kinds import KINDS
from listingsmith.policies.packs import PackError, parse_pack
from listingsmith.policies.title_scope import named_only, title_noun
from listingsmith.taxonomy.catalog import scope_category
from tests.unit.policy_listings import policy_findings

FOODS = "single_ingredient_foods"
# (title, brand, named by its one ingredient)
TITLES = [
    ("Speyside Porridge Oats, 1 kg", "Speyside", True),
    ("Marshfield Red Split Lentils, 500 g", "Marshfield", True),
    ("Cotswold Gold Cold Pressed Rapeseed Oil, 500 ml", "Cotswold Gold", True),
    ("Combe Dairy Natural Yoghurt, 450 g", "Combe Dairy", True),
    ("Tealeaf Peppermint Tea, 20 Bags", "Tealeaf", True),
    ("Lune Valley Strawberry Yoghurt, 4 x 120 g", "Lune Valley", False),
    ("Speyside Golden Syrup Porridge Oats, 1 kg", "Speyside", False),
    ("Marshfield Iodised Table Salt, 750 g", "Marshfield", False),
    ("Glenlochy All-Butter Shortbread, 150 g", "Glenlochy", False),
    # Without the brand, its name is a word the set does not know: a person decides.
    ("Speyside Porridge Oats, 1 kg", None, False),
]


@pytest.mark.parametrize(("title", "brand", "named"), TITLES)
def test_a_title_names_a_food_by_its_one_ingredient(
    title: str, brand: str | None, named: bool
) -> None:
    noun = title_noun(title, brand, "en")
    assert noun is not None
    assert named_only(FOODS, "en-GB", noun) is named


@pytest.mark.parametrize(("title", "brand", "named"), TITLES)
def test_gb_ingredients_rule_leaves_single_ingredient_foods_alone(
    title: str, brand: str | None, named: bool
) -> None:
    category = scope_category("Grocery > Pulses", "fb-2-5")
    draft = Draft(title=title, description="A food of the UK, 500 g.", bullets=[])
    found = {f.rule_id for f in policy_findings(draft, "en-GB", category, brand)}
    assert ("gb-food.art9.ingredients" in found) is not named


def test_a_language_the_set_does_not_list_names_nothing() -> None:
    assert named_only(FOODS, "ja-JP", ("オートミール", "")) is False


def test_a_pack_naming_a_set_that_does_not_exist_is_refused() -> None:
    shipped = resources.files("listingsmith.policies").joinpath("packs/eu-food-1169.yaml")
    text = shipped.read_text(encoding="utf-8")
    named = "exclude_named: [single_ingredient_foods]"
    assert named in text
    wrong = text.replace(named, "exclude_named: [no_such_foods]")
    with pytest.raises(PackError, match="no_such_foods"):
        parse_pack("eu-food-1169.yaml", wrong, set(KINDS))
