"""The deterministic attribute extractors: identifiers, sizes, brands, learned values, and
answering dataset attribute names with evidence spans (several languages)."""

from __future__ import annotations

import pytest

from listingsmith.attributes.brands import first_words, leading_brand
from listingsmith.attributes.identifiers import find_gtins, find_identifiers
from listingsmith.attributes.named import named_attributes
from listingsmith.attributes.sizes import find_sizes
from listingsmith.attributes.vocabulary import find_known, normalize_value
from listingsmith.text.quantities import normalize


def surfaces(spans: list) -> list[str]:
    return [s.surface for s in spans]


def test_identifiers_skip_quantities_counts_and_years() -> None:
    text = "SEAPESCA 2018 Minnow Lure 150mm 9g 4Pcs/lot YA54"
    assert surfaces(find_identifiers(text)) == ["YA54"]
    assert surfaces(find_identifiers("317600-B21 HP Proliant NC3120 7.2K"))[:2] == [
        "317600-B21",
        "NC3120",
    ]
    assert surfaces(find_identifiers("Bunn TDS-3.5-0008 Tea Dispenser")) == ["TDS-3.5-0008"]


def test_gtins_are_8_or_12_to_14_digits() -> None:
    assert surfaces(find_gtins("UPC 095205742466, item 12345, EAN 4006381333931")) == [
        "095205742466",
        "4006381333931",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JSport Women's Tulsa Flat, Black/Grey, 6 M US", ["6 M US"]),
        ("Hiking boot EU 42", ["EU 42"]),
        ("Laufschuh Größe 42", ["Größe 42"]),
        ("Cotton Masks, One Size", ["One Size"]),
        ("Men's shirt XXL", ["XXL"]),
        ("Quadrille Pads, 8 1/2 x 11, White", ["8 1/2 x 11"]),
    ],
)
def test_sizes(text: str, expected: list[str]) -> None:
    assert surfaces(find_sizes(text)) == expected


def test_brand_guesses_from_the_start_of_a_title() -> None:
    assert surfaces(leading_brand("SEAPESCA Flexible Wobblers 150mm")) == ["SEAPESCA"]
    assert leading_brand("Flexible Wobblers by Seapesca") == []
    assert surfaces(first_words("Bob's Red Mill Steel Cut Oats", 2)) == ["Bob's Red"]


def test_known_values_are_word_bounded_and_case_insensitive() -> None:
    found = find_known("Ski Goggles UV400 Anti-fog, polarized", {"uv400": 0.7, "polarized": 0.4})
    assert [(s.surface, p) for s, p in found] == [("UV400", 0.7), ("polarized", 0.4)]
    assert find_known("UV4000 lamp", {"uv400": 0.7}) == []


def test_values_are_compared_normalised() -> None:
    assert normalize_value("  Navy   BLUE. ") == "navy blue"
    assert normalize_value("ＸＬ") == "xl"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Aqualo Trinkflasche aus Edelstahl, schwarz, 750 ml",
            "de",
            {"Color": "schwarz", "Material": "Edelstahl", "Volume": "750 ml"},
        ),
        (
            "Aqualo ステンレス ボトル 黒 500ml",
            "ja",
            {"Color": "黒", "Material": "ステンレス", "Volume": "500ml"},
        ),
        (
            "Gourde Aqualo en acier inoxydable, noire, 0,75 l",
            "fr",
            {"Color": "noire", "Material": "acier inoxydable", "Volume": "0,75 l"},
        ),
    ],
)
def test_named_attributes_in_several_languages(
    text: str, language: str, expected: dict[str, str]
) -> None:
    found = named_attributes(text, list(expected), language=language, min_confidence=0.0)
    assert {a.name: a.value for a in found} == expected
    for attribute in found:
        assert attribute.span is not None
        assert normalize(text)[slice(*attribute.span)] == attribute.evidence
        assert 0.0 < attribute.confidence <= 1.0


