"""Attribute names and values in every listing language, from the lexicons: a value with no
known rendering is never guessed (protected wording is kept, English common words give None)."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from typing import Any

from babel.numbers import format_decimal

from listingsmith.lexicons import load, load_data, load_extra
from listingsmith.policies.fibre_names import languages, read_composition, render
from listingsmith.text.quantities import dimension_of, find_quantities, normalize

# Lexicons of the fact-check whose canonical terms are also renderings.
TERM_LEXICONS = {"color": "colors", "material": "materials"}
# Languages whose nouns (and values used as nouns) start with a capital.
CAPITALISED = frozenset({"de"})
# Parts of a compound value: "Black/White", "Blue, White", "Red & Blue".
_PARTS = re.compile(r"\s*(?:/|,|&|\+)\s*")
_LOWER = re.compile(r"[a-zß-ÿ]")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
# What may follow an English count and still be one ("3pcs/lot").
_COUNT_TAIL = re.compile(r"\s*(?:/\s*(?:lot|set|pack|box|bag))?\s*")
# A number followed by a unit written as a word ("7 inch", "0.3 Litre"), not a mark or symbol.
# What stands between two dimensions of a list ("40 x 84", "40x84", "40 × 84").
_BY = re.compile(r"\s*[x×]\s*", re.IGNORECASE)
_UNIT_WORD = re.compile(r"\d\s*[^\W\d_]{3,}")
# A whole number written with English thousands commas ("6,000" pages, "1,500").
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")


def data(name: str) -> Any:
    """A YAML file beside this module (names, values, nouns, sizes, titles, describe)."""
    return load_data(__package__, f"{name}.yaml")


def name_key(name: str) -> str:
    """A seller's attribute name as the data files key it: lower case, single spaces."""
    return " ".join(name.lower().split())


def canonical_name(name: str) -> str:
    """The canonical attribute name of a seller's or dataset's name (Brand Name -> brand)."""
    key = name_key(name)
    return data("names")["aliases"].get(key, key)


def render_name(name: str, language: str, kind: str | None = None) -> str | None:
    """An attribute name in `language` ("Material" -> "素材" in ja), in the wording of the
    product's `kind` (product_kind) where names.yaml `names_by_kind` has one ("色" for a food's
    colour, "カラー" for a curtain's); None when unknown."""
    names = data("names")
    canonical = canonical_name(name)
    by_kind = names.get("names_by_kind", {}).get(kind, {}).get(canonical, {}) if kind else {}
    return by_kind.get(language) or names["names"].get(canonical, {}).get(language)


def net_quantity_name(name: str, value: str, language: str, kind: str | None) -> str | None:
    """A food's quantity named as its label names its net quantity (names.yaml net_quantity:
    "Net weight", "Nettofüllmenge", "Peso neto", "内容量", "净含量"), by the dimension of the
    value's one unit ("8 oz": mass, "12 fl oz": volume); None for other kinds, attributes and
    values."""
    rules = data("names").get("net_quantity", {})
    if kind not in rules.get("kinds", ()) or canonical_name(name) not in rules["attributes"]:
        return None
    units = {q.unit for q in find_quantities(value)}
    if len(units) != 1:
        return None
    return rules["names"].get(dimension_of(units.pop()), {}).get(language)


def dimension_name(name: str, value: str) -> str:
    """The canonical attribute name that says what `value` measures: `name`'s own when the
    value's one unit has a dimension of its (names.yaml quantity_dimensions), else the name of
    the unit's dimension (by_dimension: "Volume: 8 oz", a mass, is a net content); the
    canonical `name` for other attributes and values."""
    names = data("names")
    canonical = canonical_name(name)
    allowed = names.get("quantity_dimensions", {}).get(canonical)
    units = {q.unit for q in find_quantities(value)} if allowed else set()
    if len(units) != 1:
        return canonical
    dimension = dimension_of(units.pop())
    if dimension in allowed:
        return canonical
    return names.get("by_dimension", {}).get(dimension, canonical)


def is_protected(name: str) -> bool:
    """Whether the name's values are the seller's own wording (brand, model, part number)."""
    return canonical_name(name) in data("names")["protected"]


