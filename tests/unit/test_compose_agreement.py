"""A Spanish, Italian or French title's adjective values agree with the product noun
(agreement.yaml): the demo's hot sauce read "Salsa picante El Yucateco, rojo" and "Salsa
piccante ..., rosso", French shoes "Chaussure ..., noir"."""

from __future__ import annotations

import pytest

from listingsmith.checks.listing import Checks, check_listing
from listingsmith.compose.agreement import agreed, noun_form
from listingsmith.compose.describe import compose_description
from listingsmith.compose.facts import attribute_lines
from listingsmith.compose.titles import compose_title
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Draft, Product
from listingsmith.taxonomy.nouns import product_noun

SAUCE = Product(sku="s", title="El Yucateco Hot Sauce", category="Hot Sauce", brand="El Yucateco")
SAUCE_CATEGORY = "fb-2-4-8"


def seller(**values: str) -> list[Attribute]:
    return [
        Attribute(name=n.replace("_", " "), value=v, source="seller", confidence=1.0)
        for n, v in values.items()
    ]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("es-ES", "Salsa picante El Yucateco, roja"),
        ("it-IT", "Salsa piccante El Yucateco, rossa"),
        ("fr-FR", "Sauce piquante El Yucateco, rouge"),
    ],
)
def test_a_title_s_colour_agrees_with_a_feminine_noun(locale: str, expected: str) -> None:
    noun = product_noun(SAUCE_CATEGORY, locale[:2])
    title = compose_title(
        SAUCE, seller(Color="red"), noun, locale, "amazon", 200, category=SAUCE_CATEGORY
    )
    assert title == expected


@pytest.mark.parametrize("locale", ["es-ES", "it-IT"])
def test_the_attribute_line_and_de_color_keep_the_masculine(locale: str) -> None:
    noun = product_noun(SAUCE_CATEGORY, locale[:2])
    facts = seller(Color="red")
    line = attribute_lines(SAUCE, facts, locale, 5, category=SAUCE_CATEGORY)[0]
    text = compose_description(SAUCE, facts, noun, locale, category=SAUCE_CATEGORY)
    masculine = {"es-ES": "rojo", "it-IT": "rosso"}[locale]
    assert line.endswith(masculine)
    assert f"di colore {masculine}" in text or f"de color {masculine}" in text


@pytest.mark.parametrize(
    ("value", "noun", "language", "expected"),
    [
        ("negro", "Camiseta de manga corta", "es", "negra"),
        ("negro", "Gafas de sol", "es", "negras"),  # a plural head
        ("negro", "Pantalón corto", "es", "negro"),
        ("estampado", "Gorra de béisbol", "es", "estampada"),  # a pattern agrees too
        ("rojo/negro", "Cortina", "es", "roja/negra"),
        ("rosa", "Camiseta", "es", "rosa"),  # invariable colour names
        ("naranja", "Vela", "es", "naranja"),
        ("beige", "Gorra", "es", "beige"),
        ("turquesa", "Funda", "es", "turquesa"),
        ("azul marino", "Camiseta", "es", "azul marino"),  # a compound colour never agrees
        ("cubo", "Lámpara", "es", "cubo"),  # a shape's noun
        ("blanco", "Canción", "es", "blanca"),  # by its ending
        ("blanco", "Pijama", "es", "blanco"),  # a masculine in -a
        ("nero", "Scarpa", "it", "nera"),
        ("grigio", "Borsa", "it", "grigia"),
        ("leopardato", "Sciarpa", "it", "leopardata"),
        ("blu", "Tenda", "it", "blu"),
        ("viola", "Tenda", "it", "viola"),
        ("oro", "Collana", "it", "oro"),
        ("nero", "Pigiama", "it", "nero"),
        ("nero", "Caricabatterie", "it", "nero"),  # a gender no rule names: as written
        ("schwarz", "Tasche", "de", "schwarz"),  # no agreement data: unchanged
        ("camuflaje", "Gafas de sol", "es", "camuflaje"),  # read "camuflajes": a noun
        ("cachemira", "Gafas de sol", "es", "cachemira"),
        ("pirata", "Pantalones", "es", "pirata"),
        ("magenta", "Gafas de sol", "es", "magenta"),  # a colour noun, as "rosa"
        ("floral", "Gafas de sol", "es", "florales"),  # read "floral": a consonant takes -es
        ("rectangular", "Gafas de sol", "es", "rectangulares"),
        ("gris", "Gafas de sol", "es", "grises"),
        ("floral", "Falda", "es", "floral"),
        # Plural heads (taxonomy plural_only, compose/nouns.yaml): Italian had no plural.
        ("nero", "Occhiali da sole", "it", "neri"),  # read "nero"
        ("bianco", "Scarpe", "it", "bianche"),
        ("grigio", "Pantaloni", "it", "grigi"),
        ("geometrico", "Scarpe", "it", "geometriche"),
        ("lungo", "Pantaloni", "it", "lunghi"),
        ("cuore", "Scarpe", "it", "cuore"),  # a shape's noun stays
        ("blu", "Occhiali", "it", "blu"),
        ("noir", "Chaussures", "fr", "noires"),  # read "noir": a masculine by its final s
        ("negro", "Calcetines", "es", "negros"),  # read "negro": no gender for -es
        ("long", "Manteau", "fr", "long"),  # French lengths, masculine in values.yaml
        ("long", "Robe", "fr", "longue"),  # read "longe"
        ("mi-long", "Jupe", "fr", "mi-longue"),
        ("court", "Robe", "fr", "courte"),
    ],
)
def test_values_agree_by_data(value: str, noun: str, language: str, expected: str) -> None:
    assert agreed(value, noun, language) == expected


