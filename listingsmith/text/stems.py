"""Word keys per language, so inflected forms of a word ("umweltfreundliche", "écologiques",
"sostenibili", "ekologiczna") match it: the lemma (simplemma's dictionaries) and the Snowball
stem (PyStemmer) for words the dictionary does not know, both without accents."""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import simplemma
import Stemmer
import yaml

# Keys are cached per (word, language): seller words, so the cache is bounded.
KEY_CACHE_ENTRIES = 65_536


@cache
def _data() -> dict[str, Any]:
    return yaml.safe_load(resources.files(__package__).joinpath("stems.yaml").read_text("utf-8"))


@cache
def _stemmer(language: str) -> Any:
    algorithm = _data()["stemmers"].get(language)
    return Stemmer.Stemmer(algorithm) if algorithm else None


def has_stemmer(language: str) -> bool:
    """Whether words of this language are matched by their stems."""
    return language in _data()["stemmers"]


def lemmatizer(language: str) -> str | None:
    """The tokenizer that reads this language's words by their lemmas (text.lemmas), if any."""
    return _data().get("lemmatizers", {}).get(language)


def compounds(language: str) -> bool:
    """Whether this language writes compounds closed (German, Dutch, Swedish, ...)."""
    return language in _data()["compounding"]


def compound_min_key() -> int:
    """The shortest key that is looked for as part of a compound."""
    return int(_data()["compound_min_key"])


@cache
def _lemmatized(language: str) -> bool:
    try:
        simplemma.lemmatize("a", lang=language)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=KEY_CACHE_ENTRIES)
def word_keys(word: str, language: str) -> tuple[str, str, bool]:
    """(lemma, stem, whether the dictionary knows the word) of a case-folded word."""
    known = _lemmatized(language) and simplemma.is_known(word, lang=language)
    lemma = simplemma.lemmatize(word, lang=language).casefold() if known else word
    stemmer = _stemmer(language)
    stem = stemmer.stemWord(word) if stemmer else word
    return _without_accents(lemma), _without_accents(stem), known


def same_word(text_word: tuple[str, str, bool], phrase_word: tuple[str, str, bool]) -> bool:
    """Whether two words' keys say they are forms of one word: the same lemma, or the same stem
    unless the dictionary knows both as different words ("sustained" is not "sustainable")."""
    if text_word[0] == phrase_word[0]:
        return True
    return text_word[1] == phrase_word[1] and not (text_word[2] and phrase_word[2])


def _without_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )
