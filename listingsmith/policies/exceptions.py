"""Context exceptions the law itself makes, kept as data on a rule and applied here in one place:
phrases of the listing's own language, and phrases, patterns, attributes or the brand name
around a hit that make it no violation ("organic LED", "dog treats", 绝对值, an EU address)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

import ahocorasick
from pydantic import BaseModel, ConfigDict

from listingsmith.policies.rules import FOLD_CACHE_CHARS, Hit, RuleContext, fold
from listingsmith.text.reader import read

# Key of the per-language phrase lists kept beside the flattened `phrases` of a rule's params.
BY_LANGUAGE = "phrases_by_language"
# Phrases under this key apply whatever the listing's language ("CO2-neutral", "#1"); the same
# key as policies.matching's per-language phrases.
ANY_LANGUAGE = "*"
# Sentence ends: . ! ? (before a space or the end: not "99.9"), their full-width forms, line breaks.
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[。！？\n]")
# How far around a hit the reader reads the text for exceptions: more than a sentence of a
# listing, so a statement lifting the hit's sentence is seen.
READ_AROUND = 500
# Attribute values an exception pattern was tried on, remembered (a seller's address or
# material repeats on every line of its catalogue; some patterns, the EU countries' alternation,
# cost tens of microseconds a value). Seller text: bounded.
ATTRIBUTE_MATCHES = 16_384
# Texts whose exception spans are remembered (_excepted), each per rule: a rule that fires on a
# field again (the same text in another listing or locale, or read again around its hits) finds
# them without the patterns' scans, Python regular expressions of tens of microseconds each on a
# product text (the Amazon promotion and contact rules' patterns: 100 to 200 us a text).
EXCEPTED_ENTRIES = 8_192


class Exceptions(BaseModel):
    """When a hit is no violation: it starts inside one of `phrases` or `patterns` (folded
    text, any language), shares its sentence with one of `sentences`, lies inside the brand name
    or the value of one of `values_of`, or the listing has one of `attributes` (its value
    matching the pattern given, if any)."""

    model_config = ConfigDict(extra="forbid")

    phrases: dict[str, list[str]] | list[str] = []
    patterns: list[str] = []
    # A qualifying statement the law recognises lifts every hit of its sentence (40 CFR
    # 152.25(a): "protects the product itself"; 16 CFR 260.12: "check locally").
    sentences: dict[str, list[str]] | list[str] = []
    attributes: dict[str, str | None] = {}
    # Attributes whose values, where the text states them, are no hit: the contact details that
    # GPSR Art. 19 requires in an offer are not a seller's diverting contact details.
    values_of: list[str] = []
    brand: bool = True


def per_language(params: dict[str, Any]) -> dict[str, Any]:
    """Params whose `phrases` are grouped by language, with the groups kept under BY_LANGUAGE
    and `phrases` flattened (every language) for the phrase index."""
    phrases = params.get("phrases")
    groups = phrases.values() if isinstance(phrases, dict) else [phrases or []]
    for items in groups:
        wrong = [p for p in items or [] if not isinstance(p, str)]
        if wrong:  # YAML reads an unquoted "kills 99,9" in a list as two items, one a number
            raise ValueError(f"phrases must be text; quote {wrong!r}")
    if not isinstance(phrases, dict):
        return params
    flat = list(dict.fromkeys(p for items in phrases.values() for p in items or []))
    return {**params, "phrases": flat, BY_LANGUAGE: {k: list(v or []) for k, v in phrases.items()}}


def without_exceptions(
    exceptions: Exceptions, text: str, hits: Iterable[Hit], context: RuleContext
) -> list[Hit]:
    """The hits in `text` that none of a rule's `exceptions` lifts."""
    hits = list(hits)
    if not hits:
        return hits
    if _lifted_by_attribute(exceptions.attributes, context.attributes):
        return []
    if all(start == end for (start, end), _ in hits):
        return hits  # missing disclosures: a zero-width span is never covered (_Covers)
    around, brands = _covering_spans(exceptions, text, context, [hit[0] for hit in hits])
    if not around and not brands:
        return hits
    around_index, brand_index = _Covers(around), _Covers(brands)
    return [
        hit
        for hit in hits
        if not (around_index.reaches(hit[0], starts_only=True) or brand_index.reaches(hit[0]))
    ]


class _Covers:
    """Spans sorted by start with the furthest end so far: whether one covers a hit is a
    binary search, so many hits and many exceptions stay n log n."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach: list[int] = []
        furthest = -1
        for _, end in spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def reaches(self, span: tuple[int, int], starts_only: bool = False) -> bool:
        """Whether a span starts at or after some cover's start and ends (or, with
        `starts_only`, starts) before that cover's end. Zero-width spans (a missing
        disclosure) are never covered."""
        start, end = span
        index = bisect_right(self.starts, start) - 1
        if start == end or index < 0:
            return False
        return self.reach[index] > start if starts_only else self.reach[index] >= end


def _lifted_by_attribute(wanted: dict[str, str | None], attributes: dict[str, str]) -> bool:
    for name, pattern in wanted.items():
        value = attributes.get(name.lower())
        if value and (pattern is None or _attribute_matches(pattern, str(value))):
            return True
    return False


@lru_cache(maxsize=ATTRIBUTE_MATCHES)
def _attribute_matches(pattern: str, value: str) -> bool:
    """Whether an exception's pattern occurs in an attribute's value (remembered per pair)."""
    return _compiled(pattern).search(value) is not None


def _covering_spans(
    exceptions: Exceptions, text: str, context: RuleContext, hits: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of the text that an exception phrase, sentence or pattern occupies (a hit starting
    inside one is lifted: "dog treats", "No. 1 Phillips"), found in the folded text and in the
    text as a reader sees it (Traditional 絕對值 is 绝对值, a zero-width space or half-width
    katakana do not hide an exception), and those of the brand name and the `values_of`
    attributes (a hit wholly inside one is lifted). The reader reads only the text around the
    hits (READ_AROUND characters each side), so 1 MB with a few hits is not read twice."""
    view = fold(text)
    spans = _excepted(exceptions, view)
    # The windows are read only where there is an exception phrase or pattern to find in them.
    if exceptions.phrases or exceptions.sentences or exceptions.patterns:
        for start, end in _windows(hits, len(text)):
            reading = read(text[start:end], context.language)
            if reading.text != view[start:end]:
                mapped = (reading.span(a, b) for a, b in _excepted(exceptions, reading.text))
                spans += [(start + a, start + b) for a, b in mapped]
    names = [context.brand] if exceptions.brand and context.brand else []
    names += [context.attributes.get(n.lower()) or "" for n in exceptions.values_of]
    brands = [span for name in names if name for span in _occurrences(view, fold(name))]
    return spans, brands


def _windows(hits: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches of text within READ_AROUND characters of a hit, overlapping ones merged."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(hits):
        start, end = max(0, start - READ_AROUND), min(length, end + READ_AROUND)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _excepted(exceptions: Exceptions, view: str) -> list[tuple[int, int]]:
    """Spans of `view` inside an exception phrase or pattern, or a sentence that holds one of
    the exception's statements (every occurrence of each, overlapping ones too); remembered per
    Exceptions object and text up to FOLD_CACHE_CHARS (see EXCEPTED_ENTRIES)."""
    if len(view) > FOLD_CACHE_CHARS:
        return _scanned(exceptions, view)
    key = (id(exceptions), view)
    found = _EXCEPTED.get(key)
    if found is not None and found[0] is exceptions:
        return list(found[1])
    spans = _scanned(exceptions, view)
    if len(_EXCEPTED) >= EXCEPTED_ENTRIES:
        _EXCEPTED.clear()
    _EXCEPTED[key] = (exceptions, tuple(spans))
    return spans


# _excepted's spans by (id of the Exceptions object, text), with the object (so a freed id is
# never mistaken for a live one). Seller text: bounded, cleared when full.
_EXCEPTED: dict[tuple[int, str], tuple[Exceptions, tuple[tuple[int, int], ...]]] = {}


def _scanned(exceptions: Exceptions, view: str) -> list[tuple[int, int]]:
    """_excepted's spans, looked for."""
    phrases, statements_of = _automata(exceptions)
    spans = _found(phrases, view)
    statements = [start for start, _ in _found(statements_of, view)]
    if statements:
        ends = [found.start() for found in _SENTENCE_END.finditer(view)]
        spans += [_sentence(ends, len(view), at) for at in statements]
    for pattern in exceptions.patterns:
        spans += [found.span() for found in _compiled(pattern).finditer(view)]
    return spans


# The automata of each rule's exceptions (pack data: one entry per rule's Exceptions object,
# kept beside it so a freed id is never mistaken for a live one).
_AUTOMATA: dict[int, tuple[Exceptions, tuple[Any, Any]]] = {}


def _automata(exceptions: Exceptions) -> tuple[Any, Any]:
    """One Aho-Corasick automaton of the exception's phrases and one of its statements, folded
    (fold), built once per Exceptions object: a text is read once for all of them (a rule has
    up to 133 phrases, each was folded and looked for on every call). None where there are
    none."""
    found = _AUTOMATA.get(id(exceptions))
    if found is None or found[0] is not exceptions:
        automata = (_automaton(exceptions.phrases), _automaton(exceptions.sentences))
        found = _AUTOMATA[id(exceptions)] = (exceptions, automata)
    return found[1]


def _automaton(phrases: dict[str, list[str]] | list[str]) -> Any:
    folded = {fold(phrase) for phrase in _all(phrases)} - {""}
    if not folded:
        return None
    automaton = ahocorasick.Automaton()
    for phrase in folded:
        automaton.add_word(phrase, len(phrase))
    automaton.make_automaton()
    return automaton


def _found(automaton: Any, view: str) -> list[tuple[int, int]]:
    """Every occurrence of the automaton's phrases in `view` (what str.find from each
    occurrence's start on finds, for each phrase)."""
    if automaton is None:
        return []
    return [(last + 1 - length, last + 1) for last, length in automaton.iter(view)]


def _all(phrases: dict[str, list[str]] | list[str]) -> list[str]:
    """Every phrase, whatever its language."""
    if isinstance(phrases, dict):
        return [p for items in phrases.values() for p in items]
    return list(phrases)


def _sentence(ends: list[int], length: int, at: int) -> tuple[int, int]:
    """The span of the sentence around offset `at`, given the offsets of sentence ends."""
    index = bisect_right(ends, at)
    start = ends[index - 1] + 1 if index else 0
    return start, ends[index] if index < len(ends) else length


def _occurrences(text: str, phrase: str) -> Iterable[tuple[int, int]]:
    """Every occurrence of a phrase (str.find: linear in the text)."""
    if not phrase:
        return
    start = text.find(phrase)
    while start >= 0:
        yield start, start + len(phrase)
        start = text.find(phrase, start + 1)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A pattern of pack data (finite), compiled once; matched case-insensitively."""
    return re.compile(pattern, re.IGNORECASE)
