"""A rule set's patterns matched through RE2's filter (the literal strings each pattern needs,
then only the patterns whose strings occur) give what the RE2 set gives, for every scope's
patterns on the policy corpus's dev texts and on texts built to be near misses; the engine asks
the filter for text new to the process and the set for text it has read."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from listingsmith.domain import Draft
from listingsmith.policies import linear
from listingsmith.policies.engine import FILTER_READINGS, PATTERNS_READ, check_policies, rule_set
from listingsmith.policies.linear import pattern_set
from listingsmith.policies.rules import RuleContext
from listingsmith.text.languages import language_of
from listingsmith.text.reader import read

CORPUS = Path(__file__).resolve().parents[2] / "evals" / "data" / "policies" / "dev.jsonl"
LOCALES = ("en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "it-IT", "pl-PL", "ja-JP", "zh-CN")


@cache
def _texts() -> dict[str, list[str]]:
    """The dev corpus's field texts by language, as the reader sees them."""
    out: dict[str, list[str]] = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        language = language_of(case["locale"])
        listing = case["listing"]
        fields = [listing.get("title", ""), *listing.get("bullets", [])]
        fields += [listing.get("description", ""), *listing.get("keywords", [])]
        out.setdefault(language, []).extend(read(t, language).text for t in fields if t)
    return out


@pytest.mark.parametrize("locale", LOCALES)
def test_the_filter_finds_what_the_set_finds(locale: str) -> None:
    patterns = rule_set(locale, "amazon", None).patterns
    assert patterns.patterns, locale  # every scope here has patterns
    texts = list(_texts().get(language_of(locale), []))
    # Near misses: each pattern's own source (its atoms, most likely), and the empty text.
    texts += [*patterns.patterns, "", "free shipping " * 50]
    matched = 0
    for text in texts:
        found = sorted(patterns.matching(text, new=True))
        assert found == sorted(patterns.matching(text)), text
        matched += bool(found)
    assert matched  # some text matched some pattern: the comparison compared something


def test_no_patterns_match_nothing() -> None:
    assert pattern_set(()).matching("anything", new=True) == []


def test_the_engine_asks_the_filter_for_text_read_seldom(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []
    original = linear.PatternSet.matching

    def matching(self: linear.PatternSet, text: str, new: bool = False) -> list[int]:
        asked.append(new)
        return original(self, text, new)

    monkeypatch.setattr(linear.PatternSet, "matching", matching)
    title = "Made in USA kitchen scale, never seen before by this test 7351"
    draft = Draft(title=title, bullets=[], description="", keywords=[])
    context = RuleContext(language="en")
    first, _ = check_policies(draft, "en-US", "amazon", None, context)
    assert PATTERNS_READ in read(title, "en").memo
    assert asked[0] is True  # the title, new: the filter
    for _ in range(FILTER_READINGS - 1):
        asked.clear()
        assert check_policies(draft, "en-US", "amazon", None, context)[0] == first
        assert asked[0] is True  # read again, fewer than FILTER_READINGS times: the filter
    asked.clear()
    again, _ = check_policies(draft, "en-US", "amazon", None, context)
    assert asked and not any(asked)  # read FILTER_READINGS times: the set
    assert again == first
