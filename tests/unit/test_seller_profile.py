"""Seller profiles (--seller): validation in one line, merge precedence, and the GPSR pack that
passes with the profile's data and holds without it."""

from pathlib import Path

import pytest

from listingsmith.attributes.text import seller_attributes
from listingsmith.batch.catalog import read_catalog
from listingsmith.batch.seller import (
    DISCLOSURES,
    SellerProfile,
    SellerProfileError,
    read_seller_profile,
    with_profile,
)
from listingsmith.checks.listing import Checks, check_listing
from listingsmith.config import InputLimits, Settings
from listingsmith.domain import Draft, Product
from listingsmith.nodes.writing import facts_block
from listingsmith.policies.engine import apply_fixes
from listingsmith.policies.packs import load_packs
from listingsmith.prompts import load_prompt
from listingsmith.taxonomy.retrieval import match_category

EXAMPLE = Path("examples/seller-eu.yaml")
LIMITS = InputLimits()
VASE = Product(
    sku="V-7",
    title="Lenox Garden 7 inch Urn Vase",
    brand="Lenox",
    attributes={"height": "7 inch", "material": "glass"},
)
DRAFT = Draft(
    title="Lenox Garden Urnenvase, 7 Zoll",
    bullets=["Vase aus Glas"],
    description="Eine Urnenvase aus Glas von Lenox, 7 Zoll hoch.",
)
GPSR = "eu-gpsr."


def profile(**changes: object) -> SellerProfile:
    return read_seller_profile(EXAMPLE, LIMITS).model_copy(update=changes)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "seller.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_profile_reads_with_an_eu_responsible_person() -> None:
    read = read_seller_profile(EXAMPLE, LIMITS)
    assert read.identifier == "sku"
    assert read.eu_responsible_person is not None
    assert "\n" not in read.manufacturer.postal_address
    assert read.manufacturer.electronic_address.endswith(".example.com")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("manufacturer: {name: X}\n", "field manufacturer.postal_address: Field required"),
        (
            "manufacturer: {name: X, postal_address: 'a', electronic_address: 'nope'}\n",
            "field manufacturer.electronic_address: Value error, not an e-mail",
        ),
        ("manufacturer: [1, 2]\n", "field manufacturer: Input should be"),
        ("seller: X\n", "field manufacturer: Field required"),
        ("manufacturer: {name: 'a\n", "not valid YAML at line"),
        ("- a\n- b\n", "a seller profile must be a YAML mapping"),
        ("", "a seller profile must be a YAML mapping"),
    ],
)
def test_a_bad_profile_is_refused_in_one_line_naming_file_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SellerProfileError) as refused:
        read_seller_profile(path, LIMITS)
    message = str(refused.value)
    assert message.startswith(f"{path}: ") and expected in message
    assert "\n" not in message


def test_a_profile_over_the_seller_limits_is_refused(tmp_path: Path) -> None:
    long_name = "x" * (LIMITS.field_chars + 1)
    text = EXAMPLE.read_text(encoding="utf-8").replace("Harrowgate Home & Kitchen Ltd", long_name)
    with pytest.raises(SellerProfileError, match=r"field manufacturer\.name: Value error, longer"):
        read_seller_profile(write(tmp_path, text), LIMITS)
    small = InputLimits(record_bytes=100)
    with pytest.raises(SellerProfileError, match="longer than 100 bytes"):
        read_seller_profile(EXAMPLE, small)
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe")
    with pytest.raises(SellerProfileError, match="not valid UTF-8 at byte 1"):
        read_seller_profile(binary, LIMITS)


def test_profile_values_become_seller_attributes() -> None:
    merged = with_profile(VASE, profile()).attributes
    assert merged["height"] == "7 inch"
    assert merged["manufacturer"] == "Harrowgate Home & Kitchen Ltd"
    assert merged["manufacturer address"].endswith(", United Kingdom")
    assert merged["manufacturer electronic address"].endswith("@harrowgate-home.example.com")
    assert merged["eu responsible person"].startswith("Kranich Produktsicherheit GmbH, ")
    assert merged["eu responsible person electronic address"].startswith("gpsr@")
    assert merged["product identifier"] == "V-7"


def test_a_records_own_value_wins_under_any_name_the_pack_reads() -> None:
    own = VASE.model_copy(
        update={
            "attributes": {
                "Manufacturer Name": "Lenox Corporation",
                "GTIN": "9520000000122",
                "eu responsible person": "Vase Import GmbH, Hauptstr. 1, 10115 Berlin",
            }
        }
    )
    merged = with_profile(own, profile()).attributes
    assert "manufacturer" not in merged and "product identifier" not in merged
    assert merged["eu responsible person"] == "Vase Import GmbH, Hauptstr. 1, 10115 Berlin"
    assert "manufacturer address" in merged  # the record does not state it


