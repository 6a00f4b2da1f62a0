"""A seller's fibre composition written in a listing's language (Regulation (EU) No 1007/2011
Art. 16(3)): each fibre by its Annex I name in that language (fibre_names.yaml), each share in
the language's percent format (CLDR, by Babel), the fibres in descending order of weight
(Art. 9(1)), "other fibres" last (Art. 9(3)), the parts of a multi-component product each with
its own composition (Art. 11).

A value is read part by part ("60% cotton, 40% polyester", "Cotton 60 %/Polyester 40 %",
"shell: 100% nylon; lining: 100% polyester"): every part must be a known name (an Annex I name
in any of the languages, or a seller's synonym such as spandex, rayon, Lycra) with or without
its share. A name that is not known, or known but without a name in the listing's language, is
never written as the seller wrote it: the composition is `unknown` and a person writes it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from itertools import pairwise

from babel.numbers import format_percent

from listingsmith.lexicons import label_separator, load_data

# A share as sellers write it: "60%", "60 %", "42,5 %", "42.5%".
_SHARE = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s?%")
# The parts of one component's composition (a comma between digits is a decimal mark).
_PARTS = re.compile(r"(?<!\d),|,(?!\d)|[/+]|\s(?:and|und|et|y|e|en|i|och|og)\s|\s&\s")
# The components of a composition: split at ";" or a line break, or at a comma before a
# known component's name and a share ("shell 100% polyamide, lining 100% polyester"; not
# "60% wool, cotton 40%").
_SECTIONS = re.compile(r"[;\n]")
_COMMA_BEFORE_NAME = re.compile(r",(?=\s*[^\W\d]+(?:\s+[^\W\d]+){0,2}\s*:?\s*\d)")
# A component's name before its first share, without a colon ("Futter 100 % Viskose").
_NAME_BEFORE_SHARE = re.compile(r"\s*([^\W\d][^:\d]*?)\s+(?=\d)")
# A component's name after its composition, in brackets ("100% cotton (lining)").
_NAME_AFTER = re.compile(r"\(\s*([^\W\d][^()\d]*)\)\s*$")
_STRIP = " \t.:-–—"
# Characters CLDR puts between a number and its percent sign (no-break space, narrow no-break
# space): written as a plain space, as the listing writes every number beside its unit
# (locale.conventions: "17,8 cm").
_CLDR_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
OTHER_FIBRES = "other fibres"
# Art. 12(1)'s statement, read as a component of its own without parts.
ANIMAL_ORIGIN = "animal origin"
# The `names` param of the rules that write and read compositions by these names.
ANNEX_I = "annex_i"
# Compositions are seller data: their readings are cached, bounded; a value longer than
# MAX_COMPOSITION_CHARS is no composition (a label's runs to a few dozen characters) and is
# not read: a person looks at it, shown its first QUOTED_CHARS characters.
COMPOSITION_CACHE = 1024
MAX_COMPOSITION_CHARS = 500
QUOTED_CHARS = 60


@dataclass(frozen=True)
class Part:
    """One part of a composition: its share as written (None without one), the seller's name
    and the fibre it names (None when not known)."""

    share: str | None
    name: str
    fibre: str | None


@dataclass(frozen=True)
class Component:
    """One component's composition: its name as written (None for a product of one component),
    the component it names (None when not known) and its parts."""

    name: str | None
    component: str | None
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Rendered:
    """A composition in a language: the text to write, or what stops it (names not known)."""

    text: str | None
    unknown: tuple[str, ...] = ()


def _key(name: str) -> str:
    """A name as looked up: NFKC, case folded, one space between words."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@cache
def _data() -> dict:
    return load_data(__package__, "fibre_names.yaml")


@cache
def _fibre_of() -> dict[str, str]:
    """Every known name (Annex I names in every language, sellers' synonyms) -> its fibre."""
    data = _data()
    entries = {**data["fibres"], OTHER_FIBRES: data[OTHER_FIBRES]}
    found = {}
    for fibre, entry in entries.items():
        for names in entry["names"].values():
            for name in names:
                found[_key(name)] = fibre
        for name in entry.get("seller", []):
            found[_key(name)] = fibre
    return found


@cache
def _component_of() -> dict[str, str]:
    """Every component name in every language -> its component."""
    return {
        _key(name): component
        for component, entry in _data()["components"].items()
        for names in entry["names"].values()
        for name in names
    }