def test_a_noun_s_gender_and_number() -> None:
    assert noun_form("Gafas de sol", "es") == ("f", True)
    assert noun_form("Cuenco para mezclar", "es") == ("m", False)
    assert noun_form("Stampante", "it") == ("f", False)
    assert noun_form("Ciotola", "it") == ("f", False)


@pytest.mark.parametrize(("locale", "colour"), [("es-ES", "red"), ("it-IT", "yellow")])
def test_the_fact_check_reads_the_feminine_as_the_same_colour(locale: str, colour: str) -> None:
    """An agreeing colour is the same colour to the fact-check: no conflict with the seller's."""
    noun = product_noun(SAUCE_CATEGORY, locale[:2])
    facts = seller(Color=colour)
    title = compose_title(SAUCE, facts, noun, locale, "amazon", 200, category=SAUCE_CATEGORY)
    draft = Draft(title=title, bullets=[], description="", keywords=[])
    found = check_listing(draft, SAUCE, facts, locale, Settings(), checks=Checks.FACTS).findings
    assert [f.rule_id for f in found if f.field == "title"] == []
    wrong = seller(Color="blue")
    found = check_listing(draft, SAUCE, wrong, locale, Settings(), checks=Checks.FACTS).findings
    assert any(f.field == "title" for f in found)


SHOE = Product(sku="f", title="Acme Running Shoe", category="Shoes", brand="Acme")


@pytest.mark.parametrize(
    ("value", "noun", "expected"),
    [
        ("noir", "Chaussure de sport", "noire"),
        ("blanc", "Lampe de table", "blanche"),
        ("vert", "Robe", "verte"),
        ("bleu", "Robe", "bleue"),
        ("gris", "Veste", "grise"),
        ("violet", "Robe", "violette"),
        ("doré", "Montre", "dorée"),
        ("naturel", "Huile", "naturelle"),
        ("rond", "Table", "ronde"),  # a shape agrees too
        ("demi-rond", "Table", "demi-ronde"),  # after a prefix that does not change
        ("rayé", "Chemise", "rayée"),  # and a pattern
        ("noir", "Sac à dos", "noir"),  # a masculine head
        ("noir", "Porte-clés", "noir"),  # a verb-noun compound is masculine
        ("noir", "Accessoire", "noir"),  # a masculine in -oire
        ("noir", "Lunettes de soleil", "noires"),  # a plural-only head
        ("gris", "Ciseaux", "gris"),
        ("rose", "Lunettes", "roses"),  # rose, rouge, jaune agree in number only
        ("rouge", "Robe", "rouge"),
        ("jaune", "Lampe", "jaune"),
        ("marron", "Robe", "marron"),  # colour names from nouns never agree
        ("orange", "Lampe", "orange"),
        ("crème", "Robe", "crème"),
        ("kaki", "Veste", "kaki"),
        ("turquoise", "Robe", "turquoise"),
        ("bordeaux", "Robe", "bordeaux"),
        ("argent", "Montre", "argent"),
        ("or", "Montre", "or"),
        ("bleu marine", "Robe", "bleu marine"),  # compound colours never agree
        ("vert foncé", "Robe", "vert foncé"),
        ("bleu-vert", "Robe", "bleu-vert"),
        ("noir/blanc", "Robe", "noir/blanc"),  # two colours of one thing
        ("léopard", "Robe", "léopard"),  # a pattern that is a noun
        ("noir", "Écouteur", "noir"),
    ],
)
def test_french_values_agree(value: str, noun: str, expected: str) -> None:
    assert agreed(value, noun, "fr") == expected


