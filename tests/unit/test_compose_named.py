"""A scent's or flavour's own name stays the seller's in every language, in the language's
quotation marks (values.yaml named_values): the demo's candle read "香味为果园" ("its scent is
an orchard"), "Parfum verger", "Duftrichtung Obstgarten" for its fragrance "Orchards"."""

from __future__ import annotations

import pytest

from listingsmith.checks.listing import check_listing
from listingsmith.compose.describe import compose_description
from listingsmith.compose.facts import attribute_lines
from listingsmith.compose.lexicon import is_known, render_value
from listingsmith.compose.listing import compose_listing
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Product
from listingsmith.taxonomy.nouns import product_noun

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


@pytest.mark.parametrize(
    ("locale", "line", "said"),
    [
        ("de-DE", "Duft: „Orchards“", "Duftrichtung „Orchards“."),
        ("fr-FR", "Parfum : « Orchards »", "Parfum « Orchards »."),
        ("es-ES", "Aroma: «Orchards»", "Aroma «Orchards»."),
        ("it-IT", "Profumo: «Orchards»", "Profumo «Orchards»."),
        ("ja-JP", "香り：「Orchards」", "香りは「Orchards」"),
        ("en-US", "Scent: Orchards", "Orchards scent."),
    ],
)
def test_every_language_keeps_the_name_in_its_quotation_marks(
    locale: str, line: str, said: str
) -> None:
    """The name translated read "Parfum verger", "Aroma huerto frutal", "香り：オーチャード"."""
    facts = seller(Scent="orchards")
    assert attribute_lines(CANDLE, facts, locale, 5, category=CANDLE_CATEGORY) == [line]
    noun = product_noun(CANDLE_CATEGORY, locale[:2])
    text = compose_description(CANDLE, facts, noun, locale, category=CANDLE_CATEGORY)
    assert said in text


@pytest.mark.parametrize(
    ("name", "value", "language", "expected"),
    [
        ("Flavor", "Velvet Moon", "zh", "“Velvet Moon”"),
        ("Flavor", "dukale's blend", "zh", "“Dukale's Blend”"),
        ("Scent", "Velvet Moon", "ja", "「Velvet Moon」"),
        ("Flavor", "Vanilla", "zh", "香草"),  # a lexicon entry is a flavour, translated
        ("Flavor", "Assorted", "zh", "什锦"),
        ("Scent", "Velvet Moon", "de", "„Velvet Moon“"),  # was left out
        ("Flavor", "Velvet Moon", "fr", "« Velvet Moon »"),
        ("Scent", "Lavender", "de", "Lavendel"),  # a known term stays translated
        ("Color", "Granite Sky", "zh", None),  # colours are not names here
    ],
)
def test_names_by_data(name: str, value: str, language: str, expected: str | None) -> None:
    assert render_value(name, value, language) == expected


@pytest.mark.parametrize("locale", ["zh-CN", "ja-JP", "de-DE", "fr-FR", "es-ES", "it-IT"])
def test_the_quoted_name_passes_the_checks(locale: str) -> None:
    settings = Settings()
    facts = seller(Scent="orchards", Color="orange")
    noun = product_noun(CANDLE_CATEGORY, locale[:2])
    draft = compose_listing(
        CANDLE, facts, noun, locale, "amazon", settings.listing_limits, None, CANDLE_CATEGORY
    )
    found = check_listing(draft, CANDLE, facts, locale, settings, category_id=CANDLE_CATEGORY)
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


@pytest.mark.parametrize(
    ("value", "locale", "said"),
    [
        (
            "Fresh Citrus scent",
            "en-US",
            "Details – Scent: Fresh Citrus scent.",
        ),  # not "scent scent"
        ("Sweet & Spicy,", "en-US", "Details – Scent: Sweet & Spicy,."),  # not "Spicy, scent"
        ("Sweet & Spicy,", "de-DE", "Duftrichtung „Sweet & Spicy“."),  # its comma left out
        ("Baby Fresh", "en-US", "Baby Fresh scent."),
    ],
)
def test_a_name_is_said_in_a_sentence_where_it_reads_well(
    value: str, locale: str, said: str
) -> None:
    """A name passes the sentence's `known` condition where it reads well in the phrase."""
    text = compose_description(CANDLE, seller(Scent=value), "Candle", locale)
    assert text.endswith(said)
