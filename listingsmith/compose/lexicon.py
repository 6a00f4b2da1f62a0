"""Attribute names and values in every listing language, from the lexicons: a value with no
known rendering is never guessed (protected wording is kept, English common words give None)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from listingsmith.lexicons import load, load_data, load_extra
from listingsmith.policies.fibre_names import languages, read_composition, render
from listingsmith.text.quantities import find_quantities, normalize

# Lexicons of the fact-check whose canonical terms are also renderings.
TERM_LEXICONS = {"color": "colors", "material": "materials"}
# Languages whose nouns (and values used as nouns) start with a capital.
CAPITALISED = frozenset({"de"})
# Parts of a compound value: "Black/White", "Blue, White", "Red & Blue".
_PARTS = re.compile(r"\s*(?:/|,|&|\+)\s*")
_LOWER = re.compile(r"[a-zß-ÿ]")
_DIGIT = re.compile(r"\d")
# What may follow an English count and still be one ("3pcs/lot").
_COUNT_TAIL = re.compile(r"\s*(?:/\s*(?:lot|set|pack|box|bag))?\s*")


def data(name: str) -> Any:
    """A YAML file beside this module (names, values, nouns, sizes, titles, describe)."""
    return load_data(__package__, f"{name}.yaml")


def canonical_name(name: str) -> str:
    """The canonical attribute name of a seller's or dataset's name (Brand Name -> brand)."""
    key = " ".join(name.lower().split())
    return data("names")["aliases"].get(key, key)


def render_name(name: str, language: str) -> str | None:
    """An attribute name in `language` ("Material" -> "素材" in ja); None when unknown."""
    return data("names")["names"].get(canonical_name(name), {}).get(language)


def is_protected(name: str) -> bool:
    """Whether the name's values are the seller's own wording (brand, model, part number)."""
    return canonical_name(name) in data("names")["protected"]


def render_value(name: str, value: str, language: str) -> str | None:
    """An attribute value in `language`; the seller's wording where it is English (the source)
    or protected; None when no rendering is known."""
    value = " ".join(value.split())
    if not value:
        return None
    if language == "en" or is_protected(name):
        return value
    return _rendered(canonical_name(name), value, language)


def _rendered(canonical: str, value: str, language: str) -> str | None:
    key = value.lower()
    found = (
        _lookup(canonical, key, language)
        or _quantity(value)
        or _count(value, language)
        or _composition(value, language)
    )
    if found:
        return found
    parts = [p for p in _PARTS.split(value) if p]
    if len(parts) > 1:
        rendered = [_rendered(canonical, part, language) for part in parts]
        return "/".join(rendered) if all(rendered) else None  # type: ignore[arg-type]
    return value if is_neutral(value) else None


def is_known(name: str, value: str) -> bool:
    """Whether every part of a seller's value is a known term of its attribute (values.yaml,
    the fact-check's lexicons): "Navy/White" is, "As Picture" is not."""
    canonical = canonical_name(name)
    groups = data("values")["values"]
    lexicon = TERM_LEXICONS.get(canonical)
    parts = [p.lower() for p in _PARTS.split(" ".join(value.split())) if p]
    return bool(parts) and all(
        part in groups.get(canonical, {})
        or part in groups["common"]
        or (lexicon is not None and part in load(lexicon))
        for part in parts
    )


def _lookup(canonical: str, key: str, language: str) -> str | None:
    """The value in the attribute's own group, then the colour and material lexicons, then the
    values common to many attributes."""
    groups = data("values")["values"]
    found = groups.get(canonical, {}).get(key, {}).get(language)
    if found is None:
        found = next(
            (t for lexicon in TERM_LEXICONS.values() if (t := _term(lexicon, key, language))),
            None,
        )
    if found is None:
        found = groups["common"].get(key, {}).get(language)
    return _cased(found, language) if found else None


def _term(lexicon: str, key: str, language: str) -> str | None:
    """A canonical term of a fact-check lexicon, written as its first form in `language`."""
    forms = load(lexicon).get(key, {}).get(language)
    return forms[0] if forms else None


def _cased(text: str, language: str) -> str:
    return text[0].upper() + text[1:] if language in CAPITALISED else text


def _quantity(value: str) -> str | None:
    """One quantity that is the whole value, with its unit as a symbol ("16 Ounce" -> "16 oz",
    '11-3/4"' -> "11-3/4 in")."""
    quantities = find_quantities(value)
    if len(quantities) != 1 or quantities[0].span != (0, len(normalize(value))):
        return None
    quantity = quantities[0]
    number = re.match(r"[\d.,\s/\u2044-]*\d", quantity.surface)  # 16, 1.5, 11-3/4, 46 1/4
    symbol = data("values")["unit_symbols"].get(quantity.unit)
    if number is None or symbol is None:
        return value if is_neutral(value) else None
    return f"{number.group().strip()} {symbol}"


@cache
def _count_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in load_extra("counts", "patterns")["en"]]


def _count(value: str, language: str) -> str | None:
    """A pack size or piece count that is the whole value, in `language` ("Pack of 6")."""
    for pattern in _count_patterns():
        found = pattern.match(value)
        if found and _COUNT_TAIL.fullmatch(value[found.end() :]):
            return data("values")["counts"][language].format(n=int(found.group("count")))
    return None


def _composition(value: str, language: str) -> str | None:
    """A fibre composition ("100% cotton", "60% cotton, 40% polyester") in `language`: in the
    languages of the EU table, as the eu-textile rules write it (policies.fibre_names: Annex I
    names, CLDR percent format, by weight); elsewhere (ja, zh) one component's fibres each by
    its material term in the language's share pattern (values.yaml compositions), read by the
    same parser. None where a name or a share is not known."""
    if language in languages():
        return render(value, language).text
    pattern = data("values")["compositions"].get(language)
    components = read_composition(value)
    if pattern is None or len(components) != 1 or components[0].name is not None:
        return None
    written = []
    for part in components[0].parts:
        term = _lookup("material", part.fibre, language) if part.fibre else None
        if term is None or part.share is None:
            return None
        written.append(pattern.format(p=part.share, m=term))
    return data("values")["composition_separators"].get(language, ", ").join(written)


def is_neutral(value: str) -> bool:
    """Whether a value reads the same in every language: numbers, codes and acronyms (UV400,
    SAS, 1#2#3#, G1-G7), no word of a language."""
    return all(
        _DIGIT.search(token) or not _LOWER.search(token)
        for token in re.findall(r"\S+", value)
        if any(c.isalpha() for c in token)
    )


def title_cased(value: str, language: str) -> str:
    """An attribute value in the language's title case (titles.yaml title_case), if it has
    one: "stainless steel" -> "Stainless Steel"; values with digits stay as written."""
    small = data("titles").get("title_case", {}).get(language)
    if small is None or any(c.isdigit() for c in value):
        return value
    words = value.split(" ")
    return " ".join(
        w if (i and w in small) or not w.islower() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )
