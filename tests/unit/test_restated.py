"""A description composed from data that restates every fact of the model's pivot description
replaces its translation: which pairs switch and which do not."""

import pytest

from listingsmith.checks.restated import restates
from listingsmith.config import Settings
from listingsmith.domain import Draft
from listingsmith.nodes.assembly import said_by_data, translatable

# The demo's bowl: the model's pivot description, and the description composed from its data.
BOWL_EN = "A traditional pudding basin by Kitchen Craft, 11.5 cm across, holding 0.3 litre."
BOWL_DE = "Rührschüssel von Kitchen Craft mit 0,3 l Fassungsvermögen und 11,5 cm Durchmesser."

HDD_EN = "HP 36.4GB Wide Ultra3 SCSI 15K 1 DriveWide Ultra3 SCSI Hot-PlugPart Number(s) 232916-B22"
HDD_DE = "Computerzubehör-Set von HP mit 36,4 GB Fassungsvermögen. Produktdetails – Drehzahl: 15K."


@pytest.mark.parametrize(
    ("written", "language", "composed", "expected"),
    [
        (BOWL_EN, "en", BOWL_DE, True),
        # Compared as values: 300 ml is 0.3 l, 4.53 inches about 11.5 cm.
        ("A pudding basin, 4.53 inches across, holding 300 ml.", "en", BOWL_DE, True),
        (
            "Kitchen Craft の容量0.3 L、直径11.5 cmのボウル。",
            "ja",
            "容量0.3升，直径11.5厘米。",
            True,
        ),
        # A quantity data does not state; a value it states otherwise.
        (BOWL_EN[:-1] + ", keeps puddings warm for 2 h.", "en", BOWL_DE, False),
        (BOWL_EN.replace("0.3 litre", "0.5 litre"), "en", BOWL_DE, False),
        # Regression: "minute" was no unit, so a train record's "240 minute setting" was no
        # fact and its description switched to one that does not say it.
        (BOWL_EN[:-1] + ", with a 240 minute timer.", "en", BOWL_DE, False),
        # Another fact the checks read: a material, a colour, a count, a regulated claim.
        (BOWL_EN.replace("basin", "stainless steel basin"), "en", BOWL_DE, False),
        (BOWL_EN.replace("basin", "white basin"), "en", BOWL_DE, False),
        (BOWL_EN.replace("A traditional", "A set of 2"), "en", BOWL_DE, False),
        (BOWL_EN.replace("basin", "dishwasher safe basin"), "en", BOWL_DE, False),
        # A number the checks keep in a translation, and a train record's description whose
        # part numbers the composed one dropped (it switched before numbers were compared).
        (BOWL_EN[:-1] + ", part 507614.", "en", BOWL_DE, False),
        (HDD_EN, "en", HDD_DE, False),
        # No fact to restate, or nothing composed: the model's prose is kept.
        ("A traditional pudding basin by Kitchen Craft.", "en", BOWL_DE, False),
        (BOWL_EN, "en", "", False),
    ],
)
def test_composed_text_restates_only_a_description_of_quantities_it_states(
    written: str, language: str, composed: str, expected: bool
) -> None:
    assert restates(written, language, composed, 0.02) is expected


def pivot(description: str, origin: str = "model") -> Draft:
    return Draft(
        title="Kitchen Craft Pudding Basin",
        description=description,
        origins={"title": "data", "description": origin},
    )


def test_a_restated_description_is_not_sent_for_translation() -> None:
    composed = Draft(title="Rührschüssel", description=BOWL_DE)
    settings = Settings()
    assert said_by_data(pivot(BOWL_EN), composed, settings, noun_sure=True) == ["description"]
    assert "description" not in translatable(pivot(BOWL_EN), ["description"])
    extra = BOWL_EN[:-1] + ", keeps puddings warm for 2 h."
    assert said_by_data(pivot(extra), composed, settings, noun_sure=True) == []
    assert translatable(pivot(extra), []) == {"description": extra}
    # A description already composed from data is not the model's to replace.
    assert said_by_data(pivot(BOWL_EN, "data"), composed, settings, noun_sure=True) == []
