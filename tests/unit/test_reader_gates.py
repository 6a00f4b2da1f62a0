"""The reader's cheaper searches find what the patterns they stand in for find: the leetspeak
split from the leet characters beside a letter (reader._leet_split) is `words.split`, and the
gate before the letter-spaced rows (reader._spaced_start) finds a row's start wherever the
row pattern finds a row, and nothing where it finds none."""

from __future__ import annotations

import random

import pytest

from listingsmith.text import reader
from listingsmith.text.reader import LEET_SPLIT_WORDS, read

# Letters (Latin, Greek, accented, CJK), digits that are leet characters and digits that are
# not, the other leet characters, apostrophes, underscores and the gaps of spaced rows.
ALPHABET = "ab1 .-'\u2019_éΣ中  x-.3@$9e0ü\t"


def _words_split(text: str) -> list[str]:
    return reader._leet_data()[1].split(text)


def _leet_split(text: str) -> list[str]:
    return reader._leet_split(text, reader._leet_data()[2].search(text))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "fr33 shipping",
        "4250mfp printer, 3.5g of tea",
        "100% c0tt0n, 750ml, usb3, co2",
        "b3st pr1c3 @ll d@y $ale",
        "a1" * 40,
        " ".join(["a1"] * (LEET_SPLIT_WORDS + 5)),  # past the bound: split by the pattern
        "_a1_ éa1 Σ3Σ 中a1中",
        "no leetspeak here at all",
    ],
)
def test_the_leet_split_is_the_words_split(text: str) -> None:
    assert _leet_split(text) == _words_split(text)


def test_the_leet_split_is_the_words_split_on_random_text() -> None:
    rng = random.Random(16)
    for _ in range(20_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24)))
        assert _leet_split(text) == _words_split(text), text


def test_the_leet_split_past_its_bound_is_the_pattern_split() -> None:
    text = " x ".join(["s4le"] * (3 * LEET_SPLIT_WORDS))
    assert _leet_split(text) == _words_split(text)
    assert read(text).words.count("sale") == 3 * LEET_SPLIT_WORDS


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("m a d e  i n  u s a", True),  # the gate lets a spaced row through
        ("s-a-l-e today", True),
        ("f r e e shipping", True),
        ("b . e . s . t", True),
        ("a cup of tea", False),  # a lone "a" before a word: the gate skips it
        ("vitamin c and e", False),  # "and" is a word, so "c" stands alone
        ("vitamins c e", True),  # two lone letters: a row the joiner then judges
        ("l' a", False),  # a letter touching an apostrophe is no lone letter
        ("x1 y", False),
        ("", False),
    ],
)
def test_the_spaced_gate_opens_where_a_row_starts(text: str, row: bool) -> None:
    assert (reader._spaced_start().search(text) is not None) is row
    assert (reader._spaced().search(text) is not None) is row


def test_the_spaced_gate_opens_exactly_where_the_rows_are_on_random_text() -> None:
    rng = random.Random(7)
    for _ in range(50_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14)))
        gate = reader._spaced_start().search(text) is not None
        assert gate is (reader._spaced().search(text) is not None), text


def test_a_spaced_row_is_still_joined() -> None:
    found = read("Made in U S A quality", "en")
    assert "usa" in found.words
    assert found.span(found.words.index("usa"), found.words.index("usa") + 3) == (8, 13)
