"""Fibre claims judged against the composition (fibre_claims) and origin statements
(origin_statement): the textile packs' kinds."""

import pytest

from listingsmith.domain import Draft
from listingsmith.policies.engine import check_policies
from listingsmith.policies.kinds import KINDS
from listingsmith.policies.rules import RuleContext

FIBRES = {
    "en": ["cotton", "wool", "silk", "polyester", "acrylic"],
    "de": ["baumwolle", "wolle", "schurwolle", "seide"],
}
SAME = [["wool", "merino", "wolle", "schurwolle"]]
QUALIFIERS = {"en": ["pure", "all"], "de": ["rein", "reine", "reiner"]}
COMPOSITION = ["fibre composition", "fiber content"]


def hits(text: str, params: dict, language: str = "en", **attributes: str) -> list[str]:
    context = RuleContext(attributes=attributes, language=language)
    return [text[a:b] for (a, b), _ in KINDS["fibre_claims"](text, params, context)]


def purity(language: str = "en") -> dict:
    return {
        "check": "purity",
        "phrases": FIBRES[language],
        "same_fibre": SAME,
        "qualifiers": QUALIFIERS,
        "evidence": COMPOSITION,
    }


def test_a_pure_claim_fires_unless_the_composition_is_all_that_fibre() -> None:
    blend = {"fibre composition": "80% wool, 20% polyamide"}
    assert hits("Pure wool jumper", purity(), **blend) == ["Pure wool"]
    assert hits("Jumper, wool 100 %", purity(), **blend) == ["wool 100 %"]
    assert hits("All-cotton shirt", purity(), **blend) == ["All-cotton"]
    # without a stated composition there is nothing to judge by (the composition rule says so)
    assert hits("All-cotton shirt", purity()) == []
    assert hits("Pure wool jumper", purity(), **{"fiber content": "100% merino"}) == []
    # 100 % of another fibre is no proof
    assert hits("Pure silk scarf", purity(), **{"fiber content": "100% polyester"})
    # a qualifier that is not beside a fibre claims nothing
    assert hits("Pure white, all sizes, cotton", purity()) == []


def test_a_pure_claim_of_a_part_holds_where_that_part_is_all_that_fibre() -> None:
    parts = {"fibre composition": "shell: 100% cotton; fill: 100% polyester"}
    assert hits("Vest with 100% polyester fill", purity(), **parts) == []
    assert hits("Pure cotton shell, warm fill", purity(), **parts) == []
    # the whole product, or a part the composition does not give wholly of that fibre
    assert hits("100% cotton quilt", purity(), **parts) == ["100% cotton"]
    assert hits("100% cotton fill", purity(), **parts) == ["100% cotton"]
    german = {"fibre composition": "Obermaterial: 100 % Baumwolle; Futter: 100 % Polyester"}
    assert hits("Jacke, Obermaterial aus reiner Baumwolle", purity("de"), "de", **german) == []


def test_a_pure_claim_is_read_through_leetspeak_spacing_and_inflection() -> None:
    blend = {"fibre composition": "80 % Schurwolle, 20 % Polyamid"}
    assert hits("Pullover aus r31n3r Schurw0ll3", purity("de"), "de", **blend)
    assert hits("Aus 1 0 0  %  B a u m w o l l e", purity("de"), "de", **blend)
    assert (
        hits(
            "Reine Schurwolle aus Merino",
            purity("de"),
            "de",
            **{"fibre composition": "100 % Schurwolle"},
        )
        == []
    )


def test_a_qualifier_closed_up_with_a_fibre_name_is_a_pure_claim() -> None:
    """German writes "rein" and the fibre as one word, inflected ("Reinseidene Bluse")."""
    silk_blend = {"fibre composition": "90 % Seide, 10 % Elasthan"}
    assert hits("Reinseidene Bluse", purity("de"), "de", **silk_blend) == ["Reinseidene"]
    assert hits("Bluse aus Reinseide", purity("de"), "de", **silk_blend) == ["Reinseide"]
    assert hits("R31ns31d3n3 Bluse", purity("de"), "de", **silk_blend) == ["R31ns31d3n3"]
    wool = {"fibre composition": "100 % Schurwolle"}
    assert hits("Reinschurwolle und Reinwolle", purity("de"), "de", **wool) == []
    assert (
        hits("Reinseidene Bluse", purity("de"), "de", **{"fibre composition": "100 % Seide"}) == []
    )
    # a word that a qualifier opens but no fibre name closes claims nothing
    assert hits("Reinweiß, Reinigung der Seide", purity("de"), "de", **silk_blend) == []
    # English does not close compounds: the words stay apart
    assert hits("Puresilk scarf", purity(), **{"fiber content": "90% silk, 10% elastane"}) == []


def test_the_pack_runs_the_purity_rule_on_a_closed_compound_alone() -> None:
    """The closed compound opens the rule where no fibre name stands apart in the field."""
    context = RuleContext(
        attributes={"fibre composition": "90 % Seide, 10 % Elasthan"}, language="de"
    )
    draft = Draft(title="Bluse", bullets=["Reinseidene Bluse"], description="Bluse.")
    found, _ = check_policies(draft, "de-DE", "amazon", "Bekleidung > Damen > Blusen", context)
    assert "eu-textile.pure-fibre" in {f.rule_id for f in found}


def test_a_non_name_fires_only_where_it_gives_a_composition() -> None:
    params = {
        "check": "non_names",
        "phrases": ["bamboo", "microfiber"],
        "material_names": {"en": ["microfiber"]},
        "material_cues": {"en": ["made"]},
        "evidence": COMPOSITION,
    }
    assert hits("Soft fabric: 70% bamboo, 30% cotton", params) == ["bamboo"]
    assert hits("Made with soft microfiber", params) == ["microfiber"]
    assert hits("Bamboo laundry basket, 60 l", params) == []
    assert hits("Twelve microfiber cloths", params) == []
    assert hits("Made with a bamboo lid", params) == []  # bamboo is a wood, unless a share


def test_a_fibre_the_composition_lacks_fires_unless_denied() -> None:
    params = {
        "check": "absent",
        "phrases": FIBRES["en"],
        "same_fibre": SAME,
        "not_before": {"en": ["faux"]},
        "not_after": {"en": ["feel", "look"]},
        "evidence": COMPOSITION,
    }
    acrylic = {"fiber content": "100% acrylic"}
    assert hits("Soft c4shm3r3 wool scarf", params, **acrylic) == ["wool"]
    assert hits("Faux silk blouse, cotton-feel, silk look", params, **acrylic) == []
    assert hits("Fibre content: 95% cotton, 5% polyester", params, **acrylic) == []
    assert hits("Soft wool scarf", params) == []  # no composition stated: nothing to judge by
    assert hits("Merino wool scarf", params, **{"fiber content": "100% wool"}) == []


def test_an_origin_is_appended_from_data_or_left_to_a_person() -> None:
    params = {
        "phrases": {"en": ["imported", "made in"]},
        "attributes": ["country of origin"],
        "domestic_values": ["usa", "united states"],
        "domestic": "Made in USA.",
        "imported": "Imported.",
    }

    def found(text: str, **attributes: str) -> list[dict]:
        context = RuleContext(attributes=attributes, language="en")
        return [values for _, values in KINDS["origin_statement"](text, params, context)]

    assert found("T-shirt. Imported.") == []
    assert found("T-shirt, made in Portugal.") == []
    assert found("T-shirt.", **{"country of origin": "USA"}) == [{"_append": "Made in USA."}]
    assert found("T-shirt.", **{"country of origin": "Vietnam"}) == [{"_append": "Imported."}]
    assert found("T-shirt.") == [{"_fixable": False}]


def test_the_packs_run_fibre_rules_where_a_fibre_name_occurs() -> None:
    context = RuleContext(attributes={"fibre composition": "70 % lino, 30 % cotone"}, language="it")
    draft = Draft(title="Camicia", bullets=["Lino puro, leggero"], description="Camicia.")
    found, _ = check_policies(draft, "it-IT", "amazon", "Abbigliamento > Uomo", context)
    assert "eu-textile.pure-fibre" in {f.rule_id for f in found}
    shoes = "Clothing, Shoes & Jewelry > Men > Shoes > Oxfords"
    found, _ = check_policies(Draft(title="Oxford", description="Shoe."), "en-US", "amazon", shoes)
    assert not any(f.rule_id.startswith("us-textile.") for f in found)


SHIRTS = "Clothing, Shoes & Jewelry > Men > Clothing > Shirts"
SIXTY_FORTY = {"fiber content": "60% cotton, 40% polyester"}


@pytest.mark.parametrize(
    "stated",
    [
        "Tee. 60% cotton, 40% polyester. Imported.",
        "Tee. 60 % Cotton / 40 % Polyester. Imported.",
        "Tee. Cotton 60%, polyester 40%. Imported.",
        "Tee. Fiber content: 60% of cotton and 40% polyester. Imported.",
    ],
)
def test_a_fiber_content_stated_in_another_format_is_stated(stated: str) -> None:
    """16 CFR 303.16(a) asks for each fiber with its percentage, not the attribute's spelling."""
    assert not us_textile(stated, SIXTY_FORTY, SHIRTS)


@pytest.mark.parametrize(
    ("text", "attributes"),
    [
        ("Tee. 40% cotton, 60% polyester. Imported.", SIXTY_FORTY),  # shares swapped
        ("Tee. 80% cotton, 20% polyester. Imported.", SIXTY_FORTY),
        ("Tee. Soft. Imported.", {"fiber content": "cotton"}),  # no share: said word for word
    ],
)
def test_a_fiber_content_with_other_shares_is_not_stated(text: str, attributes) -> None:
    assert us_textile(text, attributes, SHIRTS) == ["us-textile.fiber-content"]


def us_textile(text: str, attributes: dict[str, str], category: str) -> list[str]:
    found, _ = check_policies(
        Draft(title="Tee", description=text),
        "en-US",
        "amazon",
        category,
        RuleContext(language="en", attributes=attributes),
    )
    return sorted({f.rule_id for f in found if f.rule_id.startswith("us-textile.")})


def test_a_composition_read_once_is_remembered_per_rule_language_and_value(monkeypatch) -> None:
    from listingsmith.policies import fibres

    params = purity()
    wool = {"fibre composition": "100% wool"}
    blend = {"fibre composition": "80% wool, 20% polyamide"}
    # the same rule's params alternate between values: each is judged by its own
    for _ in range(2):
        assert hits("Pure wool jumper", params, **wool) == []
        assert hits("Pure wool jumper", params, **blend) == ["Pure wool"]
    # another rule (params object) with the same value is read with its own lexicon
    silk = {"fibre composition": "100% silk"}
    assert hits("Pure wool jumper", params, **silk) == ["Pure wool"]
    silk_as_wool = {**purity(), "same_fibre": [["wool", "silk"]]}
    assert hits("Pure wool jumper", silk_as_wool, **silk) == []
    # seller values are bounded: the memo starts again when full
    monkeypatch.setattr(fibres, "COMPOSITION_MEMO", 3)
    fibres._COMPOSITIONS.clear()
    for percent in range(10):
        hits("Pure wool jumper", params, **{"fibre composition": f"{percent}% wool"})
        assert len(fibres._COMPOSITIONS) <= 3