def product_kind(category: str | None) -> str | None:
    """The kind of describe.yaml `kinds` whose categories hold the taxonomy `category` (the
    category or one of its ancestors is listed); None for every other product."""
    if category is None:
        return None
    for kind, roots in data("describe")["kinds"].items():
        if any(category == root or category.startswith(root + "-") for root in roots):
            return kind
    return None


def render_value(name: str, value: str, language: str, kind: str | None = None) -> str | None:
    """An attribute value in `language`; the seller's wording where it is English (the source)
    or protected, but a quantity's unit word as its symbol in every language ("7 inch" -> "7 in",
    "0.3 Litre" -> "0.3 l": "It holds 0.3 Litre, stands 7 inch tall" read wrong; '24"' stays);
    None when no rendering is known. `kind` (product_kind) picks a count's wording ("2枚入り"
    for curtains, "2個入り" for bowls)."""
    value = " ".join(value.split())
    if not value:
        return None
    if is_protected(name):
        return value
    if canonical_name(name) == "count" and value.isdecimal():
        return bare_count(name, int(value), language, kind)
    if language == "en":
        return (
            (_quantity(value) or _dimensions(value)) if _UNIT_WORD.search(value) else None
        ) or value
    return _rendered(canonical_name(name), value, language, kind) or _named(name, value, language)


def _named(name: str, value: str, language: str) -> str | None:
    """A scent's or flavour's own name, as the seller wrote it (in English title case, as the
    English listing says it) in `language`'s quotation marks (values.yaml named_values: zh
    "“Velvet Moon”", de "„Velvet Moon“"), a separator it ends with left out ("Sweet & Spicy,");
    None for other attributes and languages, and for a value without a letter."""
    quotes = data("values").get("named_values", {}).get("quotes", {}).get(language)
    if quotes is None or not is_named(name, value):
        return None
    return str(quotes).format(value=title_cased(value.rstrip(" ,;:/"), "en"))


def is_named(name: str, value: str) -> bool:
    """Whether a seller's value is a name of its own: a scent's or flavour's value with a
    letter that is no known term ("Orchards", not "Lavender"; values.yaml named_values)."""
    named = data("values").get("named_values", {})
    if canonical_name(name) not in named.get("attributes", ()):
        return False
    return bool(_LETTER.search(value)) and not is_known(name, value)


def _rendered(canonical: str, value: str, language: str, kind: str | None) -> str | None:
    key = value.lower()
    found = (
        _grouped(value, language)
        or _lookup(canonical, key, language)
        or _quantity(value)
        or _dimensions(value)
        or _count(value, language, kind)
        or _composition(value, language)
    )
    if found:
        return found
    parts = [p for p in _PARTS.split(value) if p]
    if len(parts) > 1:
        rendered = [_rendered(canonical, part, language, kind) for part in parts]
        return "/".join(rendered) if all(rendered) else None  # type: ignore[arg-type]
    return value if is_neutral(value) else None


def _grouped(value: str, language: str) -> str | None:
    """A whole number written with English thousands commas, in the language's CLDR format
    (Babel): "6,000" is "6000" in es, "6.000" in de; split at its comma it read "6/000"."""
    if not _GROUPED.fullmatch(value):
        return None
    return format_decimal(int(value.replace(",", "")), locale=language)


def is_known(name: str, value: str) -> bool:
    """Whether every part of a seller's value is a known term of its attribute (values.yaml,
    the fact-check's lexicons): "Navy/White" is, "As Picture" is not."""
    canonical = canonical_name(name)
    groups = data("values")["values"]
    lexicon = TERM_LEXICONS.get(canonical)
    parts = [p.lower() for p in _PARTS.split(" ".join(value.split())) if p]
    shared = data("values").get("shared_groups", {}).get(canonical, ())
    return bool(parts) and all(
        part in groups.get(canonical, {})
        or any(part in groups.get(group, {}) for group in shared)
        or part in groups["common"]
        or (lexicon is not None and part in load(lexicon))
        for part in parts
    )


