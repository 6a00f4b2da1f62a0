"""Rules a pack borrows from another by id (policies.borrowing), and the Great Britain packs
that borrow the EU and Green Guides packs' rule bodies."""

import pytest

from listingsmith.domain import Draft
from listingsmith.policies.engine import applicable_packs
from listingsmith.policies.kinds import KINDS
from listingsmith.policies.packs import PackError, load_packs, read_packs
from tests.unit.policy_listings import policy_findings, regime_fired

LENDER = """
pack: lender
version: "1"
title: t
source: s
languages: [en, de]
scope: {locales: ["*-DE"]}
rules:
  - id: lender.word
    title: t
    citation: the lender's law
    scope: {fields: [description]}
    kind: banned_phrases
    params: {phrases: {en: [cheapest], de: [billigste]}, match: word}
    severity: fix
    fix: rewrite
    message: m
    examples:
      fire: {en: ["The cheapest kettle"], de: ["Der billigste Kocher"]}
      pass: {en: ["A kettle"], de: ["Ein Kocher"]}
"""


def borrower(entry: str, languages: str = "[en]") -> str:
    return f"""
pack: borrower
version: "1"
title: t
source: s
languages: {languages}
scope: {{locales: ["*-GB"]}}
rules:
{entry}
"""


def packs(*texts: tuple[str, str]):
    return {p.pack: p for p in read_packs([(n, t.encode()) for n, t in texts], set(KINDS))}


def test_a_borrowed_rule_is_the_named_rule_with_its_own_keys_over_it() -> None:
    entry = """
  - from: lender.word
    id: borrower.word
    citation: the borrower's law
    params: {match: prefix}
"""
    found = packs(("lender.yaml", LENDER), ("borrower.yaml", borrower(entry)))
    rule = found["borrower"].rules[0]
    lent = found["lender"].rules[0]
    assert (rule.id, rule.citation) == ("borrower.word", "the borrower's law")
    assert (rule.kind, rule.message, rule.scope) == (lent.kind, lent.message, lent.scope)
    # params merged key by key: the phrases kept, the match replaced
    assert rule.params["phrases"] == lent.params["phrases"]
    assert rule.params["match"] == "prefix"
    # the examples of a language the borrowing pack does not list are left out
    assert {e.language for e in rule.examples.fire} == {"en"}
    # the lender's pack scope stays the lender's: the borrowed rule applies where its pack does
    assert found["borrower"].applies("en-GB", "amazon", None) == [rule]
    assert found["lender"].applies("en-GB", "amazon", None) == []


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        (
            "  - {from: lender.nothing, id: borrower.x}",
            r"borrower.yaml: rule borrower.x, field from",
        ),
        # a borrowing of a borrowing (no chains): the first is not written out
        (
            "  - {from: lender.word, id: borrower.a}\n  - {from: borrower.a, id: borrower.b}",
            r"rule borrower.b, field from: no rule 'borrower.a' written out",
        ),
    ],
)
def test_a_borrowing_names_a_rule_written_out(entry: str, error: str) -> None:
    with pytest.raises(PackError, match=error):
        packs(("lender.yaml", LENDER), ("borrower.yaml", borrower(entry)))


def test_a_borrowed_rule_left_without_examples_in_its_languages_must_give_its_own() -> None:
    entry = "  - {from: lender.word, id: borrower.word}"
    with pytest.raises(PackError, match=r"rule borrower.word, field examples: .* \['fr'\]"):
        packs(("lender.yaml", LENDER), ("borrower.yaml", borrower(entry, "[fr]")))
    own = (
        "  - {from: lender.word, id: borrower.word, examples: {fire: [{text: 'The cheapest', "
        "language: en}]}}"
    )
    assert packs(("lender.yaml", LENDER), ("borrower.yaml", borrower(own, "[fr]")))["borrower"]


