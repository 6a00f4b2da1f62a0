"""Model and part numbers (YA54, 583718-B21, XER106R01409) and GTIN/UPC codes in a text."""

from __future__ import annotations

import re

from listingsmith.text.quantities import find_quantities, normalize
from listingsmith.text.spans import Span

_TOKEN = re.compile(r"(?<![\w#-])[A-Za-z0-9]+(?:[-./][A-Za-z0-9]+)*(?![\w-])")
_GTIN = re.compile(r"(?<![\w-])\d{8}(?:\d{4,6})?(?![\w-])")
_YEAR = re.compile(r"(?:19|20)\d\d")
# A number with a short word after it is a spec or a count (3G, 10K, 4Pcs/lot, 100/Box), not a
# part number.
_SPEC = re.compile(r"\d+(?:[.,]\d+)?[A-Za-z]{0,3}(?:/[A-Za-z]+)?")
MIN_LENGTH = 3


def _is_identifier(token: str) -> bool:
    """Letters and digits mixed (YA54, 2620RDLGP) or digit groups joined by a dash (583718-001)."""
    if len(token) < MIN_LENGTH or any(p.fullmatch(token) for p in (_YEAR, _GTIN, _SPEC)):
        return False
    has_digit = any(c.isdigit() for c in token)
    has_upper = any(c.isupper() for c in token)
    if has_digit and has_upper:
        return True
    return has_digit and "-" in token and len(token.replace("-", "")) >= 2 * MIN_LENGTH


def find_identifiers(text: str) -> list[Span]:
    """Every token that looks like a model or part number and is not a quantity (85mm, 2x4MB)."""
    text = normalize(text)
    taken = [q.span for q in find_quantities(text)]
    found = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if _is_identifier(match.group()) and not any(s < end and start < e for s, e in taken):
            found.append(Span(match.group(), (start, end)))
    return found


def find_gtins(text: str) -> list[Span]:
    """8-, 12-, 13- or 14-digit product codes (EAN, UPC, GTIN)."""
    text = normalize(text)
    return [Span(m.group(), m.span()) for m in _GTIN.finditer(text)]
