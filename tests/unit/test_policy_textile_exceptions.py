"""The textile laws' own exceptions: a trade mark immediately beside the fibre composition or
the generic name (Regulation (EU) No 1007/2011 Art. 16(2), 16 CFR 303.17(a)), a colour named
after a fibre ("Colour: Linen": Art. 5 reserves the names for describing fibres, 16 CFR 303.18
fibres implied present), and Annex V's disposable articles named by their title's words."""

from __future__ import annotations

import pytest

from listingsmith.domain import Draft
from listingsmith.policies.compositions import composition_in_text
from listingsmith.policies.packs import Scope
from listingsmith.policies.title_scope import title_noun
from tests.unit.policy_listings import policy_findings, regime_fired

LEGGINGS = "Clothing > Women > Leggings"
SHIRTS = "Clothing > Men > Shirts"
TABLE_COVERS = "Home & Kitchen > Kitchen Textiles > Table Covers"


def test_a_trade_mark_before_the_fibre_name_is_no_part_of_the_composition() -> None:
    assert (
        composition_in_text("78% polyamide, 22% LYCRA® elastane.", "en", True)
        == "78% polyamide, 22% elastane"
    )


@pytest.mark.parametrize(
    ("regime", "locale", "text"),
    [
        ("gb-textile-2012-1102", "en-GB", "Body 78% polyamide, 22% LYCRA® elastane."),
        ("gb-textile-2012-1102", "en-GB", "Polartec® 100% polyester microfleece."),
        ("gb-textile-2012-1102", "en-GB", "Polartec® fleece, 100% polyester."),
        ("eu-textile-1007-2011", "fr-FR", "80 % polyamide, 20 % élasthanne LYCRA®."),
        ("eu-textile-1007-2011", "de-DE", "78 % Polyamid, 22 % Elasthan (LYCRA®)."),
        ("eu-textile-1007-2011", "en-IE", "Fabric: 100% polyester (COOLMAX®)."),
        ("us-textile", "en-US", "80% nylon, 20% LYCRA® spandex. Imported."),
        ("us-textile", "en-US", "100% polyester (COOLMAX®) pique. Imported."),
        ("us-textile", "en-US", "Warm Polartec® 100% polyester fleece. Imported."),
    ],
)
def test_a_trade_mark_immediately_beside_the_composition_is_allowed(
    regime: str, locale: str, text: str
) -> None:
    assert regime_fired(regime, locale, text, title="Sports Top", category=LEGGINGS) == set()


@pytest.mark.parametrize(
    ("regime", "locale", "text", "rule"),
    [
        (
            "gb-textile-2012-1102",
            "en-GB",
            "LYCRA® fibre for shape retention. 80% polyamide, 20% elastane.",
            "gb-textile.fibre-names",
        ),
        (
            "eu-textile-1007-2011",
            "en-IE",
            "Leggings, 80% polyamide, 20% lycra.",
            "eu-textile.non-names",
        ),
        (
            "us-textile",
            "en-US",
            "Polartec® fleece for warmth. 100% polyester. Imported.",
            "us-textile.non-generic",
        ),
    ],
)
def test_a_trade_mark_apart_from_the_composition_still_fires(
    regime: str, locale: str, text: str, rule: str
) -> None:
    assert rule in regime_fired(regime, locale, text, title="Sports Top", category=LEGGINGS)


def test_a_colour_label_is_no_component_of_one_fibre() -> None:
    assert composition_in_text("Colour: Linen. Oxford shirt in 100% cotton.", "en", True) == (
        "100% cotton"
    )
    assert composition_in_text("Lining: polyester. Shell 100% cotton.", "en", True) == (
        "shell: 100% cotton; lining: 100% polyester"
    )


