"""Issue 16, fifteenth dev round (the regimes with the fewest dev controls): scope read from the
title's product noun as well as the category, bamboo named as a textile's material, and the
round's data fixes: each permitted text beside a claim that still fires."""

import pytest

from listingsmith.batch.policy_lines import regime_of
from listingsmith.domain import Draft
from listingsmith.policies.title_scope import title_noun
from tests.unit.policy_listings import policy_findings

GB, IT, SV, DE = "en-GB", "it-IT", "sv-SE", "de-DE"
GB_TEXTILE, EU_TEXTILE = "gb-textile-2012-1102", "eu-textile-1007-2011"
GB_COMPOSITION, EU_COMPOSITION = "gb-textile.art16.composition", "eu-textile.art16.composition"
GB_BAMBOO, EU_BAMBOO = "gb-textile.non-names-material", "eu-textile.non-names-material"
KITCHEN_TEXTILES = "Home & Kitchen > Kitchen Textiles"
TEA_TOWELS = "Casa e cucina > Tessili da cucina"
TOYS = "gb-toys-2011-1881"
PUZZLES = "Toys & Games > Puzzles"
SUPPLEMENTS = "ドラッグストア > サプリメント"
STOCK = "Grocery @taxonomy fb fb-2 fb-2-4 "

NOUNS = [
    # The brand that opens the title goes, the phrase ends at a comma, "with" or a count word.
    (
        "Hearthside Double Oven Glove, Grey",
        "Hearthside",
        "en",
        ("double oven glove", "double oven"),
    ),
    ("Strikeforce Adult Catapult with Ammo", "Strikeforce", "en", ("adult catapult", "adult")),
    ("Yuletide Glass Bauble Set, 24 Pieces", "Yuletide", "en", ("glass bauble", "glass")),
    ("Salt & Vinegar Crisps", None, "en", ("salt & vinegar crisps", "salt & vinegar")),
    # Where the head comes first (Italian), the phrase without it is what follows.
    (
        "Forno Felice Guanti da forno, set da 2",
        "Forno Felice",
        "it",
        ("guanti da forno", "da forno"),
    ),
    ("Mjuka strumpor i bambu", None, "sv", ("mjuka strumpor", "mjuka")),
    # Titles without spaces between words are not read.
    ("Pailo 電気ケトル 0.8L", "Pailo", "ja", None),
]


def test_a_title_names_its_product_noun() -> None:
    assert [title_noun(title, brand, lang) for title, brand, lang, _ in NOUNS] == [
        noun for *_, noun in NOUNS
    ]


