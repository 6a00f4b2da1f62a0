"""Issue 16, ninth dev round: GPSR warnings the description states itself (Art. 19(d)), books and
luggage whose age range is no toy's warning, the hair fibres Annex I lets be called wool, and
compositions with a lace or reinforcement component or Art. 12's statement; each exception
lifts the innocent case, and the case beside it still fires."""

import pytest

from listingsmith.domain import Draft
from listingsmith.policies.compositions import shares_stated
from listingsmith.policies.engine import check_policies
from listingsmith.policies.fibre_names import ANIMAL_ORIGIN, read_composition, render
from listingsmith.policies.rules import RuleContext
from tests.unit.policy_listings import policy_findings


def fired(
    text: str,
    locale: str,
    category: str | None = None,
    bullets: list[str] | None = None,
    **attributes: str,
) -> set[str]:
    """The rule ids that fire on a listing with `text` as its description."""
    draft = Draft(title="Item", description=text, bullets=bullets or [])
    return {f.rule_id for f in policy_findings(draft, locale, category, **attributes)}


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


def test_a_placeholder_after_the_label_states_nothing_though_the_sentence_goes_on() -> None:
    category = "Toys & Games > Stacking Toys"
    assert WARNINGS in fired(
        "Stacking rainbow. Warnings: see packaging, 7 arches.", "en-IE", category
    )
    text = "Stacking rainbow. Warning: not suitable for children under 36 months, small parts."
    assert WARNINGS not in fired(text, "en-IE", category)


def test_a_storage_box_for_small_parts_states_no_warning() -> None:
    """ "Small parts" is a warning only as the hazard a toy contains."""
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
def test_an_age_range_is_no_warning_on_books_and_luggage(
    locale: str, books: str, bags: str
) -> None:
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


def test_an_animal_origin_statement_is_never_stated_in_a_language_without_its_words() -> None:
    # Its pattern in such a language was empty, and an empty pattern is found in any text.
    value = "contains non-textile parts of animal origin"
    german = "Enthält nichttextile Teile tierischen Ursprungs."
    assert shares_stated(value, german, "de", annex_i=True)
    danish = "Indeholder ikke-tekstile dele af animalsk oprindelse."
    assert not shares_stated(value, danish, "da", annex_i=True)


@pytest.mark.parametrize(
    ("locale", "condition"),
    [
        ("en-US", "Brand-new in its unopened box"),
        ("de-DE", "Neuware in ungeöffneter Originalverpackung"),
        ("fr-FR", "Neuve, jamais déballée"),
        ("es-ES", "Nueva a estrenar, caja sin abrir"),
        ("it-IT", "Nuova, mai aperta"),
        ("nl-NL", "Gloednieuw in ongeopende doos"),
        ("pl-PL", "Fabrycznie nowy, nieotwierany"),
        ("sv-SE", "Helt ny i oöppnad förpackning"),
        ("pt-PT", "Nova, nunca aberta"),
        ("ja-JP", "新品未開封"),
        ("zh-CN", "全新未拆封"),
    ],
)
def test_a_statement_of_condition_is_not_allowed_on_amazon(locale: str, condition: str) -> None:
    """Product detail page rules: no details of condition (the offer states it)."""
    assert "amazon.condition" in fired("Kettle.", locale, "Kitchen", bullets=[condition])


@pytest.mark.parametrize(
    ("locale", "innocent"),
    [
        ("en-US", "A new design that leaves your car like new"),
        ("es-ES", "Deja tu coche como nuevo"),
        ("sv-SE", "En helt ny design"),
    ],
)
def test_new_and_like_new_alone_state_no_condition(locale: str, innocent: str) -> None:
    assert "amazon.condition" not in fired("Car polish.", locale, "Car care", bullets=[innocent])


@pytest.mark.parametrize(
    ("locale", "promo"),
    [
        ("de-DE", "Versandkostenlos zu dir nach Hause"),
        ("de-DE", "Heute 30 % günstiger"),
        ("fr-FR", "Expédition offerte partout en France"),
        ("fr-FR", "Remisée de 30 % cette semaine"),
        ("fr-FR", "L'article le plus vendu de la gamme"),
        ("es-ES", "Rebajada un 30 % esta semana"),
        ("it-IT", "Scontata del 30 % questa settimana"),
        ("nl-NL", "Kosteloos thuisbezorgd"),
        ("nl-NL", "Ons bestverkopende model van het jaar"),
        ("sv-SE", "Nedsatt med 30 % denna vecka"),
        ("pt-PT", "Enviado gratuitamente para sua casa"),
        ("zh-CN", "免费送货上门"),
    ],
)
def test_inflected_price_shipping_and_bestseller_statements_fire(locale: str, promo: str) -> None:
    rules = fired("Kettle.", locale, "Kitchen", bullets=[promo])
    assert {"amazon.promo.phrases", "amazon.promo.savings"} & rules


