"""Word keys per language, so inflected forms of a word ("umweltfreundliche", "écologiques",
"sostenibili", "ekologiczna") match it: the lemma (simplemma's dictionaries) and the Snowball
stem (PyStemmer) for words the dictionary does not know, both without accents."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import Stemmer
import yaml
from simplemma import Lemmatizer
from simplemma import __version__ as simplemma_version
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory
from simplemma.utils import normalize_token

from listingsmith.config import Settings

# Keys are cached per (word, language): seller words, so the cache is bounded.
KEY_CACHE_ENTRIES = 65_536
# simplemma's dictionaries kept in memory at once. Its shared default keeps 8: a batch of
# listings in more languages (en, de, fr, es, it, nl, pl, sv, pt) evicted one and decoded it
# again (seconds each) over and over. One per language it has is the bound.
LEMMA_DICTIONARIES = 64


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


@lru_cache(maxsize=KEY_CACHE_ENTRIES)
def compound_head(word: str, language: str) -> str | None:
    """The last part of a closed compound that the language's dictionary knows, the longest of
    at least compound_min_key letters, capitalised where the dictionary has it so (German nouns:
    "Verdunkelungsvorhänge" -> "Vorhänge", "Rührschüssel" -> "Schüssel"); None for a word with
    no such part, or in a language that does not write compounds closed."""
    if not compounds(language) or not _lemmatized(language):
        return None
    for cut in range(1, len(word) - compound_min_key() + 1):
        for tail in (word[cut].upper() + word[cut + 1 :], word[cut:]):
            if is_known(tail, language):
                return tail
    return None


@lru_cache(maxsize=KEY_CACHE_ENTRIES)
def derived_bases(word: str, language: str) -> tuple[str, ...]:
    """The words a case-folded word may be derived from by the language's rules (stems.yaml
    derivations: "sustainably" -> "sustainable", "sostenibilità" -> "sostenibile",
    "najekologiczniejszy" -> "ekologiczny", "ecosostenible" -> "sostenible"), and a verb's
    action noun or adjective made from its lemma ("spediamo" -> "spedizione", "livrons" ->
    "livraison", "se composta" -> "compostable"); () for a word no rule applies to."""
    rules = _data().get("derivations", {}).get(language)
    if not rules:
        return ()
    shortest = int(_data()["derivation_min_stem"])
    found: dict[str, None] = {}
    for prefix in rules.get("prefixes", ()):
        if word.startswith(prefix) and len(word) - len(prefix) >= shortest:
            found[word[len(prefix) :]] = None
    verb = _lemma_override(word, language)
    if verb is None and rules.get("verbs") and knows(word, language):
        verb = lemma(word, language).casefold()
    if verb is not None and verb not in rules.get("verbs_apart", ()):
        for suffix, replacement in rules.get("verbs", ()):
            if verb.endswith(suffix) and len(verb) - len(suffix) >= shortest:
                found[verb[: len(verb) - len(suffix)] + replacement] = None
    stem = word
    for prefix in rules.get("degree_prefixes", ()):
        if word.startswith(prefix):
            stem = word[len(prefix) :]  # a degree prefix needs a suffix rule too
    for suffix, replacement in rules.get("suffixes", ()):
        if stem.endswith(suffix) and len(stem) - len(suffix) >= shortest:
            found[stem[: len(stem) - len(suffix)] + replacement] = None
    return tuple(base for base in found if base != word)


@lru_cache(maxsize=KEY_CACHE_ENTRIES)
def derived_keys(word: str, language: str) -> tuple[tuple[str, str, bool], ...]:
    """The keys a case-folded word of a text is read by: its own (word_keys), then each derived
    base's, and each base as written, taken as a lemma of its own (a base made by a rule need
    not be the form the dictionary files it under: "enviamos" -> "envio" is the noun envío,
    which the dictionary reads as a form of the verb enviar)."""
    found = {word_keys(word, language): None}
    for base in derived_bases(word, language):
        keys = word_keys(base, language)
        found[keys] = None
        found[(_without_accents(base), keys[1], True)] = None
    return tuple(found)


class _SharedTries(TrieDictionaryFactory):
    """simplemma's trie dictionaries, each written whole and then renamed into the shared
    folder: processes that start together (queue workers) never read one half written. It
    replaces TrieDictionaryFactory's writer (simplemma 2, pinned below 3 for it)."""

    def _write_trie_to_disk(self, lang: str, trie: Any) -> None:
        folder = self._cache_dir
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        os.close(handle)
        try:
            trie.save(temporary)
            os.replace(temporary, folder / f"{lang}.dic")
        finally:
            Path(temporary).unlink(missing_ok=True)


