"""Issue 16, ninth dev round: GPSR warnings the description states itself (Art. 19(d)), books and
luggage whose age range is no toy's warning, the hair fibres Annex I lets be called wool, and
compositions with a lace or reinforcement component or Art. 12's statement; each exception
lifts the innocent case, and the case beside it still fires."""

import pytest

from listingsmith.domain import Draft
from listingsmith.policies.engine import check_policies
from listingsmith.policies.fibre_names import ANIMAL_ORIGIN, read_composition, render
from listingsmith.policies.rules import RuleContext


def fired(
    text: str,
    locale: str,
    category: str | None = None,
    bullets: list[str] | None = None,
    **attributes: str,
) -> set[str]:
    """The rule ids that fire on a listing with `text` as its description."""
    context = RuleContext(
        attributes={k.replace("_", " "): v for k, v in attributes.items()},
        language=locale.split("-")[0],
    )
    draft = Draft(title="Item", description=text, bullets=bullets or [])
    found, _ = check_policies(draft, locale, "amazon", category, context)
    return {f.rule_id for f in found}


WARNINGS = "eu-gpsr.art19d.warnings"

# (locale, toy category, warnings the description states, the same offer's text that does not
# state them: none, deferred to the packaging, or in another language)
STATED = [
    (
        "en-IE",
        "Toys & Games > Stacking Toys",
        "Stacking rainbow. Warning: not suitable for children under 36 months. Choking hazard.",
        "Stacking rainbow. Safety information: see packaging.",
    ),
    (
        "de-DE",
        "Spielzeug > Babyspielzeug",
        "Stapelregenbogen. Für Kinder ab 10 Jahren. Nur unter Aufsicht von Erwachsenen benutzen.",
        "Stapelregenbogen. Warning: not suitable for children under 36 months.",
    ),
    (
        "fr-FR",
        "Jeux et Jouets > Jouets d'éveil",
        "Arc-en-ciel à empiler. Attention : ne convient pas aux enfants de moins de 36 mois.",
        "Arc-en-ciel à empiler. Avertissements : voir emballage.",
    ),
    (
        "es-ES",
        "Juguetes y juegos > Apilables",
        "Arcoíris apilable. Mantener fuera del alcance de los niños.",
        "Arcoíris apilable. Advertencias: ninguna.",
    ),
    (
        "it-IT",
        "Giochi e giocattoli > Impilabili",
        "Arcobaleno impilabile. Contiene piccole parti: pericolo di soffocamento.",
        "Arcobaleno impilabile. Avvertenze: vedi confezione.",
    ),
    (
        "nl-NL",
        "Speelgoed > Babyspeelgoed",
        "Stapelregenboog. Waarschuwing: niet geschikt voor kinderen jonger dan 36 maanden.",
        "Stapelregenboog. Waarschuwingen: geen.",
    ),
    (
        "pl-PL",
        "Zabawki > Układanki",
        "Tęcza do układania. Używać pod nadzorem osoby dorosłej.",
        "Tęcza do układania. Ostrzeżenia: brak.",
    ),
    (
        "sv-SE",
        "Leksaker > Babyleksaker",
        "Stapelregnbåge. Varning: Ej lämplig för barn under 36 månader. Kvävningsrisk.",
        "Stapelregnbåge. Varning: se förpackning.",
    ),
    (
        "pt-PT",
        "Brinquedos e jogos > Empilhar",
        "Arco-íris de empilhar. A partir dos 10 anos. Fora do alcance das crianças.",
        "Arco-íris de empilhar. Advertências: nenhuma.",
    ),
]


@pytest.mark.parametrize(("locale", "category", "stated", "unstated"), STATED)
def test_warnings_the_description_states_in_its_language_are_given(
    locale: str, category: str, stated: str, unstated: str
) -> None:
    """Art. 19(d) with Directive 2009/48/EC Art. 11(1) and Annex V: warnings the offer's own text
    gives in the consumer's language need no warnings field; "none", "see packaging" and a
    warning in another language give none."""
    assert WARNINGS not in fired(stated, locale, category)
    assert WARNINGS in fired(unstated, locale, category)


def test_a_storage_box_for_small_parts_states_no_warning() -> None:
    """"Small parts" is a warning only as the hazard a toy contains."""
    category = "Toys & Games > Storage"
    assert WARNINGS in fired("A storage box for small parts and beads.", "en-IE", category)
    assert WARNINGS not in fired("Contains small parts.", "en-IE", category)


@pytest.mark.parametrize(
    ("locale", "books", "bags"),
    [
        ("en-IE", "Books > Children's Books > Board Books", "Luggage > Backpacks > Kids"),
        ("de-DE", "Bücher > Kinderbücher", "Koffer, Rucksäcke & Taschen > Kinderrucksäcke"),
        ("fr-FR", "Livres > Livres pour enfants", "Bagages > Sacs à dos enfant"),
        ("pl-PL", "Książki > Dla dzieci", "Bagaż > Plecaki dziecięce"),
        ("sv-SE", "Böcker > Barnböcker", "Bagage > Barnryggsäckar"),
    ],
)
def test_an_age_range_is_no_warning_on_books_and_luggage(locale: str, books: str, bags: str) -> None:
    """A children's book's or a school bag's age range is its reading level or size, not a toy's
    user limitation (2009/48/EC Annex V Part A(1)); a sound book's batteries still ask for the
    warnings, and so does an age-graded product in another category."""
    rules = ("eu-gpsr.art19d.warnings-data", "eu-gpsr.art19d.warnings-data-age-level")
    for category in (books, bags):
        assert not fired("Bedtime.", locale, category, age_range="1-3") & set(rules)
    assert rules[1] in fired("Bedtime.", locale, books, age_range="1-3", batteries="3 x LR44")
    assert rules[0] in fired("Bedtime.", locale, "Home > Decor", age_range="1-3")


