"""Unit symbols in the locale's own form, from CLDR (Babel's short unit format): "0.3 l" is
"0.3 L" in en-US and ja-JP and "0.3升" in zh-CN. Only a unit written as a symbol is rewritten
(a unit word, "2 Liter", stays), and only to a form the quantity pattern reads as the same
unit, so the fact-check reads the listing as before."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from babel.numbers import format_decimal
from babel.units import format_unit

from listingsmith.lexicons import load_data, load_extra
from listingsmith.text.quantities import find_quantities
from listingsmith.text.spans import nfkc_origins, original_span

# The number a quantity opens with: 12, 1.5, 0,3, 46 1/4, 11-3/4, 1⁄2.
_LEADING_NUMBER = re.compile(r"[\d.,\s\u00a0\u202f/\u2044-]*\d")
# CLDR separates number and unit with a no-break space in some locales (fr: narrow); listings
# write a plain one, as the metric conversion does.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
_SAMPLE = Decimal("2.5")


def _babel(locale: str) -> str:
    return locale.replace("-", "_")


def _cldr_units() -> dict[str, str]:
    return load_data(__package__, "conventions.yaml")["cldr_units"]


@cache
def unit_suffix(unit: str, locale: str) -> str | None:
    """What CLDR writes after the number for the pint `unit` in `locale` (" L", "升", " cm");
    None where CLDR has no short form or the quantity pattern would not read it back as
    `unit`."""
    cldr = _cldr_units().get(unit)
    if cldr is None:
        return None
    try:
        written = format_unit(_SAMPLE, cldr, length="short", locale=_babel(locale))
    except (KeyError, ValueError):
        return None
    written = written.translate(_SPACES)
    number = format_decimal(_SAMPLE, locale=_babel(locale))
    if not written.startswith(number):
        return None  # the unit before the number: not the order listings write
    read = find_quantities(written)
    if len(read) != 1 or read[0].unit != unit or read[0].span != (0, len(written)):
        return None
    return written[len(number) :]


@cache
def _symbols(unit: str) -> frozenset[str]:
    """Every form CLDR gives the unit's symbol in the project's locales, lower case: a unit
    written as one of them is a symbol ("l", "升"), not a word ("Liter")."""
    locales = load_extra("locales", "locales")
    return frozenset(
        suffix.strip().lower() for loc in locales if (suffix := unit_suffix(unit, loc)) is not None
    )


def localized_units(text: str, locale: str) -> str:
    """`text` with each quantity whose unit is written as a symbol in CLDR's form for `locale`
    ("0.3 l" -> "0.3 L" in en-US, "17.8 cm" -> "17.8厘米" in zh-CN); the rest as written."""
    origins = nfkc_origins(text)
    if origins is None:
        return text
    out, last = [], 0
    for quantity in find_quantities(text):
        suffix = unit_suffix(quantity.unit, locale)
        span = original_span(origins, quantity.span)
        if suffix is None or span is None:
            continue
        written = text[span[0] : span[1]]
        number = _LEADING_NUMBER.match(written)
        if number is None:
            continue
        unit = written[number.end() :]
        if unit.strip() == suffix.strip() or unit.strip().lower() not in _symbols(quantity.unit):
            continue
        out += [text[last : span[0]], number.group() + suffix]
        last = span[1]
    return "".join(out) + text[last:] if out else text
