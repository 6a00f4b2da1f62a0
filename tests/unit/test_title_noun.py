"""adequacy.title-noun: a translated model-written description names the product by its title's
noun (the locale's taxonomy noun), its head or a synonym, in any inflection; a calque ("Ein
traditionelles Pudding-Bassin" under "Rührschüssel") or the noun said only as a shape ("Une
urne en verre à forme de vase") goes back through the fix loop to the composed description."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from evals.title_noun import sent_back
from listingsmith.checks.fallback import replaceable, with_fallback
from listingsmith.checks.listing import check_listing
from listingsmith.checks.title_noun import TITLE_NOUN_RULE, noun_targets, title_noun_findings
from listingsmith.config import Settings
from listingsmith.domain import Draft, Product, Severity
from listingsmith.text import stems

BOWLS, VASES, HOT_SAUCE = "hg-11-8-50", "hg-3-67", "fb-2-4-8"  # their taxonomy ids
BOWL = Product(
    sku="B000YJD7PC",
    title="Kitchen Craft Traditional Pudding Basin, 0.3 L",
    brand="Kitchen Craft",
    category_id=BOWLS,
)
SAUCE = Product(sku="B0000GHNT0", title="El Yucateco Chile Hot Sauce", category_id=HOT_SAUCE)
CURTAIN = Product(sku="B006LWG0BE", title="Curtain Panel Pair", category_id="hg-3-74-1")
VASE = Product(sku="B0047BNBHW", title="Lenox Urn Vase, Glass", brand="Lenox", category_id=VASES)
PET_COAT = Product(sku="B07PETCOAT", title="Waterproof Dog Coat", category_id="ap-2-6-3")


def _rules(product: Product, locale: str, description: str) -> list[str]:
    draft = Draft(title="t", description=description, origins={"title": "data"})
    return [f.rule_id for f in title_noun_findings(draft, product, locale)]


# (product, locale, description, names the product): per language a calque or another noun
# (no), the noun, an inflected form and, in German, a closed compound (yes).
CASES = [
    (BOWL, "de-DE", "Ein traditionelles Pudding-Bassin von Kitchen Craft, 11,5 cm breit.", False),
    (BOWL, "de-DE", "Eine traditionelle Rührschüssel von Kitchen Craft.", True),
    (BOWL, "de-DE", "Eine traditionelle Puddingschüssel von Kitchen Craft.", True),  # compound
    (BOWL, "de-DE", "Zwei Schüsseln von Kitchen Craft.", True),  # inflected head
    (CURTAIN, "de-DE", "Zwei blaue Verdunkelungsvorhänge, je 140 x 245 cm.", True),  # both
    (CURTAIN, "de-DE", "Zwei Vorhänge mit Ösen.", True),  # an umlaut plural
    (CURTAIN, "de-DE", "Zwei Gummibänder für Wohnzimmer.", False),
    (BOWL, "fr-FR", "Un récipient traditionnel de pudding par Kitchen Craft.", False),
    (BOWL, "fr-FR", "Un bol mélangeur traditionnel de Kitchen Craft.", True),
    (BOWL, "fr-FR", "Deux bols traditionnels de Kitchen Craft.", True),  # inflected
    (BOWL, "fr-FR", "Un saladier de Kitchen Craft.", True),  # the bowl's other form
    (VASE, "fr-FR", "Une urne en verre à forme de vase de jardin, de Lenox.", False),
    (VASE, "fr-FR", "Une urne à vase en verre de jardin, 17,8 cm de haut.", False),  # the demo's
    (VASE, "fr-FR", "Un vase en verre en forme d'urne, de Lenox.", True),
    (VASE, "de-DE", "Ein Ständer für Vasen von Lenox.", False),
    (VASE, "de-DE", "Eine Glasvase von Lenox.", True),  # compound
    (VASE, "fr-FR", "Deux vases en verre de Lenox.", True),
    (BOWL, "es-ES", "Un recipiente tradicional para pudín de Kitchen Craft.", False),
    (BOWL, "es-ES", "Dos cuencos tradicionales de Kitchen Craft.", True),  # inflected
    (VASE, "it-IT", "Un'urna di vetro di Lenox.", False),
    (VASE, "it-IT", "Un vaso di vetro di Lenox.", True),
    (BOWL, "ja-JP", "Kitchen Craftの伝統的なプリン型です。", False),
    (BOWL, "ja-JP", "Kitchen Craftの伝統的なボウルです。", True),
    (VASE, "ja-JP", "Lenoxの骨壺です。", False),
    (VASE, "ja-JP", "Lenoxのガラスの花瓶です。", True),
    (VASE, "ja-JP", "Lenoxの花瓶用の台です。", False),
    (VASE, "zh-CN", "这是Lenox的花瓶形玻璃瓮。", False),  # a vase only as the urn's shape
    (VASE, "zh-CN", "这是Lenox的玻璃花瓶。", True),
    (BOWL, "zh-CN", "这是Kitchen Craft的布丁盆。", False),
    (BOWL, "zh-CN", "这是Kitchen Craft的碗。", True),  # the head of 搅拌碗
    (SAUCE, "ja-JP", "El Yucatecoの赤いホットソースです。", True),  # a listed synonym
    (SAUCE, "zh-CN", "El Yucateco 红辣椒酱。", True),  # a listed synonym
    (SAUCE, "zh-CN", "El Yucateco 红辣椒。", False),
    # "Mantel für Haustiere": its head is the coat, not the pets of its complement.
    (PET_COAT, "de-DE", "Ein wasserdichter Hundemantel in Rot.", True),
    (PET_COAT, "de-DE", "Ein wasserdichtes Geschirr für Haustiere.", False),
]


@pytest.mark.parametrize(("product", "locale", "description", "names"), CASES)
def test_a_translation_must_name_the_product_by_its_title_s_noun(
    product: Product, locale: str, description: str, names: bool
) -> None:
    assert _rules(product, locale, description) == ([] if names else [TITLE_NOUN_RULE])


def test_the_targets_are_the_noun_its_compound_head_and_its_concept_s_forms() -> None:
    assert noun_targets("Rührschüssel", "de") == ["Rührschüssel", "Schüssel"]
    assert noun_targets("Bol mélangeur", "fr") == ["Bol", "saladier"]
    assert noun_targets("搅拌碗", "zh") == ["搅拌碗", "碗"]
    assert noun_targets("Florero", "es") == ["Florero", "jarrón"]  # listed in adequacy.yaml
    assert noun_targets("Mantel für Haustiere", "de")[0] == "Mantel"  # head before complement
    assert stems.compound_head("Verdunkelungsvorhänge", "de") == "Vorhänge"
    assert stems.compound_head("Bol", "fr") is None  # French writes no closed compounds


def test_the_source_language_s_own_rewrite_and_data_text_are_not_judged() -> None:
    """en-US "A traditional pudding basin" is good English (adequacy.unnamed-product judges
    the pivot); a composed description is the data's."""
    assert _rules(BOWL, "en-US", "A traditional pudding basin by Kitchen Craft.") == []
    composed = Draft(title="t", description="Pudding-Bassin.", origins={"description": "data"})
    assert title_noun_findings(composed, BOWL, "de-DE") == []
    unknown = BOWL.model_copy(update={"category_id": None})
    assert _rules(unknown, "de-DE", "Ein Pudding-Bassin.") == []