@cache
def _statement_of() -> dict[str, str]:
    """Art. 12(1)'s statement in every language version -> ANIMAL_ORIGIN."""
    return {_key(n): ANIMAL_ORIGIN for names in _statement_names().values() for n in names}


def _statement_names() -> dict[str, list[str]]:
    return _data()[ANIMAL_ORIGIN]["names"]


def statements_in(value: str, language: str) -> tuple[str, ...]:
    """The statements a composition makes beside its fibres (Art. 12(1)'s "contains non-textile
    parts of animal origin"), each in `language`; "" for one the language has no words for."""
    return tuple(
        _statement_names().get(language, [""])[0]
        for c in read_composition(value)
        if c.component == ANIMAL_ORIGIN
    )


@cache
def languages() -> frozenset[str]:
    """The languages of the table (those of the eu-textile pack): a composition in any other
    language has no Annex I names here."""
    return frozenset(_data()[OTHER_FIBRES]["names"])


def all_names(language: str, annex_i: bool) -> tuple[str, ...]:
    """Every name that states a fibre in `language`: with `annex_i`, the Annex I names the
    language allows ("other fibres" among them); else every known name in any language, sellers'
    synonyms too (16 CFR 303.7's generic names: spandex, rayon)."""
    if not annex_i:
        return tuple(_fibre_of())
    data = _data()
    entries = [*data["fibres"].values(), data[OTHER_FIBRES]]
    return tuple(n for e in entries for n in e.get("names", {}).get(language, ()))


def component_named(name: str) -> bool:
    """Whether a name is a known component's in any language ("shell", "Futter")."""
    return _key(name) in _component_of()


def whole_label(label: str, language: str) -> bool:
    """Whether a label introduces the whole product's composition ("Composition:", "Fabric:"),
    not a component's."""
    return _key(label) in _whole_labels(language)


@lru_cache(maxsize=64)
def _whole_labels(language: str) -> frozenset[str]:
    """The keys of `language`'s whole-composition labels (read once, not per label asked)."""
    return frozenset(_key(n) for n in _data()["whole labels"].get(language, ()))


def names_in(fibre: str, language: str) -> tuple[str, ...]:
    """The names of `fibre` that `language` allows (the first is the one written); none where
    no name in that language is known."""
    data = _data()
    entry = data[OTHER_FIBRES] if fibre == OTHER_FIBRES else data["fibres"].get(fibre, {})
    return tuple(entry.get("names", {}).get(language, ()))


@lru_cache(maxsize=COMPOSITION_CACHE)
def read_composition(value: str) -> tuple[Component, ...]:
    """The components of a composition as the seller wrote it (none of a value too long)."""
    if len(value) > MAX_COMPOSITION_CHARS:
        return ()
    components = []
    for section in (s for piece in _SECTIONS.split(value) for s in _at_components(piece)):
        if not section.strip(_STRIP + ",;"):
            continue
        if _key(section.strip(_STRIP + ",")) in _statement_of():
            components.append(Component(section.strip(_STRIP + ","), ANIMAL_ORIGIN, ()))
            continue
        name, rest = _component_name(section)
        after = _NAME_AFTER.search(rest)
        if name is None and after and _key(after.group(1)) in _component_of():
            name, rest = after.group(1).strip(), rest[: after.start()]
        parts = tuple(_part(text) for text in _PARTS.split(rest) if text.strip(_STRIP))
        component = _component_of().get(_key(name)) if name is not None else None
        components.append(Component(name, component, parts))
    return tuple(components)


def _at_components(piece: str) -> list[str]:
    """A piece split at each comma that a known component's name follows."""
    cuts = [
        found.start()
        for found in _COMMA_BEFORE_NAME.finditer(piece)
        if _component_of().get(_key(_component_name(piece[found.end() :])[0] or ""))
    ]
    edges = [0, *cuts, len(piece)]
    return [piece[a:b].lstrip(",") for a, b in pairwise(edges)]


def _component_name(section: str) -> tuple[str | None, str]:
    """A section's component name (before a colon, or a known component name before the first
    share) and the rest."""
    before, colon, after = section.partition(":")
    if colon and _SHARE.search(after) and not _SHARE.search(before):
        return before.strip(_STRIP), after
    leading = _NAME_BEFORE_SHARE.match(section)
    if leading and _key(leading.group(1)) in _component_of():
        return leading.group(1).strip(_STRIP), section[leading.end() :]
    return None, section


