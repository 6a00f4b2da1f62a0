"""A product's brand: from the seller's field, a known-brands list, or the title's first word."""

from __future__ import annotations

import re
from functools import cache

from listingsmith.attributes.vocabulary import find_known, vocabulary
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
