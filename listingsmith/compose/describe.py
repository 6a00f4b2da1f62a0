"""The fallback description: sentences built from the attributes by kind with describe.yaml's
templates per language ("Rührschüssel von Kitchen Craft mit 11,5 cm Durchmesser und 0,3 l
Fassungsvermögen."), the facts no template takes in a list ("Produktdetails – Muster: ...")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from listingsmith.compose.agreement import agreed
from listingsmith.compose.facts import Fact, brand_of, rendered_facts, title_noun
from listingsmith.compose.lexicon import data, is_known, is_named, product_kind
from listingsmith.domain import Attribute, Product
from listingsmith.text.languages import language_of

# A measure: a number with a unit after it (letters, or the inch and foot marks).
_MEASURE = re.compile(r"\d.*(?:[^\W\d_]|[\"'″′])")
_LETTER = re.compile(r"[^\W\d_]")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
# A phrase's placeholders ("{value} scent"), and the end of a value that no phrase reads well
# after: punctuation that is no closing quotation mark.
_PLACEHOLDER = re.compile(r"\{[a-z]+\}")
_ENDS_BADLY = re.compile(r"[^\w\s»“”」'\"]$")


def compose_description(
    product: Product,
    attributes: list[Attribute],
    noun: str | None,
    locale: str,
    *,
    limit: int | None = None,
    category: str | None = None,
) -> str:
    """The opening (noun by brand) and the facts in sentences, the rest in the list form, in
    the wording of the product's kind (its taxonomy `category`'s: "de couleur rouge" for a
    sauce, "coloris rouge" for a curtain); facts are left off the end while the text is longer
    than `limit` characters."""
    language = language_of(locale)
    style = kind_style(data("describe")["languages"][language], product_kind(category))
    style = {**style, "language": language}
    facts = rendered_facts(product, attributes, locale, category)
    opening = _opening(product, attributes, noun, language, style)
    while True:
        text = described(opening, facts, style)
        if limit is None or len(text) <= limit or not facts:
            return text if limit is None else text[:limit]
        facts = facts[:-1]


def kind_style(style: Mapping[str, Any], kind: str | None) -> Mapping[str, Any]:
    """The language's style with the phrases of its `by_kind` wording for `kind` in place of
    the default ones, in every group that has a phrase for the attribute."""
    phrases = style.get("by_kind", {}).get(kind) if kind else None
    if not phrases:
        return style
    sentences = [[_kind_group(group, phrases) for group in groups] for groups in style["sentences"]]
    return {**style, "sentences": sentences}


def _kind_group(group: Mapping[str, Any], phrases: Mapping[str, Any]) -> Mapping[str, Any]:
    """`group` with the kind's phrases for its attributes; a phrase given as {phrase, before}
    also sets the group's `before` (en ", red in color" after the opening, not " in Red"), and
    one given as {phrase, agrees} the noun its value agrees with (fr "de couleur noire")."""
    found = {k: v for k, v in phrases.items() if k in group["items"]}
    befores = [v["before"] for v in found.values() if isinstance(v, Mapping) and "before" in v]
    items = {k: v["phrase"] if isinstance(v, Mapping) else v for k, v in found.items()}
    nouns = {k: v["agrees"] for k, v in found.items() if isinstance(v, Mapping) and "agrees" in v}
    changed = {**group, "items": {**group["items"], **items}}
    if nouns:
        changed = {**changed, "agrees": {**group.get("agrees", {}), **nouns}}
    return {**changed, "before": befores[0]} if befores else changed


def _opening(
    product: Product,
    attributes: list[Attribute],
    noun: str | None,
    language: str,
    style: Mapping[str, Any],
) -> str:
    """Noun by brand; the generic noun (or the language's `unnamed` wording) when unknown."""
    brand = brand_of(product, attributes)
    named = title_noun(product, attributes, noun, language)
    templates = style if named or "unnamed" not in style else style["unnamed"]
    named = named or data("nouns")["generic"][language]
    template = templates["made_by"] if brand else templates["noun_only"]
    return template.format(noun=named, brand=brand)


def described(opening: str, facts: list[Fact], style: Mapping[str, Any]) -> str:
    """The sentences of `style` from `opening` and `facts`, then the list of the facts that no
    template took; a fact whose value the opening says already is not said again ("Traje de
    baño de hombre para hombre", "Camiseta de BONJEAN ... Modelo BONJEAN")."""
    left = [f for f in facts if not said_in(f.value, opening)]
    sentences: list[str] = []
    for index, groups in enumerate(style["sentences"]):
        text = opening if index == 0 else ""
        for group in groups:
            taken = [f for f in left if _takes(group, f)]
            if not taken:
                continue
            left = [f for f in left if f not in taken]
            said = _phrase(group, taken, style.get("language"))
            text += (group.get("before", "") if text else "") + said
        if text:
            sentences.append(text if index == 0 else _capitalised(text, style))
    if left:
        separator = style["separator"]
        lines = style["facts"].join(f"{f.label}{separator}{f.listed}" for f in left)
        sentences.append(style["intro"] + lines)
    return style["space"].join(s + style["stop"] for s in sentences)


def said_in(value: str, text: str) -> bool:
    """Whether `text` says `value` (a value with a letter) as whole words, case aside; in a
    script without spaces, anywhere."""
    if not _LETTER.search(value):
        return False
    if _UNSPACED.search(value):
        return value in text
    return re.search(rf"(?<!\w){re.escape(value.casefold())}(?!\w)", text.casefold()) is not None


def _takes(group: Mapping[str, Any], fact: Fact) -> bool:
    """Whether the group has a phrase for the fact and the fact's value meets its conditions
    (`known`: a known term, or a name of the seller's, quoted: fr "parfum « Orchards »")."""
    if fact.name not in group["items"] or fact.value.lower() in group.get("except", ()):
        return False
    measure = group.get("measure")
    if measure and (measure is True or fact.name in measure) and not _MEASURE.search(fact.value):
        return False
    if group.get("words") and not _LETTER.search(fact.value):
        return False
    source = fact.source or fact.value
    if not group.get("known") or is_known(fact.name, source):
        return True
    return is_named(fact.name, source) and _fits(group["items"][fact.name], fact.value)


def _fits(phrase: str, value: str) -> bool:
    """Whether a name of the seller's reads well in `phrase`: it ends in a letter, digit or
    quotation mark and says none of the phrase's own words ("Fresh Citrus scent scent",
    "Sweet & Spicy, flavor" stay in the list form)."""
    if not value or _ENDS_BADLY.search(value):
        return False
    words = _PLACEHOLDER.sub(" ", phrase).split()
    return not any(len(word) > 2 and said_in(word, value) for word in words)


def _phrase(group: Mapping[str, Any], facts: list[Fact], language: str | None = None) -> str:
    """The group's phrases for `facts`; a value after a noun it agrees with (the group's
    `agrees`: fr "de couleur noire", "teinte noire") in that noun's gender (agreement.yaml)."""
    phrases = []
    for f in facts:
        noun = group.get("agrees", {}).get(f.name)
        value = agreed(f.value, noun, language) if noun and language else f.value
        phrases.append(
            group["items"][f.name].format(value=value, label=f.label, lower=value.lower())
        )
    joined = phrases[0]
    if len(phrases) > 1:
        joined = group.get("comma", ", ").join(phrases[:-1]) + group["and"] + phrases[-1]
    return group.get("lead", "") + joined


def _capitalised(text: str, style: Mapping[str, Any]) -> str:
    return text[:1].upper() + text[1:] if style["capitalise"] else text
