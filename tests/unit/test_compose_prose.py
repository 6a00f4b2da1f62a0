"""The composed description's sentences per locale (describe.yaml), titles without repeats,
and one name for a ja or zh-CN category that joins two."""

import pytest

from listingsmith.checks.listing import check_listing
from listingsmith.compose.describe import compose_description
from listingsmith.compose.facts import attribute_lines
from listingsmith.compose.listing import compose_listing
from listingsmith.compose.titles import compose_title, repeats
from listingsmith.config import ListingLimits, Settings
from listingsmith.domain import Attribute, Product
from listingsmith.taxonomy.nouns import product_noun

BOWL = Product(sku="b", title="Kitchen Craft bowl", category="Bowls", brand="Kitchen Craft")


def seller(**values: str) -> list[Attribute]:
    return [
        Attribute(name=n.replace("_", " "), value=v, source="seller", confidence=1.0)
        for n, v in values.items()
    ]


# Measures with units, a colour, a material, a count, and an attribute no template takes
# (Interface), which stays in the list form.
BOWL_FACTS = seller(
    Diameter="11.5 cm",
    Capacity="0.3 l",
    Color="Blue",
    Material="Glass",
    Interface="USB",
    Count="Pack of 2",
)
BOWL_DESCRIPTIONS = {
    "en-US": "Bowl by Kitchen Craft in Blue, made of Glass. It holds 0.3 L and measures 11.5 cm"
    " in diameter. Contents: Pack of 2. Details – Interface: USB.",
    "de-DE": "Schüssel von Kitchen Craft aus Glas in Blau mit 0,3 l Fassungsvermögen und 11,5 cm"
    " Durchmesser. Lieferumfang: 2 Stück. Produktdetails – Schnittstelle: USB.",
    "fr-FR": "Bol Kitchen Craft en verre, coloris bleu, d'une capacité de 0,3 l et d'un diamètre"
    " de 11,5 cm. Contenu : lot de 2. Détails du produit – Interface : USB.",
    "es-ES": "Cuenco de Kitchen Craft de vidrio en color azul. Tiene una capacidad de 0,3 l y un"
    " diámetro de 11,5 cm. Contenido: pack de 2. Detalles del producto – Interfaz: USB.",
    "it-IT": "Ciotola di Kitchen Craft in vetro, di colore blu, con una capacità di 0,3 l e un"
    " diametro di 11,5 cm. Contenuto: confezione da 2. Dettagli del prodotto – Interfaccia: USB.",
    "ja-JP": "Kitchen Craftのボウルです。容量0.3 L、直径11.5 cm。"
    "素材はガラス、カラーは青、2個入り。商品の詳細は次のとおりです。インターフェース：USB。",
    "zh-CN": "这是Kitchen Craft的碗。容量0.3升，直径11.5厘米。材质为玻璃，颜色为蓝色，2件装。"
    "商品详情如下：接口：USB。",
}


@pytest.mark.parametrize(("locale", "expected"), BOWL_DESCRIPTIONS.items())
def test_the_description_says_the_facts_in_sentences_by_kind(locale: str, expected: str) -> None:
    assert compose_description(BOWL, BOWL_FACTS, None, locale) == expected


# Imperial units converted where the locale is metric; a bare number (no unit) and a colour the
# lexicons do not know stay in the list form; an empty value is not said at all.
CURTAIN = Product(sku="c", title="curtain", category="Curtains & Drapes")
CURTAIN_FACTS = seller(Color="As Picture", Width="60", Height="", Weight="1.5 lb")
CURTAIN_DESCRIPTIONS = {
    "en-US": "Curtain. It weighs 1.5 lb. Details – Color: As Picture; Width: 60.",
    "de-DE": "Vorhang mit 0,68 kg Gewicht. Produktdetails – Breite: 60.",
    "fr-FR": "Rideau, d'un poids de 0,68 kg. Détails du produit – Largeur : 60.",
    "es-ES": "Cortina. Tiene un peso de 0,68 kg. Detalles del producto – Ancho: 60.",
    "it-IT": "Tenda, con un peso di 0,68 kg. Dettagli del prodotto – Larghezza: 60.",
    "ja-JP": "カーテンです。重量0.68 kg。商品の詳細は次のとおりです。幅：60。",
    "zh-CN": "这是一款窗帘。重量0.68 kg。商品详情如下：宽度：60。",
}


