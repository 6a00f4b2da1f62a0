"""A scent's or flavour's own name stays the seller's in zh (and ja where the lexicon has no
katakana for it), in the language's quotation marks (values.yaml named_values): the demo's
candle read "香味为果园" ("its scent is an orchard") for its fragrance "Orchards"."""

from __future__ import annotations

import pytest

from listingsmith.checks.listing import check_listing
from listingsmith.compose import attribute_lines, compose_description, compose_listing
from listingsmith.compose.lexicon import is_known, render_value
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Product

CANDLE = Product(sku="c", title="Orchards Jar Candle", brand="A Cheerful Giver")
CANDLE_CATEGORY = "hg-3-40-2"


def seller(**values: str) -> list[Attribute]:
    return [
        Attribute(name=n.replace("_", " "), value=v, source="seller", confidence=1.0)
        for n, v in values.items()
    ]


def test_a_fragrance_s_name_stays_the_seller_s_in_chinese() -> None:
    facts = seller(Scent="orchards")
    lines = attribute_lines(CANDLE, facts, "zh-CN", 5, category=CANDLE_CATEGORY)
    assert lines == ["香味：“Orchards”"]
    text = compose_description(CANDLE, facts, "蜡烛", "zh-CN", category=CANDLE_CATEGORY)
    assert "香味为“Orchards”" in text
    assert "果园" not in text


def test_japanese_keeps_the_katakana_name() -> None:
    lines = attribute_lines(CANDLE, seller(Scent="orchards"), "ja-JP", 5)
    assert lines == ["香り：オーチャード"]


@pytest.mark.parametrize(
    ("name", "value", "language", "expected"),
    [
        ("Flavor", "Velvet Moon", "zh", "“Velvet Moon”"),
        ("Flavor", "dukale's blend", "zh", "“Dukale's Blend”"),
        ("Scent", "Velvet Moon", "ja", "「Velvet Moon」"),
        ("Flavor", "Vanilla", "zh", "香草"),  # a lexicon entry is a flavour, translated
        ("Flavor", "Assorted", "zh", "什锦"),
        ("Scent", "Velvet Moon", "de", None),  # elsewhere a name is left out, as before
        ("Color", "Granite Sky", "zh", None),  # colours are not names here
    ],
)
def test_names_by_data(name: str, value: str, language: str, expected: str | None) -> None:
    assert render_value(name, value, language) == expected


def test_the_quoted_name_passes_the_checks() -> None:
    settings = Settings()
    facts = seller(Scent="orchards", Color="orange")
    draft = compose_listing(
        CANDLE, facts, "蜡烛", "zh-CN", "amazon", settings.listing_limits, None, CANDLE_CATEGORY
    )
    found = check_listing(draft, CANDLE, facts, "zh-CN", settings, category_id=CANDLE_CATEGORY)
    assert [f.rule_id for f in found.findings if not f.rule_id.startswith("eu-gpsr")] == []


@pytest.mark.parametrize(
    ("name", "value", "language", "expected"),
    [
        ("Scent", "Lime", "ja", "ライム"),  # 「Lime」 in the ja-JP sample: a flavour, not a name
        ("Scent", "mint", "de", "Minze"),  # a scent says what the flavour says
        ("Flavor", "Lavender", "fr", "lavande"),
        ("Flavor", "Almond", "zh", "杏仁"),
    ],
)
def test_common_flavour_and_scent_words_are_translated(
    name: str, value: str, language: str, expected: str
) -> None:
    assert render_value(name, value, language) == expected
    assert is_known(name, value)
