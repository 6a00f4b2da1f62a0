"""Derived forms of a claim word (adverbs, abstract nouns, synthetic superlatives, "eco"
compounds) and compounds written with a hyphen match the phrase (dev round sixteen's classes)."""

from __future__ import annotations

import pytest

from listingsmith.policies.rules import RuleContext, banned_phrases
from listingsmith.text.stems import derived_bases


def hits(text: str, phrases, language: str) -> list[str]:
    params = {"phrases": phrases, "match": "word"}
    return [v["match"] for _, v in banned_phrases(text, params, RuleContext(language=language))]


@pytest.mark.parametrize(
    ("language", "phrase", "text", "found"),
    [
        # adverbs
        ("en", "sustainable", "Made sustainably with care", "sustainably"),
        ("en", "organic", "Organically sourced shea butter", "Organically"),
        ("fr", "écologique", "Fabriquée écologiquement en France", "écologiquement"),
        ("es", "ecológica", "Fabricada ecológicamente", "ecológicamente"),
        ("it", "ecologica", "Realizzata ecologicamente in Italia", "ecologicamente"),
        ("pt", "ecológica", "Fabricada ecologicamente em Portugal", "ecologicamente"),
        ("pl", "ekologiczny", "Wyprodukowana ekologicznie", "ekologicznie"),
        # abstract nouns, alone and as a phrase's second word
        ("es", "sostenible", "La sostenibilidad en cada detalle", "sostenibilidad"),
        ("it", "sostenibile", "La sostenibilità in ogni dettaglio", "sostenibilità"),
        ("pt", "sustentável", "A sustentabilidade em cada detalhe", "sustentabilidade"),
        ("pl", "ekologiczny", "Ekologiczność w każdym szczególe", "Ekologiczność"),
        ("en", "eco-friendly", "Designed for eco-friendliness", "eco-friendliness"),
        # synthetic superlatives
        ("pl", "ekologiczny", "Najekologiczniejszy wybór", "Najekologiczniejszy"),
        ("it", "sostenibile", "Sostenibilissima e riutilizzabile", "Sostenibilissima"),
        # a claim word closed behind "eco"
        ("es", "sostenible", "Envase ecosostenible y reutilizable", "ecosostenible"),
        ("pt", "sustentável", "Embalagem ecossustentável", "ecossustentável"),
        # compounds written with a hyphen, in languages that write them closed
        ("de", "umweltfreundlich", "Umwelt-freundliche Verpackung", "Umwelt-freundliche"),
        ("nl", "milieuvriendelijk", "Milieu-vriendelijke broodtrommel", "Milieu-vriendelijke"),
        ("sv", "miljövänlig", "Miljö-vänlig matlåda i bambu", "Miljö-vänlig"),
    ],
)
def test_derived_and_hyphenated_forms_match(language, phrase, text, found) -> None:
    assert hits(text, {language: [phrase]}, language) == [found]


@pytest.mark.parametrize(
    ("language", "phrase", "text"),
    [
        ("en", "sustainable", "Sustained release capsules"),
        ("en", "ecological", "Economically priced three-pack"),
        ("pl", "ekologiczny", "Ekonomiczne opakowanie"),
        ("pl", "nowy", "Nie ma go w zestawie"),  # "nie" is too short to be an adverb's base
        ("pl", "najlepszy", "Najlepiej smakuje na zimno"),  # "naj-" alone is no superlative here
        # A hyphen joins a compound only in languages that write compounds closed.
        ("it", "antimuffa", "Guarnizione anti-muffa in silicone"),
        ("de", "umweltfreundlich", "Umwelt- und freundliche Beratung"),
    ],
)
def test_derivations_do_not_stretch_to_other_words(language, phrase, text) -> None:
    assert not hits(text, {language: [phrase]}, language)


def test_derived_bases_come_from_the_data_rules() -> None:
    assert derived_bases("sustainably", "en") == ("sustainable",)
    assert derived_bases("najekologiczniejszy", "pl") == ("ekologiczny",)
    assert derived_bases("ecosostenible", "es") == ("sostenible",)
    assert derived_bases("ably", "en") == ()  # too little left before the suffix
    assert derived_bases("najlepszy", "pl") == ()
    assert derived_bases("sustainably", "ja") == ()  # a language without rules