@pytest.mark.parametrize(("locale", "expected"), CURTAIN_DESCRIPTIONS.items())
def test_values_without_a_unit_or_a_known_term_stay_in_the_list(locale: str, expected: str) -> None:
    assert compose_description(CURTAIN, CURTAIN_FACTS, None, locale) == expected


def test_a_value_that_does_not_fit_is_listed_and_a_pack_of_one_is_a_sentence() -> None:
    """A pack of one is said as what the package holds ("Contenu : lot de 1."), no longer in
    the list form, where the bare line "Número de piezas: 1" read as Portuguese; in Japanese
    it says nothing inside the sentence and stays in the list."""
    facts = seller(Color="Assorted", Count="Pack of 1")
    assert compose_description(BOWL, facts, None, "fr-FR") == (
        "Bol Kitchen Craft. Contenu : lot de 1. Détails du produit – Couleur : coloris assortis."
    )
    assert compose_description(BOWL, facts, None, "ja-JP") == (
        "Kitchen Craftのボウルです。カラーはアソート。商品の詳細は次のとおりです。入数：1個。"
    )


def test_a_compound_value_of_one_part_twice_is_said_once() -> None:
    facts = seller(Color="Black/Black")
    assert (
        compose_description(BOWL, facts, None, "de-DE") == "Schüssel von Kitchen Craft in Schwarz."
    )
    assert compose_title(BOWL, facts, None, "en-US", "amazon", 150) == "Kitchen Craft Bowl, Black"


def test_the_description_without_noun_or_facts_still_says_what_it_is() -> None:
    unnamed = Product(sku="u", title="thing", brand="Acme")
    assert compose_description(unnamed, [], None, "ja-JP") == "Acmeの商品です。"
    assert compose_description(unnamed, [], None, "de-DE") == "Artikel von Acme."


def test_a_short_limit_leaves_facts_off_the_end() -> None:
    text = compose_description(BOWL, BOWL_FACTS, None, "de-DE", limit=80)
    assert len(text) <= 80 and text.startswith("Schüssel von Kitchen Craft aus Glas")


def test_repeats_finds_words_and_names_said_twice() -> None:
    assert repeats("Guitar electric guitar, Ebony", "en") == {"guitar"}
    assert repeats("Shoes, Running Shoe", "en") == {"shoe"}
    assert repeats("カーテン・ドレープカーテン", "ja") == {"カーテン"}
    assert repeats("Moule à gâteau de Tefal, lot de 4", "fr") == set()
    assert repeats("Tom-tom Kit", "en") == set()


def test_titles_leave_out_a_part_that_says_a_word_again() -> None:
    guitar = Product(sku="g", title="guitar", category="Guitar")
    facts = seller(Model="electric guitar", Material="Ebony")
    assert compose_title(guitar, facts, "Guitar", "en-US", "amazon", 150) == "Guitar, Ebony"
    coffee = Product(sku="k", title="coffee", brand="Allegro Coffee")
    assert compose_title(coffee, seller(Net_content="12 oz"), "Coffee", "en-US", "amazon", 150) == (
        "Allegro Coffee, 12 oz"
    )
    shoes = Product(sku="s", title="shoes", category="Shoes")
    facts = seller(Color="Black", Material="Black Leather")
    assert compose_title(shoes, facts, None, "en-US", "amazon", 150) == "Shoes, Black Leather"


@pytest.mark.parametrize(
    ("category_id", "language", "noun"),
    [
        ("hg-3-74-1", "ja", "カーテン"),  # カーテン・ドレープカーテン: the head of both
        ("hg-11-7-4", "zh", "咖啡机"),  # 咖啡机/浓缩咖啡机
        ("ap-2-1-2", "ja", "鳥かご"),  # 鳥かご・鳥かご用スタンド, as English's "Bird Cage"
        ("tg-5-8-8", "zh", "木偶/木偶台配件"),  # puppet-theatre accessories: no one name says it
        ("hg-11-6-2", "zh", "咖啡机/浓缩咖啡机配件"),  # the shared name is not a head
        ("hg-3-74-1", "zh", "窗帘"),  # 窗帘/窗幔: the first, as English's "Curtain"
        ("bt-7-4", "ja", "ベビーカー・チャイルドシート用フットマフ"),  # footmuffs, not a pram
        ("el-7-15-1-12", "zh", "电子游戏机/控制器电池"),  # batteries, not a console
    ],
)
def test_a_ja_or_zh_category_of_two_names_that_repeat_is_one_name(
    category_id: str, language: str, noun: str
) -> None:
    assert product_noun(category_id, language) == noun


