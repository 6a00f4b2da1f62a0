"""Issue 16, eleventh dev round: false alarms found on real text nobody wrote for the packs (the
products-train splits' titles and descriptions, Tatoeba train sentences), one test per kind,
each innocent text beside a claim that still fires."""

import pytest

from listingsmith.policies.matching import _closed
from listingsmith.text.lemmas import phrase_lemmas
from listingsmith.text.stems import word_keys
from tests.unit.policy_listings import regime_fired

# (regime, locale, category, innocent text, the claim beside it that still fires)
PAIRS = [
    # 有 + 机会 ('have a chance') holds the letters of 有机 (organic).
    ("claims-evidence", "zh-CN", None, "我认为我们没有机会赢。", "有机棉手提袋"),
    ("claims-evidence", "zh-CN", None, "希望下次还可以有机会见到你。", "我们的有机大米"),
    # 最好 after a person and before a verb: 'had better'.
    ("cn-adlaw", "zh-CN", None, "你最好随身带把伞。", "这是最好的雨伞。"),
    ("cn-adlaw", "zh-CN", None, "你最好等到警察前来。", "你最好的选择"),
    # 天花板 the ceiling of a room; the slang 'top tier' stays a superlative.
    ("cn-adlaw", "zh-CN", None, "有一只大苍蝇在天花板上。", "性价比天花板"),
    # 第一 as an order in time or place; a rank stays one.
    ("cn-adlaw", "zh-CN", None, "在第一个红绿灯左转。", "销量第一的雨伞"),
    ("cn-adlaw", "zh-CN", None, "我们想乘明天早上第一班公交车。", "行业第一品牌"),
    # 首发 a starting player; a launch stays a 'first'.
    ("cn-adlaw", "zh-CN", None, "汤姆是我们的首发四分卫。", "全网首发新款"),
    # A food free of pesticides (no pesticidal claim) beside a claim to kill germs.
    (
        "amazon-pesticide",
        "en-US",
        "Grocery & Gourmet Food > Nuts & Seeds",
        "Certified Organic. No GMOs, pesticides, or solvents!",
        "Certified Organic. Kills germs on contact.",
    ),
    (
        "amazon-pesticide",
        "en-US",
        "Grocery & Gourmet Food > Herbs & Spices",
        "USDA Certified Organic - Pesticides Free - Sodium Free",
        "USDA Certified Organic - Pesticide - Sodium Free",
    ),
    # 40 CFR 152.25(a): a treated article that protects itself from product-damaging bacteria.
    (
        "amazon-pesticide",
        "en-US",
        "Office Products > Pens",
        "Grip features an antimicrobial technology that protects the pen's surface from "
        "product damaging bacteria.",
        "Grip features an antimicrobial technology that protects you from bacteria.",
    ),
    # A flyaway dress is a cut, not flies kept away.
    (
        "amazon-pesticide",
        "en-US",
        "Clothing > Women > Dresses",
        "Tracy Reese Women's Flyaway Dress",
        "Wristband keeps flies away.",
    ),
    # 40 CFR 152.10(c): a zippered encasement or protector keeps bed bugs and mites out as a
    # barrier; a cover that kills them is a pesticide.
    (
        "amazon-pesticide",
        "en-US",
        "Home & Kitchen > Bedding > Mattress Encasements",
        "Mattress or Box Spring Protector Covers Bed Bug Proof/Water Proof Fits Mattress 10-13 in",
        "Mattress Protector Covers kill bed bugs, Fits Mattress 10-13 Inch",
    ),
    (
        "amazon-pesticide",
        "en-US",
        "Home & Kitchen > Bedding > Pillowcases & Shams",
        "Zippered Pillow Protector, Allergist Recommended, Prevent Collection of Dust Mites",
        "Pillow Protector, Allergist Recommended, Prevents Dust Mites",
    ),
    # 16 CFR 303.7: the generic name with its source; the Act covers textile fiber products only.
    (
        "us-textile",
        "en-US",
        "Bedding > Pillowcases & Shams",
        "100% Rayon from Bamboo Pillowcase Set. Imported.",
        "100% Bamboo Pillowcase Set. Imported.",
    ),
    (
        "us-textile",
        "en-US",
        "Home > Bookcases & Standing Shelves",
        "100% Bamboo Shelf, 4-Tier Storage Rack",
        None,
    ),
    (
        "us-textile",
        "en-US",
        None,
        "Made from 100% bamboo, a rolling pin for pastry.",
        "Sheets made from 100% bamboo.",
    ),
    (
        "us-textile",
        "en-US",
        "Beauty > Hair Care > Conditioner",
        "Thicken & Restore + Bamboo Fibers Conditioner",
        None,
    ),
    # 'we made it' is no 'US made'.
    (
        "us-ftc",
        "en-US",
        None,
        "Even though the train was late, we made it in time.",
        "US made from start to finish.",
    ),
    # 飲むんだ, 飲もうじゃ and 張るかだった are no 飲むだけで / 貼るだけで.
    ("jp-keihyo", "ja-JP", None, "ビール飲むんだよね？", "飲むだけで痩せるお茶"),
    ("jp-keihyo", "ja-JP", None, "さあ飲もうじゃないか。", "飲むだけで"),
    ("jp-keihyo", "ja-JP", None, "問題はどこにテントを張るかだった。", "貼るだけでこりが改善"),
    # An offer made to a person, 'billigen' (to approve), a graduation ball.
    ("amazon", "de-DE", None, "Tom stimmte zu, Marys Angebot anzunehmen.", "Angebot endet heute"),
    ("amazon", "de-DE", None, "Tom hat unser Hilfsangebot abgelehnt.", "Sofort lieferbar"),
    ("amazon", "de-DE", None, "Ich billige Ihre Entscheidung nicht.", "Billige Tasse"),
    ("amazon", "de-DE", None, "Wie groß ist die Auflage dieser Zeitschrift?", "Auf Lager"),
    ("amazon", "fr-FR", None, "Tom a invité Mary au bal de promotion.", "Tasse en promotion"),
    # Green as the product's colour after its label, the next label run into it.
    (
        "us-green-guides",
        "en-US",
        "Office Products > Folders",
        "Legal SizeGreenCOLOR: GreenALTERNATE ITEM #: 936187",
        "A green alternative to plastic folders",
    ),
]