def test_a_miss_goes_back_through_the_fix_loop_and_ends_in_the_composed_text() -> None:
    listing = Draft(
        title="Kitchen Craft Rührschüssel, 0,3 l",
        bullets=["Fassungsvermögen: 0,3 l"],
        description="Ein traditionelles Pudding-Bassin von Kitchen Craft.",
        origins={"title": "data", "bullets[0]": "data", "description": "model"},
    )
    findings = [
        f
        for f in check_listing(listing, BOWL, [], "de-DE", Settings()).findings
        if f.rule_id == TITLE_NOUN_RULE
    ]
    assert [(f.field, f.severity, f.fixable) for f in findings] == [
        ("description", Severity.FIX, True)
    ]
    assert replaceable(listing, findings) == ["description"]
    composed = Draft(title="t", description="Rührschüssel von Kitchen Craft.")
    fixed = with_fallback(listing, ["description"], composed)
    assert fixed.description == composed.description
    assert fixed.origins["description"] == "data"


def test_the_eval_counts_the_attempts_the_rule_sent_back(tmp_path: Path) -> None:
    """evals.title_noun reads the audit log's check events: an attempt with the rule open on
    the description counts, alone when no other open finding is there; fixed or warn ones and
    other fields do not."""

    def finding(rule: str, field: str = "description", **more: object) -> dict[str, object]:
        return {"rule_id": rule, "field": field, "severity": "fix", **more}

    events = [
        [finding(TITLE_NOUN_RULE)],
        [finding(TITLE_NOUN_RULE), finding("adequacy.dropped-product")],
        [finding(TITLE_NOUN_RULE, fixed=True)],
        [finding(TITLE_NOUN_RULE, "title")],
        [],
    ]
    with sqlite3.connect(tmp_path / "audit.sqlite") as db:
        db.execute("create table events (node text, payload text)")
        db.executemany(
            "insert into events values ('checks', ?)",
            [(json.dumps({"findings": found}),) for found in events],
        )
    assert sent_back(tmp_path / "audit.sqlite") == {
        "attempts_sent_back": 2,
        "attempts_sent_back_by_it_alone": 1,
    }
