"""Find lexicon terms (colours, materials): word-bounded in spaced scripts, substring in CJK."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from listingsmith.lexicons import surface_forms
from listingsmith.text.quantities import normalize

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class TermMatch:
    """A lexicon term found in a text."""

    canonical: str
    surface: str
    span: tuple[int, int]


def terms_pattern(forms: Iterable[str], stems: bool = False) -> re.Pattern[str]:
    """One case-insensitive pattern for all `forms`, longest first; word-bounded except in CJK;
    with `stems`, only at the start ("blau" finds the inflected "Blaues"); a form that starts or
    ends with punctuation ("English:") is not bounded there."""
    parts = []
    for form in sorted(forms, key=len, reverse=True):
        escaped = re.escape(form)
        if not _CJK.search(form):
            start = r"(?<!\w)" if form[0].isalnum() else ""
            end = "" if stems or not form[-1].isalnum() else r"(?!\w)"
            escaped = f"{start}{escaped}{end}"
        parts.append(escaped)
    return re.compile("|".join(parts), re.IGNORECASE)


@cache
def _pattern(lexicon: str, language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    forms = surface_forms(lexicon, language)
    return terms_pattern(forms), forms


def find_terms(text: str, lexicon: str, language: str) -> list[TermMatch]:
    """Every surface form of `lexicon` in `language` found in `text` (NFKC, case-insensitive)."""
    pattern, forms = _pattern(lexicon, language)
    if not forms:
        return []
    text = normalize(text)
    return [
        TermMatch(forms[m.group().lower()], m.group(), m.span()) for m in pattern.finditer(text)
    ]
