"""Context exceptions the law itself makes, kept as data on a rule and applied here in one place:
phrases of the listing's own language, and phrases, patterns, attributes or the brand name
around a hit that make it no violation ("organic LED", "dog treats", 绝对值, an EU address)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from listingsmith.policies.rules import Hit, RuleContext, fold

if TYPE_CHECKING:
    from listingsmith.policies.packs import Rule

# Key of the per-language phrase lists kept beside the flattened `phrases` of a rule's params.
BY_LANGUAGE = "phrases_by_language"
# Phrases under this key apply whatever the listing's language ("CO2-neutral", "#1"); the same
# key as policies.matching's per-language phrases.
ANY_LANGUAGE = "*"


class Exceptions(BaseModel):
    """When a hit is no violation: it lies inside one of `phrases` or `patterns` (folded text,
    any language), inside the brand name, or the listing has one of `attributes` (its value
    matching the pattern given, if any)."""

    model_config = ConfigDict(extra="forbid")

    phrases: dict[str, list[str]] | list[str] = []
    patterns: list[str] = []
    attributes: dict[str, str | None] = {}
    brand: bool = True


def per_language(params: dict[str, Any]) -> dict[str, Any]:
    """Params whose `phrases` are grouped by language, with the groups kept under BY_LANGUAGE
    and `phrases` flattened (every language) for the phrase index."""
    phrases = params.get("phrases")
    if not isinstance(phrases, dict):
        return params
    flat = list(dict.fromkeys(p for items in phrases.values() for p in items or []))
    return {**params, "phrases": flat, BY_LANGUAGE: {k: list(v or []) for k, v in phrases.items()}}


def localized_params(rule: Rule, language: str) -> dict[str, Any]:
    """The rule's params for a listing in `language`: only that language's phrases and the
    language-neutral ones (a language the pack does not cover gets its coverage warning)."""
    groups = rule.params.get(BY_LANGUAGE)
    if not groups:
        return rule.params
    found = rule._localized.get(language)
    if found is None:
        phrases = [*groups.get(language, []), *groups.get(ANY_LANGUAGE, [])]
        found = rule._localized.setdefault(language, {**rule.params, "phrases": phrases})
    return found


def without_exceptions(
    rule: Rule, text: str, hits: Iterable[Hit], context: RuleContext
) -> list[Hit]:
    """The hits of `rule` in `text` that no exception of the rule lifts."""
    hits = list(hits)
    if not hits:
        return hits
    exceptions = rule.exceptions
    if _lifted_by_attribute(exceptions.attributes, context.attributes):
        return []
    covers = _covering_spans(exceptions, text, context)
    if not covers:
        return hits
    return [hit for hit in hits if not _inside(hit[0], covers)]


def _lifted_by_attribute(wanted: dict[str, str | None], attributes: dict[str, str]) -> bool:
    for name, pattern in wanted.items():
        value = attributes.get(name.lower())
        if value and (pattern is None or _compiled(pattern).search(str(value))):
            return True
    return False


def _covering_spans(
    exceptions: Exceptions, text: str, context: RuleContext
) -> list[tuple[int, int]]:
    """Spans of the text that an exception phrase, pattern or the brand name occupies."""
    view = fold(text)
    phrases = exceptions.phrases
    if isinstance(phrases, dict):
        phrases = [p for items in phrases.values() for p in items]
    wanted = list(phrases)
    if exceptions.brand and context.brand:
        wanted = [*wanted, context.brand]
    spans = [span for phrase in wanted for span in _occurrences(view, fold(phrase))]
    for pattern in exceptions.patterns:
        spans += [found.span() for found in _compiled(pattern).finditer(view)]
    return spans


def _occurrences(text: str, phrase: str) -> Iterable[tuple[int, int]]:
    """Every occurrence of a phrase (str.find: linear in the text)."""
    if not phrase:
        return
    start = text.find(phrase)
    while start >= 0:
        yield start, start + len(phrase)
        start = text.find(phrase, start + 1)


def _inside(span: tuple[int, int], covers: list[tuple[int, int]]) -> bool:
    start, end = span
    if start == end:  # a missing disclosure (at the end of the text) is not inside a phrase
        return False
    return any(a <= start and end <= b for a, b in covers)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A pattern of pack data (finite), compiled once; matched case-insensitively."""
    return re.compile(pattern, re.IGNORECASE)
