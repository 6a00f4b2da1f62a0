"""A product's variant options reach every listing line, in the listing's locale: names and
values rendered from the lexicons like attributes, unknown ones as the seller wrote them; a
reviewer's decision keeps them; a variant's text is bounded like any field."""

import io
import json
from pathlib import Path

from listingsmith.batch.bounds import oversized
from listingsmith.batch.outputs import listing_line, rewrite_listing, write_outcome
from listingsmith.batch.runner import ProductOutcome
from listingsmith.compose.options import localized_options
from listingsmith.config import InputLimits
from listingsmith.domain import Draft, Listing, ListingRecord, Product, Status, Variant

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


def test_a_variants_text_is_bounded_like_any_field() -> None:
    long = TEE.model_copy(update={"variants": [Variant(sku="x" * 50)]})
    assert oversized(long, InputLimits(field_chars=40)) == (
        "variants[0].sku",
        "longer than 40 characters",
    )
    many = TEE.model_copy(update={"variants": [Variant()] * 3})
    assert oversized(many, InputLimits(list_items=2)) == ("variants", "more than 2 entries")
