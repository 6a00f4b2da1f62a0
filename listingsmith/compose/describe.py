"""The fallback description: one or two short sentences of facts from describe.yaml's templates
("Vase von Lenox, aus Glas. Produktdetails – Farbe: Blau; Höhe: 17,8 cm.")."""

from __future__ import annotations

from listingsmith.compose.facts import Fact, brand_of, rendered_facts, title_noun
from listingsmith.compose.lexicon import data
from listingsmith.domain import Attribute, Product
from listingsmith.text.languages import language_of


def compose_description(
    product: Product,
    attributes: list[Attribute],
    noun: str | None,
    locale: str,
    *,
    limit: int | None = None,
) -> str:
    """Brand, noun and material in a first sentence, the other attributes in a second; facts
    are left off the end while the text is longer than `limit` characters."""
    language = language_of(locale)
    facts = rendered_facts(product, attributes, locale)
    joined = data("describe")["languages"][language]["material"] is not None
    material = next((f for f in facts if f.name == "material" and joined), None)
    others = [f for f in facts if f is not material]
    opening = _opening(product, attributes, noun, language, material)
    while True:
        text = _sentences(opening, others, language)
        if limit is None or len(text) <= limit or not others:
            return text if limit is None else text[:limit]
        others = others[:-1]


def _opening(
    product: Product,
    attributes: list[Attribute],
    noun: str | None,
    language: str,
    material: Fact | None,
) -> str:
    """The first sentence's body: noun (the generic one when unknown) by brand, material."""
    template = data("describe")["languages"][language]
    noun = title_noun(product, attributes, noun, language) or data("nouns")["generic"][language]
    brand = brand_of(product, attributes)
    opening = template["made_by"] if brand else template["noun_only"]
    parts = [opening.format(noun=noun, brand=brand)]
    if material:
        parts.append(template["material"].format(value=material.value))
    return data("describe")["joiners"][language].join(parts)


def _sentences(opening: str, facts: list[Fact], language: str) -> str:
    template = data("describe")["languages"][language]
    sentences = [opening]
    if facts:
        separator = data("describe")["line_separators"][language]
        lines = template["facts"].join(f"{f.label}{separator}{f.value}" for f in facts)
        sentences.append(template["intro"] + lines)
    return template["space"].join(s + template["stop"] for s in sentences)