@pytest.mark.parametrize(
    ("regime", "locale", "text", "attributes"),
    [
        ("eu-textile-1007-2011", "fr-FR", "Coloris lin. Chemise 100 % coton.", {}),
        ("eu-textile-1007-2011", "sv-SE", "Färg: linne. Skjorta i 100 % bomull.", {}),
        ("eu-textile-1007-2011", "it-IT", "Colore: lino. Camicia 100 % cotone.", {}),
        (
            "gb-textile-2012-1102",
            "en-GB",
            "Linen White Oxford shirt. 100% cotton.",
            {"colour": "Linen White"},
        ),
        (
            "us-textile",
            "en-US",
            "Color: Linen. 100% cotton Oxford cloth. Imported.",
            {"fiber_content": "100% cotton"},
        ),
    ],
)
def test_a_colour_named_after_a_fibre_names_no_fibre(
    regime: str, locale: str, text: str, attributes: dict[str, str]
) -> None:
    assert regime_fired(regime, locale, text, title="Shirt", category=SHIRTS, **attributes) == set()


@pytest.mark.parametrize(
    ("regime", "locale", "text", "rule"),
    [
        (
            "eu-textile-1007-2011",
            "fr-FR",
            "Chemise en lin. 100 % coton.",
            "eu-textile.fibre-absent",
        ),
        ("us-textile", "en-US", "Linen shirt. 100% cotton. Imported.", "us-textile.fiber-absent"),
    ],
)
def test_a_fibre_name_outside_a_colour_still_fires(
    regime: str, locale: str, text: str, rule: str
) -> None:
    assert rule in regime_fired(regime, locale, text, title="Shirt", category=SHIRTS)


@pytest.mark.parametrize(
    ("locale", "title", "brand", "exempt"),
    [
        ("en-GB", "Partyware Disposable Table Covers, Gold, 3 Pack", "Partyware", True),
        ("en-GB", "Cleanway Single-Use Aprons, 100 Pack", "Cleanway", True),
        ("en-GB", "Partyware Table Covers, Gold, 3 Pack", "Partyware", False),
        ("fr-FR", "Partyware Nappes jetables en papier, lot de 10", "Partyware", True),
        ("de-DE", "Partyware Einweg-Tischdecken aus Papier, 10 Stück", "Partyware", True),
        ("nl-NL", "Partyware Wegwerptafelkleden van papier, 10 stuks", "Partyware", True),
        ("fr-FR", "Partyware Nappes en coton, lot de 2", "Partyware", False),
    ],
)
def test_annex_v_disposable_articles_need_no_composition(
    locale: str, title: str, brand: str, exempt: bool
) -> None:
    draft = Draft(title=title, description="Table covers, 120 x 180 cm.", bullets=[])
    found = {f.rule_id for f in policy_findings(draft, locale, TABLE_COVERS, brand)}
    composition = {"eu-textile.art16.composition", "gb-textile.art16.composition"}
    assert bool(found & composition) is not exempt


def test_a_title_word_scope_reads_every_word_of_the_noun_phrase() -> None:
    scope = Scope(exclude_title_words=["disposable", "einweg*"])
    noun = title_noun("Partyware Disposable Table Covers, 3 Pack", "Partyware", "en")
    assert not scope.covers("en-GB", "amazon", TABLE_COVERS, noun)
    assert scope.covers("en-GB", "amazon", TABLE_COVERS, title_noun("Table Covers", None, "en"))
    assert scope.covers("en-GB", "amazon", TABLE_COVERS, None)


@pytest.mark.parametrize(
    ("category", "needs_content"),
    [
        ("Home & Kitchen > Laundry > Fabric Sprays", False),
        ("Home & Kitchen > Laundry > Fabric Softener", False),
        ("Arts & Crafts > Sewing > Fabric", True),
    ],
)
def test_a_fabric_care_product_is_no_textile_fiber_product(
    category: str, needs_content: bool
) -> None:
    fired = regime_fired(
        "us-textile",
        "en-US",
        "Room and linen spray with a fresh cotton scent.",
        "Linen Spray",
        category,
    )
    assert ("us-textile.fiber-content" in fired) is needs_content
