from listingsmith.attributes.text import seller_attributes, text_attributes
from listingsmith.domain import Draft, Severity
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
