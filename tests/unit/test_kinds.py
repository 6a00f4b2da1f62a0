"""adequacy.unsupported-kind (a container, tableware or shape the product data does not name)
and adequacy.dropped-product (a translation that leaves out what the product is)."""

from __future__ import annotations

import pytest

from listingsmith.checks.fallback import replaceable
from listingsmith.checks.kinds import (
    DROPPED_RULE,
    KIND_RULE,
    dropped_findings,
    grounded_concepts,
    kind_findings,
    named_concepts,
)
from listingsmith.checks.listing import Checks, check_listing
from listingsmith.config import Settings
from listingsmith.domain import Draft, Product

# The demo's hot sauce (examples/catalog.jsonl): a bottle, which the German draft called a spoon.
SAUCE = Product(
    sku="B0000GHNT0",
    title="El Yucateco Chile Hot Sauce Bottle, Red, 8 Ounce",
    description="Red chile hot sauce from El Yucateco in an 8 ounce bottle.",
    brand="El Yucateco",
    category="Hot Sauce",
    attributes={"color": "red", "net weight": "8 oz", "container": "bottle"},
)
SAUCE_PIVOT = Draft(
    title="El Yucateco Hot Sauce, Red",
    description="Red chile hot sauce from El Yucateco in an 8 ounce bottle.",
)
SAUCE_DE = "El Yucateco Red Chili-Hot Sauce aus El Yucateco in einem 226,8 g-Löffel."
# The demo's candle: its French draft says neither "bougie" nor anything for "candle".
CANDLE = Product(
    sku="B00BSBV0GI",
    title="A Cheerful Giver Orchards 24 oz. Jar Candle, Orange",
    description="An orange jar candle with an orchard scent, 24 oz.",
    brand="A Cheerful Giver",
)
CANDLES = "hg-3-40-2"  # Home & Garden > Decor > Candles
CANDLE_PIVOT = Draft(title="", description="An orange jar candle with an orchard scent, 24 oz.")
CANDLE_FR = "Une jarre à orange avec une odeur de jardin, 680,4 g."
MIRROR = Product(sku="M-1", title="Round Wall Mirror, 60 cm", description="A round wall mirror.")
MIRRORS = "hg-3-47"  # Home & Garden > Decor > Mirrors
MIRROR_PIVOT = Draft(title="", description="The round mirror is the right choice for any room.")


def _described(text: str) -> Draft:
    return Draft(title="", description=text)


def _rules(findings: list) -> list[str]:
    return [f.rule_id for f in findings]


def test_a_container_the_product_data_does_not_name_is_caught() -> None:
    (finding,) = kind_findings(_described(SAUCE_DE), SAUCE, SAUCE_PIVOT, "de-DE")
    assert finding.rule_id == KIND_RULE and finding.fix == "fallback"
    assert '"Löffel"' in finding.message and finding.field == "description"
    # The same sentence with the bottle it is: nothing to say.
    bottle = SAUCE_DE.replace("g-Löffel", "g-Flasche")
    assert kind_findings(_described(bottle), SAUCE, SAUCE_PIVOT, "de-DE") == []


def test_the_check_runs_with_adequacy_and_its_fix_is_the_data_composed_text() -> None:
    listing = _described(SAUCE_DE)
    checked = check_listing(listing, SAUCE, [], "de-DE", Settings(), SAUCE_PIVOT, Checks.ADEQUACY)
    assert KIND_RULE in _rules(checked.findings)
    assert replaceable(listing, checked.findings) == ["description"]


def test_composed_and_appended_text_is_not_judged() -> None:
    composed = Draft(title="", description=SAUCE_DE, origins={"description": "data"})
    assert kind_findings(composed, SAUCE, SAUCE_PIVOT, "de-DE") == []
    # A disclosure that policy packs append ("Label: value") is data, not the model's.
    appended = "Scharfe Soße in der Flasche. Zutaten: Salz, 1 Löffel Zucker."
    assert kind_findings(_described(appended), SAUCE, SAUCE_PIVOT, "de-DE") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Durchmesser: 11,5 cm, mit Steckdose", "de"),  # a knife and a can inside other words
        ("Il nie avoir accepté un pot-de-vin.", "fr"),  # a bribe, no pot
        ("磁石はマグネットです。ビンテージのトレーニング。", "ja"),  # magnet, vintage, training
        ("可用洗碗机清洗。", "zh"),  # dishwasher safe, no bowl
        ("Covers 200 square feet, all year round.", "en"),  # a unit and a phrase, no shape
    ],
)
def test_words_inside_other_words_name_no_kind(text: str, language: str) -> None:
    assert named_concepts(text, language) == []


