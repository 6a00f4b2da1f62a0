"""Issue 16, eighth dev round: GPSR offers with manufacturers in the Union written the ways
sellers write their addresses, Art. 2(2)'s antiques, and laundry products named after fabrics;
each exception lifts the innocent case, and the case beside it still fires."""

import pytest

from listingsmith.domain import Draft
from listingsmith.text.reader import read
from tests.unit.policy_listings import policy_findings


def fired(
    text: str,
    locale: str,
    category: str | None = None,
    **attributes: str,
) -> set[str]:
    """The rule ids that fire on a listing with `text` as its description."""
    draft = Draft(title="Item", description=text)
    return {f.rule_id for f in policy_findings(draft, locale, category, **attributes)}


RESPONSIBLE = {
    "eu-gpsr.art19.responsible-person",
    "eu-gpsr.art19b.responsible-person-address",
    "eu-gpsr.art19b.electronic-address",
}


# (locale, an address in the Union, an address outside it written the same way)
ADDRESSES = [
    (
        "en-IE",
        "Main Street, Kilbeggan, Co. Westmeath N91 E2K4, Eire",
        "Main Street, Kilkeel, BT34 4AA, UK",
    ),
    (
        "nl-BE",
        "Industriepark Noord 14, 8730 Beernem, Belgie",
        "Industriestrasse 14, 8730 Zug, Schweiz",
    ),
    ("de-AT", "Hauptplatz 7, A-8010 Graz", "Hauptplatz 7, CH-8001 Zürich"),
    ("sv-SE", "Storgatan 22, SE-831 30 Östersund", "Storgata 22, 0155 Oslo, Norge"),
    ("sv-SE", "Box 214, 792 23 Mora", "Box 214, Mora, MN 55051, USA"),
    ("it-IT", "Via Nazionale 15 - 39046 Ortisei (BZ)", "Via Nazionale 15 - 6900 Lugano, Svizzera"),
    (
        "es-ES",
        "Apartado de Correos 27, 41080 Sevilla, Espana",
        "Apartado 27, 01000 Ciudad de México",
    ),
    ("fr-BE", "3, place du Marché, L-9080 Ettelbruck", "3, place du Marché, 1204 Genève, Suisse"),
    ("de-DE", "Postfach 11 22, 35001 Marburg", "Postfach 11 22, 8021 Zürich"),
    ("fr-FR", "BP 40123, 69441 Lyon CEDEX 03", "BP 40123, 98000 Monaco CEDEX"),
]


@pytest.mark.parametrize(("locale", "union", "outside"), ADDRESSES)
def test_a_manufacturer_in_the_union_written_as_sellers_write_needs_no_responsible_person(
    locale: str, union: str, outside: str
) -> None:
    """Art. 19(b) and 16(1): a responsible person only for a manufacturer outside the Union."""
    data = {"manufacturer": "Acme", "manufacturer_electronic_address": "info@acme.example"}
    assert (
        not fired("A wooden toy.", locale, None, manufacturer_address=union, **data) & RESPONSIBLE
    )
    assert fired("A wooden toy.", locale, None, manufacturer_address=outside, **data) >= RESPONSIBLE


@pytest.mark.parametrize(
    ("antiques", "locale"),
    [
        ("Antiques > Furniture > Writing Boxes", "en-IE"),
        ("Antiquitäten > Möbel > Kommoden", "de-DE"),
        ("Antiquités > Horlogerie > Pendules", "fr-FR"),
        ("Antigüedades > Muebles", "es-ES"),
        ("Antiquariato > Specchi", "it-IT"),
        ("Antiek > Klokken", "nl-NL"),
        ("Antyki > Zegary", "pl-PL"),
        ("Antikviteter > Möbler", "sv-SE"),
        ("Antiguidades > Mobiliário", "pt-PT"),
    ],
)
def test_antiques_are_outside_the_gpsr_and_a_new_product_is_not(antiques: str, locale: str) -> None:
    """Art. 2(2)(i): the Regulation does not apply to antiques; a clock sold new does need the
    Art. 19 data."""
    text = "A mantel clock, c. 1880."
    assert not {r for r in fired(text, locale, antiques) if r.startswith("eu-gpsr.")}
    assert "eu-gpsr.art19.manufacturer" in fired(text, locale, "Home > Decor > Clocks")


@pytest.mark.parametrize(
    ("laundry", "locale"),
    [
        ("Household > Laundry > Fabric Softener", "en-IE"),
        ("Limpeza > Roupa > Amaciadores", "pt-PT"),
        ("Lavandería > Ropa > Detergentes", "es-ES"),
        ("Hushåll > Kläder > Sköljmedel", "sv-SE"),
    ],
)
def test_laundry_products_named_after_fabrics_need_no_fibre_composition(
    laundry: str, locale: str
) -> None:
    """1007/2011 Art. 2(2)(a): a fabric softener or detergent is no textile product; a garment
    in a clothing category still states its composition."""
    rule = "eu-textile.art16.composition"
    assert rule not in fired("Concentrated, 60 washes.", locale, laundry)
    assert rule in fired("Concentrated, 60 washes.", locale, "Clothing > Fabric > Roupa")


@pytest.mark.parametrize(
    ("spaced", "read_as", "language"),
    [
        (
            "e l i m i n a  i l  9 9 , 9  %  d e i  b a t t e r i",
            "elimina il 99,9 % dei batteri",
            "it",
        ),
        ("z a b i j a  9 9 , 9  %  b a k t e r i i", "zabija 99,9 % bakterii", "pl"),
        ("1 0 0 %  n a t u r a l", "100 % natural", "en"),
        ("k i l l s  9 9 . 9 %  o f  g e r m s", "kills 99.9 % of germs", "en"),
    ],
)
def test_spaced_out_digits_beside_spaced_out_words_read_as_a_number(
    spaced: str, read_as: str, language: str
) -> None:
    reading = read(spaced, language)
    assert reading.text == read_as
    start = reading.text.index("9" if "9" in read_as else "1")
    assert reading.span(start, start + 2)[0] == spaced.index("9" if "9" in read_as else "1")


@pytest.mark.parametrize(
    "listed", ["Sizes 2 4 6 8 available", "1 2 3", "Step 1 2 3 guide", "Chart: 9 9 , 9 sold"]
)
def test_digits_spaced_as_a_list_stay_apart(listed: str) -> None:
    assert read(listed, "en").text == listed.casefold()


def test_a_spaced_out_kill_claim_fires_and_spaced_sizes_do_not() -> None:
    """Amazon's pesticide claims (FIFRA) spaced out with their percentage; sizes beside them."""
    rules = fired("Rivestimento che e l i m i n a  i l  9 9 , 9  %  d e i  b a t t e r i", "it-IT")
    assert any(r.startswith("amazon-pesticide.") for r in rules)
    rules = fired("Taglie 2 4 6 8, rivestimento che elimina le macchie", "it-IT")
    assert not any(r.startswith("amazon-pesticide.") for r in rules)
