"""The reader's batched steps read as the step-by-step ones did: Traditional Chinese converted
run by run in one OpenCC call, format characters removed by one split, simplemma's
dictionaries all kept loaded."""

from __future__ import annotations

import random

from listingsmith.text import reader, stems


def _runs_one_by_one(text: str) -> str:
    return "".join(
        reader._t2s().convert(part) if reader._CJK_RUN.fullmatch(part) else part
        for part in reader._CJK_SPLIT.split(text)
    )


def test_traditional_runs_read_as_each_run_converted_alone() -> None:
    rng = random.Random(7)
    pieces = ["國家級", "最佳", "發", "髮", "乾隆", "後來", "體驗", "、", "\n", "a", "1"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        reading = reader.read(text, "zh")
        assert reading.text == _runs_one_by_one(text).casefold()
        for start in range(len(reading.text)):
            a, b = reading.span(start, start + 1)
            assert 0 <= a < b <= len(text)


def test_many_short_traditional_runs_map_back_to_their_spans() -> None:
    text = " ".join(["國家級", "最佳", "無與倫比"] * 2000)
    reading = reader.read(text, "zh")
    assert reading.text == _runs_one_by_one(text)
    at = reading.text.rindex("无与伦比")
    assert text[slice(*reading.span(at, at + 4))] == "無與倫比"


def test_format_characters_removed_and_spans_map_back() -> None:
    text = "f\u200bre\u200c\u200de\u00ad s\ufeffhipping" * 3
    reading = reader.read(text, "en")
    assert reading.text == "free shipping" * 3
    at = reading.text.index("shipping", 5)
    start, end = reading.span(at, at + len("shipping"))
    assert text[start:end] == "s\ufeffhipping"
    assert text[slice(*reading.span(0, 4))] == "f\u200bre\u200c\u200de"


def test_lemmas_match_simplemma_for_every_language_in_turn() -> None:
    import simplemma

    words = {"en": "cleaners", "de": "Häuser", "fr": "écologiques", "es": "sostenibles",
             "it": "naturali", "nl": "duurzame", "pl": "naturalne", "sv": "hållbara",
             "pt": "naturais", "da": "bæredygtige"}  # fmt: skip
    for _ in range(2):  # more languages than simplemma's default cache keeps: all stay loaded
        for language, word in words.items():
            assert stems.lemma(word, language) == simplemma.lemmatize(word, lang=language)
            assert stems.is_known(word, language) == simplemma.is_known(word, lang=language)
    loaded = stems._simplemma()[1]._dictionary_factory._get_dictionary.cache_info().currsize
    assert loaded >= len(words)
