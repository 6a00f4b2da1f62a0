"""Training pairs from reviewers' work: the translation memory's approved and edited
translations, for `listingsmith train translate --from-reviews`."""

from __future__ import annotations

from listingsmith.storage.memory import TranslationMemory, normalised
from listingsmith.training.trainer import Example
from listingsmith.training.translation import example


def reviewed_pairs(memory: TranslationMemory, tenant: str | None) -> list[tuple[str, str, str]]:
    """(english, target, language) of every remembered translation (one tenant's, or all):
    reviewer edits first, then approvals, newest first; one pair per English text and language
    (the first in that order), whatever its whitespace."""
    seen: set[tuple[str, str]] = set()
    out = []
    for entry in memory.pairs(tenant):
        key = (normalised(entry.source), entry.language)
        if key not in seen:
            seen.add(key)
            out.append((entry.source, entry.target, entry.language))
    return out


def review_examples(memory: TranslationMemory, tenant: str | None) -> list[Example]:
    """The translate adapter's examples from reviewed_pairs (source "reviews")."""
    return [
        example(language, english, target, "reviews")
        for english, target, language in reviewed_pairs(memory, tenant)
    ]