def test_seller_brand_wins_over_text_guesses() -> None:
    found = named_attributes("SEAPESCA Minnow Lure", ["Brand"], seller_brand="Seapesca Co")
    assert [(a.value, a.source, a.confidence) for a in found] == [("Seapesca Co", "seller", 1.0)]


def test_one_value_per_name_and_nothing_for_unanswerable_names() -> None:
    text = "SEAPESCA Flexible Minnow Fishing Lure 150mm 9g Hard Bait YA54"
    found = named_attributes(text, ["Length", "Weight", "Model Number", "Neckline"], "Lure")
    by_name = {a.name: a.value for a in found}
    assert by_name["Length"] == "150mm"
    assert by_name["Weight"] == "9g"
    assert "Neckline" not in by_name
    assert len(found) == len(by_name)


def test_text_attributes_add_identity_from_the_title() -> None:
    from listingsmith.attributes.text import text_attributes
    from listingsmith.domain import Product

    product = Product(sku="n1", title="HP 317600-B21 network card, UPC 095205742466", brand="HP")
    found = {a.name: a.value for a in text_attributes(product)}
    assert found["model number"] == "317600-B21"
    assert found["gtin"] == "095205742466"
    assert "brand" not in found  # the seller's brand field is seller_attributes' job


def test_values_keep_the_case_they_are_written_in() -> None:
    # Counts are found in lower-cased text; the answer is the text as written.
    found = named_attributes("Espresso Pods, Pack of 3", ["Pack size"], min_confidence=0.0)
    assert [(a.value, a.span) for a in found] == [("Pack of 3", (15, 24))]


def test_brand_after_by_and_counts_per_box_are_not_part_numbers() -> None:
    from listingsmith.attributes.brands import by_brand

    text = "Paper Clip, Silver, 100/Box, Clip by ACCO ACC72380"
    assert surfaces(by_brand(text)) == ["ACCO"]
    assert surfaces(by_brand("Folder by Martin Yale PREP6400")) == ["Martin Yale"]
    assert surfaces(find_identifiers(text)) == ["ACC72380"]


def test_per_box_counts_are_count_claims() -> None:
    from listingsmith.text.claims import extract_claims

    counts = [
        (c.surface, c.value) for c in extract_claims("Clips, 100/Box", "en") if c.kind == "count"
    ]
    assert counts == [("100/box", "100")]


def test_a_known_value_is_never_read_inside_a_number() -> None:
    from listingsmith.attributes.vocabulary import find_known

    known = {"5 m us": 1.0, "2-tb": 1.0, "24": 1.0}
    assert find_known("Oxford,5.5 M US", known) == []
    assert find_known("Dell 1.2-TB SAS", known) == []
    assert find_known("Toner (24,000 Yield)", known) == []
    assert [s.surface for s, _ in find_known("pack of 24, size 5 M US.", known)] == [
        "24",
        "5 M US",
    ]


def test_a_brand_of_two_words_or_more_before_the_audience_that_starts_a_title() -> None:
    from listingsmith.attributes.brands import audience_brand

    assert surfaces(audience_brand("Allen Edmonds Men's Grayson Tassel Loafer")) == [
        "Allen Edmonds"
    ]
    assert surfaces(audience_brand("Breathe Healthy Adult Size Face Mask")) == ["Breathe Healthy"]
    assert surfaces(audience_brand("Calvin Klein for Women Eau de Parfum")) == ["Calvin Klein"]
    assert audience_brand("Nike Men's Shoe") == []  # one word: the first word's guess
    assert audience_brand("2018 New Men Caps") == []  # a number starts no brand
    assert audience_brand("Acme Kettle Mentor Edition") == []  # "Men" inside a word
    assert audience_brand("Big Soft Warm Cosy Fleece Women Jacket") == []  # five words: too long


