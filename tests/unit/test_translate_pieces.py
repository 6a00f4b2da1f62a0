"""Translation levers of the localize node: a field translated sentence by sentence, and its
quantities handed to the model as placeholders (restored and converted by code)."""

import asyncio

from listingsmith.config import Settings
from listingsmith.domain import Draft
from listingsmith.locale.conventions import localize_draft, mask_quantities
from listingsmith.nodes.writing import split_sentences, translate_fields
from listingsmith.serving.client import ModelClient
from tests.unit.fakes import fake_model


def test_quantities_become_placeholders_a_dimension_list_as_one() -> None:
    text, mapping = mask_quantities("A set of 2 panels, each 40 x 84 inches, 0.3 litre.", 1)
    assert text == "A set of 2 panels, each ⟦2⟧, ⟦3⟧."
    # imperial as written (the locale converts it after translation), metric by its symbol
    assert mapping == {"⟦2⟧": "40 x 84 inches", "⟦3⟧": "0.3 l"}


def test_a_metric_dimension_list_keeps_every_number() -> None:
    assert mask_quantities("A box, 11.5 x 20cm.")[1] == {"⟦1⟧": "11.5 x 20 cm"}


def test_sentences_keep_their_full_stops() -> None:
    assert split_sentences("A curtain, 84 inches. Made of cotton. Imported.") == [
        "A curtain, 84 inches.",
        "Made of cotton.",
        "Imported.",
    ]
    assert split_sentences("One sentence, 2.5 cm") == ["One sentence, 2.5 cm"]


def _translate(settings: Settings, lines: dict[str, list[str]], source: str, language: str) -> str:
    client = ModelClient(fake_model([], lines), "fake-model", 4)
    text, _ = asyncio.run(
        translate_fields(client, settings, language, {"description": source}, 1, ["Lenox"])
    )
    return text["description"]


def test_each_sentence_is_translated_alone_with_its_quantities_masked() -> None:
    # The demo's de-DE vase read "7 cm hoch" for "7 inches tall": the model never sees the
    # number now, and the locale converts the restored "7 inches".
    settings = Settings(localize_by_sentence=True, localize_mask_quantities=True)
    lines = {
        "A glass vase by ⟦1⟧, ⟦2⟧ tall.": ["Eine Glasvase von ⟦1⟧, ⟦2⟧ hoch."],
        "Made in Poland.": ["Hergestellt in Polen."],
    }
    text = _translate(
        settings, lines, "A glass vase by Lenox, 7 inches tall. Made in Poland.", "de"
    )
    assert text == "Eine Glasvase von Lenox, 7 inches hoch. Hergestellt in Polen."
    listing = localize_draft(Draft(title="Vase", description=text), "de-DE", ["Lenox"])
    assert listing.description == "Eine Glasvase von Lenox, 17,8 cm hoch. Hergestellt in Polen."


def test_japanese_sentences_join_without_a_space_and_a_failed_one_stays_english() -> None:
    settings = Settings(localize_by_sentence=True, localize_mask_quantities=True)
    lines = {"A glass vase.": ["ガラスの花瓶。"], "Made in Poland.": [""]}
    text = _translate(settings, lines, "A glass vase. Made in Poland.", "ja")
    assert text == "ガラスの花瓶。Made in Poland."


def test_without_the_levers_the_line_goes_whole() -> None:
    settings = Settings(localize_by_sentence=False, localize_mask_quantities=False)
    lines = {"A vase, 7 inches. Glass.": ["Eine Vase, 7 cm. Glas."]}
    assert _translate(settings, lines, "A vase, 7 inches. Glass.", "de") == "Eine Vase, 7 cm. Glas."
