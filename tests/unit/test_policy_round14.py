"""Issue 16, fourteenth dev round (the EU languages): one test per kind of fix, each permitted
text beside the claim that still fires."""

import pytest

from listingsmith.text.reader import read
from tests.unit.policy_listings import regime_fired

RESPONSIBLE_PERSON = "eu-gpsr.art19.responsible-person"

# (regime, locale, permitted text, its attributes, the claim beside it that still fires, its
# attributes)
PAIRS = [
    # Regulation (EU) 2018/848 Art. 32(1)(a): a general certification attribute holding the
    # control body's code substantiates the organic term; another certificate does not.
    (
        "claims-evidence",
        "nl-NL",
        "Biologische rooibos, EU-logo, NL-BIO-01",
        {"certification": "NL-BIO-01"},
        "Biologische rooibos",
        {"certification": "ISO 9001"},
    ),
    (
        "claims-evidence",
        "sv-SE",
        "Ekologiskt rött te, SE-EKO-01",
        {"certification": "SE-EKO-01"},
        "Ekologiskt rött te",
        {"certification": "CE"},
    ),
    (
        "claims-evidence",
        "pt-PT",
        "Mel biológico, PT-BIO-03",
        {"certification": "PT-BIO-03"},
        "Mel biológico",
        {},
    ),
    # Polish "biodro" (a hip) and German "Ökologie" (the science) are no organic terms.
    ("claims-evidence", "pl-PL", "Stabilizator na biodro, rozmiar M", {}, "Bio masło", {}),
    ("claims-evidence", "de-DE", "Lehrbuch der Ökologie, 3. Auflage", {}, "Öko-Honig", {}),
    # Directive 2024/825: German organic wording with its control body's code is a certified
    # organic claim; without the code it is a generic claim.
    (
        "eu-2024-825",
        "de-DE",
        "Tee aus kontrolliert ökologischem Anbau, DE-ÖKO-039",
        {},
        "Ein ökologisches Produkt für jeden Tag",
        {},
    ),
    ("eu-2024-825", "de-DE", "Lehrbuch der Ökologie", {}, "Ökologische Trinkflasche", {}),
    # Dutch "duurzaam" said of what lasts for generations: durability, no environmental claim.
    (
        "eu-2024-825",
        "nl-NL",
        "Duurzaam eikenhout dat decennia meegaat",
        {},
        "Een duurzame keuze voor je keuken",
        {},
    ),
    # Compostability certified to a named standard, in a general certification attribute.
    (
        "eu-2024-825",
        "it-IT",
        "Piatti compostabili",
        {"certification": "EN 13432 (Seedling)"},
        "Piatti compostabili",
        {"certification": "CE"},
    ),
]


@pytest.mark.parametrize(("regime", "locale", "innocent", "given", "claim", "claimed"), PAIRS)
def test_the_permitted_text_passes_and_the_claim_beside_it_fires(
    regime: str,
    locale: str,
    innocent: str,
    given: dict[str, str],
    claim: str,
    claimed: dict[str, str],
) -> None:
    assert not regime_fired(regime, locale, innocent, **given)
    assert regime_fired(regime, locale, claim, **claimed)


# Offsetting-based neutrality in CO2 (Annex I 4c) and Italian's loanword "green" (recital 9).
MISSED = [
    ("fr-FR", "Livraison neutre en CO2 partout en France"),
    ("pt-PT", "Entrega neutra em CO2 em todo o país"),
    ("it-IT", "Prodotti green per tutta la famiglia"),
]


@pytest.mark.parametrize(("locale", "claim"), MISSED)
def test_the_claims_the_round_found_missed_fire(locale: str, claim: str) -> None:
    assert regime_fired("eu-2024-825", locale, claim)


# Domestic addresses in the Union with a unit between street and postal code, or a Venetian
# street word.
DOMESTIC = [
    ("es-ES", "Polígono Industrial Norte, nave 3, 50014 Zaragoza"),
    ("es-ES", "Calle del Pez 12, 2.º izda., 28004 Madrid"),
    ("it-IT", "Fondamenta Zattere 4, 30123 Venezia (VE)"),
    ("it-IT", "Via Po 5, scala A, 10124 Torino"),
]


@pytest.mark.parametrize(("locale", "address"), DOMESTIC)
def test_a_domestic_address_with_its_unit_or_a_venetian_street_is_in_the_union(
    locale: str, address: str
) -> None:
    fired = regime_fired(
        "eu-gpsr", locale, "Lampada.", manufacturer="Fabbrica", manufacturer_address=address
    )
    assert RESPONSIBLE_PERSON not in fired


def test_the_same_shape_outside_the_union_still_asks_for_a_responsible_person() -> None:
    address = "Calle Juárez 40, Colonia Centro, 44100 Guadalajara, México"
    fired = regime_fired(
        "eu-gpsr", "es-ES", "Lámpara.", manufacturer="Fábrica", manufacturer_address=address
    )
    assert RESPONSIBLE_PERSON in fired


def test_a_one_letter_word_after_a_spaced_out_claim_stays_a_word() -> None:
    assert read("D a r m o w a  d o s t a w a w całej Polsce", "pl").text.startswith(
        "darmowa dostawa w "
    )
    assert regime_fired("amazon", "pl-PL", "D a r m o w a  d o s t a w a w całej Polsce")
    # A short word before a last letter is one word ("U S A" is no "us a").
    assert read("M a d e  i n  U S A", "en").text == "made in usa"


def test_ropa_inside_a_word_of_the_category_is_no_clothing() -> None:
    scourers = "Hogar > Limpieza > Estropajos"
    assert not regime_fired("eu-textile-1007-2011", "es-ES", "Estropajo.", category=scourers)
    clothing = "Moda > Ropa de mujer > Vestidos"
    assert regime_fired("eu-textile-1007-2011", "es-ES", "Vestido.", category=clothing)


def test_recycled_polyester_in_the_seller_value_is_polyester() -> None:
    fired = regime_fired(
        "eu-textile-1007-2011",
        "nl-NL",
        "Samenstelling: 60 % katoen, 40 % polyester",
        category="Kleding > Dames > Hoodies",
        fibre_composition="60 % katoen, 40 % polyester (gerecycled)",
    )
    assert not fired
