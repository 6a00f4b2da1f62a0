"""Issue 16, twelfth dev round: the small regimes' controls as the laws permit them and
eu-gpsr's disguised placeholders, one test per kind of fix, each innocent text beside a claim
(or a placeholder) that still fires."""

import pytest

from listingsmith.domain import Draft
from listingsmith.policies.placeholders import stated
from tests.unit.policy_listings import policy_findings, regime_fired

# (regime, locale, category, innocent text, the claim beside it that still fires)
PAIRS = [
    # 40 CFR 152.10(c) in the EU stores' languages: a screen named as what keeps pests out.
    (
        "amazon-pesticide",
        "de-DE",
        "Baumarkt > Insektenschutz",
        "Das Gitter hält Mücken und Fliegen draußen.",
        "Das Spray hält Mücken und Fliegen fern.",
    ),
    (
        "amazon-pesticide",
        "nl-NL",
        "Bouwmarkt > Insectenwering",
        "Het hor houdt muggen en vliegen buiten.",
        "De spray houdt muggen en vliegen buiten.",
    ),
    # 40 CFR 152.25(a): the treatment limited to the article itself; on food it still fires.
    (
        "amazon-pesticide",
        "en-US",
        "Home & Kitchen > Bath > Shower Curtain Liners",
        "Treated to resist mildew on the liner itself.",
        "Treated to resist mildew in your whole bathroom.",
    ),
    (
        "amazon-pesticide",
        "en-US",
        "Sports & Outdoors > Fitness > Towels",
        "Fabric treated to inhibit odor-causing bacteria on the towel.",
        "Antibacterial surface kills E. coli and salmonella on your food.",
    ),
    (
        "amazon-pesticide",
        "es-US",
        "Hogar > Baño > Cortinas",
        "Tratada para resistir el moho en la propia cortina.",
        "Evita la formación de moho en todo el baño.",
    ),
    # 执法指南 (2023): one brand's own products compared; a market comparison still fires.
    (
        "cn-adlaw",
        "zh-CN",
        None,
        "本品牌迄今最轻的一款，比本品牌上一代轻20%",
        "同类产品中最轻的一款",
    ),
    # A position on a scale (the highest setting), not a rank; 最高级 still fires.
    ("cn-adlaw", "zh-CN", None, "SPF50+为我国化妆品防晒指数标注的最高一档", "最高级的防晒霜"),
    ("cn-adlaw", "zh-CN", None, "风扇调到最高档时噪音约45分贝", "最高级的静音风扇"),
    # A designation by law with its list; 国家级 of the goods still fires.
    (
        "cn-adlaw",
        "zh-CN",
        None,
        "宜兴紫砂陶制作技艺为国家级非物质文化遗产代表性项目（国务院2006年公布）",
        "国家级品质紫砂壶",
    ),
    # A certified medical device stating its use with its number; a food saying it still fires.
    (
        "jp-yakki",
        "ja-JP",
        "ドラッグストア > 医療機器 > マッサージ器",
        "疲労回復、血行をよくする、筋肉のこりをほぐす（管理医療機器 認証番号 301AFBZX00012000）",
        "疲労回復、血行をよくするサプリメント",
    ),
    # 260.12(b)(2)'s qualification in the next sentence; an unqualified claim still fires.
    (
        "us-green-guides",
        "en-US",
        "Sports & Outdoors > Water Bottles",
        "Recyclable. Recycling facilities for this bottle may not exist in your area.",
        "Recyclable. Made of sturdy PET for your area's hot summers.",
    ),
    # 260.17: the basis of a reduction worded "than with"; without a basis it still fires.
    (
        "us-green-guides",
        "en-US",
        "Home & Kitchen > Cleaning > Brushes",
        "Replace only the head, so you throw away 80% less plastic than with a whole new brush.",
        "Replace only the head, so you throw away 80% less plastic.",
    ),
]


