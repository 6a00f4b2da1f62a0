"""Keywords and the whole listing composed from data, every field marked as data-written."""

from __future__ import annotations

from listingsmith.compose.describe import compose_description
from listingsmith.compose.facts import attribute_lines, rendered_facts, title_noun
from listingsmith.compose.lexicon import data
from listingsmith.compose.titles import compose_title
from listingsmith.config import ListingLimits
from listingsmith.domain import Attribute, Draft, Product
from listingsmith.text.languages import language_of


def compose_keywords(
    product: Product,
    attributes: list[Attribute],
    noun: str | None,
    locale: str,
    limit: int,
    *,
    chars: int | None = None,
) -> list[str]:
    """Search terms: the product noun and the title formula's attribute values that are words
    (no numbers, sizes or codes), each once, at most `limit` (and each at most `chars` long)."""
    language = language_of(locale)
    keys = data("titles")["formulas"]["default"]["key"] + data("names")["order"]
    facts = {f.name: f.value for f in rendered_facts(product, attributes, locale)}
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
) -> Draft:
    """Title, attribute lines as bullets, description and keywords, all composed from data."""
    bullets = [
        line[: limits.bullet_chars]
        for line in attribute_lines(product, attributes, locale, limits.bullets)
    ]
    draft = Draft(
        title=compose_title(product, attributes, noun, locale, marketplace, limits.title_chars),
        bullets=bullets,
        description=compose_description(
            product, attributes, noun, locale, limit=limits.description_chars
        ),
        keywords=compose_keywords(
            product, attributes, noun, locale, limits.keywords, chars=limits.keyword_chars
        ),
    )
    draft.origins = {field: "data" for field in draft.fields()}
    return draft


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)
