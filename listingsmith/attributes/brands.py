"""A product's brand: from the seller's field, a known-brands list, or the title's first word."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from listingsmith.attributes.vocabulary import find_known, vocabulary
from listingsmith.domain import Attribute
from listingsmith.lexicons import load_data
from listingsmith.text.quantities import normalize
from listingsmith.text.spans import Span

# An all-capitals first word (SEAPESCA, YTQHXY) is how many marketplace titles start with a brand.
_LEADING_CAPITALS = re.compile(r"^\s*([A-Z][A-Z0-9&]{2,}(?:\s[A-Z][A-Z0-9&]{2,})?)(?=[\s,]|$)")


def known_brands(text: str) -> list[tuple[Span, float]]:
    """Known brands (train gold) found in `text`, with each one's train precision."""
    return find_known(text, vocabulary().brands)


def leading_brand(text: str) -> list[Span]:
    """The text's first word when written in capitals, as a brand guess."""
    match = _LEADING_CAPITALS.match(normalize(text))
    return [Span(match.group(1), match.span(1))] if match else []


# "... Clip by ACCO", "Case by Samsonite": a capitalised name after "by".
_BY_NAME = re.compile(r"(?<!\w)by ([A-Z][\w&'.-]*(?: [A-Z][A-Za-z&'.-]*(?![\w-]))?)")
_WORD = re.compile(r"[\w'&.-]+")


@cache
def _before_audience() -> re.Pattern[str]:
    """A title's first two to four words (no digits at a word's start) before an audience word
    (kinds.yaml `audience_words`, with "'s", "s'", "s" or "es"), "for" allowed between."""
    words = "|".join(re.escape(w) for w in load_data(__package__, "kinds.yaml")["audience_words"])
    word = r"[^\W\d][\w'&.-]*"
    return re.compile(
        rf"^({word}(?:\s+{word}){{1,3}}?)\s+(?:for\s+)?(?:{words})(?:'s|s'|s|es)?(?![\w'])",
        re.IGNORECASE,
    )


def audience_brand(text: str) -> list[Span]:
    """The words that start a title before its audience ("Allen Edmonds Men's Loafer",
    "Breathe Healthy Adult Size Mask"), as a brand guess of two words or more (one word is
    the first word's guess)."""
    match = _before_audience().match(normalize(text))
    return [Span(match.group(1), match.span(1))] if match else []


def first_words(text: str, count: int) -> list[Span]:
    """The text's first `count` words (many titles start with the brand: "Bob's Red Mill ...")."""
    text = normalize(text)
    words = list(_WORD.finditer(text))[:count]
    if len(words) < count or words[0].start() > 0:
        return []
    start, end = words[0].start(), words[-1].end()
    return [Span(text[start:end].rstrip(".-"), (start, end))]


def by_brand(text: str) -> list[Span]:
    """Capitalised names after "by" ("Paper Clip by ACCO"), in text order."""
    return [Span(m.group(1), m.span(1)) for m in _BY_NAME.finditer(normalize(text))]


def brand_spans(text: str, brands: Iterable[str]) -> list[tuple[int, int]]:
    """Where `brands` stand in the (NFKC) text: case-insensitive, word-bounded."""
    text = normalize(text).casefold()
    spans = []
    for brand in brands:
        folded = normalize(brand).strip().casefold()
        if folded:
            pattern = rf"(?<!\w){re.escape(folded)}(?!\w)"
            spans += [m.span() for m in re.finditer(pattern, text)]
    return spans


def within(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    """Whether `span` lies inside one of `spans`."""
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def product_brands(brand: str | None, title: str) -> list[str]:
    """The product's brand: the seller's field, else a known brand (train gold) that starts the
    title."""
    if brand and brand.strip():
        return [brand]
    return [span.surface for span, _ in known_brands(title)[:1] if span.span[0] == 0]


def outside_brands(
    attributes: list[Attribute], texts: Iterable[str], brands: list[str]
) -> list[Attribute]:
    """`attributes` less the values read only from inside the brand's name ("Bob's Red Mill" is
    no red): a text-read value whose evidence stands in the texts, and nowhere but within the
    brand. The brand itself (by name, or a value that is the whole brand), the seller's values
    and evidence the texts do not hold are kept."""
    if not brands:
        return attributes
    texts = [normalize(text) for text in texts]
    spans = [brand_spans(text, brands) for text in texts]
    kept = []
    for attribute in attributes:
        evidence = normalize(attribute.evidence or "").strip().casefold()
        if attribute.name == "brand" or attribute.source == "seller" or not evidence:
            kept.append(attribute)
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(evidence)}(?!\w)")
        found = [
            (match.span(), inside)
            for text, inside in zip(texts, spans, strict=True)
            for match in pattern.finditer(text.casefold())
        ]
        # A value that is the whole brand (a "Brand Name" read) is the brand, not inside it.
        if not found or any(not within(s, inside) or s in inside for s, inside in found):
            kept.append(attribute)
    return kept