# Department, size and model: "für Herren", "pour homme"; a US size in the locale's system.
CLOG = Product(sku="s", title="Crocs clog", category="Shoes", brand="Crocs")
CLOG_FACTS = seller(Gender="Men's", Color="Black/Black", Size="7.5 M US", Model="11989M")
CLOG_DESCRIPTIONS = {
    "en-US": "Shoes by Crocs in Black. Size US 7.5 M, model 11989M. Details – Department: Men's.",
    "de-DE": "Schuhe von Crocs für Herren in Schwarz. Größe EU 40,5, Modell 11989M.",
    "fr-FR": "Chaussures Crocs pour homme, coloris noir. Taille EU 40,5, modèle 11989M.",
    "es-ES": "Zapatos de Crocs para hombre en color negro. Talla EU 40,5, modelo 11989M.",
    "it-IT": "Scarpe di Crocs da uomo, di colore nero. Taglia EU 40,5, modello 11989M.",
    "ja-JP": "Crocsのシューズです。カラーは黒、サイズはJP 25.5、対象はメンズ。"
    "商品の詳細は次のとおりです。モデル：11989M。",
    "zh-CN": "这是Crocs的鞋。颜色为黑色，尺码为EU 40.5，适用人群为男士。"
    "商品详情如下：型号：11989M。",
}


@pytest.mark.parametrize(("locale", "expected"), CLOG_DESCRIPTIONS.items())
def test_department_size_and_model_in_sentences(locale: str, expected: str) -> None:
    assert compose_description(CLOG, CLOG_FACTS, None, locale) == expected


# No noun known: the language's wording for an unnamed product; a flavour in its own sentence.
TEA = Product(sku="t", title="tea", brand="Miracle Tree")
TEA_FACTS = seller(Flavor="Vanilla", Net_content="2 oz", Sport="Running")
TEA_DESCRIPTIONS = {
    "en-US": "Product by Miracle Tree. It contains 2 oz. Vanilla flavor. Details – Sport: Running.",
    "de-DE": "Artikel von Miracle Tree mit 56,7 g Inhalt. Geschmacksrichtung Vanille."
    " Produktdetails – Sportart: Laufen.",
    "fr-FR": "Article de la marque Miracle Tree, d'une contenance de 56,7 g. Saveur vanille."
    " Détails du produit – Sport : course à pied.",
    "es-ES": "Artículo de Miracle Tree. Tiene un contenido de 56,7 g. Sabor vainilla."
    " Detalles del producto – Deporte: running.",
    "it-IT": "Prodotto di Miracle Tree, con un contenuto di 56,7 g. Gusto vaniglia."
    " Dettagli del prodotto – Sport: corsa.",
    "ja-JP": "Miracle Treeの商品です。内容量56.7 g。フレーバーはバニラ、スポーツはランニング。",
    "zh-CN": "这是Miracle Tree的商品。净含量56.7 g。口味为香草，运动类型为跑步。",
}


@pytest.mark.parametrize(("locale", "expected"), TEA_DESCRIPTIONS.items())
def test_an_unnamed_product_and_its_flavour(locale: str, expected: str) -> None:
    assert compose_description(TEA, TEA_FACTS, None, locale) == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # `make demo`'s candle read "... d'un poids de 680,4 g. Détails du produit – Parfum :
        # verger." where de, es and it say the scent in a sentence.
        (seller(Scent="Lavender"), "Bougie Acme. Parfum lavande."),
        (seller(Flavor="Strawberry"), "Bougie Acme. Saveur fraise."),
        # An adjective that would not agree with "saveur" stays in the list form.
        (seller(Flavor="Salted"), "Bougie Acme. Détails du produit – Saveur : salé."),
        (seller(Scent="Unscented"), "Bougie Acme. Détails du produit – Parfum : sans parfum."),
    ],
)
def test_a_french_scent_or_flavour_is_a_sentence(facts: list, expected: str) -> None:
    product = Product(sku="c", title="candle", brand="Acme")
    assert compose_description(product, facts, "Bougie", "fr-FR") == expected


