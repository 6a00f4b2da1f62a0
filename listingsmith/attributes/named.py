"""Answer a dataset's attribute names (Brand, Color, Capacity, ...) from a product's text with
the deterministic extractors: one value per name, with its evidence span and a confidence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from listingsmith.attributes.brands import (
    audience_brand,
    by_brand,
    first_words,
    known_brands,
    leading_brand,
)
from listingsmith.attributes.identifiers import find_gtins, find_identifiers
from listingsmith.attributes.sizes import find_sizes
from listingsmith.attributes.vocabulary import find_known, vocabulary
from listingsmith.domain import Attribute
from listingsmith.lexicons import load_data
from listingsmith.text.claims import extract_claims
from listingsmith.text.quantities import dimension_of, normalize
from listingsmith.text.spans import Span

VALUES_KIND = "values"
QUANTITY_PREFIX = "quantity:"


@dataclass(frozen=True)
class Candidate:
    """A possible value of one attribute, the extractor kind that found it, and its confidence."""

    kind: str
    found: Span
    confidence: float
    source: str = "text"


@dataclass(frozen=True)
class KindMap:
    """kinds.yaml: extractor kinds per attribute name, quantity units, default confidences."""

    kinds: dict[str, list[str]]
    quantities: dict[str, str]
    default_confidence: dict[str, float]
    min_confidence: float
    known_brand_inside_factor: float
    build: dict[str, float]


@cache
def kind_map() -> KindMap:
    """The shipped attribute-name -> extractor-kind map."""
    raw = load_data(__package__, "kinds.yaml")
    return KindMap(
        raw["kinds"],
        raw["quantities"],
        raw["default_confidence"],
        raw["min_confidence"],
        raw["known_brand_inside_factor"],
        raw["build"],
    )


def kinds_of(name: str) -> list[str]:
    """The extractor kinds that may answer attribute `name` (the vocabulary always may)."""
    return [*kind_map().kinds.get(name.lower(), []), VALUES_KIND]


class Extraction:
    """Every extractor's finds in one text, computed once and shared by all asked names."""

    def __init__(self, text: str, language: str, seller_brand: str | None) -> None:
        self.text = text
        self.seller_brand = seller_brand
        self._normalized = normalize(text)
        self._claims = extract_claims(text, language)
        self._cache: dict[str, list[Span]] = {}

    def spans(self, kind: str) -> list[Span]:
        """What extractor `kind` finds in the text, in text order."""
        if kind not in self._cache:
            self._cache[kind] = self._find(kind)
        return self._cache[kind]

    def _find(self, kind: str) -> list[Span]:
        if kind.startswith(QUANTITY_PREFIX):
            unit = kind_map().quantities[kind.removeprefix(QUANTITY_PREFIX)]
            wanted = dimension_of(unit)
            claims = [c for c in self._claims if c.quantity and c.quantity.dimension == wanted]
        elif kind in CLAIM_KINDS:
            claims = [c for c in self._claims if c.kind == CLAIM_KINDS[kind]]
        else:
            return FINDERS[kind](self.text)
        # Some claims are found in lower-cased text: the surface is taken as written.
        return [Span(self._normalized[slice(*c.span)], c.span) for c in claims]


CLAIM_KINDS = {"color": "color", "material": "material", "count": "count", "origin": "origin"}
FINDERS: dict[str, Callable[[str], list[Span]]] = {
    "leading_brand": leading_brand,
    "audience_brand": audience_brand,
    "by_brand": by_brand,
    "first_word": lambda text: first_words(text, 1),
    "first_two_words": lambda text: first_words(text, 2),
    "identifier": find_identifiers,
    "gtin": find_gtins,
    "shoe_size": lambda text: find_sizes(text, ("shoe",)),
    "clothing_size": lambda text: find_sizes(text, ("clothing",)),
    "dimensions": lambda text: find_sizes(text, ("dimensions",)),
}


def _kind_confidence(name: str, kind: str, category: str | None) -> float | None:
    """The kind's train precision for the name in this category, else for the name, else the
    default for names never measured."""
    known = vocabulary()
    in_category = known.category_kinds.get((category or "").lower(), {}).get(name.lower(), {})
    if kind in in_category:
        return in_category[kind]
    measured = known.kinds.get(name.lower())
    if measured is not None:
        return measured.get(kind)
    defaults = kind_map().default_confidence
    return defaults.get(kind.split(":")[0] if kind.startswith(QUANTITY_PREFIX) else kind)


def candidates(extraction: Extraction, name: str, category: str | None = None) -> list[Candidate]:
    """Every candidate value of attribute `name`, best first (confidence, then text order)."""
    found: list[Candidate] = []
    for kind in kinds_of(name):
        if kind == VALUES_KIND:
            known = vocabulary().values.get(name.lower(), {})
            found += [Candidate(kind, s, p) for s, p in find_known(extraction.text, known)]
        elif kind == "seller_brand":
            if extraction.seller_brand:
                brand = extraction.seller_brand
                found.append(Candidate(kind, Span(brand, (0, 0)), 1.0, source="seller"))
        elif kind == "known_brand":
            inside = kind_map().known_brand_inside_factor
            found += [
                Candidate(kind, s, p if s.span[0] == 0 else p * inside)
                for s, p in known_brands(extraction.text)
            ]
        else:
            confidence = _kind_confidence(name, kind, category)
            if confidence is not None:
                found += [Candidate(kind, s, confidence) for s in extraction.spans(kind)]
    found = [c for c in found if not _inside_a_longer_find(c, found)]
    return sorted(found, key=lambda c: (-c.confidence, c.found.span[0]))


def _inside_a_longer_find(candidate: Candidate, found: list[Candidate]) -> bool:
    """Whether a known value is a part of another kind's longer find that is sure enough to be
    answered ("12 M" in the shoe size "12 M US"): the longer find says more of the value."""
    if candidate.kind != VALUES_KIND:
        return False
    start, end = candidate.found.span
    threshold = kind_map().min_confidence
    return any(
        other.kind != VALUES_KIND
        and other.confidence >= threshold
        and other.found.span[0] <= start
        and end <= other.found.span[1]
        and other.found.span != candidate.found.span
        for other in found
    )


def named_attributes(
    text: str,
    names: list[str],
    category: str | None = None,
    language: str = "en",
    seller_brand: str | None = None,
    min_confidence: float | None = None,
) -> list[Attribute]:
    """At most one value per asked name: the most confident candidate above the threshold."""
    threshold = kind_map().min_confidence if min_confidence is None else min_confidence
    extraction = Extraction(text, language, seller_brand)
    found = []
    for name in names:
        best = next(iter(candidates(extraction, name, category)), None)
        if best is None or best.confidence < threshold:
            continue
        found.append(
            Attribute(
                name=name,
                value=best.found.surface,
                source=best.source,
                evidence=best.found.surface,
                span=None if best.source == "seller" else best.found.span,
                confidence=round(best.confidence, 4),
            )
        )
    return found
