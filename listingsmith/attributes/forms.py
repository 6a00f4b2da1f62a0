"""The form a category's sellers and annotators write a value in (forms.yaml, built from the
train splits by evals.build_forms): a value read from the text in a form they never write
("Men's" where a category's gold always says "Men") is written in their usual form of the same
canonical value (canonical.py); a form they do write is kept as the text has it. Values with
digits are never rewritten: quantities are written as the text writes them ("12 Ounce" stays),
and only the evidence span keeps what the text said."""

from __future__ import annotations

from functools import cache
from typing import Any

from listingsmith.attributes.canonical import canonical_value
from listingsmith.attributes.vocabulary import normalize_value
from listingsmith.domain import Attribute
from listingsmith.lexicons import load_data

FORMS_FILE = "forms.yaml"
# The sources whose values are read from the text: a seller's field and an inferred value
# (the closed-set classifier answers in its set's own form) are never rewritten.
READ_SOURCES = frozenset({"text", "text-tagger", "text-model"})


@cache
def _forms() -> dict[str, Any]:
    raw = load_data(__package__, FORMS_FILE, optional=True) or {}
    return {"names": raw.get("names") or {}, "categories": raw.get("categories") or {}}


@cache
def _canonical(value: str) -> str:
    return canonical_value(value)


def _entry(value: str, name: str, category: str | None) -> dict[str, Any] | None:
    """The known forms of `value`'s canonical form for `name`: the category's, else the
    name's over every category."""
    forms, key, canonical = _forms(), name.lower(), _canonical(value)
    in_category = forms["categories"].get((category or "").lower(), {}).get(key, {})
    if canonical in in_category:
        return in_category[canonical]
    return forms["names"].get(key, {}).get(canonical)


def preferred_form(value: str, name: str, category: str | None = None) -> str:
    """`value` in the form written for `name` (in `category`) when the text's form is one they
    never write; else `value` unchanged."""
    if any(ch.isdigit() for ch in value):
        return value
    entry = _entry(value, name, category)
    if entry is None or normalize_value(value) in entry["forms"]:
        return value
    return str(entry["preferred"])


def in_preferred_forms(attributes: list[Attribute], category: str | None) -> list[Attribute]:
    """The attributes, each value read from the text in its preferred form (the evidence keeps
    the text's own words)."""
    out = []
    for attribute in attributes:
        if attribute.source in READ_SOURCES:
            value = preferred_form(attribute.value, attribute.name, category)
            if value != attribute.value:
                attribute = attribute.model_copy(update={"value": value})
        out.append(attribute)
    return out
