"""Canonical attribute values (WDC-PAVE's normalised setting): case and punctuation folded,
quantities in their dimension's base unit (16 oz = 0.4536 kg), spelling variants and size
words to one form (canonical.yaml). Two values that mean the same have the same canonical form;
the fact-check and localised lines can compare values in it."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from listingsmith.attributes.vocabulary import normalize_value
from listingsmith.lexicons import load_data
from listingsmith.text.quantities import find_quantities, registry

_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W_]+")
_SIGNIFICANT = 4


@cache
def _forms() -> tuple[dict[str, str], re.Pattern[str] | None, dict[str, str]]:
    raw = load_data(__package__, "canonical.yaml")
    phrases = raw.get("phrases") or {}
    ordered = sorted(phrases, key=len, reverse=True)
    pattern = (
        re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b") if ordered else None
    )
    return raw.get("words") or {}, pattern, phrases


def _base(value: float, unit: str) -> str:
    """A quantity in its dimension's base unit, to four significant digits."""
    quantity = registry().Quantity(value, unit).to_base_units()
    return f"{quantity.magnitude:.{_SIGNIFICANT}g} {quantity.units:~}"


def canonical_value(value: str) -> str:
    """The canonical form of one attribute value (see the module's docstring)."""
    # Unit symbols are found in their own case (GB, not gb): a value where none is found is
    # read again upper-cased ("500 gb"), then lower-cased ("1 LB").
    written = unicodedata.normalize("NFKC", value)
    text, quantities = written, []
    for text in (written, written.upper(), written.lower()):
        quantities = find_quantities(text)
        if quantities:
            break
    for quantity in reversed(quantities):
        start, end = quantity.span
        text = f"{text[:start]} {_base(quantity.value, quantity.unit)} {text[end:]}"
    text = normalize_value(text)
    text = text.replace("'", "").replace("\u2019", "").replace("&", " and ")
    words, pattern, phrases = _forms()
    folded = " ".join(_TOKEN.findall(text))
    if pattern is not None:
        folded = pattern.sub(lambda m: phrases[m.group()], folded)
    return " ".join(words.get(token, token) for token in folded.split())
