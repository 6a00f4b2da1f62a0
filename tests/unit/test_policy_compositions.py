"""The EU fibre composition disclosure in the listing's language (Regulation (EU) No 1007/2011
Art. 16(3), Annex I names, CLDR percent format), and the US one left in the seller's English
generic names (16 CFR 303.7)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from listingsmith.domain import Draft, Finding
from listingsmith.lexicons import load_data
from listingsmith.policies.compositions import shares_stated
from listingsmith.policies.engine import apply_fixes, check_policies
from listingsmith.policies.fibre_names import percent, read_composition, render
from listingsmith.policies.rules import RuleContext

CURTAINS = "Curtains & Drapes"  # a material rule's category (the demo's curtain)
CLOTHING = "Clothing > Shirts"
EU_RULES = {"eu-textile.art16.composition", "eu-textile.art16.composition-material"}


def composition_findings(
    text: str, locale: str, value: str | None, category: str = CURTAINS
) -> tuple[Draft, list[Finding]]:
    attributes = {"fibre composition": value} if value is not None else {}
    context = RuleContext(attributes=attributes, language=locale.split("-")[0])
    draft = Draft(title="Item", description=text)
    found, _ = check_policies(draft, locale, "amazon", category, context)
    return draft, [f for f in found if f.rule_id in EU_RULES | {"us-textile.fiber-content"}]


@pytest.mark.parametrize(
    ("locale", "line"),
    [
        ("de-DE", "Materialzusammensetzung: 100 % Polyester."),
        ("fr-FR", "Composition : 100 % polyester."),
        ("es-ES", "Composición: 100 % poliéster."),
        ("it-IT", "Composizione: 100% poliestere."),
        ("nl-NL", "Samenstelling: 100% polyester."),
        ("pl-PL", "Skład: 100% poliester."),
        ("sv-SE", "Materialsammansättning: 100 % polyester."),
        ("pt-PT", "Composição: 100% poliéster."),
        ("en-IE", "Fibre composition: 100% polyester."),
    ],
)
def test_the_appended_composition_is_in_the_listings_language(locale: str, line: str) -> None:
    """The demo's curtain: de-DE got "Materialzusammensetzung: 100% polyester." (the seller's
    English value, the English percent format)."""
    _, found = composition_findings("Two curtain panels.", locale, "100% polyester")
    (finding,) = found
    assert finding.fix == "append"
    assert finding.suggested_fix == line


def test_shares_take_the_cldr_percent_format_with_a_plain_space() -> None:
    """CLDR writes a no-break space before % in German, French, Spanish, Swedish and none in
    Italian; the listing writes a plain space, as it writes "17,8 cm"."""
    assert percent(Decimal("42.5"), "de") == "42,5 %"
    assert percent(Decimal("42.5"), "fr") == "42,5 %"
    assert percent(Decimal("42.5"), "it") == "42,5%"
    assert percent(Decimal("42.5"), "en") == "42.5%"
    assert percent(Decimal("100"), "es") == "100 %"


def test_a_mixed_composition_is_ordered_by_weight_with_decimal_shares() -> None:
    """Art. 9(1): descending order of weight, "other fibres" last (Art. 9(3)); the seller's
    spelling ("Cotton 60%/...") and US names (spandex, rayon) are read."""
    value = "2% other fibres, Cotton 40.5%/Polyester 52,5% + 5% spandex"
    assert render(value, "de").text == (
        "52,5 % Polyester, 40,5 % Baumwolle, 5 % Elasthan, 2 % sonstige Fasern"
    )
    assert render(value, "fr").text == (
        "52,5 % polyester, 40,5 % coton, 5 % élasthanne, 2 % autres fibres"
    )
    assert render("95% rayon, 5% spandex", "es").text == "95 % viscosa, 5 % elastano"
    assert render("95% rayon, 5% spandex", "it").text == "95% viscosa, 5% elastan"
    assert render("60% cotton, 40% polyester", "en").text == "60% cotton, 40% polyester"


def test_components_are_named_in_the_listings_language() -> None:
    """Art. 11: each component with its own composition."""
    value = "shell: 100% nylon; lining: 100% polyester"
    assert render(value, "de").text == "Oberstoff: 100 % Polyamid; Futter: 100 % Polyester"
    assert render(value, "fr").text == (
        "tissu extérieur : 100 % polyamide ; doublure : 100 % polyester"
    )
    assert render("100% cotton (liner)", "de").text == "Futter: 100 % Baumwolle"
    (component,) = read_composition("Cotton 60%/Polyester 40%")
    assert component.name is None and [p.fibre for p in component.parts] == [
        "cotton",
        "polyester",
    ]


@pytest.mark.parametrize(
    ("value", "language", "text"),
    [
        # the dev corpus's component words, held before as unknown
        (
            "body: 100% cotton; cuffs: 95% cotton, 5% spandex",
            "de",
            "Hauptstoff: 100 % Baumwolle; Bündchen: 95 % Baumwolle, 5 % Elasthan",
        ),
        (
            "cover: 100% cotton; fill: 100% polyester",
            "fr",
            "housse : 100 % coton ; rembourrage : 100 % polyester",
        ),
        ("100 % Baumwolle (Beutel)", "sv", "påse: 100 % bomull"),
        (
            "bovenstuk: 100 % katoen; broek: 92 % viscose, 8 % elastaan",
            "pl",
            "góra: 100% bawełna; spodnie: 92% wiskoza, 8% elastan",
        ),
        # the train splits' "outer" and "inner"
        (
            "outer: 60% cotton, 40% polyester; inner: 100% cotton",
            "it",
            "tessuto esterno: 60% cotone, 40% poliestere; tessuto interno: 100% cotone",
        ),
        # "tissu principal" is the main fabric, not the outer one
        (
            "tissu principal 70 % laine, 30 % polyamide ; doublure 100 % viscose",
            "en",
            "main fabric: 70% wool, 30% polyamide; lining: 100% viscose",
        ),
    ],
)
def test_the_component_words_sellers_use_are_named_in_every_language(
    value: str, language: str, text: str
) -> None:
    assert render(value, language).text == text


def test_every_component_has_a_name_in_every_language_of_the_table() -> None:
    """A component without a name in a language would hold every listing there that names it."""
    table = load_data("listingsmith.policies", "fibre_names.yaml")
    languages = set(table["fibres"]["wool"]["names"])
    for component, entry in table["components"].items():
        assert set(entry["names"]) == languages, component
        assert all(entry["names"][language] for language in languages), component
    # no word names two components, nor a component and a fibre
    named: dict[str, set[str]] = {}
    for component, entry in table["components"].items():
        for names in entry["names"].values():
            for name in names:
                named.setdefault(name.casefold(), set()).add(component)
    assert all(len(components) == 1 for components in named.values())
    fibres = {
        n.casefold() for e in table["fibres"].values() for ns in e["names"].values() for n in ns
    }
    assert not set(named) & fibres


@pytest.mark.parametrize(
    ("value", "unknown"),
    [
        ("95% cotton, 5% lycr", "lycr"),  # a train split's misspelt value
        ("98% cotton, 2% metallic", "metallic"),
        ("hood: 100% cotton", "hood"),
        ("100 % Baumwolle (Kapuze)", "Baumwolle (Kapuze)"),
    ],
)
def test_an_unknown_fibre_holds_the_listing_for_a_person(value: str, unknown: str) -> None:
    """No English or guessed name is appended: the finding blocks, is not fixable, and names the
    fibre."""
    _, found = composition_findings("A shirt.", "de-DE", value, CLOTHING)
    (finding,) = found
    assert finding.severity == "block"
    assert finding.fix == "none" and finding.suggested_fix is None
    assert f'"{unknown}"' in finding.message


@pytest.mark.timeout(30)
def test_a_value_too_long_for_a_composition_is_held_unread() -> None:
    """A seller's attribute can be 1 MB of "a1,a1,...": not read (each comma would re-read the
    rest), held for a person with its start quoted."""
    value = "a1," * 300_000
    rendered = render(value, "de")
    assert rendered.text is None and rendered.unknown == (value[:60] + "…",)
    _, found = composition_findings("A shirt.", "de-DE", value, CLOTHING)
    (finding,) = found
    assert finding.fix == "none"


def test_a_fibre_without_a_name_in_the_language_is_held_there_only() -> None:
    """Cupro's Polish name is not in the table: held in pl-PL, written in de-DE."""
    assert render("100% cupro", "pl").text is None
    assert render("100% cupro", "de").text == "100 % Cupro"