def test_the_gb_packs_borrow_without_the_eu_citations() -> None:
    by_id = {rule.id: rule for pack in load_packs() for rule in pack.rules}
    for gb, eu in [
        ("gb-textile.pure-fibre", "eu-textile.pure-fibre"),
        ("gb-textile.art16.composition", "eu-textile.art16.composition"),
        ("gb-dmcc.general-environmental-claim", "us-green-guides.general-benefit"),
    ]:
        assert by_id[gb].kind == by_id[eu].kind
        assert by_id[gb].exceptions == by_id[eu].exceptions
        assert "retained" in by_id[gb].citation or "Consumers Act 2024" in by_id[gb].citation
        assert "(EU) 2023" not in by_id[gb].citation and "CFR" not in by_id[gb].citation
    # The GB ingredients rule reads a list stated in the text too (its own kind, GB-2 round),
    # and the operator rule an operator with its UK address stated there (round 13).
    for name in ("gb-food.art9.ingredients", "gb-food.art9.operator"):
        assert by_id[name].kind == "disclosure_or_text"
        assert "retained" in by_id[name].citation
    operator = by_id["gb-food.art9.operator"]
    assert operator.exceptions == by_id["eu-food-1169.art9.operator"].exceptions


def test_gb_packs_apply_to_great_britain_only() -> None:
    def names(locale: str) -> set[str]:
        return {p.pack for p in applicable_packs(locale, "amazon", None)}

    assert not {n for n in names("de-DE") | names("en-IE") | names("en-US") if n.startswith("gb-")}
    assert not {n for n in names("en-GB") if n.startswith(("eu-", "us-"))}


FOOD = "Hot Sauce @taxonomy fb fb-2 fb-2-4 fb-2-4-8 "


@pytest.mark.parametrize(
    ("address", "fires"),
    [
        ("Am Kranichweiher 12, 50999 Köln, Deutschland", True),
        ("200 Bay Street, San Francisco, CA 94133, USA", True),
        ("Calle Mayor 12, 28013 Madrid, Spain", True),
        ("4 Mill Lane, Ledbury HR8 1BX", False),
        ("21 Dock Road, Hull HU1 2AB, United Kingdom", False),
        ("12 High Street, Fort William PH33 6AD, Scotland", False),
        ("Unit 9, Thames Park, London E16 2QS", False),
    ],
)
def test_gb_food_needs_an_operator_or_importer_in_the_uk(address: str, fires: bool) -> None:
    fired = regime_fired(
        "gb-food-1169",
        "en-GB",
        "Hot sauce. Ingredients: chillies, vinegar, salt.",
        category=FOOD,
        ingredients="chillies, vinegar, salt",
        food_business_operator="Sauce Co",
        food_business_operator_address=address,
    )
    assert ("gb-food.art8.uk-operator" in fired) is fires


def test_an_eu_operator_with_its_uk_importer_ships_in_great_britain() -> None:
    found = policy_findings(
        Draft(title="Hot sauce", description="Hot sauce. Ingredients: chillies, salt."),
        "en-GB",
        FOOD,
        ingredients="chillies, salt",
        food_business_operator="Sauce Co",
        food_business_operator_address="Am Kranichweiher 12, 50999 Köln, Deutschland",
        uk_importer="Saltmarsh Foods Ltd",
        uk_importer_address="21 Dock Road, Hull HU1 2AB",
    )
    appended = [f for f in found if f.rule_id == "gb-food.art8.uk-operator"]
    assert appended and all(f.suggested_fix for f in appended)


def test_a_toys_minimum_age_is_its_warning_in_great_britain() -> None:
    category = "Toys & Games > Baby & Toddler Toys > Stacking Toys"
    held = regime_fired("gb-toys-2011-1881", "en-GB", "Stacking rings.", category=category)
    assert held == {"gb-toys.warnings"}
    found = policy_findings(
        Draft(title="Rings", description="Stacking rings."),
        "en-GB",
        category,
        recommended_age="12 months+",
    )
    warned = [f for f in found if f.rule_id == "gb-toys.warnings"]
    assert warned and all(f.suggested_fix for f in warned)


@pytest.mark.parametrize(
    "category",
    ["Automotive > Toyota Parts > Brake Pads", "Pet Supplies > Dogs > Toys", "Books > Children's"],
)
def test_products_that_are_no_childrens_toys_need_no_toy_warnings(category: str) -> None:
    assert regime_fired("gb-toys-2011-1881", "en-GB", "Sold as one.", category=category) == set()
