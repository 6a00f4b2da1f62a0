"""Converted quantities at a label's precision (conventions.yaml precision): whole grams and
millilitres from 100, one decimal below, lengths exact to the millimetre; the fact-check still
reads a rounded value as the seller's quantity and a wrong one as wrong."""

from __future__ import annotations

import pytest

from listingsmith.config import Settings
from listingsmith.domain import Attribute
from listingsmith.facts.verify import Verdict, check_claims
from listingsmith.locale.conventions import to_metric


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("Net wt 24 oz", "de-DE", "Net wt 680 g"),  # "680,4 g" before
        ("Net wt 8 oz", "de-DE", "Net wt 227 g"),
        ("Net wt 8 oz", "en-GB", "Net wt 227 g"),
        ("12 fl oz", "fr-FR", "355 ml"),
        ("2 oz", "es-ES", "56,7 g"),  # below 100 g: one decimal
        ("3 fl oz", "it-IT", "88,7 ml"),
        ("1.5 lb", "de-DE", "0,68 kg"),  # tens of grams, not "0,7 kg"
        ("50 oz", "de-DE", "1,42 kg"),  # from 1000 g in kilograms: "1417 g" before
        ("64 fl oz", "fr-FR", "1,89 l"),
        ("1 gal", "fr-FR", "3,79 l"),
        ("40 in", "de-DE", "101,6 cm"),  # a size stays exact to the millimetre
        ("6 ft", "de-DE", "1,83 m"),
    ],
)
def test_converted_quantities_at_label_precision(text: str, locale: str, expected: str) -> None:
    assert to_metric(text, locale) == expected


def _verdicts(text: str, value: str, locale: str) -> list[Verdict]:
    attributes = [Attribute(name="net weight", value=value, source="seller", confidence=1.0)]
    tolerance = Settings().quantity_rel_tolerance
    return [c.verdict for c in check_claims(text, attributes, locale, tolerance, "en")]


@pytest.mark.parametrize(
    ("value", "locale"),
    [
        ("8 oz", "de-DE"),
        ("24 oz", "fr-FR"),
        ("12 fl oz", "es-ES"),
        ("2 oz", "it-IT"),
        ("50 oz", "de-DE"),
    ],
)
def test_the_fact_check_reads_a_rounded_value_as_the_seller_s(value: str, locale: str) -> None:
    text = to_metric(f"Net weight {value}", locale)
    assert _verdicts(text, value, locale) == [Verdict.SUPPORTED]


@pytest.mark.parametrize(
    ("text", "value", "locale"),
    [("Nettofüllmenge 250 g", "8 oz", "de-DE"), ("Poids net 700 g", "24 oz", "fr-FR")],
)
def test_the_fact_check_still_refuses_a_wrong_value(text: str, value: str, locale: str) -> None:
    assert _verdicts(text, value, locale) == [Verdict.CONTRADICTED]


@pytest.mark.parametrize("written", ["6 Fl.Oz", "6 FL.OZ", "6 Fl. oz"])
def test_fluid_ounces_as_us_bottles_write_them_are_converted(written: str) -> None:
    """The en-GB sample of evals.compose left "Pacifica Conditioner, 6 Fl.Oz" as written."""
    assert to_metric(f"Conditioner, {written}", "en-GB") == "Conditioner, 177 ml"
    assert _verdicts(f"Conditioner, {written}", "6 fl oz", "en-US") == [Verdict.SUPPORTED]
