"""Issue 16, seventh dev round: the packs read the claims the round found missing and lift the
innocent uses it found firing, as data; each case pairs a text that must fire its regime with
one beside it that must not."""

import pytest

from listingsmith.domain import Draft
from listingsmith.text.reader import read
from tests.unit.policy_listings import policy_findings


def regimes(
    text: str,
    locale: str,
    category: str | None = None,
    title: str = "Item",
    **attributes: str,
) -> set[str]:
    """The packs (regimes) with a rule that fires on a listing with `text` as its bullet."""
    draft = Draft(title=title, bullets=[text], description="")
    return {
        f.rule_id.split(".", 1)[0] for f in policy_findings(draft, locale, category, **attributes)
    }


# (regime, locale, claim that fires, innocent text beside it that does not)
PAIRS = [
    # Amazon: promotional and availability phrases in the marketplace languages; a flower
    # border ("Rabatte", "rabatt", "rabata") is no discount.
    ("amazon", "de-DE", "Rabatte bis zu 40 % auf alles", "Kantensteine für Beete und Rabatten"),
    ("amazon", "de-DE", "Preisknaller der Woche", "Für Rabatten und Beete ist Platz"),
    ("amazon", "de-DE", "Nur noch wenige Exemplare auf Lager", "Zwei Exemplare im Set"),
    ("amazon", "sv-SE", "Rabatter på hela sortimentet", "Kantsten i betong för rabatter"),
    ("amazon", "sv-SE", "Reapris på hela sortimentet", "Kantsten för rabatter och gångar"),
    ("amazon", "sv-SE", "Årets storsäljare", "Ekolod med djupmätning ned till 100 m"),
    ("amazon", "pl-PL", "Rabaty do 40 %", "Elastyczne obrzeże do rabat i ścieżek"),
    ("amazon", "pl-PL", "Ostatnie sztuki w magazynie", "Obrzeże do rabat kwiatowych"),
    ("amazon", "fr-FR", "Expédiée gratuitement sous 24 h", "Économe à lame pivotante"),
    ("amazon", "fr-FR", "S o l d e s d'hiver sur toute la gamme", "Remise de jardin en métal"),
    ("amazon", "es-ES", "Últimas unidades disponibles", "Cajas de cartón para envíos"),
    ("amazon", "it-IT", "Ultimi pezzi disponibili", "Saldatore a stagno 60 W"),
    ("amazon", "nl-NL", "Actieprijs zolang het op is", "Actiecamera met beeldstabilisatie"),
    ("amazon", "pt-PT", "Últimas unidades em stock", "Caixas de cartão para envios"),
    ("amazon", "ja-JP", "送料0円でお届け", "多ポケットのフィッシングベスト"),
    ("amazon", "ja-JP", "残りわずか、お早めに", "専用の無料アプリで操作できます"),
    ("amazon", "zh-CN", "仅剩最后10件", "耐热玻璃量杯，带刻度"),
    # A word for free beside a word for shipping, in either order; BPA-free opens no pair.
    ("amazon", "en-US", "Free 2-day shipping on this item", "BPA-free bottle, shipped in a box"),
    ("amazon", "it-IT", "Spedizione veloce e gratuita", "Spedizione in scatola di cartone"),
    ("amazon", "pl-PL", "Darmowa i szybka wysyłka", "Darmowa aplikacja do sterowania"),
    ("amazon", "de-DE", "Kostenfrei geliefert", "Kostenfreie App für iOS und Android"),
    ("amazon", "sv-SE", "Fri och snabb frakt", "Fristående montering"),
    ("amazon", "it-IT", "In promozione questa settimana", "Borraccia in acciaio inossidabile"),
    ("amazon", "pl-PL", "Satysfakcja gwarantowana lub zwrot pieniędzy", "Pokrywka wolna od BPA"),
    ("amazon", "ja-JP", "売上ナンバーワン", "ナンバーロック付きのスーツケース"),
    ("amazon", "zh-CN", "销量冠军", "不锈钢保温杯"),
    ("eu-2024-825", "es-ES", "Envíos con CO2 compensado", "Compensación de exposición de ±3 EV"),
    ("eu-2024-825", "fr-FR", "Livraison compensée en CO2", "Compensation d'exposition ±3 IL"),
    ("eu-2024-825", "pt-PT", "Envio com CO2 compensado", "Compensação de exposição de ±3 EV"),
    # 40 CFR 152.15 in the pack's EU languages; 152.10(c): a barrier that keeps pests off.
    (
        "amazon-pesticide",
        "nl-NL",
        "Coating die 99,9 % van de bacteriën doodt",
        "Coating die vlekken tegengaat",
    ),
    ("amazon-pesticide", "nl-NL", "Verjaagt muggen en vliegen", "Verjaagt de kou uit de kamer"),
    (
        "amazon-pesticide",
        "sv-SE",
        "Håller myggor och flugor borta",
        "Håller damm borta från skärmen",
    ),
    (
        "amazon-pesticide",
        "en-US",
        "Spray keeps flies off food for hours",
        "Pop-up mesh covers keep flies off food at picnics",
    ),
    # Directive 2024/825 recital 9 in each language version; colours, labels, look-alikes.
    (
        "eu-2024-825",
        "es-ES",
        "Una opción respetuosa con el clima",
        "Clase de eficiencia energética B (escala de A a G)",
    ),
    ("eu-2024-825", "es-ES", "Materiales amigos de la naturaleza", "Ecosonda portátil para pesca"),
    ("eu-2024-825", "fr-FR", "Douce pour l'environnement", "Économe pour légumes à lame fixe"),
    (
        "eu-2024-825",
        "it-IT",
        "Portapranzi ecocompatibili",
        "Dosatore economico per flaconi da 500 ml",
    ),
    ("eu-2024-825", "nl-NL", "Ecovriendelijke materialen", "Economische doseerpomp"),
    (
        "eu-2024-825",
        "nl-NL",
        "Groenere lunchboxen dan aluminiumfolie",
        "Verkrijgbaar in groen en grijs",
    ),
    (
        "eu-2024-825",
        "pl-PL",
        "Bardziej zielone niż folia aluminiowa",
        "Dostępna w kolorze zielonym",
    ),
    ("eu-2024-825", "pl-PL", "Łagodny dla środowiska od pokrywki po dno", "Ekonomiczny dozownik"),
    ("eu-2024-825", "sv-SE", "Miljöriktig förpackning", "Eko-effekt och reverb på gitarrpedalen"),
    ("eu-2024-825", "pt-PT", "Lancheiras amigas do clima", "Cor: verde"),
    ("eu-2024-825", "pt-PT", "Embalagem ambientalmente correta", "Doseador económico"),
    (
        "eu-2024-825",
        "de-DE",
        "CO2-freundlich hergestellt",
        "CO2-Zylinder für bis zu 60 Liter Sprudelwasser",
    ),
    # 16 CFR 323.1(a): the verbs and a state's name; health claims in other forms.
    ("us-ftc", "en-US", "We manufacture every pan in the USA", "We manufacture every pan in Italy"),
    ("us-ftc", "en-US", "Made in Ohio since 1952", "Ships from our warehouse in Ohio"),
    ("us-ftc", "en-US", "Built in the U.S.", "Sized for the U.S. market"),
    ("us-ftc", "en-US", "Heals stomach ulcers in days", "Brush strokes look hand-painted"),
    (
        "us-ftc",
        "en-US",
        "Curing joint pain is what it does best",
        "Insulated blanket keeps concrete curing in cold weather",
    ),
    (
        "us-ftc",
        "en-US",
        "Prevention of osteoporosis in women over 50",
        "Prevention of scratches on the lens",
    ),
    ("us-ftc", "es-US", "Me curó el eccema en una semana", "Queso curado durante 6 meses"),
    # 16 CFR 260.7, 260.8, 260.4, 260.5, 260.11, 260.15 worded otherwise.
    ("us-green-guides", "en-US", "Composts in 90 days", "Add finished compost in spring"),
    (
        "us-green-guides",
        "en-US",
        "Breaks down naturally within months",
        "Table breaks down flat for storage",
    ),
    (
        "us-green-guides",
        "en-US",
        "Decomposes naturally, even in a landfill",
        "Resists thermal decomposition up to 350 °F",
    ),
    (
        "us-green-guides",
        "en-US",
        "A propellant safe for the ozone layer",
        "Ozone-resistant EPDM gasket",
    ),
    ("us-green-guides", "en-US", "Won't harm the ozone layer", "Won't harm painted walls"),
    (
        "us-green-guides",
        "en-US",
        "Carbon-free delivery to your door",
        "Carbon fiber legs weigh 2.9 lb",
    ),
    (
        "us-green-guides",
        "en-US",
        "We offset every gram of carbon this kettle emits",
        "Offsetting the handle keeps your knuckles off the board",
    ),
    (
        "us-green-guides",
        "en-US",
        "Manufactured using clean, renewable power",
        "Can be powered by clean, renewable power from your rooftop panels",
    ),
    ("us-green-guides", "en-US", "Harmless to the environment", "Harmless to painted surfaces"),
    (
        "us-green-guides",
        "en-US",
        "Leaves no trace on the planet",
        "Camping trowel for Leave No Trace outings",
    ),
    # 薬機法: disease and body-function claims in other conjugations; the cosmetic range stays.
    ("jp-yakki", "ja-JP", "老化を防ぐ美容液", "乾燥による肌荒れを防ぐ"),
    ("jp-yakki", "ja-JP", "コレステロールを減らすお茶", "ゴミを減らす詰め替え用"),
    ("jp-yakki", "ja-JP", "むくみが取れて脚が細くなる", "汚れがすっきり取れる"),
    ("jp-yakki", "ja-JP", "関節の痛みが和らぐサプリ", "手触りが和らぐ柔軟剤"),
    ("jp-yakki", "ja-JP", "疲労回復に効くドリンク", "疲労軽減のクッション性"),
    # 景品表示法: a setting's range named by its ends is no superlative.
    ("jp-keihyo", "ja-JP", "業界最強の風量", "風量は最弱から最強まで3段階"),
    # 广告法 第九条: a buyer's first tool is an order, the top seat (第一把交椅) is a rank.
    ("cn-adlaw", "zh-CN", "稳坐行业第一把交椅", "适合新手的第一把螺丝刀套装"),
]


@pytest.mark.parametrize(("regime", "locale", "claim", "innocent"), PAIRS)
def test_the_claim_fires_and_the_text_beside_it_does_not(
    regime: str, locale: str, claim: str, innocent: str
) -> None:
    assert regime in regimes(claim, locale), claim
    assert regime not in regimes(innocent, locale), innocent


def test_an_origin_attribute_of_usa_supports_a_state_claim() -> None:
    assert "us-ftc" not in regimes("Made in Ohio since 1952", "en-US", country_of_origin="USA")
    assert "us-ftc" in regimes("Made in Ohio since 1952", "en-US", country_of_origin="China")


def test_a_spaced_word_ends_before_an_elided_article() -> None:
    assert read("S o l d e s d'hiver", "fr").text == "soldes d'hiver"
    assert read("d o n ' t  b u y", "en").text == "don't buy"
