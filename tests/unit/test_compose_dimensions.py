"""A quantity's label says what its unit measures (compose/names.yaml quantity_dimensions,
by_dimension): the train sample's detangler, "Volume: 8 Ounce" (a mass), read "Conditioner
von Wet Brush mit 227 g Volumen"."""

from __future__ import annotations

import pytest

from listingsmith.compose.describe import compose_description
from listingsmith.compose.facts import attribute_lines
from listingsmith.compose.lexicon import dimension_name
from listingsmith.domain import Product
from tests.unit.test_compose_food import label_of, seller

BRUSH = Product(sku="w", title="Wet Brush Detangler, 8 Ounce", brand="Wet Brush")
VASE = "hg-3-67"


CONTENT_LABELS = {
    "en-US": "Net content",
    "de-DE": "Inhalt",
    "fr-FR": "Contenu",
    "es-ES": "Contenido",
    "it-IT": "Contenuto",
    "ja-JP": "内容量",
    "zh-CN": "净含量",
}
VOLUME_LABELS = {
    "en-US": "Volume",
    "de-DE": "Volumen",
    "fr-FR": "Volume",
    "es-ES": "Volumen",
    "it-IT": "Volume",
    "ja-JP": "容量",
    "zh-CN": "容量",
}


@pytest.mark.parametrize(("locale", "label"), CONTENT_LABELS.items())
def test_a_mass_is_no_volume(locale: str, label: str) -> None:
    lines = attribute_lines(BRUSH, seller(Volume="8 Ounce"), locale, 5)
    assert [label_of(line) for line in lines] == [label]


@pytest.mark.parametrize(("locale", "label"), CONTENT_LABELS.items())
def test_a_volume_is_no_weight(locale: str, label: str) -> None:
    lines = attribute_lines(BRUSH, seller(Weight="12 fl oz"), locale, 5, category=VASE)
    assert [label_of(line) for line in lines] == [label]


@pytest.mark.parametrize(("locale", "label"), VOLUME_LABELS.items())
def test_a_volume_keeps_its_name(locale: str, label: str) -> None:
    lines = attribute_lines(BRUSH, seller(Volume="2.25 Fl.Oz"), locale, 5)
    assert [label_of(line) for line in lines] == [label]


DESCRIPTIONS = {
    "de-DE": "Conditioner von Wet Brush mit 227 g Inhalt.",
    "en-US": "Conditioner by Wet Brush. It contains 8 oz.",
    "fr-FR": "Conditioner Wet Brush, d'une contenance de 227 g.",
    "es-ES": "Conditioner de Wet Brush. Tiene un contenido de 227 g.",
    "it-IT": "Conditioner di Wet Brush, con un contenuto di 227 g.",
}


@pytest.mark.parametrize(("locale", "expected"), DESCRIPTIONS.items())
def test_the_description_says_a_mass_as_content(locale: str, expected: str) -> None:
    text = compose_description(BRUSH, seller(Volume="8 Ounce"), "Conditioner", locale)
    assert text == expected


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("Volume", "8 Ounce", "net content"),
        ("Item Weight", "5 lbs", "weight"),
        ("Weight", "0.5 l", "net content"),
        ("Height", "2 kg", "net content"),
        ("Weight", "10 cm", "dimensions"),
        ("Net content", "12 oz", "net content"),
        ("Length", "Knee length", "length"),
        ("Volume", "8 oz or 250 ml", "volume"),
        ("Color", "8 oz", "color"),
    ],
)
def test_dimension_name(name: str, value: str, expected: str) -> None:
    assert dimension_name(name, value) == expected
