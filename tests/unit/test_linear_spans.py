"""Pack patterns' spans are character offsets of the text, whatever its script: the text is
searched as UTF-8 bytes once, and the offsets are counted back."""

from __future__ import annotations

import re

from listingsmith.policies.linear import compile_linear


def _python_spans(pattern: str, text: str) -> list[tuple[int, int]]:
    """Python's re on the same pattern (its lookarounds are the ones linear translates)."""
    return [m.span() for m in re.finditer(pattern, text)]


def test_spans_are_character_offsets_in_any_script() -> None:
    pattern = r"(?<![0-9.])(?:100\s?%|百分之百)(?:无|不|有效)"
    text = "𝔸é 100%无频闪, 百分之百有效 和 100 %不 漏水" * 3
    assert list(compile_linear(pattern).spans(text)) == _python_spans(pattern, text)


def test_adjacent_matches_with_guards_are_all_found() -> None:
    pattern = r"(?<![a-zé])best(?![a-zé])"
    text = "best best,bestbest ébest best-é best"
    assert list(compile_linear(pattern).spans(text)) == _python_spans(pattern, text)


def test_many_hits_in_a_long_text_read_it_once() -> None:
    text = "最好 " * 50_000 + "全国销量第1"
    found = list(compile_linear(r"(?:全国|行业)\s?(?:销量)?第\s?[1一]").spans(text))
    assert found == [(len(text) - 6, len(text))]
    many = list(compile_linear("最好").spans(text))
    assert len(many) == 50_000 and many[-1] == (3 * 49_999, 3 * 49_999 + 2)
