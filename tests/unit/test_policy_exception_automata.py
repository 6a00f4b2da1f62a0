"""A rule's exception phrases and statements are found by one automaton pass per text
(exceptions._automata): the same spans as looking for each folded phrase with str.find from
every occurrence's start on, overlapping occurrences included."""

from __future__ import annotations

import re
from bisect import bisect_right

import pytest

from listingsmith.policies.exceptions import _SENTENCE_END, Exceptions, _all, _excepted
from listingsmith.policies.packs import load_packs
from listingsmith.policies.rules import fold


def _each_find(text: str, phrase: str) -> list[tuple[int, int]]:
    out, start = [], text.find(phrase) if phrase else -1
    while start >= 0:
        out.append((start, start + len(phrase)))
        start = text.find(phrase, start + 1)
    return out


def reference(exceptions: Exceptions, view: str) -> set[tuple[int, int]]:
    """The spans as found before the automata: phrase by phrase."""
    spans = {s for p in _all(exceptions.phrases) for s in _each_find(view, fold(p))}
    starts = [a for p in _all(exceptions.sentences) for a, _ in _each_find(view, fold(p))]
    ends = [m.start() for m in _SENTENCE_END.finditer(view)]
    for at in starts:
        index = bisect_right(ends, at)
        spans.add(
            (ends[index - 1] + 1 if index else 0, ends[index] if index < len(ends) else len(view))
        )
    for pattern in exceptions.patterns:
        spans |= {m.span() for m in re.finditer(pattern, view, re.IGNORECASE)}
    return spans


RULES = [
    rule
    for pack in load_packs()
    for rule in pack.rules
    if _all(rule.exceptions.phrases) or _all(rule.exceptions.sentences)
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_exception_spans_are_those_of_each_phrase_found_alone(rule) -> None:
    exceptions = rule.exceptions
    words = [fold(p) for p in (*_all(exceptions.phrases), *_all(exceptions.sentences))]
    texts = [
        " ".join(words),
        ". ".join(words[::-1]) + "!",
        "".join(words),  # run together: occurrences overlap and nest
        "nothing of the kind here.",
        "",
    ]
    for view in texts:
        found = _excepted(exceptions, view)
        assert set(found) == reference(exceptions, view)


def test_overlapping_occurrences_are_all_found() -> None:
    exceptions = Exceptions(phrases=["aa", "aaa"], sentences={"en": ["ab"]})
    assert set(_excepted(exceptions, "aaaa. ab")) == {
        (0, 2),
        (1, 3),
        (2, 4),
        (0, 3),
        (1, 4),
        (5, 8),
    }


def test_remembered_spans_are_each_objects_own_and_a_fresh_list() -> None:
    from listingsmith.policies import exceptions as module

    view = "no. 1 phillips screwdriver, the no. 1 choice"
    first = Exceptions(patterns=[r"no\. 1 phillips"])
    other = Exceptions(patterns=[r"the no\. 1"])
    spans = _excepted(first, view)
    assert spans == [(0, 14)]
    spans.append((99, 100))  # the caller extends the list it gets (_covering_spans)
    assert _excepted(first, view) == [(0, 14)]
    assert _excepted(other, view) == [(28, 37)]
    assert module._EXCEPTED[(id(first), view)][0] is first


def test_long_texts_are_scanned_not_remembered() -> None:
    from listingsmith.policies import exceptions as module
    from listingsmith.policies.rules import FOLD_CACHE_CHARS

    exceptions = Exceptions(patterns=["dog treats"])
    view = "x" * FOLD_CACHE_CHARS + " dog treats"
    assert _excepted(exceptions, view) == [(FOLD_CACHE_CHARS + 1, FOLD_CACHE_CHARS + 11)]
    assert (id(exceptions), view) not in module._EXCEPTED


def test_the_remembered_spans_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from listingsmith.policies import exceptions as module

    monkeypatch.setattr(module, "EXCEPTED_ENTRIES", 4)
    exceptions = Exceptions(patterns=["a"])
    for count in range(10):
        assert _excepted(exceptions, "b" * count + "a") == [(count, count + 1)]
        assert len(module._EXCEPTED) <= 4
