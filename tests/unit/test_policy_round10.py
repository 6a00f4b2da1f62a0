"""Issue 16, tenth dev round: what the rule texts accept (40 CFR 152.10(c)'s physical barriers, a
quasi-drug's approved effect, a named refrigerant beside a CFC-free claim, 303.45's bow ties), the
claim words in other senses (an organic shape, 有機化学, 最上川, a rubber's ageing, a book's title
with its binding), and claims in forms the packs missed (mites in compounds, weeds stopped, 'made
stateside', 'dans le respect de l'environnement'); each innocent text beside one that fires."""

import pytest

from listingsmith.domain import Draft
from tests.unit.policy_listings import policy_findings, regime_fired


def fired(
    locale: str,
    description: str,
    title: str = "Item",
    category: str | None = None,
    **attributes: str,
) -> set[str]:
    """The rule ids that fire on a listing with `description` (and `title`)."""
    draft = Draft(title=title, description=description, bullets=[])
    return {f.rule_id for f in policy_findings(draft, locale, category, **attributes)}


# (regime, locale, category, innocent description, the claim beside it that still fires)
PAIRS = [
    # 40 CFR 152.10(c): a cover that keeps insects off only as a physical barrier.
    (
        "amazon-pesticide",
        "en-US",
        "Patio, Lawn & Garden > Gardening > Plant Covers",
        "Lightweight cover keeps insects off brassicas by a physical barrier.",
        "Lightweight cover keeps insects off brassicas.",
    ),
    (
        "amazon-pesticide",
        "es-US",
        "Jardín > Mallas",
        "Malla que mantiene alejados a los insectos como barrera física.",
        "Malla que mantiene alejados a los insectos.",
    ),
    # 152.10(c) for weeds: a fabric that stops them by covering the soil; a claim to stop
    # them without one is a pre-emergent herbicide's.
    (
        "amazon-pesticide",
        "en-US",
        "Patio, Lawn & Garden > Gardening",
        "Landscape fabric stops weeds without chemicals.",
        "Stops weeds from coming back for a year.",
    ),
    # "Organic" as a design word, hyphenated.
    (
        "claims-evidence",
        "en-IE",
        "Home > Mirrors",
        "Irregular organic-shape mirror with a thin brass frame.",
        "Mirror with a frame wrapped in organic cotton.",
    ),
    (
        "claims-evidence",
        "ja-JP",
        "本 > 化学",
        "大学1年生向けの有機化学の教科書",
        "有機栽培のコットンを使用",
    ),
    ("claims-evidence", "zh-CN", "图书 > 教材", "高等院校有机化学教材", "有机棉手提袋"),
    # 最上 in a Yamagata place name.
    ("jp-keihyo", "ja-JP", "食品 > 米", "山形県最上川流域で育ったお米", "最上の味わいのお米"),
    # A material's ageing, and a quasi-drug's approved whitening effect.
    (
        "jp-yakki",
        "ja-JP",
        "車&バイク > 保護剤",
        "タイヤのゴムの劣化と老化を防ぐ",
        "肌の老化を防ぐ美容液",
    ),
    (
        "jp-yakki",
        "ja-JP",
        "ビューティー > 美容液",
        "薬用美白美容液（医薬部外品）",
        "美白美容液で透明感のある肌に",
    ),
    # 260.11: the refrigerant named beside the CFC-free claim.
    (
        "us-green-guides",
        "en-US",
        "Appliances > Refrigerators",
        "Contains no CFCs or HCFCs; refrigerant is R-600a (isobutane).",
        "Contains no CFCs or HCFCs.",
    ),
]


@pytest.mark.parametrize(("regime", "locale", "category", "innocent", "claim"), PAIRS)
def test_the_exception_lifts_the_innocent_text_and_the_claim_still_fires(
    regime: str, locale: str, category: str, innocent: str, claim: str
) -> None:
    assert not regime_fired(regime, locale, innocent, category=category)
    assert regime_fired(regime, locale, claim, category=category)


def test_a_book_title_with_its_binding_is_no_origin_claim() -> None:
    book = "Made in America: My Story, by Sam Walton, Paperback"
    assert not regime_fired(
        "us-ftc",
        "en-US",
        "Sam Walton's account of building Walmart.",
        title=book,
        category="Books > Biographies & Memoirs",
        country_of_origin="China",
    )
    assert regime_fired(
        "us-ftc",
        "en-US",
        "Full-grain leather.",
        title="Made in America Leather Belt",
        category="Clothing Accessories > Belts",
        country_of_origin="China",
    )


@pytest.mark.parametrize(
    ("locale", "claim"),
    [
        ("en-US", "Manufactured stateside to strict standards."),
        ("en-US", "Proudly made stateside."),
        ("es-US", "Fabricación 100 % estadounidense."),
        ("es-US", "De fabricación totalmente estadounidense."),
    ],
)
def test_made_stateside_and_the_spanish_noun_phrase_are_origin_claims(
    locale: str, claim: str
) -> None:
    assert "us-ftc.made-in-usa" in fired(locale, claim, country_of_origin="China")
    assert "us-ftc.made-in-usa" not in fired(locale, claim, country_of_origin="USA")


@pytest.mark.parametrize(
    ("locale", "claim"),
    [
        ("en-US", "Wipes out dust mites in bedding."),
        ("de-DE", "Tötet Hausstaubmilben in der Matratze."),
        ("nl-NL", "Doodt huisstofmijt."),
        ("sv-SE", "Dödar dammkvalster."),
    ],
)
def test_mites_named_in_a_compound_or_wiped_out_are_pest_claims(locale: str, claim: str) -> None:
    assert regime_fired("amazon-pesticide", locale, claim)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("de-DE", "Verhindert, dass Deckel beim Transport herumfliegen."),
        ("sv-SE", "Förhindrar ett minimalt spill."),
        ("nl-NL", "Voorkomt verkeersteken op de verpakking."),
    ],
)
def test_a_compound_reading_keeps_to_nouns_of_pests(locale: str, text: str) -> None:
    assert not regime_fired("amazon-pesticide", locale, text)


@pytest.mark.parametrize(
    ("locale", "claim"),
    [
        ("fr-FR", "Fabriqué dans le respect de l'environnement."),
        ("fr-FR", "Des gourdes respectueuses de la planète."),
        ("es-ES", "Botellas amigas del medio ambiente."),
        ("it-IT", "Borracce rispettose della natura."),
        ("pt-PT", "Produzido de forma amiga do planeta."),
    ],
)
def test_recital_9_friend_and_respect_claims_in_every_gender_and_number(
    locale: str, claim: str
) -> None:
    assert regime_fired("eu-2024-825", locale, claim)


def test_jp_keihyo_nothing_beyond_it_is_a_superlative() -> None:
    assert regime_fired("jp-keihyo", "ja-JP", "これ以上の保温力はありません")
    assert not regime_fired("jp-keihyo", "ja-JP", "これ以上締めないでください")


def test_bow_ties_are_exempt_as_neckties_and_shirts_are_not() -> None:
    text = "Silk bow tie on an adjustable band."
    bow_tie = fired("en-US", text, category="Clothing Accessories > Men > Bow Ties")
    shirt = fired("en-US", text, category="Clothing > Men > Shirts")
    assert not {r for r in bow_tie if r.startswith("us-textile.")}, bow_tie
    assert "us-textile.fiber-content" in shirt


def test_bamboo_named_as_a_fabric_is_no_generic_fiber_name() -> None:
    category = "Baby Products > Nursery Bedding > Swaddling Blankets"
    assert "us-textile.generic-names" in fired("en-US", "Silky bamboo muslin.", category=category)
    assert "us-textile.generic-names" not in fired(
        "en-US", "Muslin of rayon made from bamboo.", category=category
    )
