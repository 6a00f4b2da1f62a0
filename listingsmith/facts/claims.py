"""Checkable claims in a listing field: quantities with units, colours, materials."""

from __future__ import annotations

from dataclasses import dataclass

from listingsmith.attributes.quantities import Quantity, find_quantities
from listingsmith.attributes.terms import find_terms

TERM_KINDS = {"color": "colors", "material": "materials"}


@dataclass(frozen=True)
class Claim:
    """One factual statement found in a field of a listing."""

    kind: str
    surface: str
    span: tuple[int, int]
    quantity: Quantity | None = None
    term: str | None = None


def extract_claims(text: str, language: str) -> list[Claim]:
    """Every quantity, colour and material claim in `text`, written in `language`."""
    claims = [Claim("quantity", q.surface, q.span, quantity=q) for q in find_quantities(text)]
    for kind, lexicon in TERM_KINDS.items():
        claims += [
            Claim(kind, t.surface, t.span, term=t.canonical)
            for t in find_terms(text, lexicon, language)
        ]
    return claims