@cache
def _simplemma() -> tuple[Lemmatizer, DictionaryLookupStrategy]:
    """simplemma's lemmatizer and dictionary look-up (the same as its module functions
    `lemmatize` and `is_known`), over one dictionary cache that keeps every language loaded:
    tries (marisa-trie) kept on disk between runs, by simplemma's version (the same words and
    lemmas as its default dictionaries)."""
    folder = Settings().lemma_cache_dir / simplemma_version
    factory = _SharedTries(cache_max_size=LEMMA_DICTIONARIES, disk_cache_dir=str(folder))
    strategy = DefaultStrategy(dictionary_factory=factory)
    return Lemmatizer(lemmatization_strategy=strategy), DictionaryLookupStrategy(factory)


def lemma(word: str, language: str) -> str:
    """simplemma's lemma of a word (`simplemma.lemmatize`), its dictionaries kept loaded."""
    return _simplemma()[0].lemmatize(word, language)


def is_known(word: str, language: str) -> bool:
    """Whether simplemma's dictionary of the language holds the word (`simplemma.is_known`)."""
    if not word:
        raise ValueError("Wrong input value: empty string")
    return _simplemma()[1].get_lemma(normalize_token(word), language) is not None


def lower_case_word(word: str, language: str) -> bool:
    """Whether the language's dictionary knows `word` in lower case with a lemma in lower case:
    in German a word that is no noun (an adjective, a preposition: "Geschlossene", "Für"),
    capitalised only where it opens a name."""
    lower = word.lower()
    return bool(lower) and knows(lower, language) and lemma(lower, language)[:1].islower()


def knows(word: str, language: str) -> bool:
    """Whether the language has a dictionary and it holds the (non-empty) word: word_keys'
    last value alone, without the lemma and the stem."""
    return _lemmatized(language) and is_known(word, language)


@cache
def _lemmatized(language: str) -> bool:
    try:
        lemma("a", language)
    except ValueError:
        return False
    return True


def _own_lemma(word: str, language: str) -> bool:
    """Whether a word is its own lemma, whatever the dictionary says (stems.yaml own_lemmas)."""
    return word in _data().get("own_lemmas", {}).get(language, ())


def _lemma_override(word: str, language: str) -> str | None:
    """The lemma stems.yaml gives a word in place of the dictionary's (lemma_overrides), if any."""
    return _data().get("lemma_overrides", {}).get(language, {}).get(word)


@lru_cache(maxsize=KEY_CACHE_ENTRIES)
def word_keys(word: str, language: str) -> tuple[str, str, bool]:
    """(lemma, stem, whether the dictionary knows the word) of a case-folded word; a word with
    a lemma override counts as known, with that lemma."""
    override = _lemma_override(word, language)
    known = override is not None or (_lemmatized(language) and is_known(word, language))
    if override is not None:
        found = override
    elif known and not _own_lemma(word, language):
        found = lemma(word, language).casefold()
    else:
        found = word
    stemmer = _stemmer(language)
    stem = stemmer.stemWord(word) if stemmer else word
    return _without_accents(found), _without_accents(stem), known


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
