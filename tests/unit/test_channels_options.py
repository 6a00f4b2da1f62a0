"""A product's variant options reach every listing line, in the listing's locale: names and
values rendered from the lexicons like attributes, unknown ones as the seller wrote them; a
reviewer's decision keeps them; a variant's text is bounded like any field."""

import io
import json
from pathlib import Path

from listingsmith.batch.bounds import oversized
from listingsmith.batch.outputs import listing_line, rewrite_listing, write_outcome
from listingsmith.batch.runner import ProductOutcome
from listingsmith.compose.facts import rendered_facts
from listingsmith.compose.options import localized_options
from listingsmith.config import InputLimits
from listingsmith.domain import (
    Attribute,
    Draft,
    Listing,
    ListingRecord,
    Product,
    Status,
    Variant,
)

TEE = Product(
    sku="tee",
    title="Organic Cotton Tee",
    category="T-Shirts",
    variants=[
        Variant(sku="S-RED", options={"Size": "S", "Color": "Red"}),
        Variant(sku="M-RED", options={"Size": "M", "Color": "Red"}),
        Variant(sku="M-SKY", options={"Size": "M", "Color": "Heather Sky"}),
    ],
)


def test_options_are_localised_like_attributes() -> None:
    size, color = localized_options(TEE, "de-DE")
    assert size == {"name": "Size", "localized_name": "Größe", "values": {"S": "S", "M": "M"}}
    assert color["localized_name"] == "Farbe"
    assert color["values"] == {"Red": "Rot", "Heather Sky": "Heather Sky"}  # unknown: as written
    _, color_fr = localized_options(TEE, "fr-FR")
    assert color_fr == {
        "name": "Color",
        "localized_name": "Couleur",
        "values": {"Red": "Rouge", "Heather Sky": "Heather Sky"},
    }


def test_the_products_own_language_keeps_every_name_and_value() -> None:
    french = TEE.model_copy(
        update={"source_locale": "fr-FR", "variants": [Variant(options={"Couleur": "Rouge"})]}
    )
    assert localized_options(french, "fr-FR") == [
        {"name": "Couleur", "localized_name": "Couleur", "values": {"Rouge": "Rouge"}}
    ]
    assert localized_options(TEE, "en-GB")[1]["values"] == {
        "Red": "Red",
        "Heather Sky": "Heather Sky",
    }


def listing(locale: str, status: Status = Status.APPROVED) -> Listing:
    draft = Draft(title="t", bullets=["b"], description="d", keywords=[])
    return Listing(
        sku="tee", locale=locale, listing=draft, decision=ListingRecord(status=status, attempts=1)
    )


def test_every_line_carries_its_locales_options_and_a_decision_keeps_them(tmp_path: Path) -> None:
    handle = io.StringIO()
    outcome = ProductOutcome(sku="tee", listings=[listing("de-DE", Status.HELD)], mode="new")
    write_outcome(handle, outcome, TEE)
    line = json.loads(handle.getvalue())
    assert line["options"] == localized_options(TEE, "de-DE")
    assert listing_line(listing("de-DE"))["options"] == []  # no product given: none
    (tmp_path / "listings.jsonl").write_text(handle.getvalue())
    (tmp_path / "run.json").write_text(json.dumps({"run_id": "r", "counts": {}}))
    assert rewrite_listing(tmp_path, "r", listing("de-DE", Status.APPROVED))
    rewritten = json.loads((tmp_path / "listings.jsonl").read_text())
    assert rewritten["status"] == "approved" and rewritten["options"] == line["options"]


SAUCE = Product(
    sku="sauce",
    title="Hot Sauce",
    variants=[Variant(sku="RED", options={"Color": "Red"})],
)
HOT_SAUCE = "fb-2-4-8"
LIPSTICKS = "hb-3-2-6-5-6"


def label(category: str | None, locale: str) -> str:
    """The colour's label on the listing's attribute lines for a product of `category`."""
    color = Attribute(name="Color", value="Red", source="seller", confidence=1.0)
    (fact,) = rendered_facts(SAUCE, [color], locale, category)
    return fact.label


def test_option_names_are_worded_for_the_products_kind_like_its_attribute_lines() -> None:
    # A food's colour is 色 in ja and a cosmetic's its shade, as the bullets word them; the
    # option label was the kind-less カラー / Farbe beside a bullet '色：赤'.
    for category, locale, expected in [
        (HOT_SAUCE, "ja-JP", "色"),
        (LIPSTICKS, "de-DE", "Farbton"),
        (LIPSTICKS, "fr-FR", "Teinte"),
        (None, "ja-JP", "カラー"),
        ("hg", "de-DE", "Farbe"),
    ]:
        (color,) = localized_options(SAUCE, locale, category)
        assert color["localized_name"] == expected == label(category, locale), (category, locale)


def test_a_lines_options_are_worded_for_the_category_its_checks_read() -> None:
    handle = io.StringIO()
    item = listing("ja-JP", Status.HELD)
    outcome = ProductOutcome(sku="sauce", listings=[item], mode="new", category_id=HOT_SAUCE)
    write_outcome(handle, outcome, SAUCE)
    assert json.loads(handle.getvalue())["options"][0]["localized_name"] == "色"


def test_a_variants_text_is_bounded_like_any_field() -> None:
    long = TEE.model_copy(update={"variants": [Variant(sku="x" * 50)]})
    assert oversized(long, InputLimits(field_chars=40)) == (
        "variants[0].sku",
        "longer than 40 characters",
    )
    many = TEE.model_copy(update={"variants": [Variant()] * 3})
    assert oversized(many, InputLimits(list_items=2)) == ("variants", "more than 2 entries")
