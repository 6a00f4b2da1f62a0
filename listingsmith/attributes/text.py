"""Attributes from a product's seller fields and its text (patterns and lexicons)."""

from __future__ import annotations

from listingsmith.attributes.brands import known_brands, outside_brands, product_brands
from listingsmith.attributes.named import named_attributes
from listingsmith.domain import Attribute, Product
from listingsmith.text.claims import TERM_KINDS, Claim, extract_claims
from listingsmith.text.languages import language_of
from listingsmith.text.quantities import find_quantities

SELLER_CONFIDENCE = 1.0
QUANTITY_CONFIDENCE = 0.9
TERM_CONFIDENCE = 0.7
# Attribute names for quantities by pint dimensionality; others are named "quantity:<dims>".
QUANTITY_NAMES = {
    "[mass]": "weight",
    "[length] ** 3": "volume",
    "[length]": "length",
    "[time]": "duration",
    "[length] ** 2 * [mass] / [time] ** 3": "power",
}


def seller_attributes(product: Product, units: bool = True) -> list[Attribute]:
    """The seller's structured fields (and brand), taken as given; with `units` off, no value
    is read for its unit (the policy packs read names and values only)."""
    found = [
        Attribute(
            name=name,
            value=value,
            source="seller",
            evidence=f"{name}: {value}",
            confidence=SELLER_CONFIDENCE,
            unit=_single_unit(value) if units else None,
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


# What identifies the product in its title (answered by the named extractors, kinds.yaml).
IDENTITY_NAMES = ["size", "model number", "gtin"]


def text_attributes(product: Product) -> list[Attribute]:
    """Every claim the product's own title, bullets and description make, as attributes:
    quantities with units, colours, materials, compositions, counts, origin, regulated claims;
    and the title's size, model number, GTIN and (without a seller brand) known brand. A value
    read only inside the brand's name ("Bob's Red Mill") is not the product's."""
    found: list[Attribute] = []
    language = language_of(product.source_locale)
    texts = [product.title, *product.bullets, product.description]
    for text in texts:
        for claim in extract_claims(text, language):
            found.append(_as_attribute(claim))
    found += named_attributes(product.title, IDENTITY_NAMES, product.category, language)
    if not product.brand:
        found += _title_brand(product.title)
    return outside_brands(found, texts, product_brands(product.brand, product.title))


def _title_brand(title: str) -> list[Attribute]:
    """A known brand (train splits' gold) that starts the title."""
    return [
        Attribute(
            name="brand",
            value=span.surface,
            source="text",
            evidence=span.surface,
            span=span.span,
            confidence=precision,
        )
        for span, precision in known_brands(title)[:1]
        if span.span[0] == 0
    ]


def _as_attribute(claim: Claim) -> Attribute:
    if claim.quantity is not None:
        quantity = claim.quantity
        name = QUANTITY_NAMES.get(quantity.dimension, quantity.dimension)
        return Attribute(
            name=f"quantity:{name}",
            value=_format(quantity.value),
            unit=quantity.unit,
            source="text",
            evidence=quantity.surface,
            confidence=QUANTITY_CONFIDENCE,
        )
    if claim.kind in TERM_KINDS:
        return Attribute(
            name=claim.kind,
            value=claim.value or claim.surface,
            source="text",
            evidence=claim.surface,
            confidence=TERM_CONFIDENCE,
        )
    # The surface is kept as the value so the fact-check reads the same claim back from it.
    name = f"{claim.kind}:{claim.key}" if claim.key else claim.kind
    return Attribute(
        name=name,
        value=claim.surface,
        source="text",
        evidence=claim.surface,
        confidence=TERM_CONFIDENCE,
    )


def _single_unit(value: str) -> str | None:
    quantities = find_quantities(value)
    return quantities[0].unit if len(quantities) == 1 else None


def _format(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)
