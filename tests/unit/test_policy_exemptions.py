"""The exemptions the laws make, kept as pack data (issue 16, fourth dev round): each kind lifts
its innocent use and leaves the claim beside it caught."""

import pytest

from listingsmith.domain import Draft
from listingsmith.policies.engine import check_policies
from listingsmith.policies.rules import KINDS, RuleContext


def fired(
    text: str,
    locale: str = "en-US",
    category: str | None = None,
    title: str = "Item",
    **attributes: str,
) -> set[str]:
    """The rule ids that fire on a listing with `text` as its description (and `title`)."""
    context = RuleContext(
        attributes={k.replace("_", " "): v for k, v in attributes.items()},
        language=locale.split("-")[0],
    )
    found, _ = check_policies(
        Draft(title=title, description=text), locale, "amazon", category, context
    )
    return {f.rule_id for f in found}


GG = "us-green-guides."


@pytest.mark.parametrize(
    ("innocent", "claim", "rule"),
    [
        # 260.4: a warning that the product harms the environment
        (
            "Not safe for the planet: never pour leftovers into a storm drain",
            "Safe for the planet and your family",
            "general-benefit",
        ),
        # 260.12: recyclables are what the buyer recycles
        ("A bin that keeps recyclables apart", "A recyclable bin", "recyclable"),
        # 260.13: the buyer's own recyclables, and a recycled content of none
        (
            "Glue sticks for building castles from your own recycled cardboard",
            "Castle kit made from recycled cardboard",
            "recycled-content",
        ),
        ("Recycled content: 0 %, virgin PP", "Recycled content: 40 %", "recycled-content"),
        # 260.7: compostable liners bought apart
        (
            "Takes 2-gallon compostable liners",
            "Compostable liners, 50 count",
            "compostable-degradable",
        ),
        # 260.8: an item said not to biodegrade
        (
            "Vinyl banner: it will not biodegrade, so store it rolled",
            "Vinyl banner that biodegrades in soil",
            "compostable-degradable",
        ),
        # 260.15: a device the buyer may run on renewable energy
        (
            "The pump may be powered by renewable energy from a small panel",
            "The pump is made with renewable energy",
            "renewable-energy",
        ),
        # 260.17: the basis of the reduction however it is worded
        ("Uses 15% less plastic than the 2022 tub", "Uses 15% less plastic", "source-reduction"),
        # 260.6: the colour of a gem
        (
            "Certified green emerald, 0.8 ct",
            "Certified green detergent",
            "certification-seal",
        ),
    ],
)
def test_green_guides_exemptions_lift_the_innocent_use_only(
    innocent: str, claim: str, rule: str
) -> None:
    assert GG + rule not in fired(innocent)
    assert GG + rule in fired(claim)


def test_a_book_title_with_its_binding_is_no_green_claim_but_its_blurb_can_be() -> None:
    title = "Living Non-Toxic: A Room-by-Room Guide (Hardcover)"
    assert GG + "non-toxic" not in fired("A guide, 300 pages", title=title)
    assert GG + "non-toxic" in fired("Printed with non-toxic inks", title=title)


def test_green_guides_now_read_named_seals_materials_and_composting_verbs() -> None:
    assert GG + "certification-seal" in fired("Carries the EarthWise badge of approval")
    assert GG + "recycled-content" in fired("Lining of recycled nylon")
    assert GG + "compostable-degradable" in fired("Cups that compost within 90 days")
    assert GG + "general-benefit" in fired("G00d f0r th3 pl4n3t")


PEST = "amazon-pesticide.claims"


def test_a_physical_barrier_a_no_pesticide_statement_and_a_holder_make_no_pesticide() -> None:
    """40 CFR 152.10(b)-(c): barriers and survey traps without toxicant are no pesticides."""
    assert PEST not in fired("Anti-insect netting for raised beds, no chemicals")
    assert PEST not in fired("Mosquitera con malla antimosquitos", "es-US")
    assert PEST not in fired("Pheromone lure to monitor moths; no insecticide inside")
    assert PEST not in fired("Belt clip holder for hand sanitizer, 2 oz")
    assert PEST in fired("Anti-insect spray for raised beds")
    assert PEST in fired("Hand sanitizer, 2 oz")


ADLAW = "cn-adlaw.art9-3.superlatives"


@pytest.mark.parametrize(
    ("innocent", "claim"),
    [
        ("《最强大脑》同款益智玩具", "最强大脑益智玩具"),
        ("下单后第一时间安排发货", "销量第一的益智玩具"),
        ("机身最轻处仅85g", "最轻的机身"),
        ("万能遥控器，适配多数电视", "万能的遥控器"),
        ("金牌、银牌、铜牌各一枚", "金牌品质"),
        ("2018年世界杯冠军球队签名足球", "品类冠军足球"),
        ("最好在阴凉处存放", "最好的保温杯"),
        ("每台设备均有唯一识别码", "唯一的选择"),
    ],
)
def test_technical_and_factual_uses_of_absolute_words_are_no_advertising_superlatives(
    innocent: str, claim: str
) -> None:
    """广告法第九条第三项 and 市场监管总局《广告绝对化用语执法指南》."""
    assert ADLAW not in fired(innocent, "zh-CN")
    assert ADLAW in fired(claim, "zh-CN")


