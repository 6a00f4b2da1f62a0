"""A product's attributes rendered for one locale (name, value, conventions), the product noun,
and the attribute lines a listing shows ("Material: Glas")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from listingsmith.compose.lexicon import (
    canonical_name,
    count_line,
    count_number,
    data,
    dimension_name,
    net_quantity_name,
    product_kind,
    render_name,
    render_value,
    title_cased,
)
from listingsmith.compose.sizes import convert_size, size_kind
from listingsmith.domain import Attribute, Product
from listingsmith.lexicons import label_separator
from listingsmith.locale.conventions import apply_conventions
from listingsmith.text.languages import language_of


@dataclass(frozen=True)
class Fact:
    """One attribute as a locale's listing states it."""

    name: str  # canonical attribute name (names.yaml)
    label: str  # the name in the locale's language
    value: str  # the value in the locale's language, with its conventions applied
    source: str = ""  # the value as the seller or dataset wrote it
    line: str = ""  # the value under its label, where it differs ("Stückzahl: 2", not "2 Stück")

    @property
    def listed(self) -> str:
        """The value as a "Name: value" line shows it."""
        return self.line or self.value


def rendered_facts(
    product: Product, attributes: list[Attribute], locale: str, category: str | None = None
) -> list[Fact]:
    """Each attribute name once (its first value that renders), in names.yaml's order of use,
    leaving out what has no rendering and what a listing does not show (brand, codes); a
    quantity named by what its unit measures (lexicon.dimension_name: a mass is no "Volumen");
    names and counts in the wording of the taxonomy `category`'s kind (a food's weight or
    volume named as its net quantity: "Net weight", "Peso neto")."""
    language = language_of(locale)
    product_type = product_kind(category)
    kind = size_kind(product, attributes)
    hidden = set(data("names")["unlisted"])
    facts: dict[str, Fact] = {}
    for attribute in _in_order(attributes):
        quantity = _quantity_text(attribute)
        name = dimension_name(attribute.name, quantity)
        label = render_name(name, language, product_type)
        if name in facts or name in hidden or label is None:
            continue
        value = _value(
            attribute, canonical_name(attribute.name), language, kind, locale, product_type
        )
        if value is not None:
            line = _line(attribute, name, language, product_type)
            label = net_quantity_name(name, quantity, language, product_type) or label
            facts[name] = Fact(
                name,
                label,
                apply_conventions(value, locale),
                attribute.value,
                apply_conventions(line, locale) if line else "",
            )
    return list(facts.values())


def _quantity_text(attribute: Attribute) -> str:
    """The seller's value with its unit ("8" in ounces: "8 oz")."""
    raw = " ".join(attribute.value.split())
    if attribute.unit and raw and raw[-1].isdigit():
        return f"{raw} {data('values')['unit_symbols'].get(attribute.unit, attribute.unit)}"
    return raw


def _line(attribute: Attribute, name: str, language: str, product_type: str | None) -> str | None:
    """A count's value under its label (values.yaml count_lines); None for other attributes
    and for values that are no count alone."""
    if name != "count":
        return None
    n = count_number(once(attribute.value))
    return None if n is None else count_line(n, language, product_type)


def _in_order(attributes: list[Attribute]) -> list[Attribute]:
    order = {name: i for i, name in enumerate(data("names")["order"])}
    ranked = enumerate(attributes)
    return [
        a
        for _, a in sorted(
            ranked, key=lambda p: (order.get(canonical_name(p[1].name), len(order)), p[0])
        )
    ]


def _value(
    attribute: Attribute,
    name: str,
    language: str,
    kind: str | None,
    locale: str,
    product_type: str | None = None,
) -> str | None:
    raw = once(" ".join(attribute.value.split()))
    if attribute.unit and raw and raw[-1].isdigit():
        raw = f"{raw} {data('values')['unit_symbols'].get(attribute.unit, attribute.unit)}"
    if name == "size":
        converted = convert_size(raw, kind, locale)
        if converted != raw:
            return converted
    return render_value(attribute.name, raw, language, product_type)


def once(value: str) -> str:
    """A compound value whose parts are all the same said once ("Black/Black" -> "Black")."""
    parts = value.split("/")
    if len(parts) > 1 and len({p.strip().lower() for p in parts}) == 1:
        return parts[0].strip()
    return value


def attribute_lines(
    product: Product,
    attributes: list[Attribute],
    locale: str,
    limit: int,
    lead_with: Sequence[str] = (),
    category: str | None = None,
) -> list[str]:
    """At most `limit` lines "Name: value" in the locale's language, in order of use, the
    attributes named in `lead_with` (an audience's) first, in its order."""
    language = language_of(locale)
    separator = label_separator(language)
    facts = led_by(rendered_facts(product, attributes, locale, category), lead_with)
    return [f"{f.label}{separator}{title_cased(f.listed, language)}" for f in facts][:limit]


def led_by(facts: list[Fact], lead_with: Sequence[str]) -> list[Fact]:
    """`facts` with those named in `lead_with` first, in its order; the rest keep theirs."""
    rank = {canonical_name(name): i for i, name in enumerate(lead_with)}
    return sorted(facts, key=lambda fact: rank.get(fact.name, len(rank)))


def title_noun(
    product: Product, attributes: list[Attribute], noun: str | None, language: str
) -> str | None:
    """The singular product noun: the one given, else the product's category or product-type
    attribute where the nouns lexicon has it in `language`."""
    if noun:
        return noun
    nouns = data("nouns")["nouns"]
    candidates = [product.category or ""] + [
        a.value for a in attributes if canonical_name(a.name) == "product type"
    ]
    return next(
        (
            nouns[key][language]
            for key in (" ".join(c.lower().split()) for c in candidates)
            if key in nouns
        ),
        None,
    )


def brand_of(product: Product, attributes: list[Attribute]) -> str | None:
    """The product's brand: the product's own field, else a brand attribute."""
    return brand_among(product.brand, ((a.name, a.value) for a in attributes))


def brand_among(brand: str | None, attributes: Iterable[tuple[str, str]]) -> str | None:
    """`brand` (a product's own field) when given, else the first brand attribute's value, of
    (name, value) pairs."""
    if brand:
        return brand.strip()
    return next(
        (value.strip() for name, value in attributes if canonical_name(name) == "brand"), None
    )
