"""Claims of an action and its object (paired_claim): the pesticide pack's kind."""

import pytest

from listingsmith.domain import Draft
from listingsmith.policies.engine import check_policies
from listingsmith.policies.kinds import KINDS
from listingsmith.policies.pairs import joined
from listingsmith.policies.rules import RuleContext

PARAMS = {
    "phrases": ["germ", "bacteria", "mosquito", "mold"],
    "before": {"en": ["kill", "kills", "repel", "prevent", "protect against"]},
    "after": {"en": ["killer", "repellent", "resistant"]},
    "stops": {"en": ["with", "from"]},
    "evidence": ["epa registration number"],
}


def hits(text: str, params: dict = PARAMS, **attributes: str) -> list[str]:
    context = RuleContext(attributes=attributes, language="en")
    return [text[a:b] for (a, b), _ in KINDS["paired_claim"](text, params, context)]


def test_an_action_before_its_object_fires_within_the_window() -> None:
    assert hits("Kills 99.9 % of household germs") == ["Kills 99.9 % of household germs"]
    assert hits("Repels mosquitoes all night") == ["Repels mosquitoes"]
    # numbers are no words of the window; four words are too many
    assert hits("Kills the most common household kitchen germs") == []


def test_an_agent_word_after_its_object_fires() -> None:
    assert hits("Mosquito repellent bracelet") == ["Mosquito repellent"]
    assert hits("Mold-resistant grout") == ["Mold-resistant"]


def test_a_clause_boundary_or_stop_word_ends_the_window() -> None:
    assert hits("Kills time, great for mosquito season") == []
    assert hits("Prevent slipping with mold pads") == []
    assert hits("Kills 99,9 % of germs") == ["Kills 99,9 % of germs"]


def test_overlapping_pairs_are_one_claim() -> None:
    assert hits("Kills germs and bacteria") == ["Kills germs and bacteria"]


def test_evidence_lifts_the_claim() -> None:
    assert hits("Repels mosquitoes", **{"epa registration number": "EPA Reg. No. 1-2"}) == []


def test_a_reader_sees_evasions() -> None:
    assert hits("K\u200bills germs") == ["K\u200bills germs"]
    assert hits("K i l l s  9 9 . 9 %  o f  g e r m s") != []
    assert hits("Germ\u2013resistant surface") == ["Germ\u2013resistant"]
    assert "germresistant" in joined(PARAMS, "en")


def test_words_yaml_reads_as_booleans_are_refused() -> None:
    with pytest.raises(ValueError, match="quote"):
        hits("Kills germs", {**PARAMS, "stops": {"en": [True]}})


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("Electric bug zapper for the patio", True),
        ("Ultrasonic mouse repeller", True),
        ("Weed killer concentrate", True),
        ("Wireless mouse with silent clicks", False),
        ("Eliminates pet odors from dog beds", False),
        ("Germ\u2013resistant cutting board", True),
    ],
)
def test_the_pesticide_pack_in_the_engine(text: str, fires: bool) -> None:
    draft = Draft(title="Product", bullets=[text], description="", keywords=[])
    findings, _ = check_policies(draft, "en-US", "amazon", None)
    assert any(f.rule_id.startswith("amazon-pesticide.") for f in findings) is fires