def _part(text: str) -> Part:
    share = _SHARE.search(text)
    name = (text[: share.start()] + " " + text[share.end() :]) if share else text
    name = name.strip(_STRIP + " ")
    fibre = _fibre_of().get(_key(name))
    return Part(share.group(1) if share else None, name, fibre)


@lru_cache(maxsize=COMPOSITION_CACHE)
def render(value: str, language: str) -> Rendered:
    """The composition written in `language`, or the names that stop it (a name not known, a
    fibre or component without a name in that language, a part without any name)."""
    if len(value) > MAX_COMPOSITION_CHARS:
        return Rendered(None, (value[:QUOTED_CHARS] + "…",))
    components = read_composition(value)
    unknown = [
        part.name or value
        for component in components
        for part in component.parts
        if part.fibre is None or not names_in(part.fibre, language)
    ]
    unknown += [
        c.name
        for c in components
        if c.name is not None
        and (c.component is None or not _component_names(c.component, language))
    ]
    parted = [c for c in components if c.component != ANIMAL_ORIGIN]
    if unknown or not parted or any(not c.parts for c in parted):
        return Rendered(None, tuple(dict.fromkeys(unknown)) or (value,))
    separator = label_separator(language)
    # Between components: "; ", with the space before it where the language's typography puts
    # one before a colon (French " ; " as " : ").
    between = " ; " if separator.startswith(" ") else "; "
    written = []
    for component in components:
        if component.component == ANIMAL_ORIGIN:
            written.append(_statement_names()[language][0])
            continue
        parts = ", ".join(_written(part, language) for part in _ordered(component.parts))
        if component.component is not None:
            parts = f"{_component_names(component.component, language)[0]}{separator}{parts}"
        written.append(parts)
    return Rendered(between.join(written))


@lru_cache(maxsize=COMPOSITION_CACHE)
def by_weight(value: str) -> str:
    """A composition in the seller's own names, each component's fibres in order of
    predominance by weight, "other fibers" last (16 CFR 303.16(a)(1), 303.3(a)): "5% spandex,
    95% cotton" -> "95% cotton, 5% spandex". The value as given where there is nothing to
    order: not read as a composition, a part without a share, one fibre only."""
    components = read_composition(value)
    if not components or all(len(c.parts) < 2 for c in components):
        return value
    if any(part.share is None for c in components for part in c.parts):
        return value
    written = []
    for component in components:
        if component.component == ANIMAL_ORIGIN:
            written.append(component.name or "")
            continue
        parts = ", ".join(f"{part.share}% {part.name}" for part in _ordered(component.parts))
        written.append(parts if component.name is None else f"{component.name}: {parts}")
    return "; ".join(written)


def _component_names(component: str, language: str) -> tuple[str, ...]:
    if component == ANIMAL_ORIGIN:
        return tuple(_statement_names().get(language, ()))
    return tuple(_data()["components"][component]["names"].get(language, ()))


def _ordered(parts: tuple[Part, ...]) -> list[Part]:
    """Art. 9(1): the fibres in descending order of weight, "other fibres" last (Art. 9(3));
    the seller's order where a part has no share to order by."""
    if any(part.share is None for part in parts):
        return list(parts)
    return sorted(parts, key=lambda p: (p.fibre == OTHER_FIBRES, -_number(p.share or "0")))


def _number(share: str) -> Decimal:
    try:
        return Decimal(share.replace(",", "."))
    except InvalidOperation:  # the share pattern admits only digits and one mark
        return Decimal(0)


def _written(part: Part, language: str) -> str:
    name = names_in(part.fibre or "", language)[0]
    if part.share is None:
        return name
    return f"{percent(_number(part.share), language)} {name}"


def percent(share: Decimal, language: str) -> str:
    """A share (60 for 60 %) in the language's percent format (CLDR's pattern: "60 %" in
    German and French, "60%" in Italian and English), its decimals as given."""
    written = format_percent(share / 100, locale=language, decimal_quantization=False)
    return written.translate(_CLDR_SPACES)


def fibre_names_in(value: str, language: str) -> list[tuple[str | None, tuple[str, ...]]]:
    """Each part of a composition: its share as written and the names that state its fibre in
    `language` (the seller's own name too, where it is one of them); empty where a part's fibre
    is not known."""
    return [
        (part.share, names_in(part.fibre, language) if part.fibre else ())
        for component in read_composition(value)
        for part in component.parts
    ]
