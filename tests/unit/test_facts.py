import pytest

from listingsmith.attributes.text import seller_attributes, text_attributes
from listingsmith.domain import Attribute, Draft, Severity
from listingsmith.facts.verify import fact_findings
from tests.unit.fakes import BOTTLE

ATTRIBUTES = seller_attributes(BOTTLE) + text_attributes(BOTTLE)


def findings_for(description: str, locale: str = "en-US"):
    draft = Draft(title="Aqualo bottle", description=description)
    return fact_findings(draft, ATTRIBUTES, locale, 0.02, "en")


def test_supported_quantities_pass_in_other_units() -> None:
    assert findings_for("Holds 0.75 l and keeps drinks cold for 24 hours.") == []
    assert findings_for("Fasst 0,75 Liter, 24 Stunden kalt.", "de-DE") == []
    assert findings_for("容量750ml、24時間保冷。", "ja-JP") == []


def test_contradicted_quantity_blocks_with_an_instruction() -> None:
    (finding,) = findings_for("Keeps drinks cold for 12 h.")
    assert finding.rule_id == "fact.quantity.contradicted"
    assert finding.severity is Severity.BLOCK
    assert "12 h" in finding.message and "24 h" in finding.message


def test_unsupported_claims_are_fix_findings() -> None:
    findings = findings_for("A 2 kg bottle made of glass.")
    assert {f.rule_id for f in findings} == {
        "fact.quantity.unsupported",
        "fact.material.contradicted",
    }


def test_colour_translated_is_still_supported() -> None:
    assert findings_for("Die Flasche ist blau.", "de-DE") == []
    (finding,) = findings_for("Die Flasche ist rot.", "de-DE")
    assert finding.rule_id == "fact.color.contradicted"


def rules_for(description: str, locale: str, **attributes: str) -> list[str]:
    product_attributes = [
        Attribute(name=k.replace("_", " "), value=v, source="seller", confidence=1.0)
        for k, v in attributes.items()
    ]
    draft = Draft(title="Item", description=description)
    found = fact_findings(draft, product_attributes, locale, 0.02, "en")
    return sorted(f.rule_id for f in found)


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Pack of 6 mugs", "en-US"),
        ("6er-Pack Tassen", "de-DE"),
        ("マグカップ6個入り", "ja-JP"),
        ("马克杯6件装", "zh-CN"),
        ("Lot de 6 tasses", "fr-FR"),
    ],
)
def test_counts_in_five_languages(text: str, locale: str) -> None:
    assert rules_for(text, locale, pieces="6") == []
    assert rules_for(text, locale, pieces="4") == ["fact.count.contradicted"]
    assert rules_for(text, locale) == ["fact.count.unsupported"]


@pytest.mark.parametrize("name", ["Pack_Quantity", "Quantity"])
@pytest.mark.parametrize(
    ("text", "locale"),
    [("Pack de 6", "es-ES"), ("6 pezzi", "it-IT"), ("1 pièce", "fr-FR"), ("1 pieza", "es-ES")],
)
def test_a_bare_count_under_a_count_alias_supports_the_worded_count(
    name: str, text: str, locale: str
) -> None:
    """compose/names.yaml counts "Pack Quantity: 6" and "Quantity: 6"; the composed listing
    words them "pack de 6", and the fact-check held it as an unsupported count."""
    n = text.split()[-1] if text[0].isalpha() else text.split()[0]
    assert rules_for(text, locale, **{name: n}) == []
    assert rules_for(text, locale, **{name: "9"}) == ["fact.count.contradicted"]


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Shirt in 100% cotton", "en-US"),
        ("Hemd aus 100 % Baumwolle", "de-DE"),
        ("シャツ 綿100%", "ja-JP"),
        ("衬衫 棉100%", "zh-CN"),
    ],
)
def test_compositions(text: str, locale: str) -> None:
    assert "fact.composition.contradicted" not in rules_for(text, locale, composition="100% cotton")
    assert "fact.composition.contradicted" in rules_for(
        text, locale, composition="60% cotton, 40% polyester"
    )


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Made in Japan", "en-US"),
        ("Hergestellt in Japan", "de-DE"),
        ("日本製のマグ", "ja-JP"),
        ("日本制造", "zh-CN"),
    ],
)
def test_origin_claims(text: str, locale: str) -> None:
    assert rules_for(text, locale, country_of_origin="Japan") == []
    assert rules_for(text, locale, country_of_origin="China") == ["fact.origin.contradicted"]
    assert rules_for(text, locale) == ["fact.origin.unsupported"]


@pytest.mark.parametrize(
    ("text", "locale"),
    [("Waterproof jacket", "en-US"), ("Wasserdichte Jacke", "de-DE"), ("防水ジャケット", "ja-JP")],
)
def test_regulated_claims_need_the_product_data(text: str, locale: str) -> None:
    assert rules_for(text, locale) == ["fact.waterproof.unsupported"]
    assert rules_for(text, locale, waterproof="yes") == []
    assert rules_for(text, locale, features="waterproof, breathable") == []


def test_unsupported_regulated_claims_block() -> None:
    draft = Draft(title="Item", description="CE certified charger")
    (finding,) = fact_findings(draft, [], "en-US", 0.02, "en")
    assert finding.rule_id == "fact.certification.unsupported"
    assert finding.severity is Severity.BLOCK


def test_a_claim_after_a_compatibility_character_is_marked_where_it_is_written() -> None:
    # "¼" is three characters in NFKC ("1⁄4"): the claim's span lay past the field's end.
    draft = Draft(title="Lid ¼ turn, 12 oz", keywords=["¼", "0OZ"])
    findings = fact_findings(draft, [], "en-US", 0.02, "en")
    spans = {f.field: f.span for f in findings}
    assert spans["title"] == (12, 17) and spans["keywords"] == (3, 6)
    # "İ" lower-cases to two characters ("i̇"): the origin claim after it was marked one late.
    [origin] = fact_findings(Draft(title="İ Made in USA"), [], "en-US", 0.02, "en")
    assert origin.span == (2, 13)


def test_a_percentage_the_data_does_not_state_is_unsupported() -> None:
    # eval listing run: "25 Ounce is a 25% premium product from Happy Belly." shipped approved.
    draft = Draft(title="Oats", description="A 25% premium product, 100% cotton bag.")
    oats = [Attribute(name="material", value="100% cotton", source="seller", confidence=1.0)]
    (finding,) = fact_findings(draft, oats, "en-US", 0.02, "en")
    assert finding.rule_id == "fact.percent.unsupported"
    assert finding.severity is Severity.FIX
    recycled = [
        Attribute(name="material", value="paper, 30% recycled", source="seller", confidence=1.0)
    ]
    assert (
        fact_findings(
            Draft(title="Pad", description="Made with 30 % recycled paper."),
            recycled,
            "en-US",
            0.02,
            "en",
        )
        == []
    )


def test_an_authority_named_as_the_tester_is_a_certification_claim() -> None:
    # eval listing run: "Thoroughly tested by the Food and Drug Administration" shipped approved.
    draft = Draft(title="Tea", description="Thoroughly tested by the Food and Drug Administration.")
    (finding,) = fact_findings(draft, [], "en-US", 0.02, "en")
    assert finding.rule_id == "fact.certification.unsupported"
    assert finding.severity is Severity.BLOCK


@pytest.mark.parametrize(
    "attribute",
    [
        {"Width": '46 1/4"'},
        {"Width": "46-1/4 inches"},
        {"Width": "46¼ in"},
        {"Width": "46 1/4", "unit": "inch"},
    ],
)
def test_a_converted_fraction_of_an_inch_is_checked_against_its_value(attribute: dict) -> None:
    """Regression: "46 1/4 in" was read as 4 in, so 117,5 cm was flagged as contradicted."""
    unit = attribute.pop("unit", None)
    ((name, value),) = attribute.items()
    stated = [Attribute(name=name, value=value, unit=unit, source="seller", confidence=1.0)]

    def rules(description: str) -> list[str]:
        draft = Draft(title="Vorhang", description=description)
        return [f.rule_id for f in fact_findings(draft, stated, "de-DE", 0.02, "en")]

    assert rules("Breite: 117,5 cm.") == []
    assert rules("Breite: 120 cm.") == ["fact.quantity.contradicted"]
