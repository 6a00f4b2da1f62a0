"""Claims outside the product's category: sizes, footwear and garments where they cannot be."""

from __future__ import annotations

import pytest

from listingsmith.domain import Attribute, Draft
from listingsmith.facts.fit import RULE_ID, outside_category_findings
from listingsmith.facts.verify import fact_findings

VASE, CURTAIN, SHOES = "hg-3-67", "hg-3-74-1", "aa-8"


@pytest.mark.parametrize(
    ("locale", "bullet", "flagged"),
    [
        ("ja-JP", "円形形体靴、サイズ42", ["サイズ42", "靴"]),
        ("de-DE", "Blaues Leder, Größe 42", ["Größe 42"]),
        ("en-US", "Round shoe, size 42", ["size 42", "shoe"]),
        ("fr-FR", "Chaussure ronde, taille 42", ["taille 42", "Chaussure"]),
        ("es-ES", "Zapato redondo, talla 42", ["talla 42", "Zapato"]),
        ("it-IT", "Scarpa rotonda, taglia 42", ["taglia 42", "Scarpa"]),
        ("zh-CN", "圆形鞋，42码", ["42码", "鞋"]),
    ],
)
def test_a_shoe_and_its_size_in_a_vase_listing_are_flagged(
    locale: str, bullet: str, flagged: list[str]
) -> None:
    draft = Draft(title="-", bullets=[bullet])
    found = outside_category_findings(draft, VASE, locale)
    assert sorted(bullet[f.span[0] : f.span[1]] for f in found) == sorted(flagged)
    assert {(f.rule_id, f.field) for f in found} == {(RULE_ID, "bullets[0]")}


def test_the_de_curtain_s_size_is_flagged_through_the_fact_check() -> None:
    draft = Draft(title="Vorhang", bullets=["Blaues Leder, Größe 42"])
    found = fact_findings(draft, [], "de-DE", 0.05, "en", category_id=CURTAIN)
    assert [f.rule_id for f in found if f.rule_id == RULE_ID] == [RULE_ID]


def test_without_a_category_the_fact_check_is_as_before() -> None:
    draft = Draft(title="Vorhang", bullets=["Größe 42"])
    assert RULE_ID not in {f.rule_id for f in fact_findings(draft, [], "de-DE", 0.05, "en")}


def test_sizes_and_shoes_fit_apparel_and_a_shoe_rack_may_name_shoes() -> None:
    size = Attribute(name="size", value="42", source="seller", confidence=1.0)
    shoe = Draft(title="Shoe", bullets=["Size 42"])
    assert outside_category_findings(shoe, SHOES, "en-US") == []
    assert fact_findings(shoe, [size], "en-US", 0.05, "en", category_id=SHOES) == []
    rack = Draft(title="Shoe rack for 12 pairs of shoes")
    assert outside_category_findings(rack, "hg-10-16-1-6-2", "en-US") == []


def test_a_measure_is_not_a_size() -> None:
    assert outside_category_findings(Draft(title="Vase, size 20 cm"), VASE, "en-US") == []
