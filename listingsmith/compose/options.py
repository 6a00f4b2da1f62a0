"""A product's variant options (Shopify's Size, Color) in a locale's language, rendered like its
attributes: names and values from the lexicons, sizes in the locale's system, the locale's
conventions; a name or value with no known rendering stays as the seller wrote it."""

from __future__ import annotations

from typing import Any

from listingsmith.compose.lexicon import canonical_name, product_kind, render_name, render_value
from listingsmith.compose.sizes import convert_size, size_kind
from listingsmith.domain import Attribute, Product
from listingsmith.locale.conventions import apply_conventions
from listingsmith.text.languages import language_of


def option_values(product: Product) -> dict[str, list[str]]:
    """Each option name, in the variants' order, with its values in order of first use."""
    found: dict[str, list[str]] = {}
    for variant in product.variants:
        for name, value in variant.options.items():
            values = found.setdefault(name, [])
            if value not in values:
                values.append(value)
    return found


def localized_options(
    product: Product, locale: str, category: str | None = None
) -> list[dict[str, Any]]:
    """[{"name", "localized_name", "values": {source value: localised value}}] per option; in
    the product's own language every name and value is as written. Names and counts are in
    the wording of the taxonomy `category`'s kind, as the listing's attribute lines word them
    (a food's colour is 色 in ja, not カラー)."""
    language = language_of(locale)
    same = language == language_of(product.source_locale)
    kind = size_kind(product, _seller_attributes(product))
    product_type = product_kind(category)
    return [
        {
            "name": name,
            "localized_name": name if same else render_name(name, language, product_type) or name,
            "values": {
                value: value if same else _value(name, value, kind, locale, product_type)
                for value in values
            },
        }
        for name, values in option_values(product).items()
    ]


def _value(
    name: str, value: str, kind: str | None, locale: str, product_type: str | None = None
) -> str:
    """One option value in the locale: a size in its system (when the size table is known),
    else its lexicon rendering with the locale's conventions, capitalised as the seller wrote
    it; else the value as written."""
    if kind and canonical_name(name) == "size":
        converted = convert_size(value, kind, locale)
        if converted != " ".join(value.split()):
            return converted
    rendered = render_value(name, value, language_of(locale), product_type)
    if rendered is None:
        return value
    rendered = apply_conventions(rendered, locale)
    return rendered[:1].upper() + rendered[1:] if value[:1].isupper() else rendered


def _seller_attributes(product: Product) -> list[Attribute]:
    """The record's own attributes, as the size tables read them (gender, department)."""
    return [
        Attribute(name=name, value=value, source="seller", confidence=1.0)
        for name, value in product.attributes.items()
    ]