@pytest.mark.parametrize(
    ("innocent", "claim", "rule"),
    [
        ("『日本一の山をめざして』登山記録集", "日本一の登山用品", "superlative"),
        ("「うちの店が最高だ」と語る店主", "最高の登山用品", "superlative"),
        ("最高倍率12倍、重さ380g", "最高の双眼鏡", "superlative"),
        ("部門1位（2025年6月1日時点）", "部門1位の人気", "superlative"),
        ("必ずしも全員に効果があるとは限りません", "必ず効果があります", "absolute"),
        ("しっかりと差し込み、ロックしてください", "絶対に外れない", "absolute"),
        ("完全に広げると幅2m", "完全に防ぐ", "absolute"),
        ("価格：2,200円（税込）", "通常価格3,000円→特価2,200円", "double-price"),
        ("置くだけで充電が完了", "置くだけで除菌", "effect-substantiation"),
    ],
)
def test_keihyo_exemptions_lift_names_quotations_specifications_and_instructions(
    innocent: str, claim: str, rule: str
) -> None:
    assert f"jp-keihyo.{rule}" not in fired(innocent, "ja-JP")
    assert f"jp-keihyo.{rule}" in fired(claim, "ja-JP")


def test_a_book_as_a_store_lists_it_names_its_title() -> None:
    title = "世界一かんたんな家計簿の本 文庫"
    assert "jp-keihyo.superlative" not in fired("全160ページ", "ja-JP", title=title)
    assert "jp-keihyo.superlative" in fired("世界一売れた家計簿", "ja-JP", title=title)


@pytest.mark.parametrize(
    ("innocent", "claim"),
    [
        ("床のシミが消えるまでこすってください", "顔のシミが消える"),
        ("スーツのシワを伸ばすスチーム機能", "目元のシワを伸ばす"),
        ("チェーンのたるみを取る調整ボルト", "頬のたるみを取る"),
    ],
)
def test_stains_wrinkles_and_slack_outside_the_skin_are_no_cosmetic_claims(
    innocent: str, claim: str
) -> None:
    """薬機法 第66条 and 化粧品の効能の範囲: the skin's, not a floor's or a suit's."""
    rule = "jp-yakki.cosmetic-efficacy-range"
    assert rule not in fired(innocent, "ja-JP")
    assert rule in fired(claim, "ja-JP")


def test_yakki_lifts_certified_devices_books_and_consultation_cautions() -> None:
    device = "血行を良くし、筋肉のこりをほぐす"
    assert "jp-yakki.cosmetic-efficacy-range" in fired(device, "ja-JP")
    assert not fired(device, "ja-JP", 医療機器認証番号="228AABZX00001000") & {
        "jp-yakki.cosmetic-efficacy-range",
        "jp-yakki.disease-claims",
    }
    assert "jp-yakki.cosmetic-efficacy-range" not in fired(
        "アンチエイジングの最新研究", "ja-JP", category="本 > 医学"
    )
    assert "jp-yakki.endorsement" not in fired("医師と相談の上使用してください", "ja-JP")
    assert "jp-yakki.endorsement" in fired("医師も使用しているサプリ", "ja-JP")
    assert "jp-yakki.endorsement" in fired("皮膚科の先生もおすすめ", "ja-JP")


@pytest.mark.parametrize(
    "category",
    [
        "Clothing, Shoes & Jewelry > Women > Jewelry > Necklaces",
        "Clothing, Shoes & Jewelry > Men > Watches > Wrist Watches",
        "Clothing, Shoes & Jewelry > Women > Accessories > Caps",
    ],
)
def test_jewellery_watches_and_caps_need_no_fiber_content(category: str) -> None:
    assert not {r for r in fired("Gift box included.", category=category) if "textile" in r}


def test_parts_given_with_commas_and_no_colon_are_sections() -> None:
    """16 CFR 303.16 and 1007/2011 Art. 11: each part its own composition, however listed."""
    params = {
        "check": "purity",
        "phrases": ["polyamide", "polyester"],
        "qualifiers": {"en": ["pure", "all"]},
        "evidence": ["fibre composition"],
    }
    stated = {"fibre composition": "shell 100% polyamide, lining 100% polyester"}
    context = RuleContext(attributes=stated, language="en")
    claim = KINDS["fibre_claims"]
    assert not list(claim("Shell: 100% polyamide", params, context))
    assert list(claim("Lining: 100% polyamide", params, context))