def test_a_shape_is_judged_in_japanese_against_the_product_in_any_language() -> None:
    # "The oval can surround every corner of the room", for a round mirror.
    oval = "楕円は、部屋の隅々を囲うことができる。"
    (finding,) = kind_findings(_described(oval), MIRROR, MIRROR_PIVOT, "ja-JP", MIRRORS)
    assert '"楕円"' in finding.message
    # 円形 is round: the English "round" supports it.
    round_ = "円形の鏡は、どの部屋にも合います。"
    assert kind_findings(_described(round_), MIRROR, MIRROR_PIVOT, "ja-JP", MIRRORS) == []
    # The longest form wins: 楕円形 is oval, not oval and round.
    assert [c for _, c, _ in named_concepts("楕円形の鏡", "ja")] == [frozenset({"oval"})]


def test_grounding_reads_every_language_and_german_compounds() -> None:
    assert grounded_concepts(["Einmachglas mit Deckel"]) >= {"jar"}
    assert grounded_concepts(["Pack of 12 cans"]) >= {"can"}
    assert grounded_concepts(["スプーン付き"]) >= {"spoon"}
    assert "spoon" not in grounded_concepts(["Hot sauce in a bottle"])


def test_a_translation_that_leaves_out_what_the_product_is_is_caught() -> None:
    listing = _described(CANDLE_FR)
    (finding,) = dropped_findings(listing, CANDLE, CANDLE_PIVOT, "fr-FR", CANDLES)
    assert finding.rule_id == DROPPED_RULE and finding.fix == "fallback"
    # Naming it by the taxonomy's noun, or by a word the lexicon translates "candle" to, is fine.
    for good in ("Une bougie orange au parfum de verger, 680,4 g.", "Une chandelle orange."):
        assert dropped_findings(_described(good), CANDLE, CANDLE_PIVOT, "fr-FR", CANDLES) == []
    # In Chinese: "round is 's choice" says no mirror.
    zh = _described("圆形是的选择。")
    assert _rules(dropped_findings(zh, MIRROR, MIRROR_PIVOT, "zh-CN", MIRRORS)) == [DROPPED_RULE]
    good_zh = _described("圆形镜子适合任何房间。")
    assert dropped_findings(good_zh, MIRROR, MIRROR_PIVOT, "zh-CN", MIRRORS) == []


def test_dropped_product_needs_a_category_a_translation_and_a_source_that_names_it() -> None:
    listing = _described(CANDLE_FR)
    assert dropped_findings(listing, CANDLE, CANDLE_PIVOT, "fr-FR", None) == []
    assert dropped_findings(listing, CANDLE, CANDLE_PIVOT, "en-US", CANDLES) == []
    unnamed = Draft(title="", description="Orange, with an orchard scent, 24 oz.")
    assert dropped_findings(listing, CANDLE, unnamed, "fr-FR", CANDLES) == []
    # The category id the graph knows (check_listing's) is the one used.
    checked = check_listing(
        listing, CANDLE, [], "fr-FR", Settings(), CANDLE_PIVOT, Checks.ADEQUACY, CANDLES
    )
    assert DROPPED_RULE in _rules(checked.findings)


def test_a_translation_that_names_only_a_modifier_of_the_product_drops_it() -> None:
    # The demo's hot sauce in Japanese: "pour El Yucateco's red-wine steamed fire's hot water
    # into a 226.8 g bottle". Its 熱 renders "hot" of "Hot Sauce", which named no sauce.
    sauces = "fb-2-4-8"  # Food Items > Condiments & Sauces > Hot Sauce
    garbled = _described("El Yucatecoの赤ワイン蒸し火の熱湯を 226.8 gの瓶に注いでください。")
    assert _rules(dropped_findings(garbled, SAUCE, SAUCE_PIVOT, "ja-JP", sauces)) == [DROPPED_RULE]
    for good, locale in [
        ("El Yucatecoの赤い唐辛子ソース、226.8 gの瓶入り。", "ja-JP"),
        ("Sauce piquante rouge d'El Yucateco, en bouteille de 226,8 g.", "fr-FR"),
        ("Rote Chilisauce von El Yucateco in einer 226,8-g-Flasche.", "de-DE"),
        ("El Yucateco红辣椒酱，226.8 g瓶装。", "zh-CN"),
    ]:
        assert dropped_findings(_described(good), SAUCE, SAUCE_PIVOT, locale, sauces) == []