def test_the_brand_before_the_audience_is_measured_per_name_and_wins_where_precise() -> None:
    # values.yaml: precise for OA-Mine's "Brand", not for AE-110k's one-word "Brand Name".
    title = "Allen Edmonds Men's Grayson Tassel Loafer,Black,9 D"
    (brand,) = named_attributes(title, ["Brand"], "Shoes")
    assert brand.value == "Allen Edmonds"
    assert [a.value for a in named_attributes(title, ["Brand Name"], "Shoes")] != ["Allen Edmonds"]


def test_a_known_value_inside_a_longer_find_gives_way_to_it() -> None:
    from listingsmith.attributes.named import Extraction, candidates

    title = "Ellie Shoes Women's 557-eden, Black, 12 M US"
    found = candidates(Extraction(title, "en", None), "Size", "Shoes")
    # values.yaml knows "12 M" (the train gold), but here it is part of the size "12 M US".
    assert [(c.kind, c.found.surface) for c in found] == [("shoe_size", "12 M US")]
    (size,) = named_attributes(title, ["Size"], "Shoes")
    assert size.value == "12 M US"
    # Alone, the known value still answers.
    assert [a.value for a in named_attributes("Clog, Black, 12 M", ["Size"], "Shoes")] == ["12 M"]


def _colours(title: str, brand: str | None) -> list[str]:
    from listingsmith.attributes.text import text_attributes
    from listingsmith.domain import Product

    found = text_attributes(Product(sku="b1", title=title, brand=brand))
    return [a.value for a in found if a.name == "color"]


def test_a_colour_inside_the_seller_s_brand_is_not_the_product_s() -> None:
    assert _colours("Bob's Red Mill Steel Cut Oats, 24 Ounce", "Bob's Red Mill") == []


def test_a_colour_outside_the_brand_still_reads() -> None:
    assert set(_colours("Red Bob's Red Mill Mug", "Bob's Red Mill")) == {"red"}
    assert set(_colours("Bob's Red Mill Mug, Red Enamel", "Bob's Red Mill")) == {"red"}
    assert set(_colours("Red Mug by Lumo", "Lumo")) == {"red"}


def test_a_colour_inside_a_known_brand_that_starts_the_title_is_not_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from listingsmith.attributes import brands, text
    from listingsmith.text.spans import Span

    def fake_known(title: str) -> list[tuple[Span, float]]:
        start = title.find("Bob's Red Mill")
        return [(Span("Bob's Red Mill", (start, start + 14)), 0.9)] if start >= 0 else []

    monkeypatch.setattr(brands, "known_brands", fake_known)
    monkeypatch.setattr(text, "known_brands", fake_known)
    assert _colours("Bob's Red Mill Steel Cut Oats", None) == []
    # A known brand elsewhere in the title is not the title's brand prefix.
    assert set(_colours("Red Oats from Bob's Red Mill", None)) == {"red"}


def test_model_and_tagger_values_read_inside_the_brand_are_dropped() -> None:
    from listingsmith.attributes.brands import outside_brands
    from listingsmith.domain import Attribute

    def read(name: str, value: str, source: str = "model") -> Attribute:
        return Attribute(name=name, value=value, source=source, evidence=value, confidence=0.8)

    found = [
        read("Color", "Red"),
        read("Flavor", "Mill"),
        read("Color", "Red", source="seller"),
        read("brand", "Bob's Red Mill"),
        read("Material", "oak"),
        read("Brand Name", "Bob's Red Mill"),
    ]
    kept = outside_brands(found, ["Bob's Red Mill Oats, in a box"], ["Bob's Red Mill"])
    assert [(a.name, a.source) for a in kept] == [
        ("Color", "seller"),
        ("brand", "model"),
        ("Material", "model"),  # its evidence is nowhere in the texts: not judged here
        ("Brand Name", "model"),  # the whole brand is the brand
    ]
    assert outside_brands(found, ["Bob's Red Mill Oats"], []) == found
