"""The reader's column-wise steps (edits as arrays, one split per step, no Python step per
match) map every span back as a piece-by-piece rewrite would, and its long-text cache stays
bounded."""

from __future__ import annotations

import html
import random

import pytest

from listingsmith.text import reader
from listingsmith.text.reader import Edits, read


def _piecewise(text: str, pieces: list[tuple[int, int, str]]) -> tuple[str, list[tuple]]:
    """The rewrite one piece at a time, as the reader did it before its columns."""
    out, edits, last, shift = [], [], 0, 0
    for start, end, new in pieces:
        out += [text[last:start], new]
        if len(new) != end - start:
            edits.append((start + shift, start + shift + len(new), start, end))
            shift += len(new) - (end - start)
        last = end
    return "".join(out) + text[last:], edits


def test_the_columns_are_the_piece_by_piece_edits() -> None:
    rng = random.Random(3)
    for _ in range(300):
        text = "".join(rng.choice("ab -") for _ in range(rng.randint(0, 40)))
        at, pieces = 0, []
        while at < len(text):
            start = rng.randint(at, len(text))
            end = min(len(text), start + rng.randint(0, 3))
            pieces.append((start, end, rng.choice(["", "x", "yz", "-", "wxyz"])))
            at = end + 1
        out, edits = reader._replaced(text, pieces)
        expected_out, expected = _piecewise(text, pieces)
        assert out == expected_out
        assert edits.rows() == expected


def test_format_character_runs_are_one_deletion_each() -> None:
    text = "\u200bfr\u200b\u200cee\u00ad \ufeffship\u200d"
    out, edits = reader._invisible(text)
    assert out == "free ship"
    assert edits.rows() == [(0, 0, 0, 1), (2, 2, 3, 5), (4, 4, 7, 8), (5, 5, 9, 10), (9, 9, 14, 15)]
    assert reader._invisible("plain") == ("plain", Edits((), (), (), ()))


@pytest.mark.parametrize("unit", ["f\u200b", "&eacute;&#233;&amp;", "a - ", "最 佳 國 家 "])
def test_a_long_adversarial_text_maps_every_character_back(unit: str) -> None:
    text = unit * 3_000
    language = "zh" if "最" in unit else "en"
    reading = read(text, language)
    for at in range(0, len(reading.text), 97):
        start, end = reading.span(at, at + 1)
        written = text[start:end]
        assert written, at
        # What was written there reads as the character seen (entities decoded, format
        # characters and spacing dropped, Traditional as Simplified).
        seen = read(html.unescape(written), language).text.replace(" ", "")
        assert reading.text[at] in seen or written.strip() == "", (at, written)


def test_entities_each_decoded_once_and_mapped_to_the_entity() -> None:
    text = "caf&eacute; &amp; th&#233; " * 50
    reading = read(text, "fr")
    assert reading.text == "café & thé " * 50
    at = reading.text.rindex("é")
    assert text[slice(*reading.span(at, at + 1))] == "&#233;"


def test_texts_without_leetspeak_keep_their_words_as_their_text() -> None:
    for text in ("100 % cotton, 2024 edition", "a-a-a-a", "最佳國家級 2", "$ 5 @ 3"):
        reading = read(text, "en")
        assert reading.words is reading.text
    assert read("fr33 shipping", "en").words == "free shipping"


def test_a_word_too_long_for_leetspeak_is_no_neighbour_of_one() -> None:
    long_word = "b3" * 40  # past LEET_MAX_WORD: left as it is
    assert read(f"fr33 {long_word} 3l", "en").words == f"free {long_word} 3l"
    assert read("fr33 3l", "en").words == "free el"  # read leniently beside a leet word


def test_long_readings_are_shared_and_the_cache_stays_bounded() -> None:
    long_text = "Keeps drinks cold. " * 200  # past READ_CACHE_CHARS
    assert read(long_text, "en") is read(long_text, "en")
    for i in range(reader.READ_LONG_ENTRIES + 5):
        read(f"{i} " + "x" * (reader.READ_CACHE_CHARS + 1), "en")
    assert len(reader._LONG) == reader.READ_LONG_ENTRIES
    huge = "y" * (reader.READ_LONG_CHARS + 1)
    read(huge, "en")
    assert (huge, "en") not in reader._LONG
    assert sum(len(text) for text, _ in reader._LONG) == reader._long_chars
    assert reader._long_chars <= reader.READ_LONG_CHARS
    for i in range(3):  # big enough that a few of them fill the characters allowed
        read(f"{i} " + "z" * (reader.READ_LONG_CHARS // 2), "en")
    assert reader._long_chars <= reader.READ_LONG_CHARS
    assert len(reader._LONG) <= 2
