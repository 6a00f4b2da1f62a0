"""The grounded fallback: failing model-written fields replaced by data-composed text."""

from __future__ import annotations

from listingsmith.checks.fallback import replaceable, with_fallback
from listingsmith.checks.verdict import is_model_written, listing_route
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Draft, Finding, Product, Severity
from listingsmith.nodes.assembly import composed_listing

COMPOSED = Draft(
    title="Lenox Vase, Glas, 17,8 cm",
    bullets=["Material: Glas", "Höhe: 17,8 cm", "Form: Urne"],
    description="Vase von Lenox, aus Glas, 17,8 cm hoch.",
    keywords=["Vase", "Glasvase"],
    origins={"title": "data", "bullets[0]": "data", "bullets[1]": "data", "bullets[2]": "data"}
    | {"description": "data", "keywords": "data"},
)
WRITTEN = Draft(
    title="Lenox Vase, Glas, 17,8 cm",
    bullets=["Runde Schuhe, Größe 42", "Höhe: 17,8 cm"],
    description="英語: Red leather shoes",
    keywords=["Vase"],
    origins={"title": "data", "bullets[1]": "data", "keywords": "data"},
)


def finding(field: str, fix: str = "rewrite", severity: Severity = Severity.FIX) -> Finding:
    return Finding(
        rule_id="r", severity=severity, locale="de-DE", field=field, message="m", fix=fix
    )


def test_only_model_written_fields_with_fixable_findings_are_replaceable() -> None:
    assert replaceable(WRITTEN, [finding("bullets[0]"), finding("description")]) == [
        "bullets[0]",
        "description",
    ]
    # A finding on data text or one that needs a person: the fallback cannot help.
    assert replaceable(WRITTEN, [finding("title")]) == []
    assert replaceable(WRITTEN, [finding("description"), finding("*", fix="none")]) == []
    assert replaceable(WRITTEN, [finding("description", severity=Severity.WARN)]) == []
    assert replaceable(None, [finding("*")]) == ["*"]


def test_the_fallback_replaces_failing_fields_and_marks_them_data() -> None:
    fixed = with_fallback(WRITTEN, ["bullets[0]", "description"], COMPOSED)
    # The failing bullet takes the first composed bullet the listing does not say yet.
    assert fixed.bullets == ["Material: Glas", "Höhe: 17,8 cm"]
    assert fixed.description == COMPOSED.description
    assert fixed.origins["bullets[0]"] == "data"
    assert fixed.origins["description"] == "data"
    assert not any(is_model_written(fixed, name) for name in fixed.fields())


def test_a_failing_bullet_with_no_composed_bullet_left_is_dropped() -> None:
    written = WRITTEN.model_copy(
        update={"bullets": ["Material: Glas", "Höhe: 17,8 cm", "Form: Urne", "bad"]}
    )
    fixed = with_fallback(written, ["bullets[3]"], COMPOSED)
    assert fixed.bullets == ["Material: Glas", "Höhe: 17,8 cm", "Form: Urne"]


def test_no_listing_at_all_falls_back_to_the_composed_listing() -> None:
    assert with_fallback(None, ["*"], COMPOSED) == COMPOSED


def test_findings_on_data_text_go_to_a_person_without_spending_model_attempts() -> None:
    assert listing_route([finding("title")], 1, 3, False, WRITTEN) == "human_review"
    assert listing_route([finding("description")], 1, 3, False, WRITTEN) == "localize"
    assert listing_route([finding("description")], 3, 3, False, WRITTEN) == "human_review"


def test_composed_text_states_no_evidence_only_fact() -> None:
    """Regression: a photo's pixel colour ("grey") went into the composed title, which the
    fact-check then rightly held as unsupported."""
    vase = Product(sku="v", title="Lenox Urn Vase", brand="Lenox", category="Vases")
    attributes = [
        Attribute(name="material", value="glass", source="seller", confidence=1.0),
        Attribute(name="color", value="grey", source="pixels", confidence=0.9),
    ]
    state = {
        "product": vase.model_dump(mode="json"),
        "attributes": [a.model_dump(mode="json") for a in attributes],
    }
    composed = composed_listing(state, "en-US", Settings())
    assert "grey" not in " ".join(composed.fields().values()).lower()
    assert composed.title == "Lenox Vase, Glass"


def test_the_composed_description_words_a_colour_by_the_state_s_category() -> None:
    """The node passes the categorize node's category to the composer: the demo's hot sauce
    read "Sauce piquante El Yucateco, coloris rouge", a fabric's wording."""
    sauce = Product(sku="s", title="El Yucateco Hot Sauce", brand="El Yucateco")
    color = Attribute(name="color", value="red", source="seller", confidence=1.0)
    state = {
        "product": sauce.model_dump(mode="json"),
        "attributes": [color.model_dump(mode="json")],
        "category": {
            "id": "fb-2-4-8",
            "path_en": "Food, Beverages & Tobacco > Food Items > Condiments & Sauces",
            "score": 1.0,
            "evidence": ["sauce"],
            "candidates": [],
            "ambiguous": False,
            "chosen_by": "retrieval",
        },
    }
    composed = composed_listing(state, "fr-FR", Settings())
    assert composed.description.endswith(", de couleur rouge.")