# A textile's fiber content stated, so that only the rule under test is at stake (303.16).
ATTRIBUTES = {"100% Rayon from Bamboo Pillowcase Set. Imported.": {"fiber_content": "100% rayon"}}


@pytest.mark.parametrize(("regime", "locale", "category", "innocent", "claim"), PAIRS)
def test_the_innocent_real_text_passes_and_the_claim_beside_it_fires(
    regime: str, locale: str, category: str | None, innocent: str, claim: str | None
) -> None:
    data = ATTRIBUTES.get(innocent, {})
    assert not regime_fired(regime, locale, innocent, category=category, **data)
    if claim is not None:
        assert regime_fired(regime, locale, claim, category=category, **data)


def test_bamboo_socks_still_fire_outside_the_non_textile_categories() -> None:
    socks = "Rambutan Kids Seamless Bamboo Socks"
    assert regime_fired("us-textile", "en-US", socks, category="Clothing > Socks")
    assert not regime_fired("us-textile", "en-US", socks, category="Kitchen > Rolling Pins")


def test_a_phrase_written_closed_must_reach_past_its_first_word() -> None:
    # "angebotendet" stems to "angebot": the closed form would match "Angebot" alone.
    assert _closed(["angebot", "endet"], "de") is None
    assert _closed(["auf", "lager"], "de") == "auflager"
    assert _closed(["angebot"], "de") is None


def test_a_restricting_particle_is_a_word_of_the_phrase() -> None:
    found = phrase_lemmas("飲むだけで")
    assert found is not None
    assert "ダケ" in found[0]


def test_us_is_its_own_lemma_in_english() -> None:
    assert word_keys("us", "en")[0] == "us"
    assert word_keys("we", "en")[0] == "we"


def test_a_size_in_angle_brackets_is_no_html_and_a_tag_still_is() -> None:
    chopsticks = "Handmade chopsticks - Natural shave <size L> M-901 Made in Japan"
    assert not regime_fired("amazon", "en-US", chopsticks, title=chopsticks)
    tagged = "Handmade chopsticks <font color=red>Sale</font>"
    assert {"amazon.html", "amazon.description.html"} <= regime_fired(
        "amazon", "en-US", tagged, title=tagged
    )


@pytest.mark.parametrize(
    "title",
    [
        "Scott Sports Mens Elite Boa Mountain Shoe - 234712-0001 (Black - 44.0)",
        "Northwave Men's Extreme Winter GTX R Winter Shoe - 80141015-10",
        "Air Jordan 12 Retro Psny - 130690 003",
        "Arm & Hammer 33200-00008 Laundry Detergent, 5 gal",
    ],
)
def test_a_style_number_is_no_phone_number(title: str) -> None:
    assert "amazon.contact.details" not in regime_fired("amazon", "en-US", title, title=title)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en-US", "Please contact our Sales Team at 800.680.0859."),
        ("en-US", "Questions? 212-555-0147"),
        ("en-US", "Questions? 2 1 2 - 5 5 5 - 0 1 4 7"),
        ("pl-PL", "Pytania? 612 345 678"),
        ("it-IT", "Domande? 3 4 7  1 2 3  4 5 6 7"),
    ],
)
def test_a_phone_number_still_fires_with_or_without_a_cue(locale: str, text: str) -> None:
    assert "amazon.contact.details" in regime_fired("amazon", locale, text)
