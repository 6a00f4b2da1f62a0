"""Fusion: source precedence, agreement raising confidence, conflicts and their findings."""

import pytest

from listingsmith.attributes.fusion import (
    CONFLICT_RULE,
    SOURCE_RANK,
    Conflict,
    fuse,
    product_facts,
)
from listingsmith.domain import Attribute, Draft, Severity
from listingsmith.facts.verify import fact_findings

HOLD = 0.5


def attr(name: str, value: str, source: str, confidence: float = 0.5) -> Attribute:
    return Attribute(
        name=name, value=value, source=source, evidence=f"{source} evidence", confidence=confidence
    )


def test_precedence_is_seller_text_text_model_photo_model_pixels() -> None:
    order = ["seller", "text", "text-model", "photo-model", "pixels"]
    assert sorted(order, key=SOURCE_RANK.__getitem__) == order


def test_the_best_source_represents_a_value_and_agreement_raises_confidence() -> None:
    fused, conflicts = fuse(
        [
            attr("color", "Red", "pixels", 0.4),
            attr("color", "red", "text", 0.7),
            attr("color", "red", "photo-model", 0.5),
        ]
    )
    (red,) = fused
    assert red.source == "text" and red.value == "red"
    assert red.confidence == 0.7 + 2 * 0.1
    assert conflicts == []


def test_a_lone_source_keeps_its_confidence() -> None:
    (only,), _ = fuse([attr("pattern", "striped", "photo-model", 0.5)])
    assert only.confidence == 0.5


def test_a_photo_colour_against_the_sellers_is_a_conflict_that_holds() -> None:
    _, (conflict,) = fuse(
        [attr("color", "aqua blue", "seller", 1.0), attr("color", "red", "pixels", 0.55)]
    )
    assert conflict.kind == "photo" and conflict.name == "color"
    assert [a.source for a in conflict.values] == ["seller", "pixels"]
    finding = conflict.finding("de-DE", HOLD)
    assert finding.rule_id == CONFLICT_RULE and finding.severity is Severity.BLOCK
    assert not finding.fixable and finding.field == "attributes.color"
    assert "seller says 'aqua blue'" in finding.message and "pixels says 'red'" in finding.message


def test_a_weak_photo_colour_against_the_text_is_only_a_warning() -> None:
    _, (conflict,) = fuse([attr("color", "blue", "text", 0.7), attr("color", "red", "pixels", 0.2)])
    assert conflict.finding("en-US", HOLD).severity is Severity.WARN


def test_a_photo_showing_one_of_the_stated_colours_agrees() -> None:
    stated = [attr("color", "black", "text", 0.7), attr("color", "white", "text", 0.7)]
    _, conflicts = fuse([*stated, attr("color", "black", "pixels", 0.4)])
    assert conflicts == []
    _, conflicts = fuse([*stated, attr("color", "navy", "photo-model", 0.5)])
    assert [c.kind for c in conflicts] == ["photo"]


def test_colours_a_photo_cannot_tell_apart_are_no_conflict() -> None:
    _, conflicts = fuse(
        [attr("color", "silver", "seller", 1.0), attr("color", "grey", "pixels", 0.6)]
    )
    assert conflicts == []


def test_photo_colours_alone_or_text_colours_alone_are_no_conflict() -> None:
    assert fuse([attr("color", "red", "pixels"), attr("color", "blue", "pixels")])[1] == []
    assert fuse([attr("color", "red", "text"), attr("color", "blue", "seller")])[1] == []


def test_a_single_valued_name_with_two_values_is_a_conflict_in_precedence_order() -> None:
    _, (conflict,) = fuse([attr("size", "L", "text", 0.8), attr("size", "M", "seller", 1.0)])
    assert conflict.kind == "values"
    assert [a.value for a in conflict.values] == ["M", "L"]
    assert conflict.finding("en-US", HOLD).severity is Severity.BLOCK
    assert conflict.finding("en-US", 0.9).severity is Severity.WARN


@pytest.mark.parametrize("learned", ["text-tagger", "text-model", "text-classifier", "photo-model"])
def test_a_learned_reading_against_a_stated_value_warns_and_never_holds(learned: str) -> None:
    # Measured on 40 dev records: tagger and model readings against the seller's own field
    # ("Mens" for "Men", "Amazon Brand" for "Happy Belly") held a third of the listings.
    for stated in ("seller", "text"):
        _, (conflict,) = fuse(
            [attr("gender", "Men", learned, 0.95), attr("gender", "Women", stated)]
        )
        # The model's grounded value may go first (fusion.yaml): still only a warning.
        assert {a.source for a in conflict.values} == {stated, learned}
        assert conflict.finding("en-US", HOLD).severity is Severity.WARN
        assert "says 'Men'" in conflict.finding("en-US", HOLD).message


