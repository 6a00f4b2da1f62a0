"""Find quantities with units (20 g, 0,75 l, 30 x 20 cm, 24時間) in text of any language."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pint

from listingsmith.lexicons import load, load_extra

_NUMBER = r"\d+(?:[.,]\d+)*"
# A fraction, alone or after a whole number: "1/2", "46 1/4", "46-1/4", and after NFKC a vulgar
# fraction ("½" -> "1⁄2", "46¼" -> "461⁄4": its one-digit numerator follows the whole number).
_AFTER_WHOLE = r"(?:[ \t\u00a0-]|(?=\d\u2044))"
_FRACTION = rf"(?:\d+{_AFTER_WHOLE})?\d+[/\u2044]\d+"
_AMOUNT = f"(?:{_FRACTION}|{_NUMBER})"
_PROPER_FRACTION = re.compile(
    rf"(?:(?P<whole>\d+){_AFTER_WHOLE})?(?P<numerator>\d+)[/\u2044](?P<denominator>\d+)"
)
# At most one space either side of the times sign, so that the starts inside a list can all be
# refused by fixed-width lookbehinds (_NOT_INSIDE_A_LIST): with any number of spaces, a match
# could start at every number of "1 x 1 x 1 x ..." and scan the rest of it (quadratic).
_SPACE = "[ \t\u00a0]"
_TIMES = f"{_SPACE}?[x×*]{_SPACE}?"
_NOT_INSIDE_A_LIST = "".join(
    f"(?<!\\d{before}[x×*]{after})" for before in ("", _SPACE) for after in ("", _SPACE)
)
_LATIN_END = r"(?![A-Za-zÀ-ÿ])"
_BEFORE_PUNCTUATION = r"(?=\s*(?:[^\w\s]|$))"


@dataclass(frozen=True)
class Quantity:
    """A number with a unit as written in a text, and its span there."""

    value: float
    unit: str
    surface: str
    span: tuple[int, int]

    def magnitude_in(self, other_unit: str) -> float:
        """This quantity's value expressed in `other_unit` (raises if dimensions differ)."""
        return registry().Quantity(self.value, self.unit).to(other_unit).magnitude

    @property
    def dimension(self) -> str:
        """Pint dimensionality as a string, e.g. "[length]"."""
        return dimension_of(self.unit)


@cache
def registry() -> pint.UnitRegistry:
    """The shared pint unit registry."""
    return pint.UnitRegistry()


@cache
def dimension_of(unit: str) -> str:
    """Pint dimensionality of a unit expression as a string."""
    return str(registry().Unit(unit).dimensionality)


def _is_word(form: str) -> bool:
    """Lower-case words of 3+ letters match in any case (Litre, LITRE); symbols keep their case."""
    return len(form) >= 3 and form.isalpha() and form.isascii() and form.islower()


@cache
def _unit_lookup() -> dict[str, str]:
    units = load("units")
    return {**units, **{form.lower(): unit for form, unit in units.items() if _is_word(form)}}


@cache
def _pattern() -> re.Pattern[str]:
    forms = sorted(load("units"), key=len, reverse=True)
    alternatives = []
    for form in forms:
        escaped = f"(?i:{re.escape(form)})" if _is_word(form) else re.escape(form)
        if form in load_extra("units", "ambiguous"):
            escaped += _BEFORE_PUNCTUATION
        elif form[-1].isascii() and form[-1].isalpha():
            escaped += _LATIN_END
        alternatives.append(escaped)
    unit = "(?P<unit>" + "|".join(alternatives) + ")"
    numbers = f"(?P<numbers>{_AMOUNT}(?:{_TIMES}{_AMOUNT})*)"
    # Not inside a word, a number (1,5) or a part number (435952-B21, 314933-637"); after
    # punctuation it may start ("，45 cm" is ",45 cm" after NFKC).
    return re.compile(
        rf"(?<![A-Za-z0-9_])(?<!\d[.,])(?<!\d-){_NOT_INSIDE_A_LIST}{numbers}[ \t\u00a0-]?{unit}"
    )


def fraction_value(text: str) -> float | None:
    """The value of a proper fraction, alone or after a whole number ("1/2" -> 0.5, "46 1/4",
    "46-1/4" and "46¼" -> 46.25); None for anything else ("24/7", "4/8" or "1/0" are not one
    number: a numerator must be below its denominator)."""
    found = _PROPER_FRACTION.fullmatch(normalize(text.strip()))
    if found is None:
        return None
    whole, numerator, denominator = found.group("whole", "numerator", "denominator")
    if int(numerator) >= int(denominator):
        return None
    return int(whole or 0) + int(numerator) / int(denominator)


def parse_number(text: str) -> float:
    """Parse 1,000 / 1.5 / 0,75 / 1.234,5 / 1.234.567: the last of two marks is decimal; a lone
    comma is decimal unless it groups thousands (1,000); a fraction (46 1/4, 1/2, ½) is its
    value. Raises ValueError for other forms (a version such as 5.23.5)."""
    fraction = fraction_value(text)
    if fraction is not None:
        return fraction
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
    elif "," in text:
        decimal = "" if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text) else ","
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", text):
        decimal = ","
    else:
        decimal = "."
    grouping = "." if decimal == "," else ","
    text = text.replace(grouping, "")
    return float(text.replace(",", ".") if decimal == "," else text)


def normalize(text: str) -> str:
    """NFKC (full-width digits and letters become ASCII) so every language matches one pattern."""
    return unicodedata.normalize("NFKC", text)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity with a unit in `text`; a dimension list (30 x 20 cm) gives one per number."""
    text = normalize(text)
    units = _unit_lookup()
    found: list[Quantity] = []
    for match in _pattern().finditer(text):
        surface = match.group("unit")
        unit = units.get(surface) or units[surface.lower()]
        numbers_text = match.group("numbers")
        offset = match.start("numbers")
        numbers = list(re.finditer(_AMOUNT, numbers_text))
        if len(numbers) > 1 and dimension_of(unit) != "[length]":
            # "2x4MB" is a count times a quantity, not a list of dimensions: keep the last.
            offset, numbers_text = offset + numbers[-1].start(), numbers[-1].group()
            numbers = list(re.finditer(_AMOUNT, numbers_text))
        for number in numbers:
            start, written = offset + number.start(), number.group()
            if re.search("[/\u2044]", written) and (
                unit not in load_extra("units", "fractions") or fraction_value(written) is None
            ):
                # Two values ("110/220 V", "4/8 GB", "24/7 h"): the one before the unit.
                cut = re.search(r"\d+$", written)
                start, written = start + cut.start(), cut.group()
            try:
                value = parse_number(written)
            except ValueError:  # not a number (5.23.5): no quantity here
                continue
            end = match.end() if number.end() == len(numbers_text) else offset + number.end()
            found.append(Quantity(value, unit, text[start:end], (start, end)))
    return found