ABSENT = "eu-textile.fibre-absent"


@pytest.mark.parametrize(
    ("locale", "named", "hair", "acrylic"),
    [
        ("en-IE", "Cashmere wool beanie", "100% cashmere", "100% acrylic"),
        ("fr-FR", "Écharpe en laine mohair", "70 % mohair, 30 % polyamide", "100 % acrylique"),
        ("es-ES", "Bufanda de lana de alpaca", "100 % alpaca", "100 % acrílico"),
        ("it-IT", "Biella Lane, sciarpa in cashmere", "100 % cashmere", "100 % acrilico"),
        ("nl-NL", "Trui van alpacawol", "100 % alpaca", "100 % acryl"),
        ("pl-PL", "Szalik z wełny kaszmirowej", "100 % kaszmir", "100 % akryl"),
        ("sv-SE", "Mössa i kashmirull", "100 % kashmir", "100 % akryl"),
        ("pt-PT", "Cachecol em lã de alpaca", "100 % alpaca", "100 % acrílico"),
    ],
)
def test_a_hair_fibre_may_be_called_wool(locale: str, named: str, hair: str, acrylic: str) -> None:
    """1007/2011 Annex I row 2: alpaca, cashmere, mohair... "followed or not by the name 'wool'
    or 'hair'"; row 1: wool may be a mixture with those hairs. Over acrylic the wool word is a
    false fibre claim."""
    category = "Clothing > Accessories"
    assert ABSENT not in fired(named, locale, category, fibre_composition=hair)
    assert ABSENT in fired(named, locale, category, fibre_composition=acrylic)


COMPOSITION = "eu-textile.art16.composition"


@pytest.mark.parametrize(
    ("locale", "composition", "written"),
    [
        (
            "en-IE",
            "body 95% cotton, 5% elastane; lace 100% polyamide",
            "Body: 95% cotton, 5% elastane; lace: 100% polyamide",
        ),
        (
            "de-DE",
            "Obermaterial 100 % Polyamid; Futter 100 % Polyester; enthält nichttextile Teile "
            "tierischen Ursprungs",
            "Obermaterial: 100 % Polyamid; Futter: 100 % Polyester. Enthält nichttextile Teile "
            "tierischen Ursprungs",
        ),
        (
            "es-ES",
            "tejido principal 100 % poliéster; refuerzos 88 % poliamida, 12 % elastano",
            "Tejido principal: 100 % poliéster; refuerzos: 88 % poliamida, 12 % elastano",
        ),
        (
            "sv-SE",
            "ytterstoff 100 % polyamid; foder 100 % polyester; innehåller icke-textila delar av "
            "animaliskt ursprung",
            "Ytterstoff: 100 % polyamid; foder: 100 % polyester; innehåller icke-textila delar "
            "av animaliskt ursprung",
        ),
        (
            "pl-PL",
            "korpus 95 % bawełna, 5 % elastan; koronka 100 % poliamid",
            "Korpus: 95 % bawełna, 5 % elastan; koronka: 100 % poliamid",
        ),
    ],
)
def test_lace_reinforcements_and_animal_parts_are_read_in_a_composition(
    locale: str, composition: str, written: str
) -> None:
    """Art. 11: each component with its fibres (a lace, a reinforcement); Art. 12(1): "contains
    non-textile parts of animal origin" is a statement beside them, no unknown fibre. The text
    that states them passes; the text that leaves the statement out gets the line to append."""
    category = "Clothing > Women"
    assert COMPOSITION not in fired(written, locale, category, fibre_composition=composition)
    shares_only = written.split(". ")[0].split("; enthält")[0].split("; innehåller")[0]
    if shares_only != written:
        context = RuleContext(
            attributes={"fibre composition": composition}, language=locale.split("-")[0]
        )
        draft = Draft(title="Item", description=shares_only)
        found, _ = check_policies(draft, locale, "amazon", category, context)
        appended = [f for f in found if f.rule_id == COMPOSITION]
        assert appended and appended[0].suggested_fix


def test_the_animal_origin_statement_is_written_in_the_listing_language() -> None:
    value = "shell 80% wool, 20% polyamide; contains non-textile parts of animal origin"
    assert [c.component for c in read_composition(value)] == ["outer fabric", ANIMAL_ORIGIN]
    assert render(value, "it").text == (
        "tessuto esterno: 80% lana, 20% poliammide; contiene parti non tessili di origine animale"
    )
    assert render(value, "de").text == (
        "Oberstoff: 80 % Wolle, 20 % Polyamid; enthält nichttextile Teile tierischen Ursprungs"
    )
