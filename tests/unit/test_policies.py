import pytest

from listingsmith.domain import Draft
from listingsmith.policies.engine import apply_fixes, check_policies, rule_findings
from listingsmith.policies.packs import load_packs

RULES = [rule for pack in load_packs() for rule in pack.rules]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_fires_on_its_own_examples(rule) -> None:
    assert rule.examples.fire, f"{rule.id} has no examples that must fire"
    for text in rule.examples.fire:
        assert rule_findings(rule, "title", text, "en-US"), f"{rule.id} missed: {text}"
    for text in rule.examples.pass_:
        assert not rule_findings(rule, "title", text, "en-US"), f"{rule.id} fired on: {text}"


def test_every_rule_cites_a_source() -> None:
    assert all(rule.citation.strip() for rule in RULES)


def test_full_width_promotional_phrase_is_caught() -> None:
    draft = Draft(title="ＢＥＳＴ ＳＥＬＬＥＲ bottle", description="A bottle.")
    findings, packs = check_policies(draft, "en-US", "amazon", None)
    assert [f.rule_id for f in findings] == ["amazon.promo.phrases"]
    assert packs and all("@" in p for p in packs)


def test_delete_and_truncate_fixes_are_applied_and_marked() -> None:
    long_title = "Water bottle " + "with a very long name " * 12
    draft = Draft(title=long_title.strip(), description="Free shipping! Holds 750 ml.")
    findings, _ = check_policies(draft, "en-US", "amazon", None)
    fixed, marked = apply_fixes(draft, findings)
    assert len(fixed.title) <= 200 and not fixed.title.endswith(" ")
    assert "free shipping" not in fixed.description.lower()
    assert all(f.fixed for f in marked)
    again, _ = check_policies(fixed, "en-US", "amazon", None)
    assert again == []


def test_contact_details_are_found_with_their_span() -> None:
    draft = Draft(title="Bottle", description="Write to sales@example.com today")
    (finding,) = check_policies(draft, "en-US", "amazon", None)[0]
    assert draft.description[slice(*finding.span)] == "sales@example.com"