# Annex V products whose category names only a parent: the title's noun takes them out of
# Art. 16; a textile of the same category still needs its composition. (title, brand, fires)
ANNEX_V_GB = [
    ("Hearthside Double Oven Glove, Grey", "Hearthside", False),
    ("Linden Knitted Tea Cosy, Oatmeal", "Linden", False),
    ("Pemberley Make-Up Bag, Velvet", "Pemberley", False),
    ("Linden Tea Towels, Set of 4", "Linden", True),
]
ANNEX_V_IT = [("Guanti da forno, set da 2", False), ("Strofinacci, set da 3", True)]
# Bamboo named as a textile's material: a fibre name Annex I does not have; the Annex I name
# with its raw material passes, and a bamboo basket is no textile. (locale, text, fires)
SOCKS = {SV: "Kläder > Herr > T-shirts", DE: "Bekleidung > Herren > Socken", GB: "Clothing > Socks"}
BAMBOO = [
    (SV, "Mjuka strumpor i bambu", True),
    (SV, "Strumpor i viskos av bambu", False),
    (DE, "Weiche Socken aus Bambus", True),
    (GB, "Soft socks made of bamboo", True),
    (GB, "Socks of viscose made from bamboo", False),
]
# Schedule 1 of SI 2011/1881: Christmas decorations, catapults and puzzles of more than 500
# pieces are no toys; a toy or a small jigsaw without its warning still fires.
# (title, category, text, fires)
SCHEDULE_1 = [
    ("Yuletide Glass Bauble Set, 24", "Toys & Games > Seasonal", "Baubles.", False),
    ("Strikeforce Catapult", "Toys & Games > Outdoor Play", "Steel.", False),
    ("Whizz Toy Rocket", "Toys & Games > Outdoor Play", "Launches.", True),
    ("Summit 1000 Piece Jigsaw Puzzle", PUZZLES, "1000 pieces.", False),
    ("Summit 24 Piece Jigsaw Puzzle", PUZZLES, "24 pieces.", True),
]
# Texts judged in a listing of their own: (regime, locale, category, text, fires)
TEXTS = [
    # A list "available on request" is no list before the purchase.
    ("gb-food-1169", GB, STOCK, "Ingredients: available on request. Calderhill Foods Ltd.", True),
    # 第一 as a game's level and a crop's first picking is an order, not a rank.
    ("cn-adlaw", "zh-CN", None, "从第一关到第五十关，难度逐级增加", False),
    ("cn-adlaw", "zh-CN", None, "每年第一茬采摘的枸杞", False),
    ("cn-adlaw", "zh-CN", None, "全国第一的枸杞", True),
    # A ranking and a repeat rate with their source in brackets (消費者庁 No.1 report).
    (
        "jp-keihyo",
        "ja-JP",
        None,
        "週間ランキング1位（2026年6月1日〜7日、楽天市場ランキングページより）",
        False,
    ),
    (
        "jp-keihyo",
        "ja-JP",
        None,
        "リピート率68%（2025年1月〜12月の当社公式通販の定期購入者データ）",
        False,
    ),
    ("jp-keihyo", "ja-JP", None, "リピート率68%", True),
    # A pain said to ease (和らぎ, 治まる) is a disease claim for a food.
    ("jp-yakki", "ja-JP", SUPPLEMENTS, "関節痛が和らぎ、膝の痛みが治まります", True),
    ("jp-yakki", "ja-JP", SUPPLEMENTS, "膝の痛みがおさまる", True),
]

# (regime, locale, title, brand, category, text, the rule that fires or not (None: any of the
# regime's), whether it fires)
CASES = (
    [
        (GB_TEXTILE, GB, t, b, KITCHEN_TEXTILES, "Quilted.", GB_COMPOSITION, f)
        for t, b, f in ANNEX_V_GB
    ]
    + [
        (
            EU_TEXTILE,
            IT,
            f"Forno Felice {t}",
            "Forno Felice",
            TEA_TOWELS,
            "Cotone.",
            EU_COMPOSITION,
            f,
        )
        for t, f in ANNEX_V_IT
    ]
    + [
        (
            EU_TEXTILE if lo != GB else GB_TEXTILE,
            lo,
            "Item",
            None,
            SOCKS[lo],
            x,
            EU_BAMBOO if lo != GB else GB_BAMBOO,
            f,
        )
        for lo, x, f in BAMBOO
    ]
    + [(EU_TEXTILE, SV, "Korg av bambu", None, "Hem > Korgar", "Korg av bambu", EU_BAMBOO, False)]
    # A paper towel holder is a holder: "*[Tt]owel*" matches "Paper Towel" without the head.
    + [
        (
            GB_TEXTILE,
            GB,
            "Hollin Paper Towel Holder",
            "Hollin",
            "Home > Storage",
            "Steel.",
            None,
            False,
        )
    ]
    + [(TOYS, GB, t, t.split()[0], c, x, None, f) for t, c, x, f in SCHEDULE_1]
    + [(r, lo, "Item", None, c, x, None, f) for r, lo, c, x, f in TEXTS]
)


@pytest.mark.parametrize(
    ("regime", "locale", "title", "brand", "category", "text", "rule", "fires"), CASES
)
def test_each_text_fires_as_the_law_reads_it(
    regime: str,
    locale: str,
    title: str,
    brand: str | None,
    category: str | None,
    text: str,
    rule: str | None,
    fires: bool,
) -> None:
    draft = Draft(title=title, description=text, bullets=[])
    found = policy_findings(draft, locale, category, brand)
    ids = {f.rule_id for f in found if regime_of(f.rule_id) == regime}
    assert (rule in ids if rule else bool(ids)) is fires