# How a curtain hangs, beside a length in inches (converted where the locale is metric).
DRAPE = Product(sku="d", title="curtain", category="Curtains & Drapes", brand="Duck River Textiles")
DRAPE_FACTS = seller(Attachment_Method="Grommet", Length="96 in")
DRAPE_DESCRIPTIONS = {
    "en-US": "Curtain by Duck River Textiles with Grommet top. It measures 96 in long.",
    "de-DE": "Vorhang von Duck River Textiles mit 243,8 cm Länge und Ösen.",
    "fr-FR": "Rideau Duck River Textiles à œillets, d'une longueur de 243,8 cm.",
    "es-ES": "Cortina de Duck River Textiles con ollaos. Tiene una longitud de 243,8 cm.",
    "it-IT": "Tenda di Duck River Textiles con occhielli, con una lunghezza di 243,8 cm.",
    "ja-JP": "Duck River Textilesのカーテンです。丈243.8 cm。取り付け方法はハトメ。",
    "zh-CN": "这是Duck River Textiles的窗帘。长度243.8厘米。安装方式为打孔。",
}


@pytest.mark.parametrize(("locale", "expected"), DRAPE_DESCRIPTIONS.items())
def test_how_it_hangs_joins_the_measures(locale: str, expected: str) -> None:
    assert compose_description(DRAPE, DRAPE_FACTS, None, locale) == expected


# A colour is a finish of an object or a fabric ("coloris rouge", "in Rot", "en color rojo",
# "カラーは赤") but a property of a food and a shade of a cosmetic: the demo's French hot sauce
# read "Sauce piquante El Yucateco, coloris rouge".
SAUCE = Product(sku="s", title="El Yucateco Hot Sauce", category="Hot Sauce", brand="El Yucateco")
SAUCE_FACTS = seller(Color="red", Net_weight="8 oz")
SAUCE_CATEGORY = "fb-2-4-8"  # Food, Beverages & Tobacco > Food Items > Condiments & Sauces > ...
# A food's weight is its net quantity, as its label says it (compose/names.yaml net_quantity).
SAUCE_DESCRIPTIONS = {
    "fr-FR": "Sauce piquante El Yucateco, de couleur rouge, d'un poids net de 227 g.",
    "de-DE": "Chilisauce von El Yucateco in der Farbe Rot mit 227 g Nettofüllmenge.",
    "es-ES": "Salsa picante de El Yucateco de color rojo. Tiene un peso neto de 227 g.",
    "ja-JP": "El Yucatecoの唐辛子ソースです。内容量227 g。色は赤。",
    # "Hot sauce by El Yucateco in red" read like a finish to choose.
    "en-US": "Hot Sauce by El Yucateco, red in color. It has a net weight of 8 oz.",
}


@pytest.mark.parametrize(("locale", "expected"), SAUCE_DESCRIPTIONS.items())
def test_a_food_s_colour_is_not_a_finish(locale: str, expected: str) -> None:
    noun = product_noun(SAUCE_CATEGORY, locale[:2])
    text = compose_description(SAUCE, SAUCE_FACTS, noun, locale, category=SAUCE_CATEGORY)
    assert text == expected


def test_objects_keep_the_finish_wording_and_cosmetics_name_a_shade() -> None:
    candle = Product(sku="c", title="Candle", category="Candles", brand="Acme")
    facts = seller(Color="orange")
    assert compose_description(candle, facts, "Bougie", "fr-FR", category="hg-3-40-2") == (
        "Bougie Acme, coloris orange."
    )
    assert compose_description(candle, facts, "Bougie", "fr-FR") == "Bougie Acme, coloris orange."
    lipstick = Product(sku="l", title="Lipstick", category="Lipstick", brand="Acme")
    assert compose_description(lipstick, facts, "Rouge à lèvres", "fr-FR", category="hb-3-2-3") == (
        "Rouge à lèvres Acme, teinte orange."
    )
    assert compose_description(lipstick, facts, "Lippenstift", "de-DE", category="hb-3-2-3") == (
        "Lippenstift von Acme im Farbton Orange."
    )


def test_en_names_a_cosmetic_s_shade_and_objects_keep_in_red() -> None:
    lipstick = Product(sku="l", title="Lipstick", category="Lipstick", brand="Acme")
    facts = seller(Color="Red")
    assert compose_description(lipstick, facts, "Lipstick", "en-US", category="hb-3-2-3") == (
        "Lipstick by Acme in the shade Red."
    )
    vase = Product(sku="v", title="Vase", category="Vases", brand="Acme")
    assert compose_description(vase, seller(Color="Red"), "Vase", "en-US") == "Vase by Acme in Red."


# The bullets' label and the description's wording of a colour follow the same kind: the demo's
# Japanese hot sauce had the bullet "カラー：赤" but the description "色は赤".
SAUCE_COLOUR_LINES = {
    "ja-JP": "色：赤",
    "en-US": "Color: Red",
    "de-DE": "Farbe: Rot",
    "fr-FR": "Couleur : rouge",
    "es-ES": "Color: rojo",
}
LIPSTICK_COLOUR_LINES = {
    "en-US": "Shade: Orange",
    "de-DE": "Farbton: Orange",
    "fr-FR": "Teinte : orange",
    "es-ES": "Tono: naranja",
    "ja-JP": "カラー：オレンジ",
}


@pytest.mark.parametrize(("locale", "line"), SAUCE_COLOUR_LINES.items())
def test_a_food_s_colour_label_follows_its_description(locale: str, line: str) -> None:
    lines = attribute_lines(SAUCE, SAUCE_FACTS, locale, 5, category=SAUCE_CATEGORY)
    assert line in lines


@pytest.mark.parametrize(("locale", "line"), LIPSTICK_COLOUR_LINES.items())
def test_a_cosmetic_s_colour_is_labelled_as_its_shade(locale: str, line: str) -> None:
    lipstick = Product(sku="l", title="Lipstick", category="Lipstick", brand="Acme")
    lines = attribute_lines(lipstick, seller(Color="orange"), locale, 5, category="hb-3-2-3")
    assert lines == [line]
    curtain = attribute_lines(lipstick, seller(Color="orange"), locale, 5, category="hg-3-74-1")
    assert curtain != [line] or locale == "ja-JP"


def test_a_kind_is_its_category_or_below_it() -> None:
    from listingsmith.compose.describe import product_kind

    assert product_kind("fb-2") == "food"
    assert product_kind("fb-2-4-8") == "food"
    assert product_kind("fb-20") is None  # a sibling whose id starts alike
    assert product_kind("hb-3-2-3") == "cosmetics"
    assert product_kind("hb-3-1") is None
    assert product_kind(None) is None


# A list of dimensions ("panel size: 40 x 84 inch") was no known attribute and had no rendering:
# the demo's curtain never said its size outside the model's English text.
PANEL = Product(sku="p", title="Curtain panel", category="Curtains", brand="Duck River")
PANEL_FACTS = seller(Panel_size="40 x 84 inch", Attachment_method="grommet")
PANEL_TEXTS = {
    "en-US": ("Dimensions: 40 x 84 in", "It measures 40 x 84 in."),
    "de-DE": ("Abmessungen: 101,6 cm x 213,4 cm", "mit den Maßen 101,6 cm x 213,4 cm und Ösen."),
    "fr-FR": ("Dimensions : 101,6 cm x 213,4 cm", "aux dimensions de 101,6 cm x 213,4 cm."),
    "es-ES": ("Dimensiones: 101,6 cm x 213,4 cm", "Tiene unas dimensiones de 101,6 cm x 213,4 cm."),
    "it-IT": ("Dimensioni: 101,6 cm x 213,4 cm", "con dimensioni di 101,6 cm x 213,4 cm."),
    "ja-JP": ("寸法：101.6 cm x 213.4 cm", "寸法101.6 cm x 213.4 cm。"),
    "zh-CN": ("尺寸：101.6厘米 x 213.4厘米", "尺寸101.6厘米 x 213.4厘米。"),
}


@pytest.mark.parametrize(("locale", "expected"), PANEL_TEXTS.items())
def test_a_list_of_dimensions_is_stated_in_every_locale(
    locale: str, expected: tuple[str, str]
) -> None:
    line, sentence = expected
    assert attribute_lines(PANEL, PANEL_FACTS, locale, 3)[0] == line
    assert sentence in compose_description(PANEL, PANEL_FACTS, "X", locale)