@pytest.mark.parametrize(
    ("locale", "value"),
    [
        ("de-DE", "100% polyester"),
        ("fr-FR", "60% cotton, 40% polyester"),
        ("es-ES", "Cotton 40.5%/Polyester 59.5%"),
        ("it-IT", "shell: 100% nylon; lining: 100% polyester"),
        ("de-DE", "95% rayon made from bamboo, 5% spandex"),
        ("sv-SE", "shell: 100% nylon; lining: 100% polyester"),
        ("pl-PL", "Obermaterial 100 % Polyamid, Futter 100 % Polyester"),
    ],
)
def test_the_rule_does_not_fire_again_on_its_own_line(locale: str, value: str) -> None:
    """checks appends the fix and checks again: the appended line must state the composition,
    and no fibre rule may read it otherwise (the pure-fibre rule took "ytterstoff: 100 %
    polyamid" for a pure claim: it knew the components only by the seller's "shell")."""
    draft, found = composition_findings("Two curtain panels.", locale, value)
    fixed, _ = apply_fixes(draft, found)
    assert fixed.description != draft.description
    context = RuleContext(attributes={"fibre composition": value}, language=locale[:2])
    again, _ = check_policies(fixed, locale, "amazon", CURTAINS, context)
    assert [f.rule_id for f in again if "textile" in f.rule_id] == []


def test_a_text_stating_the_composition_in_its_language_needs_nothing() -> None:
    assert composition_findings("Vorhang aus 100 % Polyester.", "de-DE", "100% polyester")[1] == []
    assert composition_findings("Tende, 100 % poliestere.", "it-IT", "100% polyester")[1] == []
    assert shares_stated("60% cotton, 40% polyester", "Baumwolle 60 %, Polyester 40 %", "de", True)
    french = "42,5 % laine, 57,5 % polyester"
    assert shares_stated("42.5% wool, 57.5% polyester", french, "fr", annex_i=True)


def test_english_names_do_not_state_a_german_composition() -> None:
    """Art. 16(3): "100% cotton" in a German listing is not its composition in German."""
    _, found = composition_findings("Hemd aus 100% cotton.", "de-DE", "100% cotton", CLOTHING)
    (finding,) = found
    assert finding.suggested_fix == "Materialzusammensetzung: 100 % Baumwolle."
    assert not shares_stated("100% cotton", "Hemd aus 100% cotton.", "de", annex_i=True)
    assert not shares_stated("60% cotton, 40% wool", "60 % Baumwolle, 30 % Wolle", "de", True)


@pytest.mark.parametrize("value", [None, "", "n/a"])
def test_a_missing_composition_goes_to_a_person(value: str | None) -> None:
    _, found = composition_findings("A shirt.", "de-DE", value, CLOTHING)
    (finding,) = found
    assert finding.rule_id == "eu-textile.art16.composition"
    assert finding.fix == "none" and finding.suggested_fix is None


def test_the_us_disclosure_keeps_the_sellers_generic_names() -> None:
    """16 CFR 303.7: spandex and rayon are US generic names; the US line is not translated to
    the EU's names."""
    _, found = composition_findings("A shirt.", "en-US", "95% rayon, 5% spandex", CLOTHING)
    (finding,) = found
    assert finding.rule_id == "us-textile.fiber-content"
    assert finding.suggested_fix == "Fiber content: 95% rayon, 5% spandex."
    assert shares_stated("95% rayon, 5% spandex", "Rayon 95 % / spandex 5 %", "en")


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("5% spandex, 95% cotton", "Fiber content: 95% cotton, 5% spandex."),
        ("Cotton 40%/Polyester 60%", "Fiber content: 60% Polyester, 40% Cotton."),
        (
            "3% other fibers, 12.5% silk, 84.5% wool",
            "Fiber content: 84.5% wool, 12.5% silk, 3% other fibers.",
        ),
        (
            "shell: 5% spandex, 95% nylon; lining: 100% polyester",
            "Fiber content: shell: 95% nylon, 5% spandex; lining: 100% polyester.",
        ),
        ("cotton, polyester", "Fiber content: cotton, polyester."),  # no shares to order by
    ],
)
def test_the_us_line_is_in_order_of_predominance_in_the_sellers_names(
    value: str, line: str
) -> None:
    """16 CFR 303.16(a)(1): the fibers in order of predominance by weight, "other fibers" last
    (303.3(a)); the seller's US generic names kept (spandex stays spandex, 303.7)."""
    _, found = composition_findings("A shirt.", "en-US", value, CLOTHING)
    (finding,) = found
    assert finding.suggested_fix == line