def test_a_reduction_of_noise_is_no_price_cut() -> None:
    rules = fired(
        "Kettle.", "en-US", "Kitchen", bullets=["Noise reduced by 30% against our last model"]
    )
    assert "amazon.promo.savings" not in rules


MADE = "us-ftc.made-in-usa"
HEALTH = "us-ftc.health-claims"


@pytest.mark.parametrize(
    ("locale", "claim"),
    [
        ("en-US", "Handmade in Texas"),
        ("en-US", "Designed, built and assembled in the U.S.A."),
        ("es-US", "Hechas a mano en Texas"),
    ],
)
def test_origin_claims_by_a_state_or_a_chain_of_verbs(locale: str, claim: str) -> None:
    """16 CFR 323.1(a): made, built or crafted in the United States or a state of it."""
    assert MADE in fired("Belt.", locale, "Belts", bullets=[claim], country_of_origin="Mexico")
    assert MADE not in fired("Belt.", locale, "Belts", bullets=[claim], country_of_origin="USA")


def test_designed_and_assembled_in_the_usa_is_the_qualified_assembly_claim() -> None:
    bullets = ["Designed and assembled in the USA from imported parts"]
    assert MADE not in fired("Belt.", "en-US", "Belts", bullets=bullets, country_of_origin="China")


@pytest.mark.parametrize(
    ("locale", "claim"),
    [
        ("en-US", "Kills cancer cells in the body"),
        ("en-US", "Relieves the symptoms of clinical depression"),
        ("es-US", "Previene el alzhéimer y la demencia"),
        ("es-US", "Alivia los síntomas de la depresión"),
    ],
)
def test_disease_claims_with_kill_or_the_symptoms_of(locale: str, claim: str) -> None:
    """FTC Health Products Compliance Guidance 2.4: disease claims need competent and reliable
    scientific evidence; killing weeds is no disease claim."""
    category = "Health > Supplements"
    assert HEALTH in fired("Capsules.", locale, category, bullets=[claim])
    assert HEALTH not in fired("Weed killer.", "en-US", "Garden", bullets=["Kills 99% of weeds"])


def test_an_acorn_is_no_organic_claim() -> None:
    """Swedish "ekollon" (acorn) opens with "eko"; "eko-bomull" is still a claim."""
    assert "claims.organic" not in fired("Ekollon från eken.", "sv-SE", "Böcker")
    assert "claims.organic" in fired("Väska i eko-bomull.", "sv-SE", "Väskor")


def test_the_warnings_label_stays_among_the_learned_detectors_disclosure_samples() -> None:
    """The warnings rule's kind is disclosure_or_text now: its appended label is still a pack
    disclosure the learned detector learns to leave alone."""
    from listingsmith.training.claims import disclosure_samples

    texts = [s.text for s in disclosure_samples(["de", "sv"], 7)]
    assert any(t.startswith("Warn- und Sicherheitshinweise: ") for t in texts)
    assert any(t.startswith("Varningar och säkerhetsinformation: ") for t in texts)


@pytest.mark.parametrize(
    ("locale", "statement"),
    [
        ("en-US", "In stock and ready to ship today"),
        ("en-US", "Full refund if you are not happy"),
        ("de-DE", "Sofort lieferbar, ab Lager"),
        ("fr-FR", "Commandé avant 14 h, livré demain"),
        ("es-ES", "Reembolso completo si no quedas satisfecho"),
        ("it-IT", "Disponibile subito, spedito oggi"),
        ("nl-NL", "Op voorraad, vandaag verzonden"),
        ("pl-PL", "Dostępny od ręki, wysyłka dziś"),
        ("sv-SE", "Beställ före kl. 14 så får du den i morgon"),
        ("pt-PT", "Em stock, enviado hoje"),
        ("ja-JP", "在庫あり、即日発送"),
        ("zh-CN", "现货速发"),
    ],
)
def test_availability_dispatch_and_refund_statements_are_not_allowed(
    locale: str, statement: str
) -> None:
    """Product detail page rules: no details of availability, no shipping offers, no guarantee
    information such as a full refund."""
    assert "amazon.availability" in fired("Kettle.", locale, "Kitchen", bullets=[statement])


@pytest.mark.parametrize(
    ("locale", "variant"),
    [
        ("en-US", "Available in three colours"),
        ("de-DE", "Leiser Lauf dank Kugellager"),
        ("it-IT", "Disponibile in tre colori"),
        ("pl-PL", "Szkic rysowany od ręki"),
        ("sv-SE", "Isolerad i tre lager"),
        ("ja-JP", "在庫管理用のラベル付き"),
    ],
)
def test_a_products_variants_and_parts_are_no_availability(locale: str, variant: str) -> None:
    assert "amazon.availability" not in fired("Kettle.", locale, "Kitchen", bullets=[variant])