def test_the_identifier_comes_from_the_named_attribute_when_the_record_has_it() -> None:
    asin = VASE.model_copy(update={"attributes": {"ASIN": "B0047BNBHW"}})
    assert with_profile(asin, profile(identifier="asin")).attributes["product identifier"] == (
        "B0047BNBHW"
    )
    assert "product identifier" not in with_profile(VASE, profile(identifier="asin")).attributes


def test_without_a_profile_the_product_is_unchanged() -> None:
    assert with_profile(VASE, None) is VASE


def test_seller_yaml_names_what_the_gpsr_pack_reads() -> None:
    (pack,) = [p for p in load_packs() if p.pack == "eu-gpsr"]
    art19abc = [
        r
        for r in pack.rules
        if r.id.startswith(("eu-gpsr.art19.", "eu-gpsr.art19a", "eu-gpsr.art19b"))
    ]
    read = [tuple(item["attributes"]) for rule in art19abc for item in rule.params["items"]]
    assert set(read) <= {tuple(d["stated"]) for d in DISCLOSURES.values()}
    assert all(d["attribute"] in d["stated"] for d in DISCLOSURES.values())


def gpsr(product: Product, draft: Draft, category_id: str | None = None) -> list:
    attributes = seller_attributes(product)
    found = check_listing(
        draft,
        product,
        attributes,
        "de-DE",
        Settings(),
        checks=Checks.POLICIES,
        category_id=category_id,
    ).findings
    return [f for f in found if f.rule_id.startswith(GPSR)]


def test_the_gpsr_pack_passes_with_the_profile_and_holds_without() -> None:
    held = gpsr(VASE, DRAFT)
    # name, postal address, responsible person and its postal address, identifier and both
    # electronic addresses
    assert len(held) == 7 and all(f.fix == "none" for f in held)  # a person must supply them

    product = with_profile(VASE, profile())
    appended = gpsr(product, DRAFT)
    assert len(appended) == 4 and all(f.fix == "append" for f in appended)
    fixed, _ = apply_fixes(DRAFT, appended)
    assert "Verantwortliche Person in der EU: Kranich Produktsicherheit GmbH" in fixed.description
    assert gpsr(product, fixed) == []
    facts = check_listing(
        fixed, product, seller_attributes(product), "de-DE", Settings(), checks=Checks.FACTS
    ).findings
    assert facts == []  # the disclosed addresses and identifiers are not claims to check


def valid_gtin(code: str) -> bool:
    """GS1's check digit: weights 3, 1, 3, ... from the digit left of it."""
    digits = [int(d) for d in code]
    total = sum(d * (1 if i % 2 else 3) for i, d in enumerate(reversed(digits[:-1])))
    return len(code) in (8, 12, 13, 14) and (10 - total % 10) % 10 == digits[-1]


def test_valid_gtin_reads_check_digits() -> None:
    assert valid_gtin("4006381333931") and not valid_gtin("4006381333932")
    assert valid_gtin("036000291452")  # a UPC-A


def test_the_example_catalogue_passes_the_gpsr_once_disclosed() -> None:
    products, _ = read_catalog(Path("examples/catalog.jsonl"), Settings())
    outside = []
    for product in products:
        category = match_category(product, seller_attributes(product)).id
        draft = Draft(title=product.title, description=product.description)
        found = gpsr(product, draft, category)
        if not found and gpsr(product, draft):
            outside.append(product.sku)  # held without its taxonomy branch, passes with it
            continue
        assert all(f.fix == "append" for f in found), product.sku
        assert valid_gtin(product.attributes["gtin"]), product.sku
        fixed, _ = apply_fixes(draft, found)
        assert gpsr(product, fixed, category) == []
        facts = [fact_rules(product, d) for d in (draft, fixed)]
        assert facts[0] == facts[1], product.sku  # the disclosure adds no claim to check
    assert outside == ["B0000GHNT0"]  # the hot sauce is food: outside the GPSR (Art. 2(2)(b))


def fact_rules(product: Product, draft: Draft) -> list[str]:
    found = check_listing(
        draft, product, seller_attributes(product), "de-DE", Settings(), checks=Checks.FACTS
    ).findings
    return [f.rule_id for f in found]


def test_the_draft_prompt_never_sees_the_profiles_legal_data() -> None:
    # eval listing run: with the profile the model wrote "Manufacturer: Harrowgate Home &
    # Kitchen Ltd" as whole descriptions; every disclosure attribute is kept out of the prompt.
    legal = set(load_prompt("draft")["legal_attributes"])
    assert {d["attribute"] for d in DISCLOSURES.values()} <= legal
    product = with_profile(
        Product(sku="s1", title="Oval rug", attributes={"shape": "oval"}), profile()
    )
    block = facts_block(product, seller_attributes(product))
    assert "Harrowgate" not in block and "Kranich" not in block
    assert "- shape: oval" in block
