"""Clothing and shoe sizes in the locale's system (US -> UK/EU/JP) from the tables of
sizes.yaml; a size that does not convert stays as written, with its system."""

from __future__ import annotations

import re
from decimal import Decimal
from fnmatch import fnmatchcase

from babel.numbers import format_decimal

from listingsmith.compose.lexicon import canonical_name, data
from listingsmith.domain import Attribute, Product
from listingsmith.locale.conventions import babel_locale

# "6 M US", "7.5 US", "10 W US", "9.5", "US 8": a number, a shoe width, the system.
_US_SIZE = re.compile(
    r"(?:US\s*)?(?P<size>\d{1,2}(?:\.5)?)\s*(?P<width>(?!US)[A-Z]{1,2}|2E|4E)?\s*(?P<us>US)?",
    re.IGNORECASE,
)


def size_system(locale: str) -> str:
    """The size system a locale shows (US, UK, EU, JP)."""
    systems = data("sizes")["systems"]
    return next(system for pattern, system in systems.items() if fnmatchcase(locale, pattern))


def size_kind(product: Product, attributes: list[Attribute]) -> str | None:
    """Which conversion table the product's size uses (shoe_women, clothing_women, ...), from its
    category and gender; None when either is unknown."""
    kinds = data("sizes")["kinds"]
    kind = kinds["categories"].get((product.category or "").lower())
    genders = [
        kinds["genders"].get(a.value.strip().lower())
        for a in attributes
        if canonical_name(a.name) == "gender"
    ]
    gender = next((g for g in genders if g), None)
    if kind is None or gender is None:
        return None
    table = f"{kind}_{gender}"
    return table if table in data("sizes")["tables"] else None


def convert_size(value: str, kind: str | None, locale: str) -> str:
    """A US size in the locale's system ("7.5 M US" -> "EU 38" in de-DE, "JP 24.5" in ja-JP),
    its number in the locale's format ("EU 40,5" in de-DE); letter sizes as letters (Medium ->
    M); anything else as written, US sizes with "US"."""
    text = " ".join(value.split())
    letters = data("sizes")["letters"].get(text.lower())
    if letters:
        return letters
    found = _US_SIZE.fullmatch(text)
    if found is None:
        return text
    size, width = found.group("size"), (found.group("width") or "").upper()
    system = size_system(locale)
    labels = data("sizes")["labels"]
    row = data("sizes")["tables"].get(kind or "", {}).get(size)
    if system == "US" or row is None or width not in data("sizes")["standard_widths"]:
        return f"{labels['US']} {_number(size, locale)}" + (f" {width}" if width else "")
    return f"{labels[system]} {_number(row[system], locale)}"


def _number(size: str, locale: str) -> str:
    """A size's number written as the locale writes numbers (Babel): 40.5 -> 40,5 in de-DE."""
    return format_decimal(Decimal(size), locale=babel_locale(locale))
