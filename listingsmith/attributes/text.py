"""Attributes from a product's seller fields and its text (patterns and lexicons)."""

from __future__ import annotations

from listingsmith.attributes.quantities import find_quantities
from listingsmith.attributes.terms import find_terms
from listingsmith.domain import Attribute, Product
from listingsmith.locale.tags import language_of

SELLER_CONFIDENCE = 1.0
QUANTITY_CONFIDENCE = 0.9
TERM_CONFIDENCE = 0.7
TERM_LEXICONS = {"color": "colors", "material": "materials"}
# Attribute names for quantities by pint dimensionality; others are named "quantity:<dims>".
QUANTITY_NAMES = {
    "[mass]": "weight",
    "[length] ** 3": "volume",
    "[length]": "length",
    "[time]": "duration",
    "[length] ** 2 * [mass] / [time] ** 3": "power",
}


def seller_attributes(product: Product) -> list[Attribute]:
    """The seller's structured fields (and brand), taken as given."""
    found = [
        Attribute(
            name=name,
            value=value,
            source="seller",
            evidence=f"{name}: {value}",
            confidence=SELLER_CONFIDENCE,
            unit=_single_unit(value),
        )
        for name, value in product.attributes.items()
    ]
    if product.brand:
        found.append(
            Attribute(
                name="brand",
                value=product.brand,
                source="seller",
                evidence=f"brand: {product.brand}",
                confidence=SELLER_CONFIDENCE,
            )
        )
    return found


def text_attributes(product: Product) -> list[Attribute]:
    """Quantities with units, colours and materials in the title, bullets and description."""
    found: list[Attribute] = []
    language = language_of(product.source_locale)
    for text in [product.title, *product.bullets, product.description]:
        for quantity in find_quantities(text):
            found.append(
                Attribute(
                    name=f"quantity:{QUANTITY_NAMES.get(quantity.dimension, quantity.dimension)}",
                    value=_format(quantity.value),
                    unit=quantity.unit,
                    source="text",
                    evidence=quantity.surface,
                    confidence=QUANTITY_CONFIDENCE,
                )
            )
        for name, lexicon in TERM_LEXICONS.items():
            for term in find_terms(text, lexicon, language):
                found.append(
                    Attribute(
                        name=name,
                        value=term.canonical,
                        source="text",
                        evidence=term.surface,
                        confidence=TERM_CONFIDENCE,
                    )
                )
    return found


def _single_unit(value: str) -> str | None:
    quantities = find_quantities(value)
    return quantities[0].unit if len(quantities) == 1 else None


def _format(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)
