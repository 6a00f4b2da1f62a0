"""The example catalogue in Great Britain: the GB packs hold no listing that the EU packs let
ship in de-DE and fr-FR for the same data, except where GB law differs (the hot sauce's food
business operator is in Köln and the record names no importer into the UK: retained Reg.
1169/2011 Art. 8(1) as amended by SI 2019/529)."""

import json
from pathlib import Path

import pytest

from listingsmith.attributes.text import seller_attributes
from listingsmith.checks.listing import Checks, check_listing
from listingsmith.config import Settings
from listingsmith.domain import Draft, Product
from listingsmith.taxonomy.retrieval import query, retrieve

PRODUCTS = [
    Product.model_validate(json.loads(line))
    for line in Path("examples/catalog.jsonl").read_text(encoding="utf-8").splitlines()
]
# Where GB law asks what EU law does not, by sku: the rules that hold the en-GB listing.
GB_ONLY = {"B0000GHNT0": {"gb-food.art8.uk-operator"}}


def held(product: Product, locale: str) -> set[str]:
    """The rules that would hold the seller's own text for a person in `locale`: blocking,
    with no fix the engine can make (a rewrite goes back to the model or to data)."""
    category_id = retrieve(query(product, []), 1)[0].id
    draft = Draft(title=product.title, bullets=[], description=product.description or "")
    checked = check_listing(
        draft,
        product,
        seller_attributes(product),
        locale,
        Settings(),
        checks=Checks.POLICIES,
        category_id=category_id,
    )
    return {
        f.rule_id
        for f in checked.findings
        if f.severity == "block" and f.fix != "rewrite" and not f.suggested_fix
    }


@pytest.mark.parametrize("product", PRODUCTS, ids=[p.sku for p in PRODUCTS])
def test_gb_holds_only_what_gb_law_asks_beyond_the_eu(product: Product) -> None:
    eu = held(product, "de-DE") | held(product, "fr-FR")
    assert not eu, eu  # the catalogue carries what the EU packs ask
    assert held(product, "en-GB") == GB_ONLY.get(product.sku, set())


def test_a_uk_importer_lets_the_hot_sauce_ship_in_great_britain() -> None:
    (sauce,) = [p for p in PRODUCTS if p.sku in GB_ONLY]
    attributes = {
        **sauce.attributes,
        "uk importer": "Saltmarsh Foods Ltd",
        "uk importer address": "21 Dock Road, Hull HU1 2AB, United Kingdom",
    }
    assert held(sauce.model_copy(update={"attributes": attributes}), "en-GB") == set()
