"""A fibre composition stated in the text however it is written: "60% cotton, 40% polyester" is
stated by "Cotton 60 % / Polyester 40 %" or "60 % Cotton, 40 % Polyester" (16 CFR 303.16(a)
and Regulation (EU) No 1007/2011 Art. 16 ask for each fibre with its share, not one spelling).

With `names: annex_i` (the EU packs), the composition must be stated in the listing's language
(1007/2011 Art. 16(3)): each share beside an Annex I name of its fibre in that language, and
what is appended is the composition written so (policies.fibre_names), never the seller's
words; a composition with a name not known in that language goes to a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from listingsmith.lexicons import label_separator
from listingsmith.policies.fibre_names import (
    ANNEX_I,
    by_weight,
    fibre_names_in,
    render,
    statements_in,
)
from listingsmith.policies.placeholders import stated
from listingsmith.text.reader import read

if TYPE_CHECKING:  # rules registers this kind: a runtime import would be circular
    from listingsmith.policies.rules import Hit, RuleContext

# The parts of a composition ("60% cotton, 40% polyester"; "cotton 60 % / elastane 40 %").
_PARTS = re.compile(r"[,;/+\n]|\s(?:and|und|et|y|e|en|i|och|og)\s")
_SHARE = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{1,2})?\s?%")
_WORD = re.compile(r"[^\W\d_]{3,}")
# What may stand between a share and its fibre's name: a colon, one short word ("60 % of
# cotton", "60 % de coton"); between a name and its share, a colon or dash ("Cotton: 60 %").
_SHARE_NAME = r"[\s:]{0,3}(?:[^\W\d_]{1,3}\s{1,2})?"
_NAME_SHARE = r"[\s:=-]{0,3}"
# Compositions are seller data: their patterns are cached, bounded.
COMPOSITION_CACHE = 1024


def composition_disclosure(
    text: str, params: dict[str, Any], context: RuleContext
) -> Iterator[Hit]:
    """required_disclosure, where an attribute giving shares of fibres counts as stated when the
    text gives every share beside its fibre's name, in any order, case or spacing."""
    from listingsmith.policies.rules import required_disclosure  # registered by rules

    annex_i = params.get("names") == ANNEX_I
    for item in params["items"]:
        value = next(
            (context.attributes[n.lower()] for n in item["attributes"] if _stated(context, n)),
            None,
        )
        if value is not None and annex_i:
            yield from _in_language(text, item, str(value), context.language)
            continue
        if value is not None and shares_stated(str(value), text, context.language):
            continue
        if value is not None:  # appended in order of predominance, in the seller's names
            ordered = {n.lower(): by_weight(str(value)) for n in item["attributes"]}
            context = replace(context, attributes={**context.attributes, **ordered})
        yield from required_disclosure(text, {**params, "items": [item]}, context)


def _in_language(text: str, item: dict[str, Any], value: str, language: str) -> Iterator[Hit]:
    """The composition in the listing's language: nothing where the text states it so, else the
    line to append; a person where a name has no Annex I name known in the language."""
    labels = item["label"] if isinstance(item["label"], dict) else {"en": item["label"]}
    rendered = render(value, language)
    end = (len(text), len(text))
    if rendered.text is None:
        names = ", ".join(f'"{name}"' for name in rendered.unknown)
        known = f"with Annex I fibre names in '{language}' (none known for {names})"
        missing = f"{labels['en']} {known}"
        yield end, {"missing": missing, "_fixable": False}
    elif not shares_stated(value, text, language, annex_i=True):
        label = labels.get(language, labels["en"])
        line = f"{label}{label_separator(language)}{rendered.text}."
        yield end, {"missing": labels["en"], "_append": line}


def _stated(context: RuleContext, name: str) -> bool:
    return stated(context.attributes.get(name.lower()))


def shares_stated(value: str, text: str, language: str, annex_i: bool = False) -> bool:
    """Whether every part of a composition with a share ("60% cotton") is in the text, its share
    beside its fibre's name (both as a reader sees them); a value without shares is never
    stated this way. With `annex_i`, the name must be an Annex I name of the fibre in
    `language` ("60 % Baumwolle" states "60% cotton" in German, "60% cotton" does not) and a
    part without a share is stated by its name alone; a fibre not known is never stated."""
    if annex_i:
        patterns = _localized_patterns(value, language)
    else:
        patterns = _share_patterns(read(value, language).text)
    if not patterns:
        return False
    seen = read(text, language).text
    return all(pattern.search(seen) for pattern in patterns)


@lru_cache(maxsize=COMPOSITION_CACHE)
def _localized_patterns(value: str, language: str) -> tuple[re.Pattern[str], ...]:
    """One pattern per part of a composition: its share (either decimal mark) near one of its
    fibre's names in `language`, either order, or the name alone for a part without a share,
    and Art. 12(1)'s statement in the language's words where the value makes it; none where a
    part's fibre has no name there."""
    found = []
    for share, names in fibre_names_in(value, language):
        if not names:
            return ()
        words = "|".join(re.escape(read(name, language).text) for name in names)
        if share is None:
            found.append(re.compile(rf"(?<!\w)(?:{words})(?!\w)"))
            continue
        digits = r"[.,]".join(re.escape(d) for d in re.split(r"[.,]", share))
        number = rf"(?<![\d.,]){digits}\s?%"
        found.append(
            re.compile(rf"{number}{_SHARE_NAME}(?:{words})|(?<!\w)(?:{words}){_NAME_SHARE}{number}")
        )
    # Art. 12(1): "contains non-textile parts of animal origin", in the language's words.
    statements = statements_in(value, language)
    if not all(statements):  # the language has no words for it: never stated
        return ()
    found += [re.compile(re.escape(read(s, language).text)) for s in statements]
    return tuple(found)


@lru_cache(maxsize=COMPOSITION_CACHE)
def _share_patterns(value: str) -> tuple[re.Pattern[str], ...]:
    """One pattern per part of a composition: its share near its fibre's first name, either
    order; none where a part has no share or no name."""
    found = []
    for part in _PARTS.split(value):
        if not part.strip():
            continue
        share, name = _SHARE.search(part), _WORD.search(part)
        if share is None or name is None:
            return ()
        number = r"(?<![\d.,])" + re.escape(share.group().rstrip("%").strip()) + r"\s?%"
        word = re.escape(name.group())
        found.append(re.compile(rf"{number}{_SHARE_NAME}{word}|{word}{_NAME_SHARE}{number}"))
    return tuple(found)
