"""A count in each place a composed listing says it: the title keeps its wording ("2 Stück",
"lot de 2", "2枚入り"), an attribute line states it bare under the label that names what is
counted ("Stückzahl: 2", not "Stückzahl: 2 Stück"), the description says it in a sentence
("Lieferumfang: 2 Stück.", not "2 Stück."); the fact-check reads every form back. And the
titles keep a size whose unit is written twice ("101.6厘米 x 213.4厘米")."""

from __future__ import annotations

import pytest

from listingsmith.checks.listing import check_listing
from listingsmith.compose.lexicon import count_number, render_value
from listingsmith.compose.listing import compose_listing
from listingsmith.compose.titles import repeats
from listingsmith.config import ListingLimits, Settings
from listingsmith.domain import Attribute, Draft, Product
from listingsmith.taxonomy.nouns import product_noun
from listingsmith.text.claims import extract_claims
from listingsmith.text.languages import language_of

# The demo's pair of curtains (examples/catalog.jsonl), in its taxonomy category.
CURTAIN = Product(
    sku="B006LWG0BE", title="Curtain", category="Curtains & Drapes", brand="Duck River Textiles"
)
CATEGORY = "hg-3-74-1"  # Home & Garden > Decor > Window Treatments > Curtains & Drapes
FACTS = [
    Attribute(name=name, value=value, source="seller", confidence=1.0)
    for name, value in {
        "color": "aqua blue",
        "panel size": "40 x 84 inch",
        "count": "Set of 2",
    }.items()
]
# Per locale: the title's end, the count's attribute line, the description's count sentence.
SAID = {
    "en-US": ("Aqua Blue, 40 x 84 in, Set of 2", "Count: 2", "Contents: Set of 2."),
    "de-DE": ("Aquablau, 101,6 cm x 213,4 cm, 2 Stück", "Stückzahl: 2", "Lieferumfang: 2 Stück."),
    "fr-FR": (
        "bleu aqua, 101,6 cm x 213,4 cm, lot de 2",
        "Nombre de pièces : 2",
        "Contenu : lot de 2.",
    ),
    "es-ES": (
        "azul aguamarina, 101,6 cm x 213,4 cm, pack de 2",
        "Número de piezas: 2",
        "Contenido: pack de 2.",
    ),
    "it-IT": (
        "blu acqua, 101,6 cm x 213,4 cm, confezione da 2",
        "Numero di pezzi: 2",
        "Contenuto: confezione da 2.",
    ),
    "ja-JP": ("アクアブルー、101.6 cm x 213.4 cm、2枚入り", "入数：2枚", "、2枚入り。"),
    "zh-CN": ("水蓝色，101.6厘米 x 213.4厘米，2件装", "数量：2件", "，2件装。"),
}


def _curtain(locale: str) -> Draft:
    noun = product_noun(CATEGORY, language_of(locale))
    return compose_listing(
        CURTAIN, FACTS, noun, locale, "amazon", ListingLimits(), category=CATEGORY
    )


def _fact_rules(draft: Draft, locale: str) -> list[str]:
    findings = check_listing(draft, CURTAIN, FACTS, locale, Settings()).findings
    return [f.rule_id for f in findings if f.rule_id.startswith("fact.")]


@pytest.mark.parametrize("locale", SAID)
def test_a_count_keeps_its_wording_in_the_title_and_sentence_and_is_bare_in_its_line(
    locale: str,
) -> None:
    title, line, sentence = SAID[locale]
    draft = _curtain(locale)
    assert draft.title.endswith(title)
    assert line in draft.bullets
    assert sentence in draft.description
    assert _fact_rules(draft, locale) == []


@pytest.mark.parametrize("locale", SAID)
def test_the_fact_check_reads_a_bare_count_line_and_its_sentence(locale: str) -> None:
    """Each form is read as the count 2, and a line that says another number is a fact
    finding (not a line the fact-check cannot read)."""
    _, line, sentence = SAID[locale]
    language = language_of(locale)
    for text in (line, sentence):
        assert {c.value for c in extract_claims(text, language) if c.kind == "count"} == {"2"}
    draft = _curtain(locale)
    wrong = [bullet.replace("2", "3") if bullet == line else bullet for bullet in draft.bullets]
    assert _fact_rules(draft.model_copy(update={"bullets": wrong}), locale)


def test_a_count_label_read_is_the_label_itself_not_a_name_ending_in_it() -> None:
    """ "Thread count: 400" counts threads, not pieces; a decimal is no count."""
    assert [c for c in extract_claims("Thread count: 400", "en") if c.kind == "count"] == []
    assert [c for c in extract_claims("Stückzahl: 2,5", "de") if c.kind == "count"] == []
    assert [c.value for c in extract_claims("Count: 12", "en") if c.kind == "count"] == ["12"]
    # A seller's value the line shows as written: no count the data would have to state.
    assert [c for c in extract_claims("Count: 100 Toothbrushes", "en") if c.kind == "count"] == []


@pytest.mark.parametrize("locale", SAID)
def test_a_title_keeps_its_size_in_every_locale(locale: str) -> None:
    """The zh-CN curtain's title was "Duck River Textiles 窗帘，水蓝色，2件装": its size
    "101.6厘米 x 213.4厘米" says the unit 厘米 twice and was left out as a repeat, while ja's
    "101.6 cm x 213.4 cm" stayed."""
    size = SAID[locale][0].split(", " if "，" not in SAID[locale][0] else "，")
    assert any(part in _curtain(locale).title for part in size if "x" in part)


def test_a_unit_said_once_per_number_is_no_repeat_but_a_word_still_is() -> None:
    assert repeats("101.6厘米 x 213.4厘米", "zh") == set()
    assert repeats("窗帘，宽度101.6厘米，高度213.4厘米", "zh") == set()
    assert repeats("窗帘，窗帘布", "zh") == {"窗帘"}


@pytest.mark.parametrize(("value", "n"), [("20-Count", 20), ("24-count", 24), ("12 Ct.", 12)])
def test_a_hyphenated_or_abbreviated_count_is_a_count(value: str, n: int) -> None:
    """The es-ES sample's tea read "Tiene un contenido de 20-Count": English in Spanish."""
    assert count_number(value) == n
    assert render_value("Net content", value, "es") == f"pack de {n}"
