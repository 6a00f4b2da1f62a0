"""Disclosures the law requires only of some products, decided from the product's data: fibre
composition of a textile (1007/2011 Art. 16, 16 CFR 303.16), warnings of a product that has
them (GPSR Art. 19(d)), which the listing text may state itself; and data an offer shows in a
channel's own field rather than in the listing text (GPSR Art. 19(a)-(b) electronic
addresses)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from listingsmith.policies.compositions import composition_disclosure
from listingsmith.policies.placeholders import stated
from listingsmith.policies.rules import Hit, RuleContext, required_disclosure


def conditional_disclosure(
    text: str, params: dict[str, Any], context: RuleContext
) -> Iterator[Hit]:
    """required_disclosure of `items` (or the kind named by `disclosure`, e.g.
    composition_disclosure), only for a product with one of the `when` attributes (its value
    matching the pattern given; null: any value)."""
    if any(_has(context.attributes, name, pattern) for name, pattern in params["when"].items()):
        wrapped = _CONDITIONAL[params.get("disclosure", "required_disclosure")]
        yield from wrapped(text, params, context)


def required_attributes(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """Data the offer must carry in a field of its own: one of each item's `attributes` must be
    present (else a person supplies it); it is not appended to the text (where, for an e-mail
    address, marketplace rules forbid contact details)."""
    for item in params["items"]:
        if not any(stated(context.attributes.get(name.lower())) for name in item["attributes"]):
            labels = item["label"] if isinstance(item["label"], dict) else {"en": item["label"]}
            yield (len(text), len(text)), {"missing": labels["en"], "_fixable": False}


def disclosure_or_text(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """required_disclosure, where a text that states the item itself in the listing's language
    (`in_text`: a pattern per language, or a list of them, e.g. a labelled warning line or a
    warning's wording) stands
    in for a missing attribute: no "must be supplied" hit then. A match whose group `said` (what
    follows a label) is a placeholder ("see packaging", "n/a") states nothing. An attribute's
    value the text does not carry is still appended; a language without a pattern is never read
    this way."""
    pattern = _one(params["in_text"].get(context.language))
    in_text: bool | None = None  # read only when an item is missing
    for hit in required_disclosure(text, params, context):
        if hit[1].get("_fixable") is False:
            if in_text is None:
                told = context.offer or text  # stated anywhere in the offer a buyer reads
                in_text = pattern is not None and _states(_compiled(pattern), told)
            if in_text:
                continue
        yield hit


def _one(patterns: str | list[str] | None) -> str | None:
    """A language's `in_text`: one pattern, or a list of them (any states the item)."""
    if isinstance(patterns, list):
        return "|".join(f"(?:{p})" for p in patterns) if patterns else None
    return patterns


def _states(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern` finds a statement in `text`: a match without a `said` group, or one
    whose `said` is no placeholder."""
    for match in pattern.finditer(text):
        said = match.groupdict().get("said")
        if said is None or stated(said):
            return True
    return False


def _has(attributes: dict[str, str], name: str, pattern: str | None) -> bool:
    value = attributes.get(name.lower())
    return bool(value) and (pattern is None or _compiled(pattern).search(str(value)) is not None)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# The disclosure kinds a conditional disclosure may name (`disclosure`).
_CONDITIONAL = {
    "required_disclosure": required_disclosure,
    "composition_disclosure": composition_disclosure,
    "disclosure_or_text": disclosure_or_text,
}