def _lookup(canonical: str, key: str, language: str) -> str | None:
    """The value in the attribute's own group and the groups it shares (values.yaml
    shared_groups), then the colour and material lexicons, then the values common to many
    attributes."""
    groups = data("values")["values"]
    found = groups.get(canonical, {}).get(key, {}).get(language)
    for shared in data("values").get("shared_groups", {}).get(canonical, ()):
        found = found or groups.get(shared, {}).get(key, {}).get(language)
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


def _dimensions(value: str) -> str | None:
    """A list of dimensions in one unit that is the whole value, numbers joined by " x " and
    the unit as a symbol ("40 x 84 Inch" -> "40 x 84 in"); the locale converts it after."""
    quantities = find_quantities(value)
    text = normalize(value)
    if len(quantities) < 2 or len({q.unit for q in quantities}) > 1:
        return None
    if quantities[0].span[0] != 0 or quantities[-1].span[1] != len(text):
        return None
    gaps = [text[a.span[1] : b.span[0]] for a, b in pairwise(quantities)]
    numbers = [re.match(r"[\d.,]*\d", q.surface) for q in quantities]
    symbol = data("values")["unit_symbols"].get(quantities[0].unit)
    if symbol is None or None in numbers or not all(_BY.fullmatch(gap) for gap in gaps):
        return None
    return " x ".join(n.group() for n in numbers if n) + f" {symbol}"


@cache
def _count_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in load_extra("counts", "patterns")["en"]]


def count_number(value: str) -> int | None:
    """The number of a seller's count that is the whole value: a bare number ("2") or an
    English pack size or piece count ("Set of 2", "3pcs/lot"); None for any other value."""
    value = " ".join(value.split())
    if value.isdecimal():
        return int(value)
    for pattern in _count_patterns():
        found = pattern.match(value)
        if found and _COUNT_TAIL.fullmatch(value[found.end() :]):
            return int(found.group("count"))
    return None


def _count(value: str, language: str, kind: str | None = None) -> str | None:
    """A pack size or piece count that is the whole value, in `language` ("Pack of 6"), in
    the wording of the product's `kind` where values.yaml `counts_by_kind` has one."""
    n = None if value.isdecimal() else count_number(value)
    if n is None:
        return None
    values = data("values")
    by_kind = values.get("counts_by_kind", {}).get(kind, {})
    return str(by_kind.get(language) or values["counts"][language]).format(n=n)


def count_line(n: int, language: str, kind: str | None = None) -> str | None:
    """A count of `n` as it stands under its label in an attribute line (values.yaml
    count_lines: "Stückzahl: 2", "入数：2枚" for curtains, not "Stückzahl: 2 Stück"); None in a
    language without a line form."""
    values = data("values")
    by_kind = values.get("count_lines_by_kind", {}).get(kind, {})
    template = by_kind.get(language) or values["count_lines"].get(language)
    return str(template).format(n=n) if template else None


def bare_count(name: str, n: int, language: str, kind: str | None = None) -> str:
    """A count the seller gave as a bare number, worded as a count in `language` by what the
    attribute's `name` counts (values.yaml bare_counts: "Pack Quantity: 50" -> "Pack of 50",
    "Number of Pieces: 12" -> "12 Pieces"), in the wording of the product's `kind` where
    counts_by_kind has one. A bare "50" ended a title ", 50" and read "Anzahl: 50"."""
    values = data("values")
    by_kind = values.get("counts_by_kind", {}).get(kind, {})
    if language in by_kind:
        return str(by_kind[language]).format(n=n)
    style = values["bare_count_styles"].get(name_key(name), "pieces")
    one = values["bare_counts"]["one"].get(language) if style == "pieces" and n == 1 else None
    return str(one or values["bare_counts"][style][language]).format(n=n)


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
    one: "stainless steel" -> "Stainless Steel"; values with digits stay as written but for a
    lower-case first word ("set of 2" -> "Set of 2": the en-US title read "Curtain, Aqua Blue,
    set of 2"), as units after a number are symbols ("500 g", not "500 G")."""
    small = data("titles").get("title_case", {}).get(language)
    if small is None:
        return value
    words = value.split(" ")
    if any(c.isdigit() for c in value):
        first = words[0]
        if first.isalpha() and first.islower():
            return " ".join([first[:1].upper() + first[1:], *words[1:]])
        return value
    return " ".join(
        w if (i and w in small) or not w.islower() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )
