"""A food's or drink's quantity is labelled as its net quantity, as food labels say it
(compose/names.yaml net_quantity; Reg. (EU) 1169/2011 Art. 9(1)(e) and Art. 23, Japan's
食品表示基準 "内容量", China's GB 7718 "净含量"): the demo's hot sauce said "Weight: 8 oz",
"Gewicht", "Poids", "Peso", "重量"."""

from __future__ import annotations

import pytest

from listingsmith.compose.describe import compose_description
from listingsmith.compose.facts import attribute_lines
from listingsmith.domain import Attribute, Product

SAUCE = Product(sku="s", title="El Yucateco Hot Sauce", category="Hot Sauce", brand="El Yucateco")
SAUCE_CATEGORY = "fb-2-4-8"  # Food Items > Condiments & Sauces > Hot Sauce
DRINK_CATEGORY = "fb-1"  # Beverages
VASE_CATEGORY = "hg-3-67"


def seller(**values: str) -> list[Attribute]:
    return [
        Attribute(name=n.replace("_", " "), value=v, source="seller", confidence=1.0)
        for n, v in values.items()
    ]


MASS_LABELS = {
    "en-US": "Net weight",
    "en-GB": "Net weight",
    "de-DE": "Nettofüllmenge",
    "fr-FR": "Poids net",
    "es-ES": "Peso neto",
    "it-IT": "Peso netto",
    "ja-JP": "内容量",
    "zh-CN": "净含量",
}
VOLUME_LABELS = {
    "en-US": "Net volume",
    "de-DE": "Nettofüllmenge",
    "fr-FR": "Volume net",
    "es-ES": "Contenido neto",
    "it-IT": "Contenuto netto",
    "ja-JP": "内容量",
    "zh-CN": "净含量",
}


def label_of(line: str) -> str:
    return line.split(":")[0].split("：")[0].strip()


@pytest.mark.parametrize(("locale", "label"), MASS_LABELS.items())
def test_a_food_s_weight_is_its_net_weight(locale: str, label: str) -> None:
    lines = attribute_lines(SAUCE, seller(Net_weight="8 oz"), locale, 5, category=SAUCE_CATEGORY)
    assert [label_of(line) for line in lines] == [label]


@pytest.mark.parametrize(("locale", "label"), VOLUME_LABELS.items())
def test_a_drink_s_volume_by_its_unit_whatever_the_name(locale: str, label: str) -> None:
    """The unit says mass or volume: a seller's "Weight: 12 fl oz" of a drink is a volume."""
    lines = attribute_lines(SAUCE, seller(Weight="12 fl oz"), locale, 5, category=DRINK_CATEGORY)
    assert [label_of(line) for line in lines] == [label]


@pytest.mark.parametrize(("locale", "label"), [("en-US", "Weight"), ("de-DE", "Gewicht")])
def test_other_products_keep_weight(locale: str, label: str) -> None:
    lines = attribute_lines(SAUCE, seller(Weight="8 oz"), locale, 5, category=VASE_CATEGORY)
    assert [label_of(line) for line in lines] == [label]
    lines = attribute_lines(SAUCE, seller(Weight="8 oz"), locale, 5)
    assert [label_of(line) for line in lines] == [label]


@pytest.mark.parametrize(
    ("locale", "phrase"),
    [("es-ES", "Tiene un contenido neto de 340 g."), ("it-IT", "un contenuto netto di 340 g.")],
)
def test_a_food_s_net_content_is_said_net_in_the_description(locale: str, phrase: str) -> None:
    """The es-ES sample's cereal read "Peso neto: 340 g" but "Tiene un contenido de 340 g"."""
    cereal = Product(sku="c", title="Cereal", brand="Quaker")
    facts = seller(Net_content="12 oz")
    food = "fb-2-4-5"  # any food: Condiments & Sauces > Gravy
    text = compose_description(cereal, facts, "Cereales", locale, category=food)
    assert text.endswith(phrase)
