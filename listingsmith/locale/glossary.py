"""Protected terms (brand, model and part numbers, seller-marked terms): hidden behind
placeholders while the model translates, restored after, and checked in every locale."""

from __future__ import annotations

import re
from collections.abc import Sequence

from listingsmith.domain import (
    Attribute,
    Draft,
    Finding,
    Problem,
    Product,
    Severity,
    build_findings,
)

# Upper-case tokens that mix letters and digits: 435952-B21, HT2510PR12X, SAM81270, E5335.
MODEL_NUMBER = re.compile(
    r"(?<![\w-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{3,}(?![\w-])"
)
# Attributes whose values are names no translation may change (the maker's too: a listing
# without a brand names it).
MODEL_ATTRIBUTES = frozenset(
    {"model", "model number", "model name", "part number", "mpn", "brand", "brand name"}
    | {"manufacturer"}
)
PLACEHOLDER = "⟦{}⟧"
_PLACEHOLDER = re.compile(r"⟦(\d+)⟧")

PROTECTED_TERM_RULE = "locale.protected-term"


def protected_terms(product: Product, attributes: Sequence[Attribute] = ()) -> list[str]:
    """Terms no translation may change, longest first: the product's and, from the extracted
    `attributes`, brand, maker and model names."""
    terms = set(product.protected_terms)
    if product.brand:
        terms.add(product.brand)
    named = [*product.attributes.items(), *((a.name, a.value) for a in attributes)]
    terms |= {v for k, v in named if k.lower() in MODEL_ATTRIBUTES and v}
    for text in [product.title, product.description, *product.bullets]:
        terms |= set(MODEL_NUMBER.findall(text))
    return sorted((t.strip() for t in terms if len(t.strip()) >= 2), key=len, reverse=True)


def mask(text: str, terms: list[str]) -> tuple[str, dict[str, str]]:
    """`text` with each protected term replaced by ⟦n⟧, and the placeholder -> term map."""
    mapping: dict[str, str] = {}
    for term in terms:
        pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])")
        if pattern.search(text):
            placeholder = PLACEHOLDER.format(len(mapping) + 1)
            mapping[placeholder] = term
            text = pattern.sub(placeholder, text)
    return text, mapping


def unmask(text: str, mapping: dict[str, str]) -> str:
    """Placeholders put back; a placeholder the model invented is dropped."""
    return _PLACEHOLDER.sub(lambda m: mapping.get(m.group(), ""), text)


def protected_term_findings(
    listing: Draft, pivot: Draft, terms: list[str], locale: str
) -> list[Finding]:
    """A blocking finding for every protected term of a pivot field that the model's
    translation lost (text composed from data or passed by a reviewer is not a translation)."""
    translated = {
        name: text
        for name, text in listing.fields().items()
        if listing.origins.get(name, "model") == "model"
    }
    problems = (
        Problem(
            field,
            f'protected term "{term}" was lost or altered',
            suggested_fix=f'keep "{term}" exactly as written',
        )
        for field, source in pivot.fields().items()
        if field in translated
        for term in terms
        if term in source and term not in translated[field]
    )
    return build_findings(problems, PROTECTED_TERM_RULE, Severity.BLOCK, locale)