def test_french_nouns_gender_by_ending_and_exception() -> None:
    assert noun_form("Chaussure de sport", "fr") == ("f", False)
    assert noun_form("Décoration murale", "fr") == ("f", False)  # by -tion
    assert noun_form("Couteau de cuisine", "fr") == ("m", False)  # by -eau
    assert noun_form("Fleur artificielle", "fr") == ("f", False)  # an -eur exception
    assert noun_form("Lunettes de soleil", "fr") == ("f", True)
    assert noun_form("Ensemble", "fr") == ("m", False)
    assert noun_form("Meuble", "fr") == ("m", False)


def test_a_french_title_s_colour_agrees_with_the_taxonomy_s_noun() -> None:
    title = compose_title(SHOE, seller(Color="black"), "Chaussure de sport", "fr-FR", "amazon", 200)
    assert title.endswith(", noire")
    title = compose_title(SHOE, seller(Color="white"), "Lampe de table", "fr-FR", "amazon", 200)
    assert title.endswith(", blanche")
    title = compose_title(SHOE, seller(Color="brown"), "Robe", "fr-FR", "amazon", 200)
    assert title.endswith(", marron")


def test_the_french_attribute_line_and_coloris_keep_the_masculine() -> None:
    facts = seller(Color="black")
    line = attribute_lines(SHOE, facts, "fr-FR", 5)[0]
    text = compose_description(SHOE, facts, "Chaussure de sport", "fr-FR")
    assert line.endswith("noir")
    assert "coloris noir" in text


def test_de_couleur_agrees_with_couleur() -> None:
    """A food's colour in the description follows "de couleur", a feminine noun."""
    noun = product_noun(SAUCE_CATEGORY, "fr")
    text = compose_description(SAUCE, seller(Color="black"), noun, "fr-FR", category=SAUCE_CATEGORY)
    assert "de couleur noire" in text
    text = compose_description(SAUCE, seller(Color="brown"), noun, "fr-FR", category=SAUCE_CATEGORY)
    assert "de couleur marron" in text


@pytest.mark.parametrize(
    ("noun", "colour", "said", "wrong"),
    [
        ("Robe", "gold", "dorée", "black"),
        ("Veste", "silver", "argentée", "black"),
        ("Robe", "black", "noire", "white"),
    ],
)
def test_the_fact_check_reads_french_feminines(
    noun: str, colour: str, said: str, wrong: str
) -> None:
    """The agreeing French colour is the seller's colour to the fact-check, and contradicts
    another one: before colors.yaml listed them, "dorée" and "argentée" were no colour to it."""
    facts = seller(Color=colour)
    title = f"{noun} Acme, {said}"
    draft = Draft(title=title, bullets=[], description="", keywords=[])
    found = check_listing(draft, SHOE, facts, "fr-FR", Settings(), checks=Checks.FACTS).findings
    assert [f.rule_id for f in found if f.field == "title"] == []
    other = seller(Color=wrong)
    found = check_listing(draft, SHOE, other, "fr-FR", Settings(), checks=Checks.FACTS).findings
    assert any(f.field == "title" for f in found), title


COAT = Product(sku="m", title="Acme Long Coat", category="Coats & Jackets", brand="Acme")


def test_a_title_s_length_agrees_with_the_noun() -> None:
    """values.yaml wrote the French lengths feminine ("courte", "longue", for dresses) and
    French left lengths out of agreement, so a coat read "Manteau, longue"."""
    long, short = seller(Length="long dress/gown"), seller(Length="mini/short")
    assert compose_title(COAT, long, "Manteau", "fr-FR", "amazon", 200) == "Manteau Acme, long"
    assert compose_title(COAT, long, "Robe", "fr-FR", "amazon", 200) == "Robe Acme, longue"
    assert compose_title(COAT, short, "Manteau", "fr-FR", "amazon", 200) == "Manteau Acme, court"
    assert compose_title(COAT, short, "Falda", "es-ES", "amazon", 200) == "Falda Acme, corta"
    assert compose_title(COAT, long, "Gonna", "it-IT", "amazon", 200) == "Gonna Acme, lunga"


def test_an_italian_plural_title() -> None:
    title = compose_title(SHOE, seller(Color="black"), "Occhiali da sole", "it-IT", "amazon", 200)
    assert title == "Occhiali da sole Acme, neri"