def test_stated_values_that_disagree_hold_whatever_a_learned_value_says() -> None:
    values = [
        attr("size", "M", "text-model", 0.9),
        attr("size", "L", "seller", 1.0),
        attr("size", "XL", "text", 0.8),
    ]
    _, (conflict,) = fuse(values)
    assert conflict.finding("en-US", HOLD).severity is Severity.BLOCK
    assert conflict.finding("en-US", 0.9).severity is Severity.WARN


def test_learned_readings_that_disagree_with_each_other_hold() -> None:
    _, (conflict,) = fuse(
        [
            attr("model name", "Pull On", "text-tagger", 0.7),
            attr("model name", "WK4920", "text-model", 0.9),
        ]
    )
    assert {a.source for a in conflict.values} == {"text-tagger", "text-model"}
    assert conflict.finding("en-US", HOLD).severity is Severity.BLOCK


def test_a_narrower_reading_of_the_same_value_is_no_conflict() -> None:
    wide = attr("Product Type", "Aqualo Steel Bottle", "text", 0.86)
    _, conflicts = fuse([wide, attr("Product Type", "Bottle", "text-model", 0.9)])
    assert conflicts == []
    # Words inside words are no reading of the same value: 2 is not in 12.
    _, (conflict,) = fuse([attr("size", "12", "text", 0.9), attr("size", "2", "text-model", 0.9)])
    # A nested value does not make a conflict hold: only the real rival counts.
    _, (conflict,) = fuse(
        [
            attr("size", "XL", "seller", 1.0),
            attr("size", "xl tall", "text-model", 0.9),
            attr("size", "M", "photo-model", 0.2),
        ]
    )
    assert [a.value for a in conflict.values] == ["XL", "M"]
    assert conflict.finding("en-US", HOLD).severity is Severity.WARN


def test_a_conflict_survives_the_state_round_trip() -> None:
    _, (conflict,) = fuse(
        [attr("color", "blue", "seller", 1.0), attr("color", "red", "pixels", 0.6)]
    )
    assert Conflict(**conflict.model_dump(mode="json")) == conflict


def test_pixel_colours_are_no_product_facts() -> None:
    seller_and_pixels = [attr("color", "blue", "seller", 1.0), attr("color", "red", "pixels", 0.6)]
    assert [a.source for a in product_facts(seller_and_pixels)] == ["seller"]
    listing = Draft(
        title="Red bottle", bullets=["Red"], description="A red bottle.", keywords=["x"]
    )
    # "red" is contradicted by the seller's blue; the pixels' red supports nothing.
    findings = fact_findings(listing, seller_and_pixels, "en-US", 0.02, "en")
    assert {f.rule_id for f in findings} == {"fact.color.contradicted"}
    assert len(findings) == 3  # title, bullet, description


def test_counts_that_state_the_same_number_agree() -> None:
    # wdc-pave "5 x Dell 2TB ... 5 Pack" was held: "5 pack" and "5 x " compared as text.
    fused, conflicts = fuse([attr("count", "5 pack", "text"), attr("count", "5 x ", "text")])
    assert conflicts == []
    assert len(fused) == 1
    _, conflicts = fuse([attr("count", "5 pack", "text"), attr("count", "6 x ", "text")])
    assert [c.name for c in conflicts] == ["count"]


def test_a_model_first_names_grounded_model_value_goes_before_the_text_extractors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from listingsmith.attributes import fusion

    table = {"default": False, "names": {"product type": True}}
    monkeypatch.setattr(fusion, "_model_first", lambda: table)
    tagger = attr("Product Type", "Board", "text", 0.9)
    model = attr("Product Type", "Dry-Erase Board", "text-model", 0.3).model_copy(
        update={"evidence": "Dry-Erase Board"}
    )
    unwritten = attr("Product Type", "Easel", "text-model", 0.3).model_copy(
        update={"evidence": None}
    )
    _, (conflict,) = fuse([tagger, unwritten])
    assert conflict.values[0].source == "text"  # not model-first without evidence
    fused, _ = fuse([tagger, model])
    assert min(fused, key=fusion._precedence).value == "Dry-Erase Board"
    # Another name keeps the text extractors first.
    brand = attr("Brand", "Acme", "text-model", 0.3).model_copy(update={"evidence": "Acme"})
    assert fusion.source_rank(brand) == fusion.SOURCE_RANK["text-model"]
