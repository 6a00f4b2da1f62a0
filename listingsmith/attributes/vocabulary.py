"""Learned attribute knowledge (values.yaml, built from train splits by evals.build_vocabulary):
known values per attribute name, known brands, and how precise each extractor kind was."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from listingsmith.lexicons import load_data
from listingsmith.text.quantities import normalize
from listingsmith.text.spans import Span
from listingsmith.text.terms import terms_pattern

VOCABULARY_FILE = "values.yaml"
_EDGE_PUNCTUATION = " \t\"'.,;:!?()[]{}|*"


def normalize_value(value: str) -> str:
    """A value as compared: NFKC, case-folded, one space between words, no edge punctuation."""
    folded = " ".join(unicodedata.normalize("NFKC", value).casefold().split())
    return folded.strip(_EDGE_PUNCTUATION)


@dataclass(frozen=True)
class Vocabulary:
    """Per attribute name (lower-case): the train precision of each extractor kind (also per
    category, lower-case, where measured) and of each known value; known brands' precision."""

    kinds: dict[str, dict[str, float]]
    category_kinds: dict[str, dict[str, dict[str, float]]]
    values: dict[str, dict[str, float]]
    brands: dict[str, float]


@cache
def vocabulary() -> Vocabulary:
    """The shipped vocabulary (empty parts when the file has not been built)."""
    raw = load_data(__package__, VOCABULARY_FILE, optional=True) or {}
    return Vocabulary(
        raw.get("kinds") or {},
        raw.get("category_kinds") or {},
        raw.get("values") or {},
        raw.get("brands") or {},
    )


@cache
def _pattern(forms: frozenset[str]) -> re.Pattern[str]:
    return terms_pattern(forms)


def inside_number(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] starts or ends inside a number: "5 M US" in "5.5 M US", "2-TB" in
    "1.2-TB", "24" in "24,000" (a decimal point or thousands separator joins digits)."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    return bool(
        (start < end and text[start].isdigit() and _NUMBER_BEFORE.fullmatch(before))
        or (start < end and text[end - 1].isdigit() and _NUMBER_AFTER.fullmatch(after))
    )


_NUMBER_BEFORE = re.compile(r"\d[.,]")
_NUMBER_AFTER = re.compile(r"[.,]\d")


def find_known(text: str, known: dict[str, float]) -> list[tuple[Span, float]]:
    """Every known value in `text` (case-insensitive, word-bounded, never a part of a number)
    with its precision."""
    if not known:
        return []
    text = normalize(text)
    return [
        (Span(m.group(), m.span()), known[normalize_value(m.group())])
        for m in _pattern(frozenset(known)).finditer(text)
        if normalize_value(m.group()) in known and not inside_number(text, *m.span())
    ]
