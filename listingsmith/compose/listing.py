"""Keywords and the whole listing composed from data, every field marked as data-written."""

from __future__ import annotations

from collections.abc import Sequence

from listingsmith.compose.describe import compose_description
from listingsmith.compose.facts import attribute_lines, rendered_facts, title_noun
from listingsmith.compose.lexicon import data
from listingsmith.compose.titles import compose_title
from listingsmith.config import ListingLimits
from listingsmith.domain import Attribute, Draft, Product
from listingsmith.text.field_limits import field_limit, store_of
from listingsmith.text.languages import language_of

# An audience's bullets: the attribute names to lead with, and how many bullets at most.
BulletFraming = tuple[Sequence[str], int]
# The most UTF-8 bytes one character takes: a limit in bytes bounds characters at a quarter.
MAX_CHAR_BYTES = 4


def compose_keywords(
    product: Product,
    attributes: list[Attribute],
    noun: str | None,
    locale: str,
    limit: int,
    *,
    chars: int | None = None,
    category: str | None = None,
) -> list[str]:
    """Search terms: the product noun and the title formula's attribute values that are words
    (no numbers, sizes or codes), each once, at most `limit` (and each at most `chars` long)."""
    language = language_of(locale)
    keys = data("titles")["formulas"]["default"]["key"] + data("names")["order"]
    facts = {f.name: f.value for f in rendered_facts(product, attributes, locale, category)}
    terms = [title_noun(product, attributes, noun, language)]
    terms += [facts[k] for k in dict.fromkeys(keys) if k in facts and not _has_digit(facts[k])]
    words = [t for t in dict.fromkeys(terms) if t and (chars is None or len(t) <= chars)]
    return words[:limit]


def compose_listing(
    product: Product,
    attributes: list[Attribute],
    noun: str | None,
    locale: str,
    marketplace: str,
    limits: ListingLimits,
    framing: BulletFraming | None = None,
    category: str | None = None,
) -> Draft:
    """Title, attribute lines as bullets, description and keywords, all composed from data,
    within `limits` and the marketplace's own field limits; `framing` (an audience's) puts its
    attributes first and shows at most its count of bullets; the taxonomy `category` picks the
    description's wording for the product's kind."""
    bullet_chars = channel_chars(marketplace, locale, "bullet", limits.bullet_chars)
    lead_with, count = framing or ((), limits.bullets)
    lines = attribute_lines(
        product, attributes, locale, min(count, limits.bullets), lead_with, category
    )
    bullets = [line[:bullet_chars] for line in lines]
    description_chars = channel_chars(marketplace, locale, "description", limits.description_chars)
    draft = Draft(
        title=compose_title(
            product, attributes, noun, locale, marketplace, limits.title_chars, category
        ),
        bullets=bullets,
        description=compose_description(
            product, attributes, noun, locale, limit=description_chars, category=category
        ),
        keywords=compose_keywords(
            product,
            attributes,
            noun,
            locale,
            limits.keywords,
            chars=limits.keyword_chars,
            category=category,
        ),
    )
    draft.origins = {field: "data" for field in draft.fields()}
    return draft


def channel_chars(marketplace: str, locale: str, field: str, chars: int) -> int:
    """`chars` narrowed by the marketplace's limit of `field` in `locale`'s store (a limit in
    bytes as the characters that surely fit in it)."""
    limit = field_limit(marketplace, field, store_of(marketplace, locale))
    if limit is None:
        return chars
    if limit.chars is not None:
        chars = min(chars, limit.chars)
    if limit.bytes is not None:
        chars = min(chars, limit.bytes // MAX_CHAR_BYTES)
    return chars


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)
