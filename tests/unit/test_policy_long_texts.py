"""Phrase matching on long texts: the openings sifted by the word after each (past SIFT_FROM
of them) find exactly what trying every opening finds."""

from __future__ import annotations

import random

import pytest

from listingsmith.policies import matching
from listingsmith.policies.matching import phrase_matcher
from listingsmith.text.reader import read

ENTRIES = (
    ("eco friendly", "word", "eco"),
    ("a greener choice", "word", "greener"),
    ("kills germs", "word", "germs"),
    ("sustainable", "word", "alone"),
    ("made in usa", "word", "usa"),
)
WORDS = ["eco", "friendly", "a", "greener", "choice", "kills", "germs", "sustainable", "made",
         "in", "usa", "bottle", "the"]  # fmt: skip
GAPS = [" ", " ", "-", ", ", "  ", " % "]


def _text(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(GAPS) for _ in range(words))


@pytest.mark.parametrize("seed", range(6))
def test_sifted_openings_find_what_every_opening_finds(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    matcher = phrase_matcher(ENTRIES, "en")
    for _ in range(20):
        reading = read(_text(rng, rng.randint(40, 400)), "en")
        sifted = list(matcher._inflected(reading))
        monkeypatch.setattr(matching, "SIFT_FROM", 10**9)
        every = list(matcher._inflected(reading))
        monkeypatch.undo()
        assert sifted == every


def test_a_page_of_one_opening_word_finds_only_the_real_phrases() -> None:
    text = "a " * 5_000 + "a greener choice " + "a-" * 5_000
    reading = read(text, "en")
    hits = phrase_matcher(ENTRIES, "en").find(reading)
    assert [(reading.text[s:e], tag) for s, e, tag in hits] == [("a greener choice", "greener")]
