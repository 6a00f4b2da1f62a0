"""Locale conventions applied by code after translation: metric units with the locale's number
format and unit symbols (Babel, CLDR), half-width alphanumerics for Japanese, no spaces between
Chinese characters."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import InvalidOperation
from fnmatch import fnmatchcase
from functools import cache
from typing import Any

from babel.numbers import format_decimal, get_decimal_symbol

from listingsmith.domain import Draft
from listingsmith.lexicons import load_data
from listingsmith.locale.glossary import mask, unmask
from listingsmith.locale.units import localized_units
from listingsmith.text.languages import language_of
from listingsmith.text.quantities import find_quantities, registry
from listingsmith.text.spans import nfkc_origins, original_span

_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
# A decimal written with a point and one or two decimals (three may be a thousands group).
_POINT_DECIMAL = re.compile(r"\d+\.\d{1,2}(?!\d)")
_LEADING_NUMBER = re.compile(r"[\d.,\s\u00a0/\u2044-]*")  # 12, 1.5, 46 1/4, 1⁄2
_WHOLE = re.compile(r"\d*")
# An English indefinite article ending the text before a converted quantity ("in an ").
_ARTICLE_BEFORE = re.compile(r"(?<![^\W\d_])([Aa])(n?)(\s+)$")


def conventions() -> dict[str, Any]:
    """conventions.yaml beside this module."""
    return load_data(__package__, "conventions.yaml")


def _in(locale: str, key: str) -> bool:
    return any(fnmatchcase(locale, pattern) for pattern in conventions()[key])


def babel_locale(locale: str) -> str:
    """de-DE -> de_DE, as Babel names locales."""
    return locale.replace("-", "_")


def to_metric(text: str, locale: str, prose: bool = False) -> str:
    """Imperial quantities rewritten in metric units, formatted for the locale (7 inch ->
    17,8 cm in de-DE), metric ones given the locale's decimal mark (11.5 cm -> 11,5 cm);
    untouched for locales that use imperial units."""
    if not _in(locale, "metric_locales"):
        return text
    table = conventions()["conversions"]
    decimal = get_decimal_symbol(babel_locale(locale))
    origins = nfkc_origins(text)
    if origins is None:  # no offsets into this text: left as written
        return text
    out, last = [], 0
    for quantity in find_quantities(text):
        rule = table.get(quantity.unit)
        point = _POINT_DECIMAL.match(quantity.surface)
        if rule is None and point:  # already metric: only the decimal mark changes (11,5 cm)
            span = original_span(origins, (quantity.span[0], quantity.span[0] + point.end()))
            if span is not None:
                out += [text[last : span[0]], point.group().replace(".", decimal)]
                last = span[1]
            continue
        span = original_span(origins, quantity.span)
        if rule is None or span is None:  # metric, or part of one character ("¼"): as written
            continue
        if text[: span[0]].endswith("/"):  # after a slash ("9/2 in", no fraction): as written
            continue
        rule = _larger(rule, quantity.value, quantity.unit)
        value = registry().Quantity(quantity.value, quantity.unit).to(rule["to"]).magnitude
        number = _formatted(value, locale, rule["to"])
        if number is None:  # too large to write in the locale's format: left as written
            continue
        start, end = span
        if _abbreviation_point(text, quantity.surface, end, prose):
            end += 1
        before = text[last:start]
        if language_of(locale) == "en":
            before = _article(before, number)
        out += [before, _spaced(text, start, end, f"{number} {rule['symbol']}")]
        last = end
    return "".join(out) + text[last:] if out else text


def _larger(rule: dict[str, str], value: float, unit: str) -> dict[str, str]:
    """The conversion `rule`, or the larger unit conventions.yaml `larger` names where the
    converted value reaches it ("50 oz" is "1,42 kg", not "1417 g")."""
    larger = conventions().get("larger", {}).get(rule["to"])
    if larger is None:
        return rule
    converted = registry().Quantity(value, unit).to(rule["to"]).magnitude
    return larger if abs(converted) >= larger["from"] else rule


def _article(before: str, number: str) -> str:
    """`before` with its closing English article made to fit the converted `number`: "an 8
    ounce bottle" is "a 226.8 g bottle", "a 3 inch cup" is "an 8 cm cup"."""
    found = _ARTICLE_BEFORE.search(before)
    if found is None:
        return before
    article = found.group(1) + ("n" if _vowel_sound(number) else "")
    return before[: found.start()] + article + found.group(3)


def _vowel_sound(number: str) -> bool:
    """Whether an English number, read aloud, starts with a vowel: eight, eleven, eighteen
    and their thousands (8000, 11500; the number is written without group separators)."""
    digits = _WHOLE.match(number).group()  # type: ignore[union-attr]
    if not digits:
        return False
    if digits[0] == "8":
        return True
    return len(digits) % 3 == 2 and digits[:2] in ("11", "18")


def _spaced(text: str, start: int, end: int, converted: str) -> str:
    """`converted` (the quantity written at text[start:end]) with a space on each side where it
    would touch a Latin letter or digit: "40x84 inch" gives "101,6 cm x 213,4 cm", not
    "101,6 cmx213,4 cm", which no reader (nor the quantity pattern) reads as two lengths."""
    before = start > 0 and _ascii_alnum(text[start - 1])
    after = end < len(text) and _ascii_alnum(text[end])
    return f"{' ' if before else ''}{converted}{' ' if after else ''}"