def test_japanese_counts_flat_textiles_in_sheets() -> None:
    """The demo's pair of curtains read "カーテン、青、2個入り": a curtain is counted in 枚."""
    curtain = Product(sku="c", title="Curtain", category="Curtains", brand="Duck River")
    facts = seller(Color="blue", Count="Set of 2")
    category = "hg-3-74-1"  # Home & Garden > Decor > Window Treatments > Curtains & Drapes
    draft = compose_listing(
        curtain, facts, "カーテン", "ja-JP", "amazon", ListingLimits(), category=category
    )
    assert draft.title == "Duck River カーテン、青、2枚入り"
    assert "入数：2枚" in draft.bullets
    assert draft.description.endswith("カラーは青、2枚入り。")
    bowl = compose_listing(curtain, facts, "ボウル", "ja-JP", "amazon", ListingLimits())
    assert bowl.title == "Duck River ボウル、青、2個入り"
    findings = check_listing(draft, curtain, facts, "ja-JP", Settings()).findings
    assert [f.rule_id for f in findings if f.rule_id.startswith("fact.")] == []


BAG = Product(sku="s", title="Storage bag", category="Bags", brand="Acme")
# A count the seller gave as a bare number, by what its name counts: (title's end, the
# attribute line's value, the description's sentence) per locale.
BARE_COUNTS = {
    "Pack Quantity": {
        "en-US": ("Pack of 50", "Count: 50", "Contents: Pack of 50."),
        "de-DE": ("50er-Pack", "Stückzahl: 50", "Lieferumfang: 50er-Pack."),
        "fr-FR": ("lot de 50", "Nombre de pièces : 50", "Contenu : lot de 50."),
        "es-ES": ("pack de 50", "Número de piezas: 50", "Contenido: pack de 50."),
        "it-IT": ("confezione da 50", "Numero di pezzi: 50", "Contenuto: confezione da 50."),
        "ja-JP": ("50個入り", "入数：50個", "50個入り。"),
        "zh-CN": ("50件装", "数量：50件", "50件装。"),
    },
    "Number of Pieces": {
        "en-US": ("50 Pieces", "Count: 50", "Contents: 50 Pieces."),
        "de-DE": ("50 Stück", "Stückzahl: 50", "Lieferumfang: 50 Stück."),
        "fr-FR": ("50 pièces", "Nombre de pièces : 50", "Contenu : 50 pièces."),
        "es-ES": ("50 piezas", "Número de piezas: 50", "Contenido: 50 piezas."),
        "it-IT": ("50 pezzi", "Numero di pezzi: 50", "Contenuto: 50 pezzi."),
        "ja-JP": ("50個入り", "入数：50個", "50個入り。"),
        "zh-CN": ("50件装", "数量：50件", "50件装。"),
    },
}


@pytest.mark.parametrize(
    ("name", "locale"), [(n, loc) for n, by in BARE_COUNTS.items() for loc in by]
)
def test_a_bare_count_reads_as_a_count_and_the_fact_check_reads_it_back(
    name: str, locale: str
) -> None:
    """A seller's "Pack Quantity: 50" ended the title ", 50" and read "Stückzahl: 50"; worded,
    the fact-check must still read the source's 50 ("pack quantity" was no count name of its
    own: "lot de 50" was an unsupported count)."""
    title, line, sentence = BARE_COUNTS[name][locale]
    facts = seller(Color="Blue", **{name.replace(" ", "_"): "50"})
    draft = compose_listing(BAG, facts, None, locale, "amazon", ListingLimits())
    assert draft.title.endswith(title)
    assert line in draft.bullets
    assert sentence in draft.description
    findings = check_listing(draft, BAG, facts, locale, Settings()).findings
    assert [f.rule_id for f in findings if f.rule_id.startswith("fact.")] == []


def test_the_description_does_not_say_again_what_its_opening_says() -> None:
    """The es-ES sample read "Traje de baño de hombre para hombre" and "Camiseta de manga
    corta de BONJEAN para hombre. Modelo BONJEAN."."""
    trunks = Product(sku="t", title="Swimming trunks", category="Swim Trunks")
    text = compose_description(trunks, seller(Gender="men"), "Traje de baño de hombre", "es-ES")
    assert text == "Traje de baño de hombre."
    shirt = Product(sku="s", title="BONJEAN shirt", brand="BONJEAN")
    facts = seller(Gender="men", Model="BONJEAN")
    text = compose_description(shirt, facts, "Camiseta de manga corta", "es-ES")
    assert text == "Camiseta de manga corta de BONJEAN para hombre."
    # A value said only inside a longer word is not said: "Rotwein" is no "Rot".
    wine = Product(sku="w", title="Wine glass", brand="Acme")
    assert "in Rot" in compose_description(wine, seller(Color="red"), "Rotweinglas", "de-DE")
