"""Derived forms of a claim word (adverbs, abstract nouns, synthetic superlatives, "eco"
compounds) and compounds written with a hyphen match the phrase (dev round sixteen's classes);
so does a claim's verb conjugated, read as the claim's noun or -able adjective (stems.yaml
`verbs` derivations on the lemma), and a word with a lemma override (dev round seventeen)."""

from __future__ import annotations

import pytest

from listingsmith.policies.rules import RuleContext, banned_phrases
from listingsmith.text.stems import derived_bases, word_keys


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


@pytest.mark.parametrize(
    ("language", "phrase", "text", "found"),
    [
        # the verb of shipping read as its action noun, the adverb as its adjective
        ("it", "spedizione gratuita", "Spediamo gratuitamente ovunque", "Spediamo gratuitamente"),
        ("fr", "livraison gratuite", "Nous livrons gratuitement", "livrons gratuitement"),
        ("es", "envío gratis", "Enviamos gratis a toda España", "Enviamos gratis"),
        ("it", "consegna gratis", "Consegniamo gratis a domicilio", "Consegniamo gratis"),
        # the verb of a price cut read as its noun
        ("pt", "desconto", "Descontamos 20 % no pagamento", "Descontamos"),
        ("it", "sconto", "Scontiamo tutte le padelle", "Scontiamo"),
        ("pl", "przecena", "Przeceniamy wszystkie patelnie", "Przeceniamy"),
        # the verb of a claim read as its -able adjective
        ("es", "compostable", "Se composta en casa", "composta"),
        ("pl", "kompostowalny", "Kompostuje się w domu", "Kompostuje"),
        ("sv", "komposterbar", "Komposteras hemma", "Komposteras"),
        ("nl", "composteerbaar", "Composteert thuis", "Composteert"),
        # a lemma override for a word the dictionary does not know
        ("pt", "biodegradável", "Biodegrada-se em 6 meses", "Biodegrada"),
        # a lemma override where the dictionary reads an adjective as a verb
        ("pt", "isento de bpa", "Garrafa isenta de BPA", "isenta de BPA"),
    ],
)
def test_conjugated_verbs_match_the_claim(language, phrase, text, found) -> None:
    assert hits(text, {language: [phrase]}, language) == [found]


@pytest.mark.parametrize(
    ("language", "phrase", "text"),
    [
        ("en", "recyclable", "Made from recycled plastic"),  # no verb rules in English
        ("nl", "korting", "Kort de kabel in tot de juiste lengte"),  # no -en -> -ing in Dutch
        ("fr", "livraison gratuite", "Livre de recettes gratuit à télécharger"),  # a book
        ("fr", "compostable", "Bac à compost pour épluchures"),  # compost, the material
        ("es", "compostable", "Cubo de compost para la cocina"),
        # verbs whose noun is another word or another sense (stems.yaml verbs_apart)
        ("it", "saldi", "Stazione saldante digitale 60 W"),
        ("es", "rebajas", "Para rebajar esmaltes y pinturas al aceite"),
        ("es", "compra ya", "¿Has comprado ya los regalos?"),  # a participle, not "buy now"
    ],
)
def test_verb_rules_do_not_stretch_to_other_words(language, phrase, text) -> None:
    assert not hits(text, {language: [phrase]}, language)


def test_verb_rules_and_overrides_come_from_the_data() -> None:
    assert "spedizione" in derived_bases("spediamo", "it")
    assert "livraison" in derived_bases("livrons", "fr")
    assert "biodegradável" in derived_bases("biodegrada", "pt")
    assert derived_bases("recycled", "en") == ()
    assert word_keys("isenta", "pt")[0] == "isento"
    assert word_keys("compost", "fr") == ("compost", "compost", True)