@pytest.mark.parametrize(("regime", "locale", "category", "innocent", "claim"), PAIRS)
def test_the_permitted_wording_passes_and_the_claim_beside_it_fires(
    regime: str, locale: str, category: str | None, innocent: str, claim: str
) -> None:
    assert not regime_fired(regime, locale, innocent, category=category)
    assert regime_fired(regime, locale, claim, category=category)


# (regime, locale, category, a claim the round found missed, attributes)
MISSED = [
    ("amazon-pesticide", "en-US", None, "Say goodbye to ants for good with this spray.", {}),
    ("amazon-pesticide", "es-US", None, "Protege a tu familia de gérmenes y virus.", {}),
    ("jp-yakki", "ja-JP", None, "がんが小さくなったというお客様の声も", {}),
    ("jp-keihyo", "ja-JP", None, "通常価格9,800円が今なら1,980円", {}),
    (
        "us-ftc",
        "en-US",
        None,
        "Our knives are forged right here in the USA.",
        {"country_of_origin": "Germany"},
    ),
    (
        "us-ftc",
        "en-US",
        None,
        "American-crafted quality in every stitch.",
        {"country_of_origin": "Vietnam"},
    ),
]


@pytest.mark.parametrize(("regime", "locale", "category", "claim", "attributes"), MISSED)
def test_the_claims_the_round_found_missed_fire(
    regime: str, locale: str, category: str | None, claim: str, attributes: dict[str, str]
) -> None:
    assert regime_fired(regime, locale, claim, category=category, **attributes)


def test_a_row_cover_protecting_plants_from_insects_stays_a_barrier_in_spanish() -> None:
    # Only micro-organisms are read after "protege ... de": a cover that protects plants from
    # insects may be 152.10(c)'s barrier.
    assert not regime_fired(
        "amazon-pesticide", "es-US", "La malla protege tus plantas de los insectos."
    )


def test_a_true_forged_in_usa_claim_passes() -> None:
    assert not regime_fired(
        "us-ftc",
        "en-US",
        "Our knives are forged right here in the USA.",
        country_of_origin="USA",
    )


@pytest.mark.parametrize(
    "value",
    [
        "N\u200b/\u200bA",
        "Ｎ／Ａ",
        "no&#32;disponible",
        "\u0456nconnu",
        "da defi\u00adnire",
        "ｄａ ｄｅｆｉｎｉｒｅ",
        "n.\u200bv.\u200bt.",
        "ver&nbsp;embalagem",
        "s&#97;knas",
        "br\u0430k",
    ],
)
def test_a_disguised_placeholder_is_not_stated(value: str) -> None:
    assert not stated(value)


@pytest.mark.parametrize(
    "value",
    ["Industriestraße 12, 70565 Stuttgart", "R&D Labs GmbH", "info@calla.es", "Nørre Allé 5"],
)
def test_a_real_value_with_entities_or_accents_is_stated(value: str) -> None:
    assert stated(value)


def _electronic_address_findings(address: str) -> list[str]:
    draft = Draft(title="Brio Trinkflasche 750 ml", description="Edelstahl.", bullets=[])
    found = policy_findings(
        draft,
        "de-DE",
        "Küche > Trinkflaschen",
        manufacturer="Brio Haushaltswaren GmbH",
        manufacturer_address="Industriestraße 12, 70565 Stuttgart, Deutschland",
        manufacturer_electronic_address=address,
        gtin="4006381333931",
    )
    return [f.rule_id for f in found if f.rule_id == "eu-gpsr.art19a.electronic-address"]


def test_a_disguised_placeholder_leaves_the_gpsr_item_out_and_a_real_address_gives_it() -> None:
    assert _electronic_address_findings("N\u200b/\u200bA")
    assert _electronic_address_findings("Ｎ／Ａ")
    assert not _electronic_address_findings("produktsicherheit@brio-haushalt.de")