def _ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def decimals_of(value: float, unit: str) -> int:
    """The decimals a converted `value` in the metric `unit` keeps (conventions.yaml
    precision: whole grams from 100 g, one decimal below; one decimal of a centimetre)."""
    for start, decimals in conventions().get("precision", {}).get(unit, ()):
        if abs(value) >= start:
            return int(decimals)
    return int(conventions()["decimals"])


def _formatted(value: float, locale: str, unit: str) -> str | None:
    """`value` in the metric `unit`, rounded as a label writes it (decimals_of) and written in
    the locale's number format; None where Babel cannot (infinite, or more digits than its
    decimal context holds: 10^30 oz)."""
    if not math.isfinite(value):
        return None
    try:
        return format_decimal(
            round(value, decimals_of(value, unit)),
            locale=babel_locale(locale),
            group_separator=False,
        )
    except InvalidOperation:
        return None


def _abbreviation_point(text: str, surface: str, end: int, prose: bool) -> bool:
    """Whether the "." after a unit abbreviation ("24 oz. Jar", the quantity ending at `end`)
    belongs to it, not to the sentence: never at the end of the text; in prose only before a
    lower-case word or a digit (a capital may start the next sentence); in titles, bullets and
    keywords always."""
    if text[end : end + 1] != "." or not text[end + 1 :].strip():
        return False
    written = surface[len(_LEADING_NUMBER.match(surface).group()) :]
    if written.strip().lower() not in conventions()["abbreviations"]:
        return False
    following = text[end + 1 :]
    first = following.lstrip()[:1]
    return not prose or (following[:1].isspace() and (first.islower() or first.isdigit()))


def apply_conventions(text: str, locale: str, prose: bool = False) -> str:
    """All conventions of `locale` applied to one text (`prose`: a description's sentences)."""
    if _in(locale, "halfwidth_locales"):
        text = _FULLWIDTH_ALNUM.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = localized_units(to_metric(text, locale, prose), locale)
    if _in(locale, "no_cjk_spaces_locales"):
        text = _CJK_SPACE.sub("", text)
    return text


def respelled(text: str, locale: str) -> str:
    """`text` in the spellings of `locale`'s variety (conventions.yaml `spellings`: "Color:
    Gray" is "Colour: Grey" in en-GB), each word's case kept; untouched elsewhere."""
    pattern = _table_pattern("spellings", locale)
    if pattern is None:
        return text
    table = conventions()["spellings"][locale]
    return pattern.sub(lambda m: _same_case(m.group(), table[m.group().lower()]), text)


@cache
def _table_pattern(key: str, locale: str) -> re.Pattern[str] | None:
    """Whole words of the conventions.yaml `key` table of `locale`, the longest first."""
    table = conventions().get(key, {}).get(locale)
    if not table:
        return None
    words = "|".join(sorted(map(re.escape, table), key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{words})(?![^\W\d_])", re.IGNORECASE)


def reworded(text: str, locale: str) -> str:
    """`text` in the product nouns of `locale`'s variety (conventions.yaml `vocabulary`:
    "grommet" is "eyelet", "faucet" "tap" in en-GB), each word's case kept and an English "a"
    before it made "an" where the new word starts with a vowel; untouched elsewhere."""
    pattern = _table_pattern("vocabulary", locale)
    if pattern is None:
        return text
    table = conventions()["vocabulary"][locale]
    out, last = [], 0
    for found in pattern.finditer(text):
        word = _phrase_case(found.group(), table[found.group().lower()])
        before = text[last : found.start()]
        if word != found.group():
            before = _word_article(before, word)
        out += [before, word]
        last = found.end()
    return "".join(out) + text[last:]


def _phrase_case(written: str, phrase: str) -> str:
    """`phrase` in the case of `written`, word by word where every written word starts with a
    capital ("Cell Phone" -> "Mobile Phone"), else as _same_case."""
    words = written.split()
    if len(words) > 1 and not written.isupper() and all(w[:1].isupper() for w in words):
        return " ".join(w[:1].upper() + w[1:] for w in phrase.split(" "))
    return _same_case(written, phrase)


def _word_article(before: str, word: str) -> str:
    """`before` with its closing English article made to fit `word` ("a eyelet" -> "an")."""
    found = _ARTICLE_BEFORE.search(before)
    if found is None:
        return before
    article = found.group(1) + ("n" if word[:1].lower() in "aeiou" else "")
    return before[: found.start()] + article + found.group(3)


def _same_case(written: str, word: str) -> str:
    """`word` in the case of `written`: GRAY -> GREY, Gray -> Grey, gray -> grey."""
    if written.isupper() and len(written) > 1:
        return word.upper()
    if written[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def localize_draft(draft: Draft, locale: str, terms: Sequence[str] = ()) -> Draft:
    """A listing with its locale's conventions applied to every field, in its variety's
    spelling (respelled) and product nouns (reworded); protected `terms` (brand, model and
    part numbers: "HX-2.5L", a model "Gray Hawk") are left exactly as they are."""

    def convention(text: str, prose: bool = False) -> str:
        masked, mapping = mask(text, list(terms))
        text = respelled(apply_conventions(masked, locale, prose), locale)
        return unmask(reworded(text, locale), mapping)

    return draft.model_copy(
        update={
            "title": convention(draft.title),
            "bullets": [convention(b) for b in draft.bullets],
            "description": convention(draft.description, prose=True),
            "keywords": [convention(k) for k in draft.keywords],
        }
    )
